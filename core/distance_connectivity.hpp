#pragma once
// Distance-dependent connectivity with a Gaussian profile: source i connects to target j with
// probability p * exp(-d^2 / (2 sigma^2)) where their distance d on the sheet is within the cutoff;
// on a periodic sheet (a torus of the target's extent) distances wrap around. Each pair (i, j) has
// its own draw, so the CPU and the GPU builders, which both call these functions, make the same
// synapses, in target order, from the same seed.
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"
#include "core/foundation/host_device.hpp"
#include "core/foundation/random_stream.hpp"

namespace snn {

struct GaussianProfile {
  float peak;                       // p at distance 0
  float inverse_two_sigma_squared;  // 1 / (2 sigma^2), from double on the host
  float cutoff_squared;
  float width, height;              // periodic: the torus; else unused
  bool periodic;
};

// One coordinate's difference, wrapped to the nearest image on a periodic sheet of that extent.
SNN_HD float wrapped(float difference, float extent, bool periodic) {
  if (!periodic) return difference;
  if (difference > 0.5f * extent) return difference - extent;
  if (difference < -0.5f * extent) return difference + extent;
  return difference;
}

// Whether source i at (sx, sy) connects to target j at (tx, ty).
SNN_HD bool gaussian_connects(const GaussianProfile& g, const RandomStream& stream, uint32_t i, uint32_t j, float sx,
                                     float sy, float tx, float ty) {
  const float dx = wrapped(tx - sx, g.width, g.periodic), dy = wrapped(ty - sy, g.height, g.periodic);
  const float squared = dx * dx + dy * dy;
  if (squared > g.cutoff_squared) return false;
  const float p = g.peak * det_exp(-squared * g.inverse_two_sigma_squared);
  return uniform_from_bits(stream.block(i, j / 4).v[j % 4]) < p;
}

}  // namespace snn
