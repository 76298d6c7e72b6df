#pragma once
// The dense operations of the layer models on the host (the reference the CUDA layers are checked
// against). Each row is computed on its own, its sums in the lane order of core/foundation/lane_order.hpp: a
// sequence processed all at once and one token at a time give the same bits, and so do the CUDA
// kernels that add in that order.
#include <cstdint>

#include "models/tensor.hpp"

namespace snn {

// y[r] = W x[r] for each of `rows` rows: x is [rows, in], W is [out, in] (PyTorch's nn.Linear
// layout), y is [rows, out].
void linear(const float* x, int64_t rows, const Tensor& weight, float* y);
// The same with the weight as a raw row-major [out, in] matrix.
void linear(const float* x, int64_t rows, const float* weight, int64_t out, int64_t in, float* y);

// PyTorch's layer_norm over the last dimension (biased variance, eps inside the square root).
void layer_norm(const float* x, int64_t rows, int64_t width, const Tensor& weight, const Tensor& bias, float* y,
                float eps = 1e-5f);

// A 3x3 convolution with stride 1 and zero padding 1 over one image in channel-last layout:
// x [height, width, in], weight [out, in, 3, 3] (PyTorch's Conv2d layout), bias [out] (or empty),
// y [height, width, out]. Each output is the lane-ordered dot product of the weight row with the
// patch in (channel, row, column) order, then the bias.
void conv3x3(const float* x, int64_t height, int64_t width, int64_t in, const Tensor& weight, const Tensor& bias,
             float* y);

// 3x3 max pooling with stride 2 and padding 1 (PyTorch's MaxPool2d(3, 2, 1)) over [height, width,
// channels]; y is [(height + 1) / 2, (width + 1) / 2, channels].
void max_pool3x3_stride2(const float* x, int64_t height, int64_t width, int64_t channels, float* y);

}  // namespace snn
