#pragma once
// A prediction task of what, when and how likely: each trial opens with a cue, and after a delay one of
// several stimuli follows, drawn with given probabilities (or none, with what they leave to 1). Phases
// of trials change the delay and the probabilities mid-run, so that a learner must re-adapt.
// Rendered as the items of an encoded source (one item per time bin, one value per neuron): the cue's
// population sees the cue channel, the stimuli's population one group of neurons per stimulus.
#include <cstdint>
#include <vector>

namespace snn {

struct CuedTrialPhase {
  uint32_t trials = 1;
  double delay_ms = 300.0;            // from the cue's onset to the stimulus's
  std::vector<double> probabilities;  // one per stimulus, summing to at most 1
};

struct CuedTrials {
  double trial_ms = 1000.0, bin_ms = 10.0;
  double cue_ms = 50.0, stimulus_ms = 50.0;  // how long each is shown
  std::vector<CuedTrialPhase> phases;
  uint64_t seed = 1;

  uint32_t stimulus_count() const { return phases.empty() ? 0 : static_cast<uint32_t>(phases[0].probabilities.size()); }
  uint32_t trial_count() const;
  uint32_t bins_per_trial() const;
  // The phase that trial `trial` belongs to.
  const CuedTrialPhase& phase_of(uint32_t trial) const;
  // The stimulus that trial `trial` shows, or -1 for none: a Philox draw of (seed, trial).
  int stimulus_of(uint32_t trial) const;
};

enum class CuedTrialChannel { kCue, kStimuli };

// Items x neurons intensities (0 or 1), one item per bin of every trial. kCue: every neuron shows the
// cue; kStimuli: neuron n shows stimulus n / (neurons / stimulus_count).
std::vector<float> render_cued_trials(const CuedTrials& trials, CuedTrialChannel channel, uint32_t neurons);

}  // namespace snn
