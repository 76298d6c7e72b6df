// `snn run LAYER_MODEL.yaml`: a trained layer model on its data; outputs, per-layer firing rates and
// operation counts to HDF5 (models/layer_run_record.hpp), ready for `snn energy RUN.h5`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/run_setup.hpp"
#include "cli/spikformer_job.hpp"
#include "io/layer_model_spec.hpp"
#include "models/layer_run_record.hpp"
#include "models/safetensors.hpp"
#include "io/yaml_reader.hpp"
#include "models/cuda/cuda_spike_gpt.hpp"
#include "models/spike_gpt_architecture.hpp"
#include "models/spikformer_architecture.hpp"
#include "models/spikformer_batches.hpp"

namespace snn {
namespace {

// Redraws "  done / total items, rate, ETA" in place on a terminal.
void show_progress(bool shown, int64_t done, int64_t total, const char* items, double elapsed) {
  if (!shown) return;
  std::fprintf(stderr, "\r  %lld / %lld %s, %.1f %s/s, ETA %.0f s   ", static_cast<long long>(done), static_cast<long long>(total),
               items, done / elapsed, items, (total - done) * elapsed / done);
  if (done == total) std::fprintf(stderr, "\n");
}

void print_layer(const LayerCountRecord& l) {
  const double firing = static_cast<double>(l.spikes) / static_cast<double>(l.spike_values);
  if (l.input_values > 0)
    std::printf("  %-26s input rate %.4f  firing rate %.4f\n", l.name.c_str(),
                static_cast<double>(l.input_nonzero) / static_cast<double>(l.input_values), firing);
  else  // fed by analog values or by Q K^T V, not by a product of spikes
    std::printf("  %-26s                    firing rate %.4f\n", l.name.c_str(), firing);
}

LayerRunRecord spikformer_run(const LayerModelSpec& spec, const std::string& backend, bool progress) {
  const SpikformerJob job = load_spikformer_job(spec.weights, spec.data, spec.patch, spec.heads, spec.time_steps);
  const Tensor& images = *job.images;
  const SpikformerModel& model = job.model;
  const int64_t n = images.dim(0), batch = std::min(spec.batch, n);
  std::unique_ptr<CudaSpikformer> gpu;
  if (backend == "cuda") gpu = std::make_unique<CudaSpikformer>(model, batch);
  std::printf("%s: %s (Spikformer, %zu blocks, width %lld, T = %lld) on %lld images, %s backend\n", spec.name.c_str(),
              spec.weights.c_str(), model.blocks.size(), static_cast<long long>(model.width),
              static_cast<long long>(model.config.time_steps), static_cast<long long>(n), backend.c_str());
  SpikformerActivity activity;
  activity.keep_spikes = false;
  LayerRunRecord record;
  const auto start = std::chrono::steady_clock::now();
  record.logits = classify_in_batches(model, gpu.get(), images, batch, &activity, [&](int64_t done) {
    show_progress(progress, done, n, "images", seconds_since(start));
  });
  record.wall_time_s = seconds_since(start);
  record.time_steps = model.config.time_steps;
  for (const std::string& name : spikformer_lif_names(model)) {
    LayerCountRecord l;
    l.name = name;
    if (auto in = activity.product_inputs.find(name); in != activity.product_inputs.end())
      l.input_nonzero = in->second.nonzero, l.input_values = in->second.total;
    l.spikes = activity.outputs.at(name).nonzero;
    l.spike_values = activity.outputs.at(name).total;
    record.layers.push_back(l);
  }
  record.energy_architecture = spikformer_energy_architecture(model, activity, spec.name);
  std::printf("%lld images in %.3f s (%.1f images/s)", static_cast<long long>(n), record.wall_time_s, n / record.wall_time_s);
  if (auto labels = job.data.tensors.find("labels"); labels != job.data.tensors.end()) {
    int64_t correct = 0;
    for (int64_t i = 0; i < n; ++i) {
      const float* row = record.logits.row(i);
      correct += std::max_element(row, row + model.classes) - row == static_cast<int64_t>(labels->second.values[i]);
    }
    std::printf(", accuracy %.4f", static_cast<double>(correct) / n);
  }
  std::printf("\n");
  return record;
}

// SpikeGPT on token sequences ("tokens" [sequences, length] or [length]): each sequence from the start
// state in the sequence form; the logits of every position.
LayerRunRecord spike_gpt_run(const LayerModelSpec& spec, const std::string& backend, bool progress) {
  const SafetensorsFile data = read_safetensors(spec.data);
  auto found = data.tensors.find("tokens");
  if (found == data.tensors.end() || found->second.shape.empty() || found->second.shape.size() > 2)
    throw std::runtime_error(spec.data + ": expected a tensor \"tokens\" [sequences, length] or [length]");
  const Tensor& tokens = found->second;
  const int64_t sequences = tokens.shape.size() == 2 ? tokens.dim(0) : 1, length = tokens.shape.back();
  const SpikeGptModel model = load_spike_gpt(spec.weights);
  std::unique_ptr<CudaSpikeGpt> gpu;
  if (backend == "cuda") gpu = std::make_unique<CudaSpikeGpt>(model);
  std::printf("%s: %s (SpikeGPT, %zu blocks, width %lld) on %lld sequences of %lld tokens, %s backend\n", spec.name.c_str(),
              spec.weights.c_str(), model.blocks.size(), static_cast<long long>(model.width),
              static_cast<long long>(sequences), static_cast<long long>(length), backend.c_str());
  SpikeGptActivity activity;
  LayerRunRecord record;
  record.logits = Tensor({sequences * length, model.vocabulary});
  const auto start = std::chrono::steady_clock::now();
  for (int64_t s = 0; s < sequences; ++s) {
    std::vector<int32_t> sequence(static_cast<size_t>(length));
    for (int64_t t = 0; t < length; ++t) sequence[t] = static_cast<int32_t>(tokens.values[s * length + t]);
    Tensor logits;
    if (gpu) {
      gpu->reset();
      logits = gpu->forward(sequence, &activity);
    } else {
      SpikeGptState state = spike_gpt_start(model);
      logits = spike_gpt_forward(model, sequence, state, &activity);
    }
    std::copy(logits.values.begin(), logits.values.end(), record.logits.values.begin() + s * length * model.vocabulary);
    show_progress(progress, s + 1, sequences, "sequences", seconds_since(start));
  }
  record.wall_time_s = seconds_since(start);
  record.time_steps = length;
  for (size_t i = 0; i < model.blocks.size(); ++i)
    for (int layer = 1; layer <= 2; ++layer) {
      const std::vector<float>& spikes = layer == 1 ? activity.attention_spikes[i] : activity.feed_forward_spikes[i];
      LayerCountRecord l;
      l.name = "blocks." + std::to_string(i) + ".lif" + std::to_string(layer);  // the reference's module names
      l.spike_values = spikes.size();
      for (float v : spikes) l.spikes += v != 0.0f;
      record.layers.push_back(l);
    }
  record.energy_architecture = spike_gpt_energy_architecture(model, activity, spec.name);
  std::printf("%lld tokens in %.3f s (%.1f tokens/s)\n", static_cast<long long>(sequences * length), record.wall_time_s,
              sequences * length / record.wall_time_s);
  return record;
}

}  // namespace

int run_layer_model(const RunOptions& options) {
  try {
    const LayerModelSpec spec = load_layer_model(options.experiment);
    const std::string backend = choose_backend(options.backend);
    const bool progress = options.progress && isatty(STDERR_FILENO);
    LayerRunRecord record = spec.kind == "spike_gpt" ? spike_gpt_run(spec, backend, progress)
                                                     : spikformer_run(spec, backend, progress);
    record.experiment_yaml = read_text_file(spec.file, "the layer model file");
    record.name = spec.name;
    record.model = spec.weights;
    record.backend = backend;
    for (const LayerCountRecord& l : record.layers) print_layer(l);
    std::string output = options.output;
    if (output.empty()) {
      output = spec.file.substr(spec.file.find_last_of('/') + 1);
      output = output.substr(0, output.rfind('.')) + ".h5";
    }
    write_layer_run(output, record);
    std::printf("wrote %s (outputs, per-layer counts, the energy architecture: snn energy %s)\n", output.c_str(),
                output.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn
