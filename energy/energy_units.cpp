#include "energy/energy_units.hpp"

#include <cmath>
#include <cstdio>

namespace snn::energy {

EnergyUnit energy_unit(double largest_pj) {
  static constexpr EnergyUnit kUnits[] = {{"J", 1e12}, {"mJ", 1e9}, {"µJ", 1e6}, {"nJ", 1e3}, {"pJ", 1}};
  const double magnitude = std::abs(largest_pj);
  for (const EnergyUnit& u : kUnits)
    if (magnitude >= u.pj) return u;
  return kUnits[4];
}

std::string format_energy(double pj) {
  const EnergyUnit unit = energy_unit(pj);
  char text[48];
  std::snprintf(text, sizeof text, "%.4g %s", pj / unit.pj, unit.name);
  return text;
}

}  // namespace snn::energy
