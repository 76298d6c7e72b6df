#pragma once
// Pair-based spike-timing-dependent plasticity with pre- and post-synaptic traces (Morrison, Diesmann
// & Gerstner 2008, Biol. Cybern. 98:459). Each neuron of a plastic projection carries a trace that
// decays with its time constant every step and is raised by its spikes (plasticity_rule_model.hpp).
//   pre spike (after its delivery):  w -= A_minus * f_minus(w) * y_post
//   post spike:                      w += A_plus  * f_plus(w)  * x_pre
// additive: f = 1; multiplicative (weight-dependent): f_plus = w_max - w, f_minus = w - w_min; the
// result is held within [w_min, w_max] (hard bounds). Timing is taken at the neurons' spikes, not at
// the synapse's delayed arrival; a post spike in the same step as a pre spike potentiates, and the
// pre spike sees no depression from it.
#include <cmath>
#include <cstdint>

#include "core/foundation/host_device.hpp"
#include "plasticity/plasticity_rule_model.hpp"

namespace snn {

enum class WeightDependence : uint8_t { kAdditive, kMultiplicative };

// The pair rule's amplitudes, bounds and traces, shared by the rules built on it (three_factor.hpp).
struct StdpPairTerms {
  float a_plus, a_minus;  // weight units (additive) or fractions (multiplicative)
  float w_min, w_max;
  float pre_decay, post_decay;  // exp(-dt / tau_plus), exp(-dt / tau_minus)
  WeightDependence dependence;
  SpikePairing pairing;

  SNN_HD WeightBounds bounds() const { return {w_min, w_max}; }
  SNN_HD TraceDecays pre_traces() const { return {{pre_decay, 1.0f}, pairing}; }
  SNN_HD TraceDecays post_traces() const { return {{post_decay, 1.0f}, pairing}; }

  // On a pre spike, with the target's trace `post_trace`.
  SNN_HD float depressed(float w, float post_trace) const {
    const float scale = dependence == WeightDependence::kAdditive ? 1.0f : w - w_min;
    return bounds().clamp(w - a_minus * scale * post_trace);
  }
  // On a post spike, with the source's trace `pre_trace`.
  SNN_HD float potentiated(float w, float pre_trace) const {
    const float scale = dependence == WeightDependence::kAdditive ? 1.0f : w_max - w;
    return bounds().clamp(w + a_plus * scale * pre_trace);
  }
};

// The settings every rule on pair terms reads, and how.
#define SNN_STDP_PAIR_SETTINGS                                                                              \
  RuleSetting{"tau_plus", 20.0, "ms", "decay time of the presynaptic trace", ValueRange::kPositive},     \
      RuleSetting{"tau_minus", 20.0, "ms", "decay time of the postsynaptic trace", ValueRange::kPositive}, \
      RuleSetting{"A_plus", 0.01, "weight", "potentiation per pair", ValueRange::kNonNegative},           \
      RuleSetting{"A_minus", 0.01, "weight", "depression per pair", ValueRange::kNonNegative},            \
      RuleSetting{"w_min", 0.0, "weight", "lower weight bound"},                                          \
      RuleSetting{"w_max", 1.0, "weight", "upper weight bound"},                                          \
      RuleSetting{"pairing", 0, "", "which earlier spikes a spike pairs with", ValueRange::kAny, "all_to_all|nearest"}

template <typename Rule>
StdpPairTerms make_pair_terms(const RuleSettingValuesOf<Rule>& s, double dt) {
  constexpr auto& k = Rule::kSettings;
  StdpPairTerms t{};
  t.a_plus = static_cast<float>(s[slot_of(k, "A_plus")]);
  t.a_minus = static_cast<float>(s[slot_of(k, "A_minus")]);
  t.w_min = static_cast<float>(s[slot_of(k, "w_min")]);
  t.w_max = static_cast<float>(s[slot_of(k, "w_max")]);
  t.pre_decay = static_cast<float>(std::exp(-dt / s[slot_of(k, "tau_plus")]));
  t.post_decay = static_cast<float>(std::exp(-dt / s[slot_of(k, "tau_minus")]));
  t.dependence = WeightDependence::kAdditive;
  t.pairing = static_cast<SpikePairing>(s[slot_of(k, "pairing")]);
  return t;
}

struct StdpRule : StdpPairTerms {
  static constexpr const char* kName = "stdp";
  static constexpr const char* kSummary = "pair-based STDP, additive or weight-dependent (Morrison et al. 2008)";
  static constexpr RuleSetting kSettings[] = {
      SNN_STDP_PAIR_SETTINGS,
      RuleSetting{"weight_dependence", 0, "", "how a change scales with the weight", ValueRange::kAny,
                  "additive|multiplicative"}};
  static constexpr int kPreTraces = 1, kPostTraces = 1;
  static constexpr bool kModulated = false;

  static StdpRule make(const RuleSettingValuesOf<StdpRule>& s, double dt) {
    StdpRule r{make_pair_terms(s, dt)};
    r.dependence = static_cast<WeightDependence>(s[slot_of(kSettings, "weight_dependence")]);
    return r;
  }
  SNN_HD void on_pre(SynapseState& s, const Traces<1>&, const Traces<1>& post) const {
    s.weight = depressed(s.weight, post.value[0]);
  }
  SNN_HD void on_post(SynapseState& s, const Traces<1>& pre, const Traces<1>&) const {
    s.weight = potentiated(s.weight, pre.value[0]);
  }
  SNN_HD void on_step(SynapseState&, float) const {}
};

}  // namespace snn
