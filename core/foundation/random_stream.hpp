#pragma once
// Keyed random draws on top of Philox. A RandomStream names one purpose (which population, which
// projection, which quantity) under the experiment seed; `index` picks the neuron or synapse and
// `step` the time step (or draw number), so a value can be recomputed anywhere without carrying
// generator state.
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"
#include "core/foundation/philox.hpp"

namespace snn {

// What a stream is for: keeps streams of different purposes apart under one seed.
enum class StreamPurpose : uint32_t {
  kParameter = 1,      // per-neuron parameter draws (r, s, z and distributions)
  kInitialState = 2,   // initial membrane values
  kConnectivity = 3,   // which synapses exist
  kSynapseValue = 4,   // weights and delays
  kPoissonInput = 5,   // Poisson inputs: rates, weights, per-step counts
  kNoiseCurrent = 6,   // Gaussian noise currents per step
  kPoissonSource = 7,  // spikes of Poisson source populations
  kReward = 8,         // delays of a modulator's rewards
  kTrialStimulus = 9,  // which stimulus a cued trial shows
  kPositions = 10,     // neurons placed at random on a sheet
  kMotionCloud = 11,   // the random gratings of a motion cloud stimulus
};

struct RandomStream {
  PhiloxKey key;
  uint32_t purpose_and_slot;  // purpose in the high byte, a sub-slot (which variable) in the rest

  SNN_HD PhiloxBlock block(uint64_t index, uint64_t step) const {
    return philox4x32(PhiloxCounter{static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32),
                                    static_cast<uint32_t>(step),
                                    purpose_and_slot ^ (static_cast<uint32_t>(step >> 32) * 0x9E3779B1u)},
                      key);
  }
};

// seed: the experiment seed; owner: population, projection or input index; slot: which quantity.
inline RandomStream make_stream(uint64_t seed, uint32_t owner, StreamPurpose purpose, uint32_t slot = 0) {
  const uint32_t mixed_owner = owner * 0x9E3779B1u + static_cast<uint32_t>(seed >> 32);
  return RandomStream{PhiloxKey{static_cast<uint32_t>(seed), mixed_owner},
                      (static_cast<uint32_t>(purpose) << 24) ^ (slot & 0x00FFFFFFu)};
}

// Uniform in [0, 1) from 24 random bits: exactly representable, identical on every backend.
SNN_HD float uniform_from_bits(uint32_t bits) { return static_cast<float>(bits >> 8) * (1.0f / 16777216.0f); }

// Uniform in (0, 1]: safe as the argument of a logarithm.
SNN_HD float open_uniform_from_bits(uint32_t bits) {
  return (static_cast<float>(bits >> 8) + 1.0f) * (1.0f / 16777216.0f);
}

// Standard normal by Box-Muller, with the project's own log and cos so that host and device agree.
SNN_HD float normal_from_bits(uint32_t bits_a, uint32_t bits_b) {
  const float u1 = open_uniform_from_bits(bits_a);
  const float u2 = uniform_from_bits(bits_b);
  return det_sqrt(-2.0f * det_log(u1)) * det_cos_2pi(u2);
}

// Poisson count with mean `lambda` by inversion of the cumulative distribution (O(lambda) work,
// small for per-step input counts), given exp(-lambda) precomputed by the caller. Above lambda = 40
// a rounded normal approximation.
// Above this mean the normal approximation; the inversion stops at the most events it counts.
constexpr float kPoissonNormalAbove = 40.0f;
constexpr uint32_t kPoissonMostEvents = 200u;

SNN_HD uint32_t poisson_count(const RandomStream& stream, uint64_t index, uint64_t step, float lambda,
                              float exp_minus_lambda) {
  if (lambda <= 0.0f) return 0;
  const PhiloxBlock b = stream.block(index, step);
  if (lambda > kPoissonNormalAbove) {
    const float n = lambda + det_sqrt(lambda) * normal_from_bits(b.v[1], b.v[2]) + 0.5f;
    return n < 0.0f ? 0u : static_cast<uint32_t>(n);
  }
  const float u = uniform_from_bits(b.v[0]);
  float p = exp_minus_lambda;
  float cumulative = p;
  uint32_t k = 0;
  while (u >= cumulative && p > 0.0f && k < kPoissonMostEvents) {
    ++k;
    // 1/k does not depend on p, so its division stays off the loop's chain of dependent operations.
    p = p * lambda * (1.0f / static_cast<float>(k));
    cumulative += p;
  }
  return k;
}

SNN_HD uint32_t poisson_count(const RandomStream& stream, uint64_t index, uint64_t step, float lambda) {
  return poisson_count(stream, index, step, lambda, det_exp(-lambda));
}

}  // namespace snn
