#pragma once
// What operations and memory accesses cost on some hardware: energies per operation by precision and
// per bit by memory level, and where weights, membrane potentials and activations live. Read from a
// YAML profile (energy/profiles/horowitz_45nm.yaml is the default, compiled into snn).
#include <string>

#include "energy/precision.hpp"

namespace snn::energy {

struct OperationPrice {
  double add_pj = 0, multiply_pj = 0;
};

struct HardwareProfile {
  std::string name;
  OperationPrice operations[kPrecisionCount];
  // pJ per bit at the memory level each kind of data is placed in, and that level's name.
  double weight_pj_per_bit = 0, membrane_pj_per_bit = 0, activation_pj_per_bit = 0;
  std::string weight_level, membrane_level, activation_level;

  double add_pj(Precision p) const { return operations[index_of(p)].add_pj; }
  double multiply_pj(Precision p) const { return operations[index_of(p)].multiply_pj; }
  double mac_pj(Precision p) const { return multiply_pj(p) + add_pj(p); }
};

// Parses a profile; errors name the file, line and column and what was expected.
HardwareProfile parse_hardware_profile(const std::string& yaml_text, const std::string& file_name);
HardwareProfile load_hardware_profile(const std::string& path);
// The 45 nm profile shipped with snn.
HardwareProfile default_hardware_profile();

}  // namespace snn::energy
