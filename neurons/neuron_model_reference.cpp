#include "neurons/neuron_model_reference.hpp"

#include "core/foundation/number_text.hpp"
#include "neurons/neuron_models.hpp"

namespace snn {
namespace {

const char* role_text(ValueRole role) {
  switch (role) {
    case ValueRole::kState: return "initial state";
    case ValueRole::kInternalState: return "internal state";
    case ValueRole::kParameter: return "parameter";
    case ValueRole::kDerived: return "derived";
  }
  return "?";
}

}  // namespace

std::string neuron_models_markdown() {
  std::string out;
  for (NeuronModelId id = 0; id < NeuronModels::kCount; ++id) {
    const NeuronModelInfo& m = neuron_model_info(id);
    out += std::string("#### `") + m.name + "`: " + m.summary + "\n\n";
    if (m.takes_substeps) out += "Takes `substeps` (integration sub-steps per `dt`).\n\n";
    if (m.offers_forward_euler)
      out += "Offers `integrator: forward_euler` (the membrane and the synaptic ports by forward-Euler steps, as "
             "Brian2's `method='euler'`) beside its default, `exact`.\n\n";
    if (m.compartment_count > 1) {
      out += "Compartments (a synapse's `compartment`; current inputs reach the first): ";
      for (uint32_t c = 0; c < m.compartment_count; ++c) out += (c ? ", `" : "`") + std::string(m.compartments[c]) + "`";
      out += ".\n\n";
    }
    out += "| value | role | unit | default | range | meaning |\n| --- | --- | --- | --- | --- | --- |\n";
    for (uint32_t k = 0; k < m.value_count; ++k) {
      const NeuronValueInfo& v = m.values[k];
      // Parameters have a plain default; state takes the model's default_state (its meaning says which);
      // derived constants are computed.
      const std::string default_text = v.role == ValueRole::kParameter ? number_text(v.default_value) : "";
      out += std::string("| `") + v.name + "` | " + role_text(v.role) + " | " + v.unit + " | " + default_text + " | " +
             range_text(v.range) + " | " + v.meaning + " |\n";
    }
    out += "\n";
  }
  return out;
}

}  // namespace snn
