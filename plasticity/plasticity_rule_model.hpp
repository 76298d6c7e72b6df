#pragma once
// What a plasticity rule declares about itself, once, for everything else to read (the loader, the
// builder, both engines, memory accounting and `snn models`). A rule is a struct of the constants it
// needs in a step, trivially copyable (it is copied to the GPU as bytes):
//
//   struct MyRule {
//     static constexpr const char* kName = "my_rule";       // as written in experiments (`rule:`)
//     static constexpr const char* kSummary = "...";        // one line for `snn models`
//     static constexpr RuleSetting kSettings[] = {...};     // what an experiment sets, w_min and w_max among them
//     static constexpr int kPreTraces = 1, kPostTraces = 1; // traces per source and per target neuron
//     static constexpr bool kModulated = false;             // see below
//     static MyRule make(const RuleSettingValues& s, double dt);  // the constants for a step of dt
//     SNN_HD TraceDecays pre_traces() const;                // each trace's decay per step and pairing
//     SNN_HD TraceDecays post_traces() const;
//     SNN_HD WeightBounds bounds() const;
//     SNN_HD void on_pre(SynapseState& s, const Traces<kPreTraces>& pre, const Traces<kPostTraces>& post) const;
//     SNN_HD void on_post(SynapseState& s, const Traces<kPreTraces>& pre, const Traces<kPostTraces>& post) const;
//     SNN_HD void on_step(SynapseState& s, float third_factor) const;   // modulated rules only
//   };
//
// on_pre runs for each synapse of a pre spike, after its delivery (with the weight before it); it sees
// both sides' traces at this step before this step's spikes raise them. on_post runs for each synapse
// onto a target that fired; it sees the pre traces with this step's spikes (so a pre and a post spike
// in the same step count as pre before post) and the post traces before this step's spike. A
// modulated rule writes its coincidences into the synapse's eligibility; the engines then call
// on_step for every synapse every step, with the third factor (a modulator, or a value per target
// neuron), after on_post. Both engines call these functions, so the same spikes give the same weights.
// Adding a rule is its header and one line in plasticity/plasticity_rules.hpp.
#include <cstdint>
#include <string>
#include <vector>

#include "core/foundation/declared_values.hpp"
#include "core/foundation/host_device.hpp"

namespace snn {

// A number an experiment sets for a rule (with unit, default and range), or, where `options` is not
// null, a choice among the names it lists ("additive|multiplicative"), held as the chosen one's index.
struct RuleSetting {
  const char* name;
  double default_value;
  const char* unit;
  const char* meaning;
  ValueRange range = ValueRange::kAny;
  const char* options = nullptr;
};

// The values of a rule's settings, in the order of its kSettings, for its make().
template <typename Rule>
class RuleSettingValuesOf {
 public:
  explicit RuleSettingValuesOf(const std::vector<double>& values) : values_(values) {}
  double operator[](int slot) const { return values_.at(static_cast<size_t>(slot)); }

 private:
  const std::vector<double>& values_;
};

enum class SpikePairing : uint8_t { kAllToAll, kNearest };

// The most traces a rule keeps per neuron and side.
constexpr int kMaxTraces = 2;

// How one side's traces move: each decays by its factor every step and is raised where its neuron
// fires: by one (all-to-all pairing: every earlier spike counts) or to one (nearest: only the latest).
struct TraceDecays {
  float decay[kMaxTraces];
  SpikePairing pairing;
};

SNN_HD float decay_trace(float trace, float decay) { return trace * decay; }
SNN_HD float raise_trace(SpikePairing pairing, float decayed) {
  return pairing == SpikePairing::kAllToAll ? decayed + 1.0f : 1.0f;
}

// One neuron's traces of one side, as a rule's on_pre and on_post see them.
template <int N>
struct Traces {
  float value[N];
};

// What a rule may change at a synapse: its weight, and its eligibility (modulated rules).
struct SynapseState {
  float weight;
  float eligibility;
};

struct WeightBounds {
  float low, high;
  SNN_HD float clamp(float w) const { return w < low ? low : (w > high ? high : w); }
};

// A rule's place in the list of rules (plasticity/plasticity_rules.hpp).
using PlasticityRuleId = uint8_t;

}  // namespace snn
