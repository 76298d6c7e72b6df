#include "models/trial_response.hpp"

#include <algorithm>
#include <cmath>

namespace snn {

std::vector<PhaseResponse> trial_responses(const CuedTrials& trials, double dt_ms, double bin_ms,
                                           const std::vector<uint64_t>& sample_steps, const std::vector<float>& samples,
                                           uint32_t outputs, double fraction) {
  const uint32_t bins = static_cast<uint32_t>(std::llround(trials.trial_ms / bin_ms));
  std::vector<PhaseResponse> phases;
  uint32_t first = 0;
  for (const CuedTrialPhase& phase : trials.phases) {
    PhaseResponse r;
    r.trials = std::max<uint32_t>(1, static_cast<uint32_t>(std::llround(phase.trials * fraction)));
    r.first_trial = first + phase.trials - r.trials;
    r.bin_ms = bin_ms;
    r.curve.assign(static_cast<size_t>(bins) * outputs, 0.0);
    phases.push_back(r);
    first += phase.trials;
  }
  // Sum every sample into its phase's curve, at its time since its trial's cue.
  std::vector<std::vector<uint32_t>> counts(phases.size(), std::vector<uint32_t>(bins, 0));
  for (size_t k = 0; k < sample_steps.size(); ++k) {
    const double t = (sample_steps[k] + 1) * dt_ms - bin_ms * 0.5;  // the middle of the sample's bin
    const uint32_t trial = static_cast<uint32_t>(t / trials.trial_ms);
    const uint32_t bin = std::min<uint32_t>(bins - 1, static_cast<uint32_t>((t - trial * trials.trial_ms) / bin_ms));
    for (size_t p = 0; p < phases.size(); ++p) {
      PhaseResponse& r = phases[p];
      if (trial < r.first_trial || trial >= r.first_trial + r.trials) continue;
      ++counts[p][bin];
      ++r.samples;
      for (uint32_t o = 0; o < outputs; ++o) r.curve[static_cast<size_t>(bin) * outputs + o] += samples[k * outputs + o];
    }
  }
  for (size_t p = 0; p < phases.size(); ++p) {
    PhaseResponse& r = phases[p];
    for (uint32_t b = 0; b < bins; ++b)
      for (uint32_t o = 0; o < outputs; ++o)
        if (counts[p][b] > 0) r.curve[static_cast<size_t>(b) * outputs + o] /= counts[p][b];
    // Means over the bins whose centres lie in [from, to) (inside: true) or outside it.
    auto mean = [&](double from, double to, bool inside) {
      std::vector<double> m(outputs, 0.0);
      uint32_t n = 0;
      for (uint32_t b = 0; b < bins; ++b) {
        const double centre = (b + 0.5) * bin_ms;
        if ((centre >= from && centre < to) != inside) continue;
        ++n;
        for (uint32_t o = 0; o < outputs; ++o) m[o] += r.curve[static_cast<size_t>(b) * outputs + o];
      }
      for (double& v : m) v /= std::max<uint32_t>(1, n);
      return m;
    };
    const double delay = trials.phases[p].delay_ms;
    r.window_mean = mean(delay, delay + trials.stimulus_ms, true);
    r.rest_mean = mean(delay, delay + trials.stimulus_ms, false);
    if (p > 0) {
      const double before = trials.phases[p - 1].delay_ms;
      r.previous_window_mean = mean(before, before + trials.stimulus_ms, true);
    }
    r.peak_ms.assign(outputs, 0.0);
    for (uint32_t o = 0; o < outputs; ++o) {
      double best = -1e300;
      for (uint32_t b = 0; b < bins; ++b)
        if (r.curve[static_cast<size_t>(b) * outputs + o] > best) best = r.curve[static_cast<size_t>(b) * outputs + o], r.peak_ms[o] = (b + 0.5) * bin_ms;
    }
  }
  return phases;
}

}  // namespace snn
