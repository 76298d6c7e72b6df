#include "core/tensor_ops.hpp"

#include <cmath>
#include <stdexcept>

namespace snn {
namespace {

// Eight running sums, combined in a fixed order: independent additions the processor overlaps,
// the same result whatever the thread.
float dot(const float* a, const float* b, int64_t n) {
  float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t k = 0;
  for (; k + 8 <= n; k += 8)
    for (int j = 0; j < 8; ++j) s[j] += a[k + j] * b[k + j];
  for (; k < n; ++k) s[k % 8] += a[k] * b[k];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

}  // namespace

void linear(const float* x, int64_t rows, const Tensor& weight, float* y) {
  if (weight.shape.size() != 2) throw std::invalid_argument("linear: the weight must be a matrix, not " + shape_text(weight.shape));
  const int64_t out = weight.dim(0), in = weight.dim(1);
  const float* w = weight.data();
#pragma omp parallel for collapse(2) schedule(static) if (rows * out * in > (1 << 16))
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t o = 0; o < out; ++o) y[r * out + o] = dot(x + r * in, w + o * in, in);
}

void layer_norm(const float* x, int64_t rows, int64_t width, const Tensor& weight, const Tensor& bias, float* y,
                float eps) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* in = x + r * width;
    float* out = y + r * width;
    float sum = 0.0f;
    for (int64_t k = 0; k < width; ++k) sum += in[k];
    const float mean = sum / static_cast<float>(width);
    float squares = 0.0f;
    for (int64_t k = 0; k < width; ++k) squares += (in[k] - mean) * (in[k] - mean);
    const float inverse_deviation = 1.0f / std::sqrt(squares / static_cast<float>(width) + eps);
    for (int64_t k = 0; k < width; ++k) out[k] = (in[k] - mean) * inverse_deviation * weight.values[k] + bias.values[k];
  }
}

}  // namespace snn
