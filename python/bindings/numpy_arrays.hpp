#pragma once
// The library's vectors as numpy arrays and back, each a single copy.
#include <pybind11/numpy.h>

#include <algorithm>
#include <vector>

namespace snn::python {

template <typename T>
pybind11::array_t<T> to_numpy(const std::vector<T>& values) {
  return pybind11::array_t<T>(static_cast<pybind11::ssize_t>(values.size()), values.data());
}

// A row-major (rows x columns) block as a 2-D array.
inline pybind11::array_t<float> to_numpy(const std::vector<float>& values, size_t rows, size_t columns) {
  pybind11::array_t<float> out({static_cast<pybind11::ssize_t>(rows), static_cast<pybind11::ssize_t>(columns)});
  std::copy(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rows * columns), out.mutable_data());
  return out;
}

// Any array of numbers, converted to float32 where it is not.
using FloatArray = pybind11::array_t<float, pybind11::array::c_style | pybind11::array::forcecast>;

inline std::vector<float> from_numpy(const FloatArray& values) {
  return std::vector<float>(values.data(), values.data() + values.size());
}

}  // namespace snn::python
