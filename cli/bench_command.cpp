// `snn bench`: how fast an experiment runs, as figures and as one JSON line appended to a file.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <unistd.h>

#include "cli/progress_display.hpp"
#include "cli/run_setup.hpp"
#include "snn_version.hpp"

namespace snn {
namespace {

std::string today() {
  char text[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", std::gmtime(&now));
  return text;
}

}  // namespace

int bench_command(const RunOptions& options, const std::string& results_path) {
  std::optional<PreparedRun> prepared = prepare_run(options);
  if (!prepared) return 1;
  PreparedRun& run = *prepared;
  ProgressDisplay progress(run.spec.dt_ms, options.progress && isatty(STDERR_FILENO));
  ObserverList observers;
  observers.add(&progress);
  const uint64_t neurons = run.network.neuron_count();
  // Every spike of every population comes back to the host, as a full recording would.
  const std::unique_ptr<Simulation> simulation = start_simulation(run);
  if (!simulation) return 1;
  const std::optional<double> run_seconds = run_simulation(*simulation, observers);
  progress.finish();
  if (!run_seconds) return 1;
  const Engine& engine = simulation->engine();
  const double wall = *run_seconds, setup_seconds = simulation->setup_seconds();
  const uint64_t synapses = engine.synapse_count(), events = engine.synaptic_events();
  uint64_t spikes = 0;
  const std::vector<PopulationSummary> summaries = simulation->summaries();
  for (const PopulationSummary& s : summaries) spikes += s.spikes;

  const double biological = run.spec.duration_ms * 1e-3;
  const double bytes_per_synapse = synapses > 0 ? static_cast<double>(engine.memory_bytes()) / synapses : 0.0;
  std::printf("device               %s\n", engine.device_name().c_str());
  std::printf("construction         %.3f s (host) + %.3f s (engine: %s)\n", run.build_seconds, setup_seconds,
              engine.backend_name() == std::string("cuda") ? "synapses built on the GPU, state copied" : "none");
  std::printf("simulation           %.3f s wall for %g s biological\n", wall, biological);
  std::printf("real-time factor     %.4f\n", wall / biological);
  std::printf("spikes               %llu (all recorded)\n", static_cast<unsigned long long>(spikes));
  std::printf("synaptic events      %.4g per second of wall time\n", events / wall);
  std::printf("memory               %.1f bytes per synapse (%.3f GiB in all)\n", bytes_per_synapse,
              engine.memory_bytes() / 1073741824.0);
  print_summary(summaries, run.spec);

  nlohmann::json line = {{"date", today()},
                         {"version", kSnnVersion},
                         {"experiment", options.experiment},
                         {"overrides", effective_overrides(options)},
                         {"backend", engine.backend_name()},
                         {"device", engine.device_name()},
                         {"neurons", neurons},
                         {"synapses", synapses},
                         {"construction_s", run.build_seconds},
                         {"setup_s", setup_seconds},
                         {"simulation_s", wall},
                         {"biological_s", biological},
                         {"real_time_factor", wall / biological},
                         {"spikes", spikes},
                         {"synaptic_events_per_s", events / wall},
                         {"bytes_per_synapse", bytes_per_synapse}};
  std::ofstream results(results_path, std::ios::app);
  if (!results) {
    std::fprintf(stderr, "error: cannot append to %s\n", results_path.c_str());
    return 1;
  }
  results << line.dump() << "\n";
  std::printf("appended to %s\n", results_path.c_str());
  return 0;
}

}  // namespace snn
