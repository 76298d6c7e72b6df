// `snn models`: the neuron models this build knows, with every value they take.
#include <cstdio>

#include "cli/commands.hpp"
#include "neurons/neuron_model_reference.hpp"

namespace snn {

int models_command() {
  std::fputs(neuron_models_markdown().c_str(), stdout);
  return 0;
}

}  // namespace snn
