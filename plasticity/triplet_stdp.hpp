#pragma once
// Triplet STDP (Pfister & Gerstner 2006, J. Neurosci. 26:9673): pair terms as in plasticity/stdp.hpp,
// plus triplet terms that make potentiation grow with the postsynaptic rate. Each source keeps two
// traces, r1 (tau_plus) and r2 (tau_x); each target two, o1 (tau_minus) and o2 (tau_y):
//   pre spike:   w -= o1 * (A2_minus + A3_minus * r2)   (r2 before this spike)
//   post spike:  w += r1 * (A2_plus  + A3_plus  * o2)   (o2 before this spike)
// held within [w_min, w_max]. The defaults are the paper's minimal all-to-all model fitted to the
// visual cortex data of Sjostrom et al. 2001 (Table 4: A2_plus 5e-10, A3_plus 6.5e-3, A2_minus 7.1e-3,
// A3_minus 0, tau_y 114 ms), with weights in the paper's relative units.
#include <cmath>

#include "core/foundation/host_device.hpp"
#include "plasticity/plasticity_rule_model.hpp"

namespace snn {

struct TripletStdpRule {
  static constexpr const char* kName = "triplet_stdp";
  static constexpr const char* kSummary = "triplet STDP, rate-dependent potentiation (Pfister & Gerstner 2006)";
  static constexpr RuleSetting kSettings[] = {
      {"tau_plus", 16.8, "ms", "decay time of the pair presynaptic trace r1", ValueRange::kPositive},
      {"tau_x", 101.0, "ms", "decay time of the triplet presynaptic trace r2", ValueRange::kPositive},
      {"tau_minus", 33.7, "ms", "decay time of the pair postsynaptic trace o1", ValueRange::kPositive},
      {"tau_y", 114.0, "ms", "decay time of the triplet postsynaptic trace o2", ValueRange::kPositive},
      {"A2_plus", 5e-10, "weight", "pair potentiation", ValueRange::kNonNegative},
      {"A3_plus", 6.5e-3, "weight", "triplet potentiation", ValueRange::kNonNegative},
      {"A2_minus", 7.1e-3, "weight", "pair depression", ValueRange::kNonNegative},
      {"A3_minus", 0.0, "weight", "triplet depression", ValueRange::kNonNegative},
      {"w_min", 0.0, "weight", "lower weight bound"},
      {"w_max", 10.0, "weight", "upper weight bound"},
      {"pairing", 0, "", "which earlier spikes a spike pairs with", ValueRange::kAny, "all_to_all|nearest"}};
  static constexpr int kPreTraces = 2, kPostTraces = 2;
  static constexpr bool kModulated = false;

  float a2_plus, a3_plus, a2_minus, a3_minus;
  float w_min, w_max;
  float r1_decay, r2_decay, o1_decay, o2_decay;
  SpikePairing pairing;

  static TripletStdpRule make(const RuleSettingValuesOf<TripletStdpRule>& s, double dt) {
    const auto decay = [&](const char* tau) { return static_cast<float>(std::exp(-dt / s[slot_of(kSettings, tau)])); };
    const auto number = [&](const char* name) { return static_cast<float>(s[slot_of(kSettings, name)]); };
    return {number("A2_plus"), number("A3_plus"), number("A2_minus"), number("A3_minus"), number("w_min"),
            number("w_max"),   decay("tau_plus"), decay("tau_x"),     decay("tau_minus"), decay("tau_y"),
            static_cast<SpikePairing>(s[slot_of(kSettings, "pairing")])};
  }
  SNN_HD WeightBounds bounds() const { return {w_min, w_max}; }
  SNN_HD TraceDecays pre_traces() const { return {{r1_decay, r2_decay}, pairing}; }
  SNN_HD TraceDecays post_traces() const { return {{o1_decay, o2_decay}, pairing}; }
  SNN_HD void on_pre(SynapseState& s, const Traces<2>& pre, const Traces<2>& post) const {
    s.weight = bounds().clamp(s.weight - post.value[0] * (a2_minus + a3_minus * pre.value[1]));
  }
  SNN_HD void on_post(SynapseState& s, const Traces<2>& pre, const Traces<2>& post) const {
    s.weight = bounds().clamp(s.weight + pre.value[0] * (a2_plus + a3_plus * post.value[1]));
  }
  SNN_HD void on_step(SynapseState&, float) const {}
};

}  // namespace snn
