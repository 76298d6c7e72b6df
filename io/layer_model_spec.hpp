#pragma once
// A layer model run described in YAML: a trained model (its weights in safetensors) and the data it
// runs on, for `snn run`, which writes its outputs, per-layer firing rates and operation counts to
// HDF5. Experiments are networks of populations; a file with a `layer_model` key is this instead:
//
//   name: spikformer_small
//   layer_model: {kind: spikformer, weights: model.safetensors, heads: 4, patch: 4, time_steps: 4}
//   data: images.safetensors     # "images" [n, c, h, w], optionally "labels" or "logits"
//   batch: 64
//
// or kind spike_gpt, whose data holds "tokens" [sequences, length] (heads, patch, time_steps and batch
// are the Spikformer's).
//
// Paths are relative to the YAML file. Errors are located (file:line:column).
#include <cstdint>
#include <string>

namespace snn {

struct LayerModelSpec {
  std::string file, name;
  std::string kind;  // spikformer or spike_gpt
  std::string weights, data;
  int64_t heads = 12, patch = 4, time_steps = 4, batch = 64;
};

// Whether the YAML text describes a layer model rather than a network experiment.
bool is_layer_model_text(const std::string& yaml_text);
LayerModelSpec load_layer_model(const std::string& path);

}  // namespace snn
