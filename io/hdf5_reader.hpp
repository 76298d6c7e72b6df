#pragma once
// Reads back what Hdf5Recorder wrote: for `snn info`, for `snn run --load-weights` and for tests.
#include <cstdint>
#include <string>
#include <vector>

#include "core/run_counts.hpp"

namespace snn {

struct RecordedSpikes {
  std::string population;
  uint32_t size = 0;
  std::vector<double> timestamps_ms;
  std::vector<uint64_t> node_ids;
};

struct RecordedState {
  std::string name, population, variable;
  std::vector<uint32_t> node_ids;
  std::vector<double> times_ms;
  std::vector<float> data;  // times x node_ids, row-major
};

// A plastic projection's synapses at the end of its run.
struct RecordedWeights {
  std::string projection;
  std::vector<uint32_t> sources, targets;
  std::vector<float> weights;
};

// A plastic projection's sampled weights (/weight_history/<projection>).
struct RecordedWeightHistory {
  std::string projection;
  std::vector<double> times_ms;
  std::vector<float> data;  // samples x width, row-major
  uint64_t width = 0;
};

// A host readout's samples (/readouts/<name>).
struct RecordedReadout {
  std::string name, kind;
  std::vector<double> times_ms;
  std::vector<float> values, teacher;  // samples x outputs; teacher for FORCE only
};

struct RecordedRun {
  std::string experiment_yaml, experiment_name, version, backend;
  // "complete"; "interrupted" (stopped by a signal or the caller before its duration, closed cleanly);
  // "running" (killed: the file holds the run up to time_reached_ms).
  std::string status;
  uint64_t seed = 0;
  double dt_ms = 0, duration_ms = 0, wall_time_s = -1;
  // How much of the run the file holds whole (the duration, where it completed); a killed run's file may
  // hold some spikes beyond, of the chunks filled after its last flush.
  double time_reached_ms = 0;
  std::vector<RecordedSpikes> spikes;
  std::vector<RecordedState> state;
  std::vector<RecordedWeights> weights;
  std::vector<RecordedWeightHistory> weight_history;
  std::vector<RecordedReadout> readouts;
  bool has_counts = false;  // runs killed before the end have none
  RunCounts counts;
};

// Throws std::runtime_error when the file is missing or is not a run written by snn.
RecordedRun read_recorded_run(const std::string& path);

// Every group and dataset of a run's file, datasets with their shape (rows, columns; columns 0 for one
// dimension), in the file's order: what `snn info` lists.
struct DatasetShape {
  std::string path;
  uint64_t rows = 0, columns = 0;
  bool group = false;
};
std::vector<DatasetShape> list_datasets(const std::string& path);

// Only the learned weights of a run's file; throws when it has none.
std::vector<RecordedWeights> read_learned_weights(const std::string& path);

}  // namespace snn
