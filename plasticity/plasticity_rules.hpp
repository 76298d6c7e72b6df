#pragma once
// The one list of plasticity rules. Everything that depends on a projection's rule (the loader's
// checks, the builder, both engines' learning, memory accounting, `snn models`) reads it through
// visit_plasticity_rule or plasticity_rule_info, so a rule is added here and nowhere else (its header
// beside this one: plasticity/plasticity_rule_model.hpp says what it declares).
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "plasticity/inhibitory_stdp.hpp"
#include "plasticity/stdp.hpp"
#include "plasticity/three_factor.hpp"
#include "plasticity/triplet_stdp.hpp"

namespace snn {

template <typename... Rules>
struct PlasticityRuleList {
  static constexpr uint32_t kCount = sizeof...(Rules);
  static constexpr size_t kLargest = std::max({sizeof(Rules)...});
};

using PlasticityRules = PlasticityRuleList<StdpRule, ThreeFactorRule, TripletStdpRule, InhibitoryStdpRule>;

// Where a modulated rule's third factor comes from: one of the network's global modulators, or one
// of its readout errors (a value per target neuron).
struct ThirdFactorSource {
  bool per_target = false;
  uint32_t index = 0;
};

// A plastic projection's rule, as both engines hold it: which rule, its constants (the rule's own
// struct, kept as bytes so that one type serves every rule, on the host and on the GPU) and, for a
// modulated rule, its third factor.
struct PlasticityRule {
  PlasticityRuleId id = 0;
  ThirdFactorSource third_factor;
  uint32_t constants[(PlasticityRules::kLargest + 3) / 4];  // words: read one aligned load each

  template <typename Rule>
  static PlasticityRule of(PlasticityRuleId id, const Rule& rule) {
    static_assert(std::is_trivially_copyable_v<Rule>, "a rule is copied to the GPU as bytes");
    PlasticityRule r{};
    r.id = id;
    std::memcpy(r.constants, &rule, sizeof(Rule));  // the rest stays zero: the bytes are deterministic
    return r;
  }
  // The constants as the rule's own struct: word by word into a local copy (a copy straight from
  // `constants` would be compiled into byte loads on the GPU, its alignment unknown there).
  template <typename Rule>
  SNN_HD Rule as() const {
    static_assert(sizeof(Rule) % sizeof(uint32_t) == 0, "a rule is whole words");
    uint32_t words[sizeof(Rule) / sizeof(uint32_t)];
    for (size_t k = 0; k < sizeof(Rule) / sizeof(uint32_t); ++k) words[k] = constants[k];
    Rule rule;
    memcpy(&rule, words, sizeof(Rule));
    return rule;
  }
};

namespace detail {
template <typename F, typename... Rules>
SNN_HD void visit_rule_in(PlasticityRuleList<Rules...>, const PlasticityRule& rule, F&& f) {
  PlasticityRuleId k = 0;
  (void)((rule.id == k++ ? (f(rule.as<Rules>()), true) : false) || ...);
}
}  // namespace detail

// Calls f(rule's constants) with the rule's own type, so that each rule's learning is compiled on its
// own. Used by both engines once per projection and phase, outside their loops over synapses.
template <typename F>
SNN_HD void visit_plasticity_rule(const PlasticityRule& rule, F&& f) {
  detail::visit_rule_in(PlasticityRules{}, rule, static_cast<F&&>(f));
}

// What the host knows of a rule, read from its declaration (plasticity_rule_registry.cpp).
struct PlasticityRuleInfo {
  const char* name;
  const char* summary;
  const RuleSetting* settings;
  uint32_t setting_count;
  bool modulated;
  int pre_traces, post_traces;
  // The rule's constants for settings in kSettings order and a step of dt.
  PlasticityRule (*make)(PlasticityRuleId id, const std::vector<double>& settings, double dt);

  int setting(const std::string& name) const;  // -1 where there is none
  std::vector<double> defaults() const;
};

const PlasticityRuleInfo& plasticity_rule_info(PlasticityRuleId id);
std::vector<std::string> plasticity_rule_names();  // in the list's order: a name's index is its id
// The id of the rule called `name`; throws std::invalid_argument naming the rules when there is none.
PlasticityRuleId plasticity_rule_id(const std::string& name);

// The names a choice setting offers ("additive|multiplicative" -> additive, multiplicative), in the
// order of their indices; empty for a number.
std::vector<std::string> setting_options(const RuleSetting& setting);

// The weight bounds of a rule's constants.
WeightBounds weight_bounds(const PlasticityRule& rule);

}  // namespace snn
