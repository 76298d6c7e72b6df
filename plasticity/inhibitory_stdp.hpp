#pragma once
// Inhibitory STDP (Vogels, Sprekeler, Zenke, Clopath & Gerstner 2011, Science 334:1569): a symmetric
// window and a constant depression per presynaptic spike, which together hold the postsynaptic
// neuron at a target rate rho0. Source and target each keep one trace x (decay time tau, +1 a spike):
//   pre spike:   w += eta * (x_post - alpha),  alpha = 2 * rho0 * tau
//   post spike:  w += eta * x_pre
// held within [w_min, w_max]. Uncorrelated, the drift is eta * rho_pre * (2 * rho_post * tau - alpha),
// zero at rho_post = rho0: a neuron firing faster gets more inhibition, one firing slower less. The
// weight is the inhibition's strength (w_min >= 0): use it on a conductance synapse with an inhibitory
// reversal potential, as the paper does.
#include <cmath>

#include "core/foundation/host_device.hpp"
#include "plasticity/plasticity_rule_model.hpp"

namespace snn {

struct InhibitoryStdpRule {
  static constexpr const char* kName = "inhibitory_stdp";
  static constexpr const char* kSummary = "symmetric inhibitory STDP that sets a target rate (Vogels et al. 2011)";
  static constexpr RuleSetting kSettings[] = {
      {"tau", 20.0, "ms", "decay time of both traces", ValueRange::kPositive},
      {"eta", 1e-3, "weight", "learning rate: change per unit of trace", ValueRange::kNonNegative},
      {"target_rate", 5.0, "Hz", "the postsynaptic rate rho0 that the rule sets", ValueRange::kNonNegative},
      {"w_min", 0.0, "weight", "lower weight bound", ValueRange::kNonNegative},
      {"w_max", 10.0, "weight", "upper weight bound"}};
  static constexpr int kPreTraces = 1, kPostTraces = 1;
  static constexpr bool kModulated = false;

  float eta, alpha;  // alpha = 2 * rho0 * tau, rho0 in spikes per ms
  float w_min, w_max;
  float decay;

  static InhibitoryStdpRule make(const RuleSettingValuesOf<InhibitoryStdpRule>& s, double dt) {
    const double tau = s[slot_of(kSettings, "tau")];
    return {static_cast<float>(s[slot_of(kSettings, "eta")]),
            static_cast<float>(2.0 * s[slot_of(kSettings, "target_rate")] / 1000.0 * tau),
            static_cast<float>(s[slot_of(kSettings, "w_min")]), static_cast<float>(s[slot_of(kSettings, "w_max")]),
            static_cast<float>(std::exp(-dt / tau))};
  }
  SNN_HD WeightBounds bounds() const { return {w_min, w_max}; }
  SNN_HD TraceDecays pre_traces() const { return {{decay, 1.0f}, SpikePairing::kAllToAll}; }
  SNN_HD TraceDecays post_traces() const { return {{decay, 1.0f}, SpikePairing::kAllToAll}; }
  SNN_HD void on_pre(SynapseState& s, const Traces<1>&, const Traces<1>& post) const {
    s.weight = bounds().clamp(s.weight + eta * (post.value[0] - alpha));
  }
  SNN_HD void on_post(SynapseState& s, const Traces<1>& pre, const Traces<1>&) const {
    s.weight = bounds().clamp(s.weight + eta * pre.value[0]);
  }
  SNN_HD void on_step(SynapseState&, float) const {}
};

}  // namespace snn
