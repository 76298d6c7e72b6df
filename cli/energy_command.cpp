// `snn energy ARCH.yaml`: the energy of an SNN against ANN baselines of the same architecture, as a
// table on the terminal and as JSON and CSV files.
#include <cstdio>
#include <fstream>

#include "cli/commands.hpp"
#include "energy/energy_report_writer.hpp"
#include "io/experiment_error.hpp"

namespace snn {

int energy_command(const std::string& architecture_path, const std::string& profile_path, const std::string& output) {
  energy::EnergyReport report;
  try {
    const energy::HardwareProfile profile =
        profile_path.empty() ? energy::default_hardware_profile() : energy::load_hardware_profile(profile_path);
    report = energy::estimate_energy(energy::load_architecture(architecture_path), profile);
  } catch (const ExperimentError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  std::fputs(energy::report_text(report).c_str(), stdout);
  const std::string json_path = output + ".json", csv_path = output + ".csv";
  std::ofstream json(json_path), csv(csv_path);
  if (!json || !csv) {
    std::fprintf(stderr, "error: cannot write %s and %s\n", json_path.c_str(), csv_path.c_str());
    return 1;
  }
  json << energy::report_json(report).dump(2) << "\n";
  csv << energy::report_csv(report);
  std::printf("wrote %s and %s\n", json_path.c_str(), csv_path.c_str());
  return 0;
}

}  // namespace snn
