#pragma once
// Three-factor learning (Izhikevich 2007, Cereb. Cortex 17:2443; Fremaux & Gerstner 2016): spike
// coincidences no longer change a synapse's weight but its eligibility trace e, and the weight follows
// a third factor M: a global neuromodulator (plasticity/modulator.hpp) or a value per post-synaptic
// neuron, such as a readout's error (plasticity/readout_error.hpp). The Hebbian term that drives e is
//   spike timing:  pre spike: e -= A_minus * y_post    post spike: e += A_plus * x_pre  (the STDP terms)
//   presynaptic:   pre spike: e += A_plus              (e is the filtered presynaptic spike train)
// and each step  w += eta * dt * M(t) * e,  held within [w_min, w_max];  then e *= exp(-dt / tau_e).
// The traces x_pre and y_post are those of pair-based STDP (plasticity/stdp.hpp), with its pairing.
#include <cmath>
#include <cstdint>

#include "core/foundation/host_device.hpp"
#include "plasticity/stdp.hpp"

namespace snn {

enum class EligibilitySource : uint8_t { kSpikeTiming, kPresynaptic };

// The value of M that a synapse onto `target` reads: a global modulator's, or the target's own.
struct ThirdFactor {
  float global;
  const float* per_target;  // null for a global modulator
  SNN_HD float at(uint32_t target) const { return per_target != nullptr ? per_target[target] : global; }
};

struct ThreeFactorRule : StdpPairTerms {
  static constexpr const char* kName = "three_factor";
  static constexpr const char* kSummary =
      "STDP or presynaptic coincidences into eligibility traces, turned into weight changes by a third factor (Izhikevich 2007)";
  static constexpr RuleSetting kSettings[] = {
      SNN_STDP_PAIR_SETTINGS,
      RuleSetting{"tau_eligibility", 1000.0, "ms", "decay time of the eligibility trace", ValueRange::kPositive},
      RuleSetting{"learning_rate", 1.0, "1/ms", "weight change per ms, per unit of third factor and eligibility"},
      RuleSetting{"eligibility", 0, "", "what drives the eligibility", ValueRange::kAny, "spike_timing|presynaptic"}};
  static constexpr int kPreTraces = 1, kPostTraces = 1;
  static constexpr bool kModulated = true;

  float eligibility_decay;  // exp(-dt / tau_e)
  float learning_rate;      // eta * dt: weight per unit of M and of e, per step
  EligibilitySource hebbian;

  static ThreeFactorRule make(const RuleSettingValuesOf<ThreeFactorRule>& s, double dt) {
    return {make_pair_terms(s, dt), static_cast<float>(std::exp(-dt / s[slot_of(kSettings, "tau_eligibility")])),
            static_cast<float>(s[slot_of(kSettings, "learning_rate")] * dt),
            static_cast<EligibilitySource>(s[slot_of(kSettings, "eligibility")])};
  }
  SNN_HD void on_pre(SynapseState& s, const Traces<1>&, const Traces<1>& post) const {
    s.eligibility = hebbian == EligibilitySource::kPresynaptic ? s.eligibility + a_plus
                                                               : s.eligibility - a_minus * post.value[0];
  }
  SNN_HD void on_post(SynapseState& s, const Traces<1>& pre, const Traces<1>&) const {
    if (hebbian == EligibilitySource::kSpikeTiming) s.eligibility = s.eligibility + a_plus * pre.value[0];
  }
  // The weight after one step under third factor `m`, this step's coincidences already in e; then e decays.
  SNN_HD void on_step(SynapseState& s, float m) const {
    s.weight = bounds().clamp(s.weight + learning_rate * (m * s.eligibility));
    s.eligibility = s.eligibility * eligibility_decay;
  }
};

}  // namespace snn
