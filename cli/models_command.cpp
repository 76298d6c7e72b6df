// `snn models`: the neuron models and plasticity rules this build knows, with every value they take.
#include <cstdio>

#include "cli/commands.hpp"
#include "neurons/neuron_model_reference.hpp"
#include "plasticity/plasticity_rule_reference.hpp"

namespace snn {

int models_command() {
  std::fputs(("### Neuron models\n\n" + neuron_models_markdown() + "### Plasticity rules\n\n" +
              plasticity_rules_markdown()).c_str(), stdout);
  return 0;
}

}  // namespace snn
