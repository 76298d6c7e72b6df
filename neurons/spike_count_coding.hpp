#pragma once
// SpikingBrain's spike coding (the SpikingBrain technical report, BICLab 2025, and its Int2Spike code):
// an activation becomes an integer spike count, and the count a short spike train.
//  1. Adaptive threshold: for one token's activations x (its features), V_th = mean(|x|) / k, and each
//     count is s = round(x / V_th) (to nearest, ties to even, as PyTorch rounds), so that x ~ s V_th.
//  2. Expansion over T steps, three codes:
//     - binary: a spike at each of the first s steps (s >= 0; T >= s);
//     - ternary: the same with spikes of sign(s) (s of either sign);
//     - bitwise: the binary digits of |s|, most significant first, with the sign of s (T >= bits).
// Decoding sums the spikes (binary, ternary) or their place values 2^(T-1-t) (bitwise).
#include <cmath>
#include <cstdint>

#include "core/foundation/host_device.hpp"

namespace snn {

enum class SpikeCountCode { kBinary, kTernary, kBitwise };

// V_th = mean(|x|) / k over the n activations of one token (0 when they are all 0).
SNN_HD float adaptive_threshold(const float* x, uint32_t n, float k) {
  float sum = 0.0f;
  for (uint32_t i = 0; i < n; ++i) sum += fabsf(x[i]);
  return sum / static_cast<float>(n) / k;
}

SNN_HD int32_t spike_count(float x, float threshold) {
  return threshold > 0.0f ? static_cast<int32_t>(rintf(x / threshold)) : 0;
}

// The spike of count s at step t of T under `code` (0, +1 or -1).
SNN_HD float count_spike(SpikeCountCode code, int32_t s, uint32_t t, uint32_t T) {
  const uint32_t magnitude = static_cast<uint32_t>(s < 0 ? -s : s);
  const float sign = s < 0 ? -1.0f : 1.0f;
  switch (code) {
    case SpikeCountCode::kBinary: return s > 0 && t < magnitude ? 1.0f : 0.0f;
    case SpikeCountCode::kTernary: return t < magnitude ? sign : 0.0f;
    case SpikeCountCode::kBitwise: return (magnitude >> (T - 1 - t)) & 1u ? sign : 0.0f;
  }
  return 0.0f;
}

// The steps a count needs: |s| for the binary and ternary codes, its binary digits for bitwise.
SNN_HD uint32_t steps_for_count(SpikeCountCode code, int32_t s) {
  uint32_t magnitude = static_cast<uint32_t>(s < 0 ? -s : s);
  if (code != SpikeCountCode::kBitwise) return magnitude;
  uint32_t bits = 1;
  while (magnitude >>= 1) ++bits;
  return bits;
}

// The count a train of T spikes stands for.
SNN_HD int32_t decode_count(SpikeCountCode code, const float* spikes, uint32_t T) {
  int32_t count = 0;
  for (uint32_t t = 0; t < T; ++t) {
    const int32_t spike = static_cast<int32_t>(spikes[t]);
    count += code == SpikeCountCode::kBitwise ? spike * (1 << (T - 1 - t)) : spike;
  }
  return count;
}

}  // namespace snn
