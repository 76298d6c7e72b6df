#pragma once
// `snn run --checkpoint-every`: the run in pieces, and after each (and where a signal stops it) the
// recording brought up to date and the complete state written beside it (io/checkpoint_file.hpp), so
// that `snn run --resume` continues it from there bit for bit, also after a kill.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "io/checkpoint_file.hpp"
#include "io/run_recording.hpp"
#include "models/host_readout.hpp"

namespace snn {

struct CheckpointPlan {
  std::string path;          // where checkpoints are written (each replaces the one before)
  CheckpointInfo info;
  uint64_t every_steps = 0;  // 0: no checkpoints
};

// Runs the simulation to its end (or until `observer` asks it to stop), reporting to `observer`, with
// checkpoints as `plan` says; returns the wall time of the runs, or nothing (the error printed).
std::optional<double> run_with_checkpoints(Simulation& simulation, RunObserver& observer, RunRecording& recording,
                                           const std::vector<std::unique_ptr<HostReadout>>& readouts,
                                           const CheckpointPlan& plan);

// The complete state of a run: the simulation's and its host readouts'.
NetworkState run_state(Simulation& simulation, const std::vector<std::unique_ptr<HostReadout>>& readouts);

}  // namespace snn
