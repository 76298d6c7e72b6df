#pragma once
// A layer model's run in HDF5 (`snn run LAYER_MODEL.yaml`):
//   /                 attributes experiment (the YAML), experiment_name, version, backend, status,
//                     kind = "layer_model", model, time_steps, images, wall_time, energy_architecture
//                     (the model with its measured rates, in the architecture YAML of docs/energy.md)
//   /outputs/logits   [images, classes]
//   /layers/<k>       attributes name, input_nonzero, input_values, spikes, spike_values: the non-zero
//                     inputs of the product that feeds LIF layer `name` and the spikes it fired
// `snn energy RUN.h5` prices the stored architecture.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/tensor.hpp"

namespace snn {

struct LayerCountRecord {
  std::string name;
  uint64_t input_nonzero = 0, input_values = 0, spikes = 0, spike_values = 0;
};

struct LayerRunRecord {
  std::string experiment_yaml, name, model, backend;
  int64_t time_steps = 0;
  double wall_time_s = 0;
  Tensor logits;
  std::vector<LayerCountRecord> layers;
  std::string energy_architecture;
};

void write_layer_run(const std::string& path, const LayerRunRecord& run);
// The stored run; throws when the file is not a layer model's run.
LayerRunRecord read_layer_run(const std::string& path);
// Whether an HDF5 file holds a layer model's run (rather than a network's).
bool is_layer_run_file(const std::string& path);

}  // namespace snn
