#pragma once
// A checkpoint of a run in HDF5: what it continues (the experiment as read, where it was read from, the
// --set overrides, the run's file) and its complete state (core/network_state.hpp), each array a
// dataset under /state at its name ("/state/populations/exc/V"), readable with h5py like a run file.
// Written to a temporary file and renamed over the last one, so that a run killed while writing a
// checkpoint still has the one before.
#include <string>
#include <vector>

#include "core/network_state.hpp"

namespace snn {

struct CheckpointInfo {
  std::string experiment_path;  // absolute: relative file names in the experiment resolve from there
  std::string experiment_text;  // the file as read when the run began
  std::vector<std::string> overrides;  // snn run's --set (and --seed, --duration) as settings
  std::string run_file;         // the run's HDF5 file, by its name beside the checkpoint
  double interval_ms = 0.0;     // the run's --checkpoint-every
  std::string backend;          // the engine that wrote it (either engine resumes it)
};

struct Checkpoint {
  CheckpointInfo info;
  NetworkState state;
};

// Where a run's checkpoints go: beside its file, "run.h5" -> "run.checkpoint.h5".
std::string checkpoint_path_for(const std::string& run_file);

void write_checkpoint(const std::string& path, const CheckpointInfo& info, const NetworkState& state);

// Throws std::runtime_error, saying what is wrong, for a file that is not a whole snn checkpoint.
Checkpoint read_checkpoint(const std::string& path);

// Whether `path` is a file that snn wrote as a checkpoint (rather than a run's file, say).
bool is_checkpoint_file(const std::string& path);

}  // namespace snn
