#pragma once
// RWKV's token shift: each channel's input mixed with the previous token's, by a learned fraction.
#include <cstdint>

#include "core/foundation/host_device.hpp"
#include "models/tensor.hpp"

namespace snn {

SNN_HD float token_mix(float x, float previous, float mix) { return x * mix + previous * (1.0f - mix); }

// out[t] = token_mix(x[t], x[t-1], mix) over [tokens, width], x[-1] being `previous`.
inline void mix_with_previous_tokens(const float* x, int64_t tokens, int64_t width, const float* previous,
                                     const Tensor& mix, float* out) {
  for (int64_t t = 0; t < tokens; ++t) {
    const float* before = t == 0 ? previous : x + (t - 1) * width;
    for (int64_t c = 0; c < width; ++c) out[t * width + c] = token_mix(x[t * width + c], before[c], mix.values[c]);
  }
}

}  // namespace snn
