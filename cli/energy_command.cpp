// `snn energy ARCH.yaml|RUN.h5 [...] [--profile P ...]`: the energy of an SNN against ANN baselines of
// the same architecture, from a description or from the counts of a run, as a table on the terminal and
// as JSON, CSV and HTML (with charts) files; several architectures or profiles side by side.
#include <cstdio>
#include <fstream>

#include "cli/commands.hpp"
#include "energy/architecture_source.hpp"
#include "energy/energy_html_report.hpp"
#include "energy/energy_report_writer.hpp"
#include "io/experiment_error.hpp"

namespace snn {

int energy_command(const std::vector<std::string>& architecture_paths, const std::vector<std::string>& profile_paths,
                   const std::string& method, const std::string& output) {
  energy::LabelledReports reports;
  try {
    std::vector<std::pair<std::string, energy::Architecture>> architectures;
    for (const std::string& path : architecture_paths) architectures.emplace_back(path, energy::architecture_of(path));
    reports = energy::estimate_for_profiles(architectures, profile_paths, method);
  } catch (const ExperimentError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  nlohmann::json json;
  std::string csv;
  for (const auto& [label, report] : reports) {
    if (reports.size() > 1) std::printf("== %s\n", label.c_str());
    std::fputs(energy::report_text(report).c_str(), stdout);
    if (reports.size() == 1) {
      json = energy::report_json(report);
      csv = energy::report_csv(report);
    } else {  // a list of labelled reports; the CSV gains a first column naming the report
      json["reports"].push_back({{"label", label}, {"report", energy::report_json(report)}});
      const std::string rows = energy::report_csv(report);
      size_t start = 0;
      for (size_t end = rows.find('\n'); end != std::string::npos; start = end + 1, end = rows.find('\n', start)) {
        if (start == 0 && !csv.empty()) continue;  // one header
        csv += (start == 0 ? std::string("report") : "\"" + label + "\"") + "," + rows.substr(start, end - start + 1);
      }
    }
  }
  const std::string json_path = output + ".json", csv_path = output + ".csv", html_path = output + ".html";
  std::ofstream json_file(json_path), csv_file(csv_path), html_file(html_path);
  if (!json_file || !csv_file || !html_file) {
    std::fprintf(stderr, "error: cannot write %s, %s and %s\n", json_path.c_str(), csv_path.c_str(), html_path.c_str());
    return 1;
  }
  json_file << json.dump(2) << "\n";
  csv_file << csv;
  html_file << energy::report_html(reports);
  std::printf("wrote %s, %s and %s\n", json_path.c_str(), csv_path.c_str(), html_path.c_str());
  return 0;
}

}  // namespace snn
