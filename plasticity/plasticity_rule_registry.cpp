// The host's table of plasticity rules, made from PlasticityRules at compile time: a rule that lacks a
// declaration plasticity/plasticity_rule_model.hpp asks for does not compile here.
#include <array>
#include <iterator>

#include "plasticity/plasticity_rules.hpp"

namespace snn {
namespace {

template <typename Rule>
PlasticityRule make_rule(PlasticityRuleId id, const std::vector<double>& settings, double dt) {
  return PlasticityRule::of(id, Rule::make(RuleSettingValuesOf<Rule>(settings), dt));
}

template <typename Rule>
PlasticityRuleInfo info_of() {
  static_assert(Rule::kPreTraces <= kMaxTraces && Rule::kPostTraces <= kMaxTraces, "raise kMaxTraces for this rule");
  static_assert(slot_of(Rule::kSettings, "w_min") >= 0 && slot_of(Rule::kSettings, "w_max") >= 0,
                "every rule bounds its weights");
  return {Rule::kName,       Rule::kSummary,     Rule::kSettings, static_cast<uint32_t>(std::size(Rule::kSettings)),
          Rule::kModulated,  Rule::kPreTraces,   Rule::kPostTraces, &make_rule<Rule>};
}

template <typename... Rules>
std::array<PlasticityRuleInfo, sizeof...(Rules)> make_table(PlasticityRuleList<Rules...>) {
  return {info_of<Rules>()...};
}

const auto& table() {
  static const auto rules = make_table(PlasticityRules{});
  return rules;
}

}  // namespace

int PlasticityRuleInfo::setting(const std::string& name) const {
  for (uint32_t k = 0; k < setting_count; ++k)
    if (name == settings[k].name) return static_cast<int>(k);
  return -1;
}

std::vector<double> PlasticityRuleInfo::defaults() const {
  std::vector<double> values;
  for (uint32_t k = 0; k < setting_count; ++k) values.push_back(settings[k].default_value);
  return values;
}

const PlasticityRuleInfo& plasticity_rule_info(PlasticityRuleId id) { return table().at(id); }

PlasticityRuleId plasticity_rule_id(const std::string& name) {
  return static_cast<PlasticityRuleId>(index_by_name(table(), name, "plasticity rule"));
}

std::vector<std::string> plasticity_rule_names() {
  std::vector<std::string> names;
  for (const PlasticityRuleInfo& info : table()) names.push_back(info.name);
  return names;
}

std::vector<std::string> setting_options(const RuleSetting& setting) {
  std::vector<std::string> options;
  if (setting.options == nullptr) return options;
  const std::string all = setting.options;
  for (size_t start = 0, bar; start <= all.size(); start = bar + 1) {
    bar = all.find('|', start);
    if (bar == std::string::npos) bar = all.size();
    options.push_back(all.substr(start, bar - start));
  }
  return options;
}

WeightBounds weight_bounds(const PlasticityRule& rule) {
  WeightBounds bounds{};
  visit_plasticity_rule(rule, [&](const auto& r) { bounds = r.bounds(); });
  return bounds;
}

}  // namespace snn
