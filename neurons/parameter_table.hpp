#pragma once
// The parameters a neuron model accepts, with their units and defaults: the single list that the
// experiment loader validates against and that docs/experiment-schema.md mirrors.
#include <cstddef>

namespace snn {

struct ParameterInfo {
  const char* name;
  double default_value;
  const char* unit;
  const char* meaning;
};

}  // namespace snn
