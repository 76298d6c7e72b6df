#include "encoders/cued_trials.hpp"

#include <cmath>

#include "core/foundation/random_stream.hpp"

namespace snn {

uint32_t CuedTrials::trial_count() const {
  uint32_t n = 0;
  for (const CuedTrialPhase& p : phases) n += p.trials;
  return n;
}

uint32_t CuedTrials::bins_per_trial() const { return static_cast<uint32_t>(std::llround(trial_ms / bin_ms)); }

const CuedTrialPhase& CuedTrials::phase_of(uint32_t trial) const {
  for (const CuedTrialPhase& p : phases) {
    if (trial < p.trials) return p;
    trial -= p.trials;
  }
  return phases.back();
}

int CuedTrials::stimulus_of(uint32_t trial) const {
  const float u = uniform_from_bits(make_stream(seed, 0, StreamPurpose::kTrialStimulus).block(trial, 0).v[0]);
  double below = 0.0;
  const std::vector<double>& p = phase_of(trial).probabilities;
  for (size_t k = 0; k < p.size(); ++k) {
    below += p[k];
    if (u < below) return static_cast<int>(k);
  }
  return -1;
}

std::vector<float> render_cued_trials(const CuedTrials& trials, CuedTrialChannel channel, uint32_t neurons) {
  const uint32_t bins = trials.bins_per_trial(), count = trials.trial_count();
  const uint32_t group = channel == CuedTrialChannel::kCue ? neurons : neurons / trials.stimulus_count();
  // A bin shows what is on at its start.
  auto shown = [&](double t, double onset, double duration) { return t >= onset - 1e-9 && t < onset + duration - 1e-9; };
  std::vector<float> values(static_cast<uint64_t>(count) * bins * neurons, 0.0f);
  for (uint32_t trial = 0; trial < count; ++trial) {
    const int stimulus = channel == CuedTrialChannel::kStimuli ? trials.stimulus_of(trial) : 0;
    if (stimulus < 0) continue;
    const double onset = channel == CuedTrialChannel::kCue ? 0.0 : trials.phase_of(trial).delay_ms;
    const double duration = channel == CuedTrialChannel::kCue ? trials.cue_ms : trials.stimulus_ms;
    for (uint32_t b = 0; b < bins; ++b) {
      if (!shown(b * trials.bin_ms, onset, duration)) continue;
      float* item = values.data() + (static_cast<uint64_t>(trial) * bins + b) * neurons;
      for (uint32_t n = stimulus * group; n < (stimulus + 1) * group; ++n) item[n] = 1.0f;
    }
  }
  return values;
}

}  // namespace snn
