#pragma once
// The host readouts of `snn run` (models/host_readout.hpp), summarized trial by trial when a population
// shows a cued-trials task (models/trial_response.hpp).
#include <memory>
#include <vector>

#include "core/experiment_spec.hpp"
#include "models/host_readout.hpp"

namespace snn {

// Prints each readout's mean response in the stimulus window and elsewhere over the last quarter of each
// phase's trials; nothing without a cued-trials task.
void print_trial_summary(const std::vector<std::unique_ptr<HostReadout>>& readouts, const ExperimentSpec& spec,
                         const ExperimentTasks& tasks);

}  // namespace snn
