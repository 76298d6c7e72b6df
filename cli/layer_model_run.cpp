// `snn run LAYER_MODEL.yaml`: a trained layer model on its data; outputs, per-layer firing rates and
// operation counts to HDF5 (io/layer_run_record.hpp), ready for `snn energy RUN.h5`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "cli/spikformer_job.hpp"
#include "io/experiment_error.hpp"
#include "io/layer_model_spec.hpp"
#include "io/layer_run_record.hpp"
#include "io/safetensors.hpp"
#include "io/yaml_reader.hpp"
#include "models/spikformer_architecture.hpp"
#include "models/spikformer_batches.hpp"

namespace snn {

int run_layer_model(const RunOptions& options) {
  try {
    const LayerModelSpec spec = load_layer_model(options.experiment);
    const SpikformerJob job = load_spikformer_job(spec.weights, spec.data, spec.patch, spec.heads, spec.time_steps);
    const SafetensorsFile& data = job.data;
    const Tensor& images = *job.images;
    const SpikformerModel& model = job.model;
    const SpikformerConfig& config = model.config;
    const std::string backend = choose_backend(options.backend);
    const int64_t n = images.dim(0), batch = std::min(spec.batch, n);
    std::unique_ptr<CudaSpikformer> gpu;
    if (backend == "cuda") gpu = std::make_unique<CudaSpikformer>(model, batch);
    std::printf("%s: %s (%zu blocks, width %lld, T = %lld) on %lld images, %s backend\n", spec.name.c_str(),
                spec.weights.c_str(), model.blocks.size(), static_cast<long long>(model.width),
                static_cast<long long>(config.time_steps), static_cast<long long>(n), backend.c_str());

    SpikformerActivity activity;
    activity.keep_spikes = false;
    Tensor logits({n, model.classes});
    const bool show = options.progress && isatty(STDERR_FILENO);
    const auto start = std::chrono::steady_clock::now();
    for (int64_t first = 0; first < n; first += batch) {
      const int64_t count = std::min(batch, n - first);
      Tensor part({count, images.dim(1), images.dim(2), images.dim(3)});
      const int64_t per_image = images.dim(1) * images.dim(2) * images.dim(3);
      std::copy(images.values.begin() + first * per_image, images.values.begin() + (first + count) * per_image,
                part.values.begin());
      const Tensor scores = classify_in_batches(model, gpu.get(), part, batch, &activity);
      std::copy(scores.values.begin(), scores.values.end(), logits.values.begin() + first * model.classes);
      if (show) {
        const double elapsed = seconds_since(start), done = static_cast<double>(first + count);
        std::fprintf(stderr, "\r  %lld / %lld images, %.1f images/s, ETA %.0f s   ", static_cast<long long>(first + count),
                     static_cast<long long>(n), done / elapsed, (n - done) * elapsed / done);
      }
    }
    if (show) std::fprintf(stderr, "\n");
    const double seconds = seconds_since(start);

    LayerRunRecord record;
    record.experiment_yaml = read_text_file(spec.file, "the layer model file");
    record.name = spec.name;
    record.model = spec.weights;
    record.backend = backend;
    record.time_steps = config.time_steps;
    record.wall_time_s = seconds;
    record.logits = logits;
    for (const std::string& name : spikformer_lif_names(model)) {
      LayerCountRecord l;
      l.name = name;
      if (auto in = activity.product_inputs.find(name); in != activity.product_inputs.end())
        l.input_nonzero = in->second.nonzero, l.input_values = in->second.total;
      l.spikes = activity.outputs.at(name).nonzero;
      l.spike_values = activity.outputs.at(name).total;
      record.layers.push_back(l);
      if (l.input_values > 0)
        std::printf("  %-26s input rate %.4f  firing rate %.4f\n", name.c_str(),
                    static_cast<double>(l.input_nonzero) / l.input_values, static_cast<double>(l.spikes) / l.spike_values);
      else  // the attention's LIF layer: fed by Q K^T V, not by a product of its own
        std::printf("  %-26s                    firing rate %.4f\n", name.c_str(), static_cast<double>(l.spikes) / l.spike_values);
    }
    record.energy_architecture = spikformer_energy_architecture(model, activity, spec.name);
    std::string output = options.output;
    if (output.empty()) {
      output = spec.file.substr(spec.file.find_last_of('/') + 1);
      output = output.substr(0, output.rfind('.')) + ".h5";
    }
    write_layer_run(output, record);
    std::printf("%lld images in %.3f s (%.1f images/s)", static_cast<long long>(n), seconds, n / seconds);
    if (auto labels = data.tensors.find("labels"); labels != data.tensors.end()) {
      int64_t correct = 0;
      for (int64_t i = 0; i < n; ++i) {
        const float* row = logits.row(i);
        correct += std::max_element(row, row + model.classes) - row == static_cast<int64_t>(labels->second.values[i]);
      }
      std::printf(", accuracy %.4f", static_cast<double>(correct) / n);
    }
    std::printf("\nwrote %s (outputs, per-layer counts, the energy architecture: snn energy %s)\n", output.c_str(),
                output.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn
