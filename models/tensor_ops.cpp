#include "models/tensor_ops.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/foundation/lane_order.hpp"

namespace snn {

void linear(const float* x, int64_t rows, const Tensor& weight, float* y) {
  if (weight.shape.size() != 2) throw std::invalid_argument("linear: the weight must be a matrix, not " + shape_text(weight.shape));
  linear(x, rows, weight.data(), weight.dim(0), weight.dim(1), y);
}

void linear(const float* x, int64_t rows, const float* w, int64_t out, int64_t in, float* y) {
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

void conv3x3(const float* x, int64_t height, int64_t width, int64_t in, const Tensor& weight, const Tensor& bias,
             float* y) {
  if (weight.shape.size() != 4 || weight.dim(1) != in || weight.dim(2) != 3 || weight.dim(3) != 3)
    throw std::invalid_argument("conv3x3: weight " + shape_text(weight.shape) + " is not [out, " + std::to_string(in) + ", 3, 3]");
  const int64_t out = weight.dim(0), patch = in * 9;
  // The patches, one row per pixel, in the weight's (channel, row, column) order.
  std::vector<float> patches(height * width * patch, 0.0f);
  for (int64_t r = 0; r < height; ++r)
    for (int64_t c = 0; c < width; ++c) {
      float* row = patches.data() + (r * width + c) * patch;
      for (int64_t dy = 0; dy < 3; ++dy)
        for (int64_t dx = 0; dx < 3; ++dx) {
          const int64_t rr = r + dy - 1, cc = c + dx - 1;
          if (rr < 0 || rr >= height || cc < 0 || cc >= width) continue;
          const float* pixel = x + (rr * width + cc) * in;
          for (int64_t k = 0; k < in; ++k) row[k * 9 + dy * 3 + dx] = pixel[k];
        }
    }
  linear(patches.data(), height * width, weight.data(), out, patch, y);
  if (!bias.values.empty())
    for (int64_t p = 0; p < height * width; ++p)
      for (int64_t o = 0; o < out; ++o) y[p * out + o] += bias.values[o];
}

void max_pool3x3_stride2(const float* x, int64_t height, int64_t width, int64_t channels, float* y) {
  const int64_t out_height = (height + 1) / 2, out_width = (width + 1) / 2;
  for (int64_t r = 0; r < out_height; ++r)
    for (int64_t c = 0; c < out_width; ++c)
      for (int64_t k = 0; k < channels; ++k) {
        float best = -std::numeric_limits<float>::infinity();
        for (int64_t rr = 2 * r - 1; rr <= 2 * r + 1; ++rr)
          for (int64_t cc = 2 * c - 1; cc <= 2 * c + 1; ++cc)
            if (rr >= 0 && rr < height && cc >= 0 && cc < width) best = std::max(best, x[(rr * width + cc) * channels + k]);
        y[(r * out_width + c) * channels + k] = best;
      }
}

}  // namespace snn
