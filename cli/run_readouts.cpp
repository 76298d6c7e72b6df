#include "cli/run_readouts.hpp"

#include <cmath>
#include <cstdio>

#include "models/trial_response.hpp"

namespace snn {

void print_trial_summary(const std::vector<std::unique_ptr<HostReadout>>& readouts, const ExperimentSpec& spec,
                         const ExperimentTasks& tasks) {
  if (!tasks.cued_trials || readouts.empty()) return;
  const CuedTrials* trials = &*tasks.cued_trials;
  bool headed = false;
  for (const auto& readout : readouts) {
    const ReadoutSettings& s = readout->settings();
    const double bin_ms = s.record_steps * spec.dt_ms;
    const auto phases = trial_responses(*trials, spec.dt_ms, bin_ms, readout->sample_steps(), readout->samples(), s.outputs, 0.25);
    for (size_t p = 0; p < phases.size(); ++p) {
      if (phases[p].samples == 0) continue;  // the run ended before these trials
      if (!headed)
        std::printf("readouts over the last quarter of each phase's trials, from the cue (window: the stimulus's time):\n");
      headed = true;
      const CuedTrialPhase& phase = trials->phases[p];
      std::printf("  %-14s phase %zu (delay %g ms, p =", s.name.c_str(), p + 1, phase.delay_ms);
      for (double q : phase.probabilities) std::printf(" %g", q);
      std::printf("), trials %u-%u:", phases[p].first_trial, phases[p].first_trial + phases[p].trials - 1);
      std::printf("\n");
      for (uint32_t o = 0; o < s.outputs && o < 8; ++o) {
        std::printf("    [%u] window %.3f  rest %.3f  peak at %.0f ms", o, phases[p].window_mean[o], phases[p].rest_mean[o],
                    phases[p].peak_ms[o]);
        if (!phases[p].previous_window_mean.empty())
          std::printf("  previous phase's window %.3f", phases[p].previous_window_mean[o]);
        std::printf("\n");
      }
    }
  }
}

}  // namespace snn
