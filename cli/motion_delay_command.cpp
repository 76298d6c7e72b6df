// `snn train MOTION.yaml` for a file with `stimuli`: the heterogeneous-delay layer of Grimaldi &
// Perrinet (2023) trained on motion clouds (training/motion_delay_training.hpp), measured against the
// number of delays and the weights kept, and run in the event-driven engine; a report and the
// numbers written beside the trained kernel.
#include <algorithm>
#include <cstdio>
#include <fstream>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "models/safetensors.hpp"
#include "plot/motion_delay_page.hpp"
#include "training/motion_delay_spec.hpp"

namespace snn {
namespace {

using training::MotionDelayClassifier;

// The weights' fraction that is not zero.
double kept_fraction(const MotionDelayClassifier& layer) {
  return static_cast<double>(layer.nonzero_weights()) / static_cast<double>(layer.weights().size());
}

}  // namespace

int motion_delay_command(const TrainOptions& options) {
  try {
    MotionDelaySpec spec = load_motion_delay_spec(options.training);
    training::MotionDelaySettings& s = spec.settings;
    if (options.epochs > 0) s.epochs = static_cast<uint32_t>(options.epochs);
    std::string stem = options.output;
    if (stem.empty()) {
      stem = options.training.substr(options.training.find_last_of('/') + 1);
      stem = stem.substr(0, stem.rfind('.'));
    }
    std::printf("%s: %u training and %u test motion clouds of %ux%u pixels, %u frames, %u directions\n", spec.name.c_str(),
                s.train_movies, s.test_movies, s.cloud.width, s.cloud.height, s.cloud.frames, s.directions);
    const training::MotionDataset train = training::make_motion_dataset(s, s.train_movies, 0);
    const training::MotionDataset test = training::make_motion_dataset(s, s.test_movies, 1ull << 32);
    std::printf("events per input cell (2 polarities x frames x pixels): %.4f\n", train.event_density());
    std::vector<uint32_t> sweep = spec.delay_sweep;
    sweep.push_back(s.delays);
    std::sort(sweep.begin(), sweep.end());
    sweep.erase(std::unique(sweep.begin(), sweep.end()), sweep.end());
    plot::MotionDelayResults results;
    results.name = spec.name;
    results.chance = 1.0 / s.directions;
    MotionDelayClassifier full(s.directions, s.delays, s.kernel);
    for (uint32_t delays : sweep) {
      const MotionDelayClassifier layer = training::train_motion_delays(s, delays, train, test, [&](const training::MotionEpoch& e) {
        std::printf("  %2u delays, epoch %u/%u: loss %.5f, test accuracy %.2f%% (%.1f s)\n", delays, e.epoch, s.epochs, e.loss,
                    100 * e.test_accuracy, e.seconds);
        std::fflush(stdout);
      });
      results.delays.push_back(delays);
      results.delay_accuracy.push_back(training::motion_accuracy(layer, test));
      if (delays == s.delays) full = layer;
    }
    std::printf("accuracy by delays:");
    for (size_t i = 0; i < sweep.size(); ++i) std::printf(" %u: %.2f%%", sweep[i], 100 * results.delay_accuracy[i]);
    std::printf(" (chance %.2f%%)\n", 100 * results.chance);
    std::vector<double> keep = spec.keep.empty() ? std::vector<double>{1.0} : spec.keep;
    std::sort(keep.rbegin(), keep.rend());
    for (double fraction : keep) {
      MotionDelayClassifier pruned = full;
      pruned.prune(fraction);
      results.pruned_kept.push_back(std::max(kept_fraction(pruned), 1e-6));
      results.pruned_accuracy.push_back(training::motion_accuracy(pruned, test));
      std::printf("pruned to %.4g of the weights (%zu): test accuracy %.2f%%\n", kept_fraction(pruned), pruned.nonzero_weights(),
                  100 * results.pruned_accuracy.back());
    }
    for (uint32_t delays = 1; delays <= s.delays; delays *= 2) {
      MotionDelayClassifier shortened = full;
      shortened.shorten(delays);
      results.shortened_kept.push_back(std::max(kept_fraction(shortened), 1e-6));
      results.shortened_accuracy.push_back(training::motion_accuracy(shortened, test));
      std::printf("shortened to the first %u delays (%.4g of the weights): test accuracy %.2f%%\n", delays, kept_fraction(shortened),
                  100 * results.shortened_accuracy.back());
    }
    std::ofstream numbers(stem + ".results.yaml");
    numbers << "# snn train " << options.training << ": test accuracy (fraction of movie-times named right)\nname: " << spec.name
            << "\nchance: " << results.chance << "\ndelays: {";
    for (size_t i = 0; i < sweep.size(); ++i) numbers << (i ? ", " : "") << sweep[i] << ": " << results.delay_accuracy[i];
    numbers << "}\npruned: [";
    for (size_t i = 0; i < keep.size(); ++i)
      numbers << (i ? ", " : "") << "{kept: " << results.pruned_kept[i] << ", accuracy: " << results.pruned_accuracy[i] << "}";
    numbers << "]\nshortened: [";
    for (size_t i = 0; i < results.shortened_kept.size(); ++i)
      numbers << (i ? ", " : "") << "{kept: " << results.shortened_kept[i] << ", accuracy: " << results.shortened_accuracy[i] << "}";
    numbers << "]\n";
    if (spec.engine_movies > 0) {
      MotionDelayClassifier pruned = full;
      pruned.prune(spec.engine_keep);
      const std::string backend = choose_backend("auto");
      const training::EngineComparison c =
          training::compare_with_engine(pruned, test, spec.engine_movies, backend == "cuda" ? Backend::kCuda : Backend::kCpu);
      std::printf("event-driven engine (%s): %u test movies through %llu synapses (%.4g of the weights kept) in %.3f s: %llu spikes, "
                  "the dense evaluation's threshold crossings %llu, %llu differing; per movie-time decisions (most spikes) %llu of %llu "
                  "the same, %.2f%% correct\n",
                  c.backend, c.movies, static_cast<unsigned long long>(c.synapses), kept_fraction(pruned), c.seconds,
                  static_cast<unsigned long long>(c.engine_spikes), static_cast<unsigned long long>(c.dense_spikes),
                  static_cast<unsigned long long>(c.differing), static_cast<unsigned long long>(c.same_decisions),
                  static_cast<unsigned long long>(c.decisions), c.decisions ? 100.0 * c.correct / c.decisions : 0.0);
      numbers << "engine: {backend: " << c.backend << ", movies: " << c.movies << ", kept: " << kept_fraction(pruned) << ", synapses: " << c.synapses
              << ", spikes: " << c.engine_spikes << ", dense_crossings: " << c.dense_spikes << ", differing: " << c.differing
              << ", decisions: " << c.decisions << ", same_decisions: " << c.same_decisions << ", correct: " << c.correct << "}\n";
      results.facts.push_back({"event-driven engine", std::string(c.backend) + ": " + std::to_string(c.engine_spikes) + " spikes, " +
                                                          std::to_string(c.differing) + " differing from the dense evaluation"});
    }
    results.facts.insert(results.facts.begin(),
                         {{"stimuli", std::to_string(s.train_movies) + " training and " + std::to_string(s.test_movies) + " test motion clouds, " +
                                          std::to_string(s.cloud.width) + "x" + std::to_string(s.cloud.height) + " pixels, " +
                                          std::to_string(s.cloud.frames) + " frames"},
                          {"layer", std::to_string(s.directions) + " directions, kernel " + std::to_string(s.kernel) + ", up to " +
                                        std::to_string(s.delays) + " delays"}});
    std::ofstream(stem + ".html") << plot::render_page(plot::motion_delay_page(results));
    Tensor kernel({2, s.delays, s.kernel, s.kernel, s.directions});
    kernel.values = full.weights();
    Tensor bias({s.directions});
    bias.values = full.bias();
    write_safetensors(stem + ".safetensors", {{"kernel", kernel}, {"bias", bias}},
                      {{"layout", "kernel [polarity, delay, row, column, class]; training/motion_delay_classifier.hpp"}});
    std::printf("wrote %s.html (the curves), %s.results.yaml (the numbers) and %s.safetensors (the kernel of %u delays)\n", stem.c_str(),
                stem.c_str(), stem.c_str(), s.delays);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn
