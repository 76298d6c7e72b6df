// `snn info out.h5`: what a recorded run holds.
#include <cstdio>
#include <stdexcept>

#include "cli/commands.hpp"
#include "io/hdf5_reader.hpp"

namespace snn {

int info_command(const std::string& path) {
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
  for (const RecordedSpikes& s : run.spikes) {
    const double last = s.timestamps_ms.empty() ? 0.0 : s.timestamps_ms.back();
    const double rate = s.size > 0 && run.duration_ms > 0 ? s.timestamps_ms.size() / (s.size * run.duration_ms * 1e-3) : 0.0;
    std::printf("  /spikes/%-14s %9u neurons %11zu spikes  mean rate %8.3f Hz  last spike %.1f ms\n",
                s.population.c_str(), s.size, s.timestamps_ms.size(), rate, last);
  }
  for (const RecordedState& s : run.state)
    std::printf("  /state/%-15s %zu neurons x %zu samples\n", s.name.c_str(), s.node_ids.size(), s.times_ms.size());
  return 0;
}

}  // namespace snn
