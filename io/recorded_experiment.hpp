#pragma once
// The experiment a run's file holds, read back as it ran: the YAML the file stores, with the --set
// settings the run applied (stored after it as a comment, ExperimentSpec::recorded_text).
#include <string>

#include "core/experiment_spec.hpp"
#include "io/experiment_tasks.hpp"
#include "io/hdf5_reader.hpp"

namespace snn {

// Throws ExperimentError where the stored YAML does not load (a data file it names has moved); its
// relative paths resolve beside `run_path`.
ExperimentSpec load_recorded_experiment(const RecordedRun& run, const std::string& run_path, ExperimentTasks* tasks = nullptr);

}  // namespace snn
