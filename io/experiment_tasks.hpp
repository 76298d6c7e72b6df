#pragma once
// What an experiment file asks of the host beside the network it simulates (core/experiment_spec.hpp):
// readouts computed from the spikes, FORCE learning among them (models/host_readout.hpp), and the
// cued-trials task its encoded sources show (encoders/cued_trials.hpp), which the run's summary and
// the trial responses read, and the reference its figures compare with. The simulator never sees them.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "encoders/cued_trials.hpp"

namespace snn {

// A readout computed on the host from the spikes (models/host_readout.hpp): the filtered trains of a
// population's neurons (mean per group when `outputs` is fewer than its neurons), or a FORCE readout of
// population `source` taught by `population`'s trains.
struct ReadoutSpec {
  std::string name;
  bool force = false;
  std::string population;  // spikes: whose trains; force: the teacher's
  std::string source;      // force: the population read
  uint32_t outputs = 0;    // groups of `population`; 0: one per neuron
  double tau_ms = 20.0, interval_ms = 10.0;
  double alpha = 1.0, update_ms = 1.0;  // force: P(0) = I / alpha, time between updates
};

// Published rates an experiment's result is compared with in its figures (`snn plot`): spikes per
// second per neuron for some of its populations, and where they come from.
struct ReferenceRates {
  std::string source;
  std::vector<std::pair<std::string, double>> rates;  // population, rate; in the file's order
};

struct ExperimentTasks {
  std::vector<ReadoutSpec> readouts;
  std::optional<CuedTrials> cued_trials;  // the task the experiment's encoded sources show, if any
  std::optional<ReferenceRates> reference;
};

}  // namespace snn
