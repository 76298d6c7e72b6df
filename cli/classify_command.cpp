// `snn classify MODEL.safetensors --images DATA.safetensors`: a Spikformer's classes for a set of
// images, its speed, and its agreement with reference logits or labels stored beside the images.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "cli/spikformer_job.hpp"
#include "models/safetensors.hpp"
#include "models/cuda/cuda_spikformer.hpp"
#include "models/spikformer.hpp"
#include "models/spikformer_architecture.hpp"
#include "models/spikformer_batches.hpp"
#include "training/trained_classifier.hpp"

namespace snn {
namespace {

SpikeProductPath path_from_name(const std::string& name) {
  if (name == "dense") return SpikeProductPath::kDense;
  if (name == "tensor") return SpikeProductPath::kTensor;
  if (name == "sparse") return SpikeProductPath::kSparse;
  return SpikeProductPath::kAuto;
}

const char* path_name(SpikeProductPath path) {
  switch (path) {
    case SpikeProductPath::kDense: return "dense";
    case SpikeProductPath::kTensor: return "tensor";
    case SpikeProductPath::kSparse: return "sparse";
    case SpikeProductPath::kAuto: break;
  }
  return "auto";
}

}  // namespace

int classify_command(const ClassifyOptions& options) {
  try {
    if (training::TrainedClassifier::is_trained_classifier(options.model)) return classify_trained_command(options);
    if (options.images.empty()) throw std::runtime_error("--images is needed: a safetensors file with \"images\" [n, c, h, w]");
    const SpikformerJob job =
        load_spikformer_job(options.model, options.images, options.patch_size, options.heads, options.time_steps);
    const SafetensorsFile& data = job.data;
    const Tensor& images = *job.images;
    const SpikformerModel& model = job.model;
    const SpikformerConfig& config = model.config;
    const std::string backend = choose_backend(options.backend);
    const int64_t n = images.dim(0), batch = std::max<int64_t>(1, std::min<int64_t>(options.batch, n));
    std::unique_ptr<CudaSpikformer> gpu;
    if (backend == "cuda") gpu = std::make_unique<CudaSpikformer>(model, batch, path_from_name(options.path), options.sparse_below);
    auto classify_all = [&](SpikformerActivity* activity) {
      return classify_in_batches(model, gpu.get(), images, batch, activity);
    };
    // The first pass is also the warm-up, where auto measures its rates, and where the firing rates
    // for the energy estimator are counted.
    SpikformerActivity measured;
    measured.keep_spikes = false;
    Tensor logits = classify_all(options.energy_architecture.empty() ? nullptr : &measured);
    const auto start = std::chrono::steady_clock::now();
    for (uint32_t r = 0; r < options.repeat; ++r) logits = classify_all(nullptr);
    const double seconds = seconds_since(start);
    const double images_per_second = options.repeat > 0 ? n * options.repeat / seconds : 0.0;
    std::printf("%s: %zu blocks, width %lld, %lld classes, T = %lld; %s backend%s\n", options.model.c_str(),
                model.blocks.size(), static_cast<long long>(model.width), static_cast<long long>(model.classes),
                static_cast<long long>(config.time_steps), backend.c_str(),
                gpu ? (", " + options.path + " products").c_str() : "");
    std::printf("%lld images in batches of %lld, %u passes: %.1f images/s (%.3f ms a batch)\n", static_cast<long long>(n),
                static_cast<long long>(batch), options.repeat, images_per_second,
                options.repeat > 0 ? seconds * 1e3 / (options.repeat * ((n + batch - 1) / batch)) : 0.0);
    nlohmann::json line = {{"command", "classify"}, {"model", options.model}, {"backend", backend}, {"path", options.path},
                           {"images", n}, {"batch", batch}, {"images_per_second", images_per_second}};
    auto predicted = [&](const Tensor& scores, int64_t i) {
      return std::max_element(scores.row(i), scores.row(i) + model.classes) - scores.row(i);
    };
    if (auto reference = data.tensors.find("logits"); reference != data.tensors.end()) {
      double worst = 0, largest = 0;
      int64_t agree = 0;
      for (int64_t i = 0; i < n; ++i) {
        agree += predicted(logits, i) == predicted(reference->second, i);
        for (int64_t c = 0; c < model.classes; ++c) {
          worst = std::max(worst, static_cast<double>(std::fabs(logits.row(i)[c] - reference->second.row(i)[c])));
          largest = std::max(largest, static_cast<double>(std::fabs(reference->second.row(i)[c])));
        }
      }
      std::printf("against the reference logits: largest difference %.3g (largest |logit| %.3g); same class for %lld of %lld\n",
                  worst, largest, static_cast<long long>(agree), static_cast<long long>(n));
      line["largest_logit_difference"] = worst;
      line["same_class"] = agree;
    }
    if (auto labels = data.tensors.find("labels"); labels != data.tensors.end()) {
      int64_t correct = 0;
      for (int64_t i = 0; i < n; ++i) correct += predicted(logits, i) == static_cast<int64_t>(labels->second.values[i]);
      std::printf("accuracy: %.4f (%lld of %lld)\n", static_cast<double>(correct) / n, static_cast<long long>(correct),
                  static_cast<long long>(n));
      line["accuracy"] = static_cast<double>(correct) / n;
    }
    if (gpu)
      for (const auto& layer : gpu->layer_reports())
        std::printf("  %-26s input rate %.3f  %s\n", layer.name.c_str(), layer.input_rate, path_name(layer.path));
    if (!options.results.empty()) std::ofstream(options.results, std::ios::app) << line.dump() << "\n";
    if (!options.energy_architecture.empty()) {
      std::ofstream out(options.energy_architecture);
      out << spikformer_energy_architecture(model, measured, options.model);
      if (!out) throw std::runtime_error(options.energy_architecture + ": cannot write");
      std::printf("the architecture with the measured firing rates: %s (for snn energy)\n", options.energy_architecture.c_str());
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn
