#pragma once
// What `snn run` and `snn bench` share: load and validate the experiment, pick the backend, build
// the network, start the engine, and print the population summary.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/engine.hpp"
#include "core/spike_statistics.hpp"

namespace snn {

struct PreparedRun {
  ExperimentSpec spec;
  Network network;
  EngineOptions plan;  // what the experiment asks to record
  std::string backend;
  double build_seconds = 0.0;
  uint64_t steps = 0;
};

// Prints the error and returns nothing when the experiment is invalid or cannot be built.
std::optional<PreparedRun> prepare_run(const RunOptions& options);

// Moves the network into the chosen engine; prints the error and returns null on failure.
std::unique_ptr<Engine> start_engine(PreparedRun& run, EngineOptions plan, double& setup_seconds);

void print_summary(const std::vector<PopulationSummary>& summaries, const ExperimentSpec& spec);

double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace snn
