#pragma once
// The dense operations of the layer models on the host (the reference the CUDA layers are checked
// against). Each row is computed on its own, its sums in the lane order of core/lane_order.hpp: a
// sequence processed all at once and one token at a time give the same bits, and so do the CUDA
// kernels that add in that order.
#include <cstdint>

#include "core/tensor.hpp"

namespace snn {

// y[r] = W x[r] for each of `rows` rows: x is [rows, in], W is [out, in] (PyTorch's nn.Linear
// layout), y is [rows, out].
void linear(const float* x, int64_t rows, const Tensor& weight, float* y);

// PyTorch's layer_norm over the last dimension (biased variance, eps inside the square root).
void layer_norm(const float* x, int64_t rows, int64_t width, const Tensor& weight, const Tensor& bias, float* y,
                float eps = 1e-5f);

}  // namespace snn
