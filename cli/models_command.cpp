// `snn models`: the neuron models, plasticity rules, input kinds and source encodings this build knows,
// with every value they take.
#include <cstdio>

#include "cli/commands.hpp"
#include "core/inputs/input_kinds.hpp"
#include "encoders/source_encodings.hpp"
#include "neurons/neuron_model_reference.hpp"
#include "plasticity/plasticity_rule_reference.hpp"

namespace snn {

int models_command() {
  std::fputs(("### Neuron models\n\n" + neuron_models_markdown() + "### Plasticity rules\n\n" +
              plasticity_rules_markdown() + "### Input kinds\n\n" + input_kinds_markdown() +
              "### Encodings of encoded sources\n\n" + source_encodings_markdown())
                 .c_str(),
             stdout);
  return 0;
}

}  // namespace snn
