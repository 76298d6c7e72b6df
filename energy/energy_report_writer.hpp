#pragma once
// An energy report as JSON, as CSV (one row per layer and model) and as the text `snn energy` prints,
// each with a plain sentence per baseline saying which side wins and below what firing rate.
#include <nlohmann/json.hpp>

#include <string>

#include "energy/energy_model.hpp"

namespace snn::energy {

// Under the synaptic-operations method the sentence speaks of synaptic operations only, the one thing
// that method counts.
std::string verdict(const BreakEven& b, Precision baseline, bool network_scale, EnergyMethod method = EnergyMethod::kFull);
nlohmann::json report_json(const EnergyReport& report);
std::string report_csv(const EnergyReport& report);
std::string report_text(const EnergyReport& report);
// What the ANN baselines are: classifiers evaluated once (or n times), or, for a simulated network, the
// same network simulated densely at every time step.
std::string baseline_description(const EnergyReport& report);

}  // namespace snn::energy
