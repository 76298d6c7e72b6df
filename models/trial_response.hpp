#pragma once
// A readout's response in a cued-trials task (encoders/cued_trials.hpp), averaged over the last trials
// of each phase and aligned on the cue: does it answer at the stimulus's time (when), on the right
// output (what), in proportion to the stimulus's probability (how likely)?
#include <cstdint>
#include <vector>

#include "encoders/cued_trials.hpp"

namespace snn {

struct PhaseResponse {
  uint32_t first_trial = 0, trials = 0;  // the trials averaged
  uint64_t samples = 0;                  // samples that fell in them (0: the run ended before)
  double bin_ms = 0.0;
  std::vector<double> curve;        // bins x outputs: the mean response from the cue on
  std::vector<double> window_mean;  // per output: mean over the phase's stimulus window [delay, delay + stimulus)
  std::vector<double> previous_window_mean;  // per output: over the previous phase's window (empty for the first)
  std::vector<double> rest_mean;    // per output: mean over the rest of the trial
  std::vector<double> peak_ms;      // per output: where the curve peaks, from the cue
};

// Responses per phase, from a readout's samples (outputs values after each step of `sample_steps`,
// taken every `bin_ms`), over the last `fraction` of each phase's trials.
std::vector<PhaseResponse> trial_responses(const CuedTrials& trials, double dt_ms, double bin_ms,
                                           const std::vector<uint64_t>& sample_steps, const std::vector<float>& samples,
                                           uint32_t outputs, double fraction);

}  // namespace snn
