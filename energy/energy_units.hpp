#pragma once
// Energies in the unit that fits them: pJ, nJ, µJ, mJ or J, chosen so that the value (or a chart's
// largest value) reads between 1 and 1000.
#include <string>

namespace snn::energy {

struct EnergyUnit {
  const char* name;  // "pJ", "nJ", "µJ", "mJ", "J"
  double pj;         // picojoules in one unit
};

// The largest unit in which `largest_pj` is at least 1 (pJ for anything smaller, J at most).
EnergyUnit energy_unit(double largest_pj);

// `pj` in its own unit with four significant digits: "7.464 mJ", "512 pJ".
std::string format_energy(double pj);

}  // namespace snn::energy
