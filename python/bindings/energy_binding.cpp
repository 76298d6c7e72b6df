// The energy estimator for Python: the reports `snn energy` writes, for architecture files, runs'
// files, or a Simulation's run so far, as the same JSON and text.
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "core/simulation.hpp"
#include "energy/architecture_source.hpp"
#include "energy/energy_report_writer.hpp"
#include "energy/run_architecture.hpp"
#include "python/bindings/bindings.hpp"

namespace py = pybind11;

namespace snn::python {
namespace {

// (label, report as JSON text, report as `snn energy` prints it) for each report.
py::list describe(const energy::LabelledReports& reports) {
  py::list out;
  for (const auto& [label, report] : reports)
    out.append(py::make_tuple(label, energy::report_json(report).dump(), energy::report_text(report)));
  return out;
}

// A simulation's run so far, as its file would hold it once complete.
RecordedRun as_recorded(const Simulation& simulation) {
  RecordedRun run;
  run.experiment_name = simulation.spec().name;
  run.experiment_yaml = simulation.spec().recorded_text();
  run.status = "complete";
  run.dt_ms = simulation.spec().dt_ms;
  run.duration_ms = simulation.time_ms();
  run.has_counts = true;
  run.counts = simulation.counts();
  return run;
}

}  // namespace

void bind_energy(py::module_& m) {
  m.def(
      "energy_of_files",
      [](const std::vector<std::string>& paths, const std::vector<std::string>& profiles, const std::string& method) {
        std::vector<std::pair<std::string, energy::Architecture>> architectures;
        for (const std::string& path : paths) architectures.emplace_back(path, energy::architecture_of(path));
        return describe(energy::estimate_for_profiles(architectures, profiles, method));
      },
      py::arg("paths"), py::arg("profiles"), py::arg("method"));
  m.def(
      "energy_of_simulation",
      [](const py::object& simulation, const std::vector<std::string>& profiles, const std::string& method) {
        const Simulation& sim = simulation_of(simulation);
        const std::string name = sim.spec().source_path.empty() ? sim.spec().name : sim.spec().source_path;
        const RecordedRun run = as_recorded(sim);
        std::vector<std::pair<std::string, energy::Architecture>> architectures;
        architectures.emplace_back(name, energy::architecture_from_run(run, name));
        return describe(energy::estimate_for_profiles(architectures, profiles, method));
      },
      py::arg("simulation"), py::arg("profiles"), py::arg("method"));
}

}  // namespace snn::python
