#pragma once
// Population coding with Gaussian receptive fields: n neurons with preferred values spread evenly
// over [low, high]; neuron k responds to x with exp(-(x - c_k)^2 / (2 sigma^2)), which can drive a
// rate or a latency encoder. sigma = spacing / width_factor (Bohte et al. 2002 use 1.5).
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"

namespace snn {

struct GaussianPopulation {
  float low = 0.0f, high = 1.0f;
  uint32_t neurons = 10;
  float width_factor = 1.5f;

  SNN_HD float center(uint32_t k) const {
    return neurons < 2 ? 0.5f * (low + high) : low + (high - low) * static_cast<float>(k) / static_cast<float>(neurons - 1);
  }
  SNN_HD float sigma() const {
    return neurons < 2 ? (high - low) : (high - low) / static_cast<float>(neurons - 1) / width_factor;
  }
  // Response of neuron k to x, in (0, 1].
  SNN_HD float response(uint32_t k, float x) const {
    const float d = (x - center(k)) / sigma();
    return det_exp(-0.5f * d * d);
  }
};

// The population-vector estimate of x from per-neuron activity (counts or rates).
template <typename Activity>
SNN_HD float decode_population(const GaussianPopulation& p, const Activity* activity) {
  float weighted = 0.0f, total = 0.0f;
  for (uint32_t k = 0; k < p.neurons; ++k) {
    weighted += static_cast<float>(activity[k]) * p.center(k);
    total += static_cast<float>(activity[k]);
  }
  return total > 0.0f ? weighted / total : 0.5f * (p.low + p.high);
}

}  // namespace snn
