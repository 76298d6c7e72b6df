// `snn energy ARCH.yaml|RUN.h5`: the energy of an SNN against ANN baselines of the same architecture,
// from a description or from the counts of a run, as a table on the terminal and as JSON, CSV and HTML
// (with charts) files.
#include <cstdio>
#include <fstream>

#include "cli/commands.hpp"
#include "energy/energy_html_report.hpp"
#include "energy/energy_report_writer.hpp"
#include "energy/run_architecture.hpp"
#include "io/experiment_error.hpp"
#include "io/hdf5_reader.hpp"
#include "models/layer_run_record.hpp"

namespace snn {

namespace {

bool is_hdf5_path(const std::string& path) {
  for (const char* suffix : {".h5", ".hdf5"}) {
    const std::string s = suffix;
    if (path.size() > s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

}  // namespace

int energy_command(const std::string& architecture_path, const std::string& profile_path, const std::string& method,
                   const std::string& output) {
  energy::EnergyReport report;
  try {
    const energy::HardwareProfile profile =
        profile_path.empty() ? energy::default_hardware_profile() : energy::load_hardware_profile(profile_path);
    // A layer model's run stores its architecture with the measured rates; a network's run, its counts.
    energy::Architecture architecture =
        !is_hdf5_path(architecture_path)       ? energy::load_architecture(architecture_path)
        : is_layer_run_file(architecture_path) ? energy::parse_architecture(read_layer_run(architecture_path).energy_architecture,
                                                                            architecture_path)
                                               : energy::architecture_from_run(read_recorded_run(architecture_path), architecture_path);
    if (!method.empty()) architecture.method = *energy::method_from_name(method);  // main() checked the name
    report = energy::estimate_energy(architecture, profile);
  } catch (const ExperimentError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  std::fputs(energy::report_text(report).c_str(), stdout);
  const std::string json_path = output + ".json", csv_path = output + ".csv", html_path = output + ".html";
  std::ofstream json(json_path), csv(csv_path), html(html_path);
  if (!json || !csv || !html) {
    std::fprintf(stderr, "error: cannot write %s, %s and %s\n", json_path.c_str(), csv_path.c_str(), html_path.c_str());
    return 1;
  }
  json << energy::report_json(report).dump(2) << "\n";
  csv << energy::report_csv(report);
  html << energy::report_html(report);
  std::printf("wrote %s, %s and %s\n", json_path.c_str(), csv_path.c_str(), html_path.c_str());
  return 0;
}

}  // namespace snn
