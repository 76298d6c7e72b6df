#pragma once
// Three-factor learning (Izhikevich 2007, Cereb. Cortex 17:2443; Fremaux & Gerstner 2016): spike
// coincidences no longer change a synapse's weight but its eligibility trace e, and the weight follows
// a third factor M: a global neuromodulator (plasticity/modulator.hpp) or a value per post-synaptic
// neuron, such as a readout's error (plasticity/readout_error.hpp). The Hebbian term that drives e is
//   spike timing:  pre spike: e -= A_minus * y_post    post spike: e += A_plus * x_pre  (the STDP terms)
//   presynaptic:   pre spike: e += A_plus              (e is the filtered presynaptic spike train)
// and each step  w += eta * dt * M(t) * e,  held within [w_min, w_max];  then e *= exp(-dt / tau_e).
// The traces x_pre and y_post are those of pair-based STDP (plasticity/stdp.hpp), with its pairing.
// Both backends call these functions, so the same spikes and the same M give the same weights.
#include <cstdint>

#include "core/host_device.hpp"
#include "plasticity/stdp.hpp"

namespace snn {

enum class EligibilitySource { kSpikeTiming, kPresynaptic };

struct ThreeFactorRule {
  float eligibility_decay = 0.0f;  // exp(-dt / tau_e)
  float learning_rate = 0.0f;      // eta * dt: weight per unit of M and of e, per step
  EligibilitySource hebbian = EligibilitySource::kSpikeTiming;
  bool per_target = false;  // M is a readout error per target neuron, not a global modulator
  uint32_t modulator = 0;   // which of the network's modulators (or readout errors) is M
};

// The value of M that a synapse onto `target` reads: a global modulator's, or the target's own.
struct ThirdFactor {
  float global;
  const float* per_target;  // null for a global modulator
  SNN_HD float at(uint32_t target) const { return per_target != nullptr ? per_target[target] : global; }
};

// On a pre spike, after its delivery: `post_trace` as for depress() in stdp.hpp.
SNN_HD float eligibility_after_pre(const StdpRule& r, const ThreeFactorRule& t, float e, float post_trace) {
  return t.hebbian == EligibilitySource::kPresynaptic ? e + r.a_plus : e - r.a_minus * post_trace;
}

// On a post spike: `pre_trace` as for potentiate() in stdp.hpp.
SNN_HD float eligibility_after_post(const StdpRule& r, const ThreeFactorRule& t, float e, float pre_trace) {
  return t.hebbian == EligibilitySource::kPresynaptic ? e : e + r.a_plus * pre_trace;
}

// The weight after one step under modulator value `m`, with this step's coincidences already in `e`.
SNN_HD float modulated_weight(const StdpRule& r, const ThreeFactorRule& t, float w, float e, float m) {
  return clamp_weight(r, w + t.learning_rate * (m * e));
}

SNN_HD float decayed_eligibility(const ThreeFactorRule& t, float e) { return e * t.eligibility_decay; }

}  // namespace snn
