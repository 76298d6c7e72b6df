#pragma once
// A pooling window's sum, the same code in the CPU runner and the CUDA runner's kernel: the inputs of
// the window of output (oy, ox) of one channel, row by row, those outside the input (padding) left out.
#include "core/foundation/host_device.hpp"

namespace snn {

// `w` has in_h, in_w, kernel_h, kernel_w, stride_h, stride_w, pad_top and pad_left (NirWindow, or the
// kernel's copy in ints); `channel` is one channel's [in_h, in_w] input.
template <typename Window, typename Index>
SNN_HD float nir_pool_window_sum(const float* channel, const Window& w, Index oy, Index ox) {
  float sum = 0.0f;
  for (Index ky = 0; ky < w.kernel_h; ++ky) {
    const Index iy = oy * w.stride_h - w.pad_top + ky;
    if (iy < 0 || iy >= w.in_h) continue;
    for (Index kx = 0; kx < w.kernel_w; ++kx) {
      const Index ix = ox * w.stride_w - w.pad_left + kx;
      if (ix >= 0 && ix < w.in_w) sum += channel[iy * w.in_w + ix];
    }
  }
  return sum;
}

}  // namespace snn
