#pragma once
// A dense float tensor on the host: a shape and its values in row-major order. The layer models
// (models/) keep their weights and activations in these; integer data (token ids) is held as floats
// only where it is small enough to be exact, otherwise in its own vector.
#include <cstdint>
#include <string>
#include <vector>

namespace snn {

using TensorShape = std::vector<int64_t>;

inline int64_t element_count(const TensorShape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

inline std::string shape_text(const TensorShape& shape) {
  std::string text = "[";
  for (size_t k = 0; k < shape.size(); ++k) text += (k ? ", " : "") + std::to_string(shape[k]);
  return text + "]";
}

struct Tensor {
  TensorShape shape;
  std::vector<float> values;

  Tensor() = default;
  explicit Tensor(TensorShape s, float fill = 0.0f)
      : shape(std::move(s)), values(static_cast<size_t>(element_count(shape)), fill) {}

  int64_t size() const { return static_cast<int64_t>(values.size()); }
  int64_t dim(size_t k) const { return shape.at(k); }
  float* data() { return values.data(); }
  const float* data() const { return values.data(); }
  // Row r of a tensor viewed as [rows, last dimension].
  float* row(int64_t r) { return values.data() + r * shape.back(); }
  const float* row(int64_t r) const { return values.data() + r * shape.back(); }
};

}  // namespace snn
