#include "core/tensor_ops.hpp"

#include <cmath>
#include <stdexcept>

#include "core/lane_order.hpp"

namespace snn {

void linear(const float* x, int64_t rows, const Tensor& weight, float* y) {
  if (weight.shape.size() != 2) throw std::invalid_argument("linear: the weight must be a matrix, not " + shape_text(weight.shape));
  const int64_t out = weight.dim(0), in = weight.dim(1);
  const float* w = weight.data();
#pragma omp parallel for collapse(2) schedule(static) if (rows * out * in > (1 << 16))
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t o = 0; o < out; ++o) y[r * out + o] = lane_ordered_dot(x + r * in, w + o * in, in);
}

void layer_norm(const float* x, int64_t rows, int64_t width, const Tensor& weight, const Tensor& bias, float* y,
                float eps) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x + r * width;
    float* out = y + r * width;
    const float mean = lane_ordered_sum(in, width) / static_cast<float>(width);
    const float variance = lane_ordered_sum(in, width, true, mean) / static_cast<float>(width);
    const float inverse_deviation = 1.0f / std::sqrt(variance + eps);
    for (int64_t k = 0; k < width; ++k) out[k] = (in[k] - mean) * inverse_deviation * weight.values[k] + bias.values[k];
  }
}

}  // namespace snn
