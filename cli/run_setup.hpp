#pragma once
// What `snn run` and `snn bench` share: load the experiment, pick the backend, build the network (and
// load learned weights into it), run it with the library's Simulation (core/simulation.hpp), and
// print the population summary; errors are printed, not thrown.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/engine.hpp"
#include "core/simulation.hpp"
#include "core/spike_statistics.hpp"
#include "io/experiment_tasks.hpp"

namespace snn {

struct PreparedRun {
  ExperimentSpec spec;
  ExperimentTasks tasks;  // what the host computes beside the network (readouts, the cued-trials task)
  Network network;
  EngineOptions plan;  // what the experiment asks to record (recording_plan)
  std::string backend;  // "cpu" or "cuda"
  SimulationOptions options;
  double build_seconds = 0.0;
  uint64_t steps = 0;
};

// "cpu", or "cuda" when asked for (or for "auto", when a device is present; otherwise "cpu" with a
// one-line notice). Throws when "cuda" was asked for and there is no device.
std::string choose_backend(const std::string& requested);

// Prints the error and returns nothing when the experiment is invalid or cannot be built.
std::optional<PreparedRun> prepare_run(const RunOptions& options);
// The same for an experiment already loaded (a resumed run's, from its checkpoint).
std::optional<PreparedRun> prepare_loaded_run(const RunOptions& options, ExperimentSpec spec, ExperimentTasks tasks);

// Starts the simulation on the prepared network; prints the error and returns null if it cannot.
std::unique_ptr<Simulation> start_simulation(PreparedRun& run);

// Runs every step of the experiment (or `steps` of them), reporting to `observer`; returns the wall
// time of the loop, or nothing (the error printed) if the run fails.
std::optional<double> run_simulation(Simulation& simulation, RunObserver& observer,
                                     std::optional<uint64_t> steps = std::nullopt);

void print_summary(const std::vector<PopulationSummary>& summaries, const ExperimentSpec& spec);

double seconds_since(std::chrono::steady_clock::time_point start);

// Bytes of memory this machine can give a new process now (MemAvailable: free memory and caches it
// may drop).
uint64_t host_available_bytes();

}  // namespace snn
