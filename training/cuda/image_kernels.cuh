#pragma once
// The CUDA trainer's kernels for images ([channels, height, width] rows, as on the host):
// convolution as a product (im2col's columns, laid out [channel, ky, kx][row, position] so that the
// weights' gradient is one product over all rows and positions), pooling, and the per-channel bias.
// Every input's gradient is gathered by the input, never scattered by atomics, so the sums run in a
// fixed order.

namespace snn::training::cuda {

struct ImageGeometry {
  int channels, height, width;  // the input
  int out_height, out_width;
  int kernel, stride, padding;
};

// columns[(c * k + ky) * k + kx][r * P + p] = the input under kernel cell (ky, kx) of output position p
// of row r (0 outside the image); P = out_height * out_width.
template <typename Real>
__global__ void image_to_columns(const Real* x, int rows, ImageGeometry g, Real* columns) {
  const int positions = g.out_height * g.out_width, width = rows * positions;
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<long long>(width) * g.channels * g.kernel * g.kernel) return;
  const int column = static_cast<int>(i % width), cell = static_cast<int>(i / width);
  const int r = column / positions, p = column % positions;
  const int c = cell / (g.kernel * g.kernel), ky = cell / g.kernel % g.kernel, kx = cell % g.kernel;
  const int iy = p / g.out_width * g.stride - g.padding + ky, ix = p % g.out_width * g.stride - g.padding + kx;
  const bool inside = iy >= 0 && iy < g.height && ix >= 0 && ix < g.width;
  columns[i] = inside ? x[(static_cast<long long>(r) * g.channels + c) * g.height * g.width + iy * g.width + ix] : Real(0);
}

// The input's gradient from the columns' gradient: each input pixel sums the cells that read it,
// in the order (ky, kx).
template <typename Real>
__global__ void columns_to_image(const Real* columns, int rows, ImageGeometry g, Real* dx) {
  const int positions = g.out_height * g.out_width, width = rows * positions, plane = g.height * g.width;
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<long long>(rows) * g.channels * plane) return;
  const int r = static_cast<int>(i / (g.channels * plane)), c = static_cast<int>(i / plane % g.channels);
  const int iy = static_cast<int>(i % plane) / g.width, ix = static_cast<int>(i % plane) % g.width;
  Real sum = 0;
  for (int ky = 0; ky < g.kernel; ++ky) {
    const int sy = iy + g.padding - ky;
    if (sy < 0 || sy % g.stride != 0 || sy / g.stride >= g.out_height) continue;
    for (int kx = 0; kx < g.kernel; ++kx) {
      const int sx = ix + g.padding - kx;
      if (sx < 0 || sx % g.stride != 0 || sx / g.stride >= g.out_width) continue;
      sum += columns[static_cast<long long>((c * g.kernel + ky) * g.kernel + kx) * width + r * positions + sy / g.stride * g.out_width +
                     sx / g.stride];
    }
  }
  dx[i] = sum;
}

// y[r][o][p] = product[o][r * P + p] + bias[o].
template <typename Real>
__global__ void channels_to_rows_with_bias(const Real* product, const Real* bias, int rows, int channels, int positions, Real* y) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<long long>(rows) * channels * positions) return;
  const int p = static_cast<int>(i % positions), o = static_cast<int>(i / positions % channels), r = static_cast<int>(i / (positions * channels));
  y[i] = product[(static_cast<long long>(o) * rows + r) * positions + p] + bias[o];
}

// The output's gradient laid out as the product was: dy_t[o][r * P + p] = dy[r][o][p].
template <typename Real>
__global__ void rows_to_channels(const Real* dy, int rows, int channels, int positions, Real* dy_t) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<long long>(rows) * channels * positions) return;
  const int p = static_cast<int>(i % positions), o = static_cast<int>(i / positions % channels), r = static_cast<int>(i / (positions * channels));
  dy_t[(static_cast<long long>(o) * rows + r) * positions + p] = dy[i];
}

// y[r][o] += bias[o] (a linear layer's product then its bias, as the CPU adds it last).
template <typename Real>
__global__ void add_bias(Real* y, const Real* bias, long long total, int width) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i < total) y[i] = y[i] + bias[i % width];
}

// Pooling (no padding): the window's first largest value (its index kept for backward) or its mean.
template <typename Real>
__global__ void pool_forward(const Real* x, int rows, ImageGeometry g, bool max, Real* y, int* chosen) {
  const int out = g.channels * g.out_height * g.out_width;
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<long long>(rows) * out) return;
  const int o = static_cast<int>(i % out);
  const Real* in = x + i / out * g.channels * g.height * g.width;
  const int c = o / (g.out_height * g.out_width), oy = o / g.out_width % g.out_height, ox = o % g.out_width;
  Real best = 0, sum = 0;
  int best_at = -1;
  for (int ky = 0; ky < g.kernel; ++ky)
    for (int kx = 0; kx < g.kernel; ++kx) {
      const int at = (c * g.height + oy * g.stride + ky) * g.width + ox * g.stride + kx;
      sum += in[at];
      if (best_at < 0 || in[at] > best) best = in[at], best_at = at;
    }
  y[i] = max ? best : sum / static_cast<Real>(g.kernel * g.kernel);
  if (chosen != nullptr) chosen[i] = best_at;
}

// Each input pixel gathers the gradients of the windows that hold it, in the windows' order.
template <typename Real>
__global__ void pool_backward(const Real* dy, const int* chosen, int rows, ImageGeometry g, bool max, Real* dx) {
  const int plane = g.height * g.width, in = g.channels * plane, out = g.channels * g.out_height * g.out_width;
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<long long>(rows) * in) return;
  const long long r = i / in;
  const int at = static_cast<int>(i % in), c = at / plane, iy = at % plane / g.width, ix = at % g.width;
  const int first_y = iy - g.kernel + 1 > 0 ? (iy - g.kernel + 1 + g.stride - 1) / g.stride : 0;
  const int first_x = ix - g.kernel + 1 > 0 ? (ix - g.kernel + 1 + g.stride - 1) / g.stride : 0;
  Real sum = 0;
  for (int oy = first_y; oy <= iy / g.stride && oy < g.out_height; ++oy)
    for (int ox = first_x; ox <= ix / g.stride && ox < g.out_width; ++ox) {
      const long long o = r * out + (c * g.out_height + oy) * g.out_width + ox;
      if (max) {
        if (chosen[o] == at) sum += dy[o];
      } else {
        sum += dy[o] / static_cast<Real>(g.kernel * g.kernel);
      }
    }
  dx[i] = sum;
}

}  // namespace snn::training::cuda
