#pragma once
// Pair-based spike-timing-dependent plasticity with pre- and post-synaptic traces (Morrison, Diesmann
// & Gerstner 2008, Biol. Cybern. 98:459). Each neuron of a plastic projection carries a trace that
// decays with its time constant every step and is raised by its spikes: by one for all-to-all pairing
// (every earlier spike of the other side counts), to one for nearest-neighbour pairing (only the
// latest does).
//   pre spike (after its delivery):  w -= A_minus * f_minus(w) * y_post
//   post spike:                      w += A_plus  * f_plus(w)  * x_pre
// additive: f = 1; multiplicative (weight-dependent): f_plus = w_max - w, f_minus = w - w_min; the
// result is held within [w_min, w_max] (hard bounds). Timing is taken at the neurons' spikes, not at
// the synapse's delayed arrival. Within a step, pre spikes act first, so a post spike in the same step
// as a pre spike potentiates (the pre trace already holds it) and the pre spike sees no depression
// from it. Both backends call these functions, so the same spikes give the same weights.
#include <cstdint>

#include "core/host_device.hpp"

namespace snn {

enum class WeightDependence : uint8_t { kAdditive, kMultiplicative };
enum class SpikePairing : uint8_t { kAllToAll, kNearest };

struct StdpRule {
  float a_plus = 0.01f, a_minus = 0.01f;  // amplitudes: weight units (additive) or fractions (multiplicative)
  float w_min = 0.0f, w_max = 1.0f;
  float pre_decay = 0.0f, post_decay = 0.0f;  // exp(-dt / tau_plus), exp(-dt / tau_minus)
  WeightDependence dependence = WeightDependence::kAdditive;
  SpikePairing pairing = SpikePairing::kAllToAll;
};

SNN_HD float clamp_weight(const StdpRule& r, float w) { return w < r.w_min ? r.w_min : (w > r.w_max ? r.w_max : w); }

// A trace one step on: decayed every step (decay_trace), then raised where its neuron fired in that
// step (raise_trace, on the decayed value).
SNN_HD float decay_trace(float trace, float decay) { return trace * decay; }
SNN_HD float raise_trace(const StdpRule& r, float decayed) {
  return r.pairing == SpikePairing::kAllToAll ? decayed + 1.0f : 1.0f;
}

// On a pre spike: `post_trace` is the target's trace at this step, before its own spike of this step.
SNN_HD float depress(const StdpRule& r, float w, float post_trace) {
  const float scale = r.dependence == WeightDependence::kAdditive ? 1.0f : w - r.w_min;
  return clamp_weight(r, w - r.a_minus * scale * post_trace);
}

// On a post spike: `pre_trace` is the source's trace at this step, its spike of this step included.
SNN_HD float potentiate(const StdpRule& r, float w, float pre_trace) {
  const float scale = r.dependence == WeightDependence::kAdditive ? 1.0f : r.w_max - w;
  return clamp_weight(r, w + r.a_plus * scale * pre_trace);
}

}  // namespace snn
