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
  std::string options = s.options;
  for (int k = 0; k < static_cast<int>(s.default_value); ++k) options = options.substr(options.find('|') + 1);
  return "`" + options.substr(0, options.find('|')) + "`";
}

std::string options_text(const char* options) {
  std::string out = "`";
  for (const char* c = options; *c != '\0'; ++c) out += *c == '|' ? std::string("`, `") : std::string(1, *c);
  return out + "`";
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
             (s.options != nullptr ? options_text(s.options) : std::string(range_text(s.range))) + " | " + s.meaning + " |\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace snn
