#pragma once
// `snn run --resume`: a run continued from its checkpoint (cli/checkpointed_run.hpp). The experiment
// comes from the checkpoint as it was read when the run began; the run's file is carried over up to
// the checkpoint (io/run_carry_over.hpp) into a new file at its place, the earlier one kept aside
// until the new one holds all of it, so that a kill at any moment loses nothing a later resume needs.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/run_setup.hpp"
#include "io/checkpoint_file.hpp"
#include "io/run_recording.hpp"

namespace snn {

struct ResumePoint {
  std::string checkpoint_path;
  std::string run_file;  // beside the checkpoint
  Checkpoint checkpoint;
};

// The checkpoint that `path` names: a checkpoint file, or a run's file with its checkpoint beside it.
// Prints the error and returns nothing where there is none.
std::optional<ResumePoint> find_resume_point(const std::string& path);

// The checkpoint's experiment loaded and built as `snn run` builds it (options: backend, threads).
std::optional<PreparedRun> prepare_resumed_run(const RunOptions& options, const ResumePoint& point);

// The resumed run's recording at the run's file, holding the earlier run up to the checkpoint.
// Throws std::runtime_error where the earlier file cannot be carried over.
std::unique_ptr<RunRecording> resumed_recording(const ResumePoint& point, const Simulation& simulation,
                                                const std::vector<ReadoutStreamSpec>& readouts);

}  // namespace snn
