#pragma once
// Rate coding: an intensity x in [0, 1] becomes spikes at rate x * max_rate. Poisson coding counts
// the events of a continuous-time Poisson process in each step (more than one is possible);
// Bernoulli coding emits at most one spike a step, with probability x * max_rate * dt.
// Draws are keyed by (stream, item, step): deterministic for a seed, on either backend.
#include <cstdint>

#include "core/foundation/random_stream.hpp"

namespace snn {

enum class RateCoding { kPoisson, kBernoulli };

struct RateEncoder {
  RateCoding coding = RateCoding::kPoisson;
  float max_rate_hz = 100.0f;
  float dt_ms = 1.0f;
};

SNN_HD float clamp_unit(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x); }

// Spikes of `item` (a pixel of an image of a batch, a neuron of a population) in `step`.
SNN_HD uint32_t rate_spikes(const RateEncoder& e, float x, const RandomStream& stream, uint64_t item, uint64_t step) {
  const float mean = clamp_unit(x) * e.max_rate_hz * e.dt_ms * 1e-3f;
  if (e.coding == RateCoding::kPoisson) return poisson_count(stream, item, step, mean);
  return uniform_from_bits(stream.block(item, step).v[0]) < mean ? 1u : 0u;
}

}  // namespace snn
