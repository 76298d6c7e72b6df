#pragma once
// Where an energy estimate's architecture comes from: a description (YAML), a layer model's run (its
// architecture with the measured rates) or a network's run (its counts), for `snn energy` and the
// Python package alike; and the estimate for each of several hardware profiles.
#include <string>
#include <utility>
#include <vector>

#include "energy/architecture.hpp"
#include "energy/energy_model.hpp"

namespace snn::energy {

// The architecture described or run at `path` (.h5/.hdf5: a run's file, else an architecture YAML).
// Throws ExperimentError (located) for a bad description, std::runtime_error for an unreadable run.
Architecture architecture_of(const std::string& path);

// Reports labelled by what differs between them: one per architecture and hardware profile (the
// default profile when `profile_paths` is empty); `method` ("" keeps each architecture's own) is a
// name method_from_name knows (std::invalid_argument otherwise).
LabelledReports estimate_for_profiles(const std::vector<std::pair<std::string, Architecture>>& architectures,
                                      const std::vector<std::string>& profile_paths, const std::string& method);

}  // namespace snn::energy
