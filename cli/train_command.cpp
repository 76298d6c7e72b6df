// `snn train TRAIN.yaml`: a spiking classifier trained by backpropagation through time
// (training/classification_training.hpp), with its progress, a checkpoint after every epoch and the
// trained weights in safetensors.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "cli/stop_on_signal.hpp"
#include "io/training_spec.hpp"
#include "training/motion_delay_spec.hpp"
#include "nir/nir_writer.hpp"
#include "plot/training_page.hpp"
#include "training/classification_training.hpp"
#include "training/dynamic_confidence.hpp"
#include "training/trained_energy.hpp"
#include "energy/architecture.hpp"
#include "energy/energy_model.hpp"
#include "energy/hardware_profile.hpp"
#include "training/trained_nir.hpp"

namespace snn {

// The step of the NIR file written beside the weights: snnTorch's importer's and the NIR paper's.
constexpr double kTrainedNirDt = 1e-4;

namespace {

// The trained network priced by the energy estimator at the steps it runs (all of them, or Dynamic
// Confidence's mean at threshold 0.6, rounded up), per inference and per correct answer, beside the
// ANNs of the same layers; the architectures written for `snn energy`.
void price_trained_network(training::ClassificationTrainer& trainer, const std::string& stem, double accuracy, double dc_steps,
                           double dc_accuracy) {
  struct Priced {
    std::string label, path;
    int64_t steps;
    double accuracy;
  };
  const int64_t dc_whole = static_cast<int64_t>(std::ceil(dc_steps - 1e-9));
  const std::vector<double> rates = trainer.test_input_rates();
  for (const Priced& p : {Priced{"all steps", stem + ".energy.yaml", trainer.spec().time_steps, accuracy},
                          Priced{"Dynamic Confidence 0.6", stem + ".dc.energy.yaml", dc_whole, dc_accuracy}}) {
    const std::string yaml = training::trained_energy_architecture(trainer, rates, p.steps, trainer.spec().name + " (" + p.label + ")");
    std::ofstream(p.path) << yaml;
    const energy::EnergyReport report = energy::estimate_energy(energy::parse_architecture(yaml, p.path), energy::default_hardware_profile());
    const double snn = report.snn_total.total_pj();
    std::printf("energy, %s (%lld steps, %.2f%% correct): SNN %.4g uJ per inference, %.4g uJ per correct answer", p.label.c_str(),
                static_cast<long long>(p.steps), 100 * p.accuracy, snn * 1e-6, snn * 1e-6 / std::max(p.accuracy, 1e-9));
    for (const energy::BaselineEnergy& b : report.baseline_totals) {
      const double ann = b.energy.total_pj();
      std::printf("; %s ANN %.4g uJ (%s)", energy::precision_name(b.precision), ann * 1e-6, ann < snn ? "the ANN wins" : "the SNN wins");
    }
    std::printf("  [%s]\n", p.path.c_str());
  }
}

// Dynamic Confidence on the test set, printed and drawn into the report; returns the mean steps and
// accuracy at threshold 0.6 (the paper's).
std::pair<double, double> measure_confidence(training::ClassificationTrainer& trainer, plot::TrainingHistory& history) {
  const std::vector<double> thresholds = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99};
  const training::DynamicConfidenceReport r = training::dynamic_confidence(trainer.all_test_outputs(), trainer.test_labels(), thresholds);
  std::printf("Dynamic Confidence on the test set (mean steps, accuracy): fixed T = %zu: %.2f%%; oracle: %.2f steps, %.2f%%\n",
              r.fixed_accuracy.size(), 100 * r.fixed_accuracy.back(), r.oracle_mean_steps, 100 * r.oracle_accuracy);
  for (const training::ConfidencePoint& p : r.dynamic)
    std::printf("  threshold %.2f: %.2f steps, %.2f%%\n", p.threshold, p.mean_steps, 100 * p.accuracy);
  for (size_t t = 0; t < r.fixed_accuracy.size(); ++t) {
    history.fixed_steps.push_back(static_cast<double>(t + 1));
    history.fixed_accuracy.push_back(r.fixed_accuracy[t]);
  }
  for (const training::ConfidencePoint& p : r.dynamic) {
    history.dynamic_steps.push_back(p.mean_steps);
    history.dynamic_accuracy.push_back(p.accuracy);
    history.thresholds.push_back(p.threshold);
  }
  history.oracle_steps = r.oracle_mean_steps;
  history.oracle_accuracy = r.oracle_accuracy;
  return {r.dynamic[1].mean_steps, r.dynamic[1].accuracy};
}

void write_report(training::ClassificationTrainer& trainer, const std::string& path, bool with_confidence) {
  const std::string stem = std::filesystem::path(path).replace_extension("").string();
  plot::TrainingHistory history;
  history.name = trainer.spec().name;
  for (const training::EpochReport& r : trainer.history()) {
    history.epoch.push_back(static_cast<double>(r.epoch));
    history.loss.push_back(r.loss);
    history.train_accuracy.push_back(r.train_accuracy);
    history.test_accuracy.push_back(r.test_accuracy);
  }
  std::string layers;
  for (const auto& layer : trainer.layers().layers()) layers += (layers.empty() ? "" : "; ") + layer->describe();
  const training::EpochReport* last = trainer.history().empty() ? nullptr : &trainer.history().back();
  history.facts = {{"training file", trainer.spec().file}, {"layers", layers},
                   {"time steps", std::to_string(trainer.spec().time_steps)}, {"batch", std::to_string(trainer.spec().batch)},
                   {"epochs", std::to_string(trainer.epochs_done()) + " of " + std::to_string(trainer.spec().epochs)}};
  if (last != nullptr) {
    char text[96];
    std::snprintf(text, sizeof text, "%.2f%% (train %.2f%%), %.0f samples/s", 100 * last->test_accuracy, 100 * last->train_accuracy,
                  last->samples_per_second);
    history.facts.emplace_back("last epoch: test accuracy", text);
  }
  if (with_confidence) {
    const auto [dc_steps, dc_accuracy] = measure_confidence(trainer, history);
    price_trained_network(trainer, stem, trainer.history().empty() ? 0.0 : trainer.history().back().test_accuracy, dc_steps, dc_accuracy);
  }
  std::ofstream(path) << plot::render_page(plot::training_page(history));
}

}  // namespace

int train_command(const TrainOptions& options) {
  try {
    if (is_motion_delay_file(options.training)) return motion_delay_command(options);
    TrainingSpec spec = load_training_spec(options.training);
    if (options.epochs > 0) spec.epochs = options.epochs;
    std::string output = options.output;
    if (output.empty()) output = std::filesystem::path(options.training).stem().string() + ".safetensors";
    const std::string checkpoint = output + ".checkpoint";
    const std::string report_path = std::filesystem::path(output).replace_extension(".html").string();
    spec.backend = choose_backend(options.backend);
    training::ClassificationTrainer trainer(spec);
    if (!options.resume.empty()) {
      trainer.load_checkpoint(options.resume);
      std::printf("resumed from %s after epoch %lld\n", options.resume.c_str(), static_cast<long long>(trainer.epochs_done()));
    }
    std::printf("%s: %zu layers, %lld time steps, batch %lld, %lld epochs, on the %s\n", spec.name.c_str(), spec.layers.size(),
                static_cast<long long>(spec.time_steps), static_cast<long long>(spec.batch), static_cast<long long>(spec.epochs),
                spec.backend == "cuda" ? "GPU" : "CPU");
    StopOnSignal stop;
    const bool live = options.progress && isatty(STDERR_FILENO);
    while (trainer.epochs_done() < spec.epochs) {
      const training::EpochReport report = trainer.train_epoch(
          [&](const training::BatchProgress& p) {
            if (!live) return;
            const double left = (p.batches - p.batch) * spec.batch / std::max(p.samples_per_second, 1e-9);
            std::fprintf(stderr, "\repoch %lld/%lld  batch %lld/%lld  loss %.4f  accuracy %.2f%%  %.0f samples/s  ETA %.0f s   ",
                         static_cast<long long>(p.epoch), static_cast<long long>(spec.epochs), static_cast<long long>(p.batch),
                         static_cast<long long>(p.batches), p.loss, 100 * p.accuracy, p.samples_per_second, left);
          },
          [&] { return !stop.stop_requested(); });
      if (live) std::fprintf(stderr, "\n");
      if (report.stopped) {
        std::printf("stopped by a signal in epoch %lld; %s holds epoch %lld\n", static_cast<long long>(report.epoch), checkpoint.c_str(),
                    static_cast<long long>(trainer.epochs_done()));
        return 130;
      }
      std::printf("epoch %lld/%lld: loss %.4f, train %.2f%%, test %.2f%%, %.0f samples/s, %.1f s (learning rate %.3g)\n",
                  static_cast<long long>(report.epoch), static_cast<long long>(spec.epochs), report.loss, 100 * report.train_accuracy,
                  100 * report.test_accuracy, report.samples_per_second, report.seconds, report.learning_rate);
      std::fflush(stdout);
      trainer.save_checkpoint(checkpoint);
      write_report(trainer, report_path, false);
    }
    write_report(trainer, report_path, true);
    trainer.save_model(output);
    std::printf("wrote %s (weights), %s (weights and optimizer state: --resume) and %s (learning curves)\n", output.c_str(),
                checkpoint.c_str(), report_path.c_str());
    const std::string nir = std::filesystem::path(output).replace_extension(".nir").string();
    try {
      write_nir_file(nir, training::trained_network_nir(trainer, kTrainedNirDt));
      std::printf("wrote %s (the network as NIR: snn run %s --input DATA --discretisation snntorch gives its spikes)\n", nir.c_str(), nir.c_str());
    } catch (const NirError& e) {
      std::printf("no NIR file: %s\n", e.what());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn
