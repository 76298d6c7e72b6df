// `snn run` and `snn validate`: load, build, simulate, record, summarize.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/progress_display.hpp"
#include "core/engine.hpp"
#include "core/spike_statistics.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"
#include "io/hdf5_recorder.hpp"

namespace snn {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string default_output(const std::string& experiment) {
  std::string stem = experiment.substr(experiment.find_last_of('/') + 1);
  const size_t dot = stem.rfind('.');
  if (dot != std::string::npos) stem.resize(dot);
  return stem + ".h5";
}

EngineOptions recording_plan(const ExperimentSpec& spec, const Network& net) {
  EngineOptions options;
  options.threads = spec.threads;
  options.record_spikes.assign(net.populations.size(), spec.record.all_spikes);
  for (const std::string& name : spec.record.spike_populations) options.record_spikes[spec.population_index(name)] = true;
  for (const StateRecordSpec& s : spec.record.state)
    for (const std::string& variable : s.variables)
      options.state_probes.push_back(StateProbe{static_cast<uint32_t>(spec.population_index(s.population)), variable,
                                                s.neurons,
                                                static_cast<uint64_t>(std::llround(s.interval_ms / spec.dt_ms))});
  return options;
}

void print_summary(const std::vector<PopulationSummary>& summaries, const ExperimentSpec& spec) {
  std::printf("%-16s %-18s %9s %11s %11s %8s\n", "population", "model", "neurons", "spikes", "rate (Hz)", "CV ISI");
  for (size_t p = 0; p < summaries.size(); ++p) {
    const PopulationSummary& s = summaries[p];
    char cv[32];
    if (std::isnan(s.cv_isi)) std::snprintf(cv, sizeof cv, "-");
    else std::snprintf(cv, sizeof cv, "%.3f", s.cv_isi);
    std::printf("%-16s %-18s %9u %11llu %11.3f %8s\n", s.name.c_str(), neuron_model_name(spec.populations[p].model),
                s.neurons, static_cast<unsigned long long>(s.spikes), s.mean_rate_hz, cv);
  }
}

}  // namespace

std::vector<std::string> effective_overrides(const RunOptions& options) {
  std::vector<std::string> overrides = options.overrides;
  if (options.seed) overrides.push_back("simulation.seed=" + std::to_string(*options.seed));
  if (options.duration_ms) {
    char text[64];
    std::snprintf(text, sizeof text, "simulation.duration=%.17g", *options.duration_ms);
    overrides.push_back(text);
  }
  if (options.threads) overrides.push_back("simulation.threads=" + std::to_string(*options.threads));
  return overrides;
}

int validate_command(const std::string& experiment, const std::vector<std::string>& overrides) {
  try {
    const ExperimentSpec spec = load_experiment_file(experiment, overrides);
    uint64_t neurons = 0;
    for (const auto& p : spec.populations) neurons += p.size;
    std::printf("%s: valid (%zu populations, %llu neurons, %zu projections, %zu inputs; dt %g ms, %g ms)\n",
                experiment.c_str(), spec.populations.size(), static_cast<unsigned long long>(neurons),
                spec.projections.size(), spec.inputs.size(), spec.dt_ms, spec.duration_ms);
    return 0;
  } catch (const ExperimentError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

// The engine the user asked for; "auto" falls back to the CPU with a one-line notice.
std::string choose_backend(const std::string& requested) {
  if (requested == "cpu") return "cpu";
  std::string reason;
  if (cuda_device_available(&reason)) return "cuda";
  if (requested == "cuda") throw std::runtime_error("--backend cuda: " + reason);
  std::fprintf(stderr, "note: no usable CUDA device (%s); running on the CPU backend\n", reason.c_str());
  return "cpu";
}

int run_command(const RunOptions& options) {
  std::string backend;
  try {
    backend = choose_backend(options.backend);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  ExperimentSpec spec;
  try {
    spec = load_experiment_file(options.experiment, effective_overrides(options));
  } catch (const ExperimentError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  const auto build_start = std::chrono::steady_clock::now();
  Network net;
  try {
    net = build_network(spec);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "error: %s: %s\n", options.experiment.c_str(), e.what());
    return 1;
  }
  const double build_seconds = seconds_since(build_start);
  const uint64_t steps = static_cast<uint64_t>(std::llround(spec.duration_ms / spec.dt_ms));
  std::printf("%s: %llu neurons, %llu synapses, built in %.2f s; simulating %g ms in %llu steps of %g ms\n",
              spec.name.empty() ? options.experiment.c_str() : spec.name.c_str(),
              static_cast<unsigned long long>(net.neuron_count()), static_cast<unsigned long long>(net.synapse_count()),
              build_seconds, spec.duration_ms, static_cast<unsigned long long>(steps), spec.dt_ms);
  std::fflush(stdout);

  EngineOptions plan = recording_plan(spec, net);
  const std::string output = options.output.empty() ? default_output(options.experiment) : options.output;
  RecordingMetadata metadata{spec.source_text, spec.name, spec.seed, spec.dt_ms, spec.duration_ms, backend};
  std::unique_ptr<Hdf5Recorder> recorder;
  try {
    recorder = std::make_unique<Hdf5Recorder>(output, net, plan.record_spikes, plan.state_probes, metadata);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  SpikeStatistics statistics(net);
  // Statistics need every population's spikes; the recorder keeps its own choice of populations.
  plan.record_spikes.assign(net.populations.size(), true);
  ProgressDisplay progress(spec.dt_ms, options.progress && isatty(STDERR_FILENO));
  ObserverList observers;
  observers.add(recorder.get());
  observers.add(&statistics);
  observers.add(&progress);

  const auto setup_start = std::chrono::steady_clock::now();
  std::unique_ptr<Engine> engine;
  try {
    engine = backend == "cuda" ? make_cuda_engine(std::move(net), plan) : make_cpu_engine(std::move(net), plan);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  if (backend == "cuda") std::printf("copied to the GPU in %.2f s\n", seconds_since(setup_start));
  const auto run_start = std::chrono::steady_clock::now();
  engine->run(steps, observers);
  const double run_seconds = seconds_since(run_start);
  progress.finish();
  recorder->finish(run_seconds);

  const double simulated_seconds = spec.duration_ms * 1e-3;
  std::printf("simulated %g s in %.3f s wall (real-time factor %.3f) on the %s backend\n", simulated_seconds,
              run_seconds, run_seconds / simulated_seconds, engine->backend_name());
  print_summary(statistics.summaries(spec.duration_ms), spec);
  std::printf("spikes written to %s\n", output.c_str());
  return 0;
}

}  // namespace snn
