#include "cli/run_setup.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <optional>
#include <cstdio>

#include "core/memory_estimate.hpp"
#include "core/simd_level.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"
#include "io/experiment_scaling.hpp"
#include "io/learned_weights.hpp"

namespace snn {

std::string choose_backend(const std::string& requested) {
  if (requested == "cpu") return "cpu";
  std::string reason;
  if (cuda_device_available(&reason)) return "cuda";
  if (requested == "cuda") throw std::runtime_error("--backend cuda: " + reason);
  std::fprintf(stderr, "note: %s; running on the CPU backend\n", reason.c_str());
  return "cpu";
}

uint64_t host_available_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  for (std::string key; meminfo >> key;) {
    uint64_t kib = 0;
    meminfo >> kib;
    if (key == "MemAvailable:") return kib * 1024;
    meminfo.ignore(256, '\n');
  }
  return static_cast<uint64_t>(sysconf(_SC_AVPHYS_PAGES)) * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::optional<PreparedRun> prepare_run(const RunOptions& options) {
  ExperimentSpec spec;
  ExperimentTasks tasks;
  try {
    spec = load_experiment_file(options.experiment, effective_overrides(options), &tasks);
  } catch (const std::runtime_error& e) {  // ExperimentError is one
    std::fprintf(stderr, "error: %s\n", e.what());
    return std::nullopt;
  }
  return prepare_loaded_run(options, std::move(spec), std::move(tasks));
}

std::optional<PreparedRun> prepare_loaded_run(const RunOptions& options, ExperimentSpec spec, ExperimentTasks tasks) {
  PreparedRun run;
  run.spec = std::move(spec);
  run.tasks = std::move(tasks);
  const std::string& experiment = run.spec.source_path;
  try {
    run.backend = choose_backend(options.backend);
    run.options.simd = resolve_simd_level(parse_simd_level(options.simd));
  } catch (const std::exception& e) {  // no GPU, or vector instructions this processor lacks
    std::fprintf(stderr, "error: %s\n", e.what());
    return std::nullopt;
  }
  const RecordingEstimate recording = expected_recording(run.spec);
  if (recording.bytes > kLargeRecordingBytes && !options.allow_large_output) {
    std::fprintf(stderr,
                 "error: %s: the run would write about %.3g GiB of sampled state and weights (most: %s); record "
                 "fewer or less often, or add --allow-large-output\n",
                 experiment.c_str(), recording.bytes / 1073741824.0, recording.largest.c_str());
    return std::nullopt;
  }
  if (run.backend == "cpu") {  // refuse at once what cannot fit, rather than abort once memory runs out
    const uint64_t needed = expected_host_bytes(run.spec), available = host_available_bytes();
    if (needed > available) {
      std::fprintf(stderr, "error: %s: the network needs %.3g GiB of memory and this machine has %.3g GiB available\n",
                   experiment.c_str(), needed / 1073741824.0, available / 1073741824.0);
      if (const auto scale = largest_scale_within(experiment, run.spec.source_overrides, available, MemoryOf::kHost))
        std::fprintf(stderr, "the largest scale that fits is about %.3g: --set constants.scale=%.3g\n", *scale, *scale);
      return std::nullopt;
    }
  }
  if (run.backend == "cuda") {
    try {  // refuse at once what cannot fit, rather than after minutes of construction
      check_gpu_memory(expected_state_bytes(run.spec), expected_synapse_count(run.spec));
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "error: %s: %s\n", experiment.c_str(), e.what());
      if (const auto scale = largest_scale_within(experiment, run.spec.source_overrides, gpu_free_bytes()))
        std::fprintf(stderr, "the largest scale that fits is about %.3g: --set constants.scale=%.3g\n", *scale, *scale);
      return std::nullopt;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  try {
    // Learned weights are matched synapse by synapse against tables the host holds.
    run.network = build_network(run.spec, run.backend == "cuda" && options.load_weights.empty());
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "error: %s: %s\n", experiment.c_str(), e.what());
    return std::nullopt;
  }
  if (!options.load_weights.empty()) {
    try {
      const size_t loaded = load_learned_weights(options.load_weights, run.network);
      std::printf("learned weights of %zu projection%s loaded from %s\n", loaded, loaded == 1 ? "" : "s",
                  options.load_weights.c_str());
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      return std::nullopt;
    }
  }
  run.build_seconds = seconds_since(start);
  run.steps = static_cast<uint64_t>(std::llround(run.spec.duration_ms / run.spec.dt_ms));
  try {
    run.plan = recording_plan(run.spec, run.network);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "error: %s: %s\n", experiment.c_str(), e.what());
    return std::nullopt;
  }
  run.options.backend = run.backend == "cuda" ? Backend::kCuda : Backend::kCpu;
  run.options.cuda_kernel = parse_cuda_step_kernel(options.cuda_kernel);  // CLI11 admits only its names
  run.options.cuda_blocks = options.cuda_blocks;
  run.options.keep_in_memory = false;  // the observers record
  std::printf("%s: %llu neurons, built in %.2f s on the host; simulating %g ms in %llu steps of %g ms\n",
              run.spec.name.empty() ? experiment.c_str() : run.spec.name.c_str(),
              static_cast<unsigned long long>(run.network.neuron_count()), run.build_seconds, run.spec.duration_ms,
              static_cast<unsigned long long>(run.steps), run.spec.dt_ms);
  std::fflush(stdout);
  return run;
}

std::unique_ptr<Simulation> start_simulation(PreparedRun& run) {
  std::unique_ptr<Simulation> simulation;
  try {
    simulation = std::make_unique<Simulation>(run.spec, std::move(run.network), run.options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return nullptr;
  }
  std::printf("%llu synapses; %s engine ready in %.2f s%s\n",
              static_cast<unsigned long long>(simulation->engine().synapse_count()), simulation->engine().backend_name(),
              simulation->setup_seconds(), run.backend == "cuda" ? " (synapses built and state copied on the GPU)" : "");
  std::fflush(stdout);
  return simulation;
}

std::optional<double> run_simulation(Simulation& simulation, RunObserver& observer, std::optional<uint64_t> steps) {
  const auto start = std::chrono::steady_clock::now();
  try {
    if (steps) simulation.run_steps(*steps, &observer);
    else simulation.run_to_end(&observer);
  } catch (const std::exception& e) {  // a device fault mid-run: a clear error, not an abort
    std::fprintf(stderr, "\nerror: the simulation stopped at step %llu of %llu: %s\n",
                 static_cast<unsigned long long>(simulation.current_step()),
                 static_cast<unsigned long long>(simulation.total_steps()), e.what());
    return std::nullopt;
  }
  return seconds_since(start);
}

void print_summary(const std::vector<PopulationSummary>& summaries, const ExperimentSpec& spec) {
  std::printf("%-16s %-18s %9s %11s %11s %8s\n", "population", "model", "neurons", "spikes", "rate (Hz)", "CV ISI");
  for (size_t p = 0; p < summaries.size(); ++p) {
    const PopulationSummary& s = summaries[p];
    char cv[32];
    if (std::isnan(s.cv_isi)) std::snprintf(cv, sizeof cv, "-");
    else std::snprintf(cv, sizeof cv, "%.3f", s.cv_isi);
    std::printf("%-16s %-18s %9u %11llu %11.3f %8s\n", s.name.c_str(), population_model_name(spec.populations[p]).c_str(),
                s.neurons, static_cast<unsigned long long>(s.spikes), s.mean_rate_hz, cv);
  }
}

}  // namespace snn
