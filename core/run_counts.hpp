#pragma once
// What a run did, counted per population and projection, for the energy estimator: `snn run` stores
// these in its HDF5 file and `snn energy RUN.h5` turns them into an architecture with measured rates.
#include <cstdint>
#include <string>
#include <vector>

namespace snn {

class Engine;
struct ExperimentSpec;

struct PopulationCount {
  std::string name;
  uint64_t neurons = 0, spikes = 0;
};

struct ProjectionCount {
  std::string name, source, target;
  uint64_t source_neurons = 0, target_neurons = 0;
  uint64_t synapses = 0;
  uint64_t source_spikes = 0;    // spikes that entered the projection
  uint64_t synaptic_events = 0;  // synapses those spikes reached (each a weight read and an accumulate)
};

struct RunCounts {
  uint64_t time_steps = 0;
  double dt_ms = 0;
  std::vector<PopulationCount> populations;
  std::vector<ProjectionCount> projections;
};

// `spikes[p]`: the spikes population p fired in the run's `time_steps` steps; the engine's
// projections are the experiment's, in its order.
RunCounts collect_run_counts(const ExperimentSpec& spec, const Engine& engine, const std::vector<uint64_t>& spikes,
                             uint64_t time_steps);

}  // namespace snn
