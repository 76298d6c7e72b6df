#pragma once
// The reference of every neuron model, written from the models' own declarations: what `snn models`
// prints and docs/experiment-schema.md holds between its "neuron models" markers (a test keeps the
// two the same).
#include <string>

namespace snn {

std::string neuron_models_markdown();

}  // namespace snn
