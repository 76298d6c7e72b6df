#pragma once
// The reference of every plasticity rule, written from the rules' own declarations: what `snn models`
// prints after the neuron models, and docs/experiment-schema.md holds (a test keeps the two the same).
#include <string>

namespace snn {

std::string plasticity_rules_markdown();

}  // namespace snn
