#include "plasticity/plasticity_rule_reference.hpp"

#include <cstdio>

#include "plasticity/plasticity_rules.hpp"

namespace snn {
namespace {

// A setting's default as the experiment writes it: a number, or the name of the chosen option.
std::string default_text(const RuleSetting& s) {
  if (s.options == nullptr) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", s.default_value);
    return text;
  }
  return "`" + setting_options(s).at(static_cast<size_t>(s.default_value)) + "`";
}

std::string options_text(const RuleSetting& s) {
  std::string out;
  for (const std::string& name : setting_options(s)) out += (out.empty() ? "`" : ", `") + name + "`";
  return out;
}

}  // namespace

std::string plasticity_rules_markdown() {
  std::string out;
  for (PlasticityRuleId id = 0; id < PlasticityRules::kCount; ++id) {
    const PlasticityRuleInfo& r = plasticity_rule_info(id);
    out += std::string("#### `") + r.name + "`: " + r.summary + "\n\n";
    if (r.modulated) out += "Modulated: takes `modulator`, the name of a modulator or readout error (see modulators).\n\n";
    out += "| setting | unit | default | range or options | meaning |\n| --- | --- | --- | --- | --- |\n";
    for (uint32_t k = 0; k < r.setting_count; ++k) {
      const RuleSetting& s = r.settings[k];
      out += std::string("| `") + s.name + "` | " + s.unit + " | " + default_text(s) + " | " +
             (s.options != nullptr ? options_text(s) : std::string(range_text(s.range))) + " | " + s.meaning + " |\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace snn
