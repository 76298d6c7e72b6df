#pragma once
// Synaptic input is summed as 64-bit fixed-point integers. Integer addition is associative, so the
// sum that arrives at a neuron is the same whatever order the spikes are delivered in: one thread
// or many, CPU or GPU atomics. Resolution 2^-24 of the weight unit (6e-8 mV, pA or nS) is far below
// any physiological effect; the range (+-5e11) is far above.
#include <cstdint>

#include "core/foundation/host_device.hpp"

namespace snn {

constexpr float kFixedPointScale = 16777216.0f;  // 2^24
constexpr float kFixedPointInverse = 1.0f / 16777216.0f;

SNN_HD int64_t to_fixed_point(float value) {
  const float scaled = value * kFixedPointScale;  // exact: multiplication by a power of two
  return scaled >= 0.0f ? static_cast<int64_t>(scaled + 0.5f) : -static_cast<int64_t>(-scaled + 0.5f);
}

SNN_HD float from_fixed_point(int64_t value) { return static_cast<float>(value) * kFixedPointInverse; }

}  // namespace snn
