#pragma once
// Checks of a weight distribution against what it feeds, shared by the library's validation
// (core/spec_validation.hpp) and the loader (which names the file's line): "" when fine, else what is
// wrong, worded to follow the weight's path (".weight: ...").
#include <string>

#include "core/synapse_spec.hpp"
#include "core/value_distribution.hpp"

namespace snn {

// A conductance cannot be negative (inhibition comes from its reversal potential); a negative weight
// would drive the membrane away from E_rev and the neurons to absurd rates.
std::string conductance_weight_problem(const ValueDistribution& weight, const SynapseSpec& synapse);

// A plastic projection's initial weights must lie within its bounds (a weight outside jumps to the
// bound at its first update).
std::string plastic_weight_problem(const ValueDistribution& weight, double w_min, double w_max);

}  // namespace snn
