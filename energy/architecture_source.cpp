#include "energy/architecture_source.hpp"

#include <stdexcept>

#include "energy/run_architecture.hpp"
#include "io/hdf5_reader.hpp"
#include "models/layer_run_record.hpp"

namespace snn::energy {
namespace {

bool is_hdf5_path(const std::string& path) {
  for (const std::string suffix : {".h5", ".hdf5"})
    if (path.size() > suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) return true;
  return false;
}

}  // namespace

// A layer model's run stores its architecture with the measured rates; a network's run, its counts.
Architecture architecture_of(const std::string& path) {
  if (!is_hdf5_path(path)) return load_architecture(path);
  if (is_layer_run_file(path)) return parse_architecture(read_layer_run(path).energy_architecture, path);
  return architecture_from_run(read_recorded_run(path), path);
}

LabelledReports estimate_for_profiles(const std::vector<std::pair<std::string, Architecture>>& architectures,
                                      const std::vector<std::string>& profile_paths, const std::string& method) {
  std::vector<HardwareProfile> profiles;
  for (const std::string& p : profile_paths) profiles.push_back(load_hardware_profile(p));
  if (profiles.empty()) profiles.push_back(default_hardware_profile());
  std::optional<EnergyMethod> chosen;
  if (!method.empty()) {
    chosen = method_from_name(method);
    if (!chosen) throw std::invalid_argument("unknown energy method '" + method + "'; known: full, synaptic_ops");
  }
  LabelledReports reports;
  for (const auto& [name, given] : architectures) {
    Architecture architecture = given;
    if (chosen) architecture.method = *chosen;
    for (const HardwareProfile& profile : profiles) {
      std::string label = architectures.size() > 1 ? name : "";
      if (profiles.size() > 1) label += (label.empty() ? "" : ", ") + profile.name;
      reports.emplace_back(label.empty() ? profile.name : label, estimate_energy(architecture, profile));
    }
  }
  return reports;
}

}  // namespace snn::energy
