#include "nir/nir_input.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/hdf5_access.hpp"
#include "io/idx_reader.hpp"
#include "io/npy_reader.hpp"

namespace snn {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& why) { throw std::runtime_error(path + ": " + why); }

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

NirInputData from_npy(const std::string& path, const TensorShape& input_shape, const NirInputOptions& options) {
  const NpyArray array = read_npy(path);
  const int64_t size = element_count(input_shape);
  const size_t rank = input_shape.size();
  const bool batched = array.shape.size() == rank + 2;
  if (array.shape.size() != rank + 1 && !batched)
    fail(path, "an array of shape " + shape_text(array.shape) + " where the graph's input " + shape_text(input_shape) +
               " wants [steps, " + shape_text(input_shape).substr(1) + " or [steps, batch, " + shape_text(input_shape).substr(1));
  TensorShape per_sample(array.shape.end() - static_cast<std::ptrdiff_t>(rank), array.shape.end());
  if (element_count(per_sample) != size)
    fail(path, "each step and sample holds " + shape_text(per_sample) + " but the graph's input is " + shape_text(input_shape));
  NirInputData data;
  data.size = size;
  const int64_t first = array.shape[0], second = batched ? array.shape[1] : 1;
  data.steps = options.batch_first && batched ? second : first;
  data.batch = options.batch_first && batched ? first : second;
  const int64_t kept = options.most_samples > 0 ? std::min(options.most_samples, data.batch) : data.batch;
  const int64_t steps = options.steps > 0 ? options.steps : data.steps;
  data.values.assign(static_cast<size_t>(steps * kept * size), 0.0f);  // steps beyond the data's: no input
  for (int64_t t = 0; t < std::min(steps, data.steps); ++t)
    for (int64_t b = 0; b < kept; ++b) {
      const int64_t from = options.batch_first && batched ? (b * data.steps + t) : (t * data.batch + b);
      std::copy_n(array.values.begin() + from * size, size, data.values.begin() + (t * kept + b) * size);
    }
  data.steps = steps;
  data.batch = kept;
  return data;
}

template <typename T>
std::vector<T> optional_dataset(hid_t file, const char* name, hid_t type) {
  if (H5Lexists(file, name, H5P_DEFAULT) <= 0) return {};
  return hdf5::read_dataset<T>(file, name, type);
}

NirInputData from_events(const std::string& path, const TensorShape& input_shape, const NirInputOptions& options) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) fail(path, "cannot be opened as HDF5");
  std::vector<uint64_t> index;
  std::vector<double> time;
  std::vector<int64_t> step, sample;
  std::vector<float> value;
  try {
    if (H5Lexists(file, "index", H5P_DEFAULT) <= 0) fail(path, "no dataset 'index' (the flat position of each event in the graph's input)");
    index = hdf5::read_dataset<uint64_t>(file, "index", H5T_NATIVE_UINT64);
    time = optional_dataset<double>(file, "time", H5T_NATIVE_DOUBLE);
    step = optional_dataset<int64_t>(file, "step", H5T_NATIVE_INT64);
    sample = optional_dataset<int64_t>(file, "sample", H5T_NATIVE_INT64);
    value = optional_dataset<float>(file, "value", H5T_NATIVE_FLOAT);
  } catch (...) {
    H5Fclose(file);
    throw;
  }
  H5Fclose(file);
  const size_t n = index.size();
  if (time.empty() == step.empty()) fail(path, "an events file needs exactly one of 'time' (seconds) and 'step'");
  for (const auto& [name, count] : {std::pair<const char*, size_t>{"time", time.size()}, {"step", step.size()}, {"sample", sample.size()}, {"value", value.size()}})
    if (count != 0 && count != n) fail(path, std::string("'") + name + "' holds " + std::to_string(count) + " values for " + std::to_string(n) + " events");
  const int64_t size = element_count(input_shape);
  NirInputData data;
  data.size = size;
  std::vector<int64_t> steps(n);
  int64_t last_step = -1, last_sample = 0;
  for (size_t e = 0; e < n; ++e) {
    steps[e] = step.empty() ? static_cast<int64_t>(std::floor(time[e] / options.dt)) : step[e];
    const int64_t s = sample.empty() ? 0 : sample[e];
    if (steps[e] < 0 || s < 0 || index[e] >= static_cast<uint64_t>(size))
      fail(path, "event " + std::to_string(e) + " (index " + std::to_string(index[e]) + ", step " + std::to_string(steps[e]) + ", sample " +
                     std::to_string(s) + ") lies outside the graph's input of " + std::to_string(size) + " values");
    last_step = std::max(last_step, steps[e]);
    last_sample = std::max(last_sample, s);
  }
  data.steps = options.steps > 0 ? options.steps : last_step + 1;
  if (last_step >= data.steps)
    fail(path, "events reach step " + std::to_string(last_step) + " but the run has " + std::to_string(data.steps) + " steps (--steps)");
  data.batch = last_sample + 1;
  const int64_t kept = options.most_samples > 0 ? std::min(options.most_samples, data.batch) : data.batch;
  data.values.assign(static_cast<size_t>(data.steps * kept * size), 0.0f);
  for (size_t e = 0; e < n; ++e) {
    const int64_t s = sample.empty() ? 0 : sample[e];
    if (s < kept) data.values[(steps[e] * kept + s) * size + index[e]] += value.empty() ? 1.0f : value[e];
  }
  data.batch = kept;
  return data;
}

NirInputData from_idx(const std::string& path, const TensorShape& input_shape, const NirInputOptions& options) {
  const IdxArray images = read_idx(path);
  const int64_t size = element_count(input_shape);
  if (images.dims.size() < 2 || static_cast<int64_t>(images.item_size()) != size)
    fail(path, "images of " + std::to_string(images.item_size()) + " values where the graph's input " + shape_text(input_shape) + " takes " + std::to_string(size));
  if (options.steps <= 0) fail(path, "IDX images are held for a number of steps: give --steps");
  NirInputData data;
  data.size = size;
  data.steps = options.steps;
  data.constant = true;
  data.batch = options.most_samples > 0 ? std::min<int64_t>(options.most_samples, images.dims[0]) : images.dims[0];
  data.values.resize(static_cast<size_t>(data.batch * size));
  for (size_t k = 0; k < data.values.size(); ++k) data.values[k] = images.data[k] / 255.0f;
  return data;
}

}  // namespace

NirInputData read_nir_input(const std::string& path, const TensorShape& input_shape, const NirInputOptions& options) {
  if (ends_with(path, ".npy")) return from_npy(path, input_shape, options);
  if (ends_with(path, ".h5") || ends_with(path, ".hdf5")) return from_events(path, input_shape, options);
  if (path.find("idx") != std::string::npos || path.find("ubyte") != std::string::npos) return from_idx(path, input_shape, options);
  fail(path, "an input of unknown kind: .npy (values per step), .h5 (events) or IDX images (*-idx3-ubyte[.gz])");
}

}  // namespace snn
