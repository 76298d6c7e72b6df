#pragma once
// The data a NIR graph runs on, as values per step and sample: [steps, batch, input size] floats.
// From a .npy array ([steps, *input shape] for one sample, [steps, batch, *input shape], or batch
// first), an HDF5 file of events (datasets `index`, the flat position in the input, and `time` in
// seconds or `step`; optional `sample` and `value`), or IDX images (MNIST, Fashion-MNIST) held as a
// constant input, scaled to [0, 1], for every step.
#include <cstdint>
#include <string>
#include <vector>

#include "models/tensor.hpp"

namespace snn {

struct NirInputOptions {
  double dt = 1e-4;         // seconds per step: bins event times
  int64_t steps = 0;        // 0: the data's own length (events: the last event's step + 1; IDX: required)
  bool batch_first = false; // .npy arrays laid out [batch, steps, ...]
  int64_t most_samples = 0; // 0: all of them
};

struct NirInputData {
  int64_t steps = 0, batch = 0, size = 0;
  std::vector<float> values;  // [steps, batch, size], or [batch, size] where constant
  bool constant = false;      // the same values every step (images)
  // Where step `step`'s [batch, size] values begin.
  int64_t offset(int64_t step) const { return (constant ? 0 : step) * batch * size; }
  const float* at(int64_t step) const { return values.data() + offset(step); }
};

// Throws std::runtime_error naming the file, the shape it found and the one `input_shape` wants.
NirInputData read_nir_input(const std::string& path, const TensorShape& input_shape, const NirInputOptions& options);

}  // namespace snn
