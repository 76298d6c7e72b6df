// `snn info out.h5`: what a recorded run holds.
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "cli/commands.hpp"
#include "io/hdf5_reader.hpp"
#include "models/layer_run_record.hpp"

namespace snn {

namespace {

int describe_layer_run(const std::string& path) {
  const LayerRunRecord run = read_layer_run(path);
  std::printf("%s: layer model run '%s' (%s), %s backend, wall time %.3f s\n", path.c_str(), run.name.c_str(),
              run.model.c_str(), run.backend.c_str(), run.wall_time_s);
  std::printf("  /outputs/logits %lld x %lld, T = %lld\n", static_cast<long long>(run.logits.dim(0)),
              static_cast<long long>(run.logits.dim(1)), static_cast<long long>(run.time_steps));
  for (const LayerCountRecord& l : run.layers)
    std::printf("  /layers %-26s firing rate %.4f%s\n", l.name.c_str(),
                l.spike_values > 0 ? static_cast<double>(l.spikes) / static_cast<double>(l.spike_values) : 0.0,
                l.input_values > 0 ? ("  input rate " + std::to_string(static_cast<double>(l.input_nonzero) /
                                                                         static_cast<double>(l.input_values))).c_str()
                                   : "");
  return 0;
}

}  // namespace

int info_command(const std::string& path) {
  try {
    if (is_layer_run_file(path)) return describe_layer_run(path);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  RecordedRun run;
  try {
    run = read_recorded_run(path);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  std::printf("%s: experiment '%s', snn %s, %s backend, status %s\n", path.c_str(), run.experiment_name.c_str(),
              run.version.c_str(), run.backend.c_str(), run.status.c_str());
  std::printf("  seed %llu, dt %g ms, duration %g ms", static_cast<unsigned long long>(run.seed), run.dt_ms,
              run.duration_ms);
  if (run.wall_time_s >= 0) std::printf(", wall time %.3f s", run.wall_time_s);
  std::printf("\n");
  const double simulated_ms = run.time_reached_ms;
  if (run.status == "interrupted")
    std::printf("  incomplete: stopped at %g ms of %g ms; rates are over the %g ms simulated\n", simulated_ms,
                run.duration_ms, simulated_ms);
  else if (run.status == "incomplete")
    std::printf("  incomplete: a killed run's file, recovered; it holds the run up to %g ms, over which the rates are\n",
                simulated_ms);
  else if (run.status != "complete")
    std::printf("  incomplete: the run ended without closing its file (killed?); it holds the run up to %g ms, over "
                "which the rates are; `snn recover %s` makes it readable by every HDF5 tool\n",
                simulated_ms, path.c_str());
  for (const RecordedSpikes& s : run.spikes) {
    const double last = s.timestamps_ms.empty() ? 0.0 : s.timestamps_ms.back();
    const size_t within = static_cast<size_t>(
        std::upper_bound(s.timestamps_ms.begin(), s.timestamps_ms.end(), simulated_ms) - s.timestamps_ms.begin());
    const double rate = s.size > 0 && simulated_ms > 0 ? within / (s.size * simulated_ms * 1e-3) : 0.0;
    std::printf("  /spikes/%-14s %9u neurons %11zu spikes  mean rate %8.3f Hz  last spike %.1f ms\n",
                s.population.c_str(), s.size, s.timestamps_ms.size(), rate, last);
  }
  for (const RecordedState& s : run.state)
    std::printf("  /state/%-15s %zu neurons x %zu samples\n", s.name.c_str(), s.node_ids.size(), s.times_ms.size());
  std::printf("  every group and dataset (rows x columns):\n");
  for (const DatasetShape& d : list_datasets(path)) {
    if (d.group)
      std::printf("    %s/\n", d.path.c_str());
    else if (d.columns > 0)
      std::printf("    %-48s %llu x %llu\n", d.path.c_str(), static_cast<unsigned long long>(d.rows),
                  static_cast<unsigned long long>(d.columns));
    else
      std::printf("    %-48s %llu\n", d.path.c_str(), static_cast<unsigned long long>(d.rows));
  }
  return 0;
}

}  // namespace snn
