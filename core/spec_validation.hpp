#pragma once
// The checks an experiment must pass before it is built, for experiments made in code as for those
// read from YAML: names that exist, sizes, parameters and settings within their ranges, connector
// arguments, references between populations, projections, modulators and recordings. The YAML loader
// checks the same as it reads, at the line and column of each value; this is what a spec built in C++
// goes through (Simulation calls it), so that a bad one is an error, never an out-of-bounds read.
#include <stdexcept>
#include <string>

#include "core/experiment_spec.hpp"

namespace snn {

// What is wrong, and where: "projections[1] (exc->inh).target: no population named 'inhib'".
class SpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Throws SpecError at the first problem.
void validate_experiment(const ExperimentSpec& spec);

// "no population named 'inhib' (did you mean 'inh'?); populations: exc, inh": how a reference to a
// missing population is reported, here and by the YAML loader.
std::string no_population_named(const ExperimentSpec& spec, const std::string& name);

}  // namespace snn
