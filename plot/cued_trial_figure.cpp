// A cued-trials task's readouts, as the experiment means them to be read: each readout's response from
// the cue on, averaged over the last quarter of each phase's trials (models/trial_response.hpp), with
// the stimulus's time marked; one chart per phase and output (stimulus), every readout (teacher,
// learned, FORCE) on it.
#include <cmath>
#include <cstdio>

#include "core/foundation/number_text.hpp"
#include "models/trial_response.hpp"
#include "plot/result_figures.hpp"

namespace snn::plot {
namespace {

struct ReadoutResponses {
  const RecordedReadout* readout;
  uint32_t outputs;
  std::vector<PhaseResponse> phases;
};

std::vector<ReadoutResponses> responses_of(const RecordedRun& run, const ExperimentSpec& spec, const CuedTrials& trials) {
  std::vector<ReadoutResponses> out;
  for (const RecordedReadout& r : run.readouts) {
    if (r.times_ms.empty()) continue;
    const uint32_t outputs = static_cast<uint32_t>(r.values.size() / r.times_ms.size());
    if (outputs == 0) continue;
    std::vector<uint64_t> steps;  // a sample at t ms follows step t/dt - 1
    for (double t : r.times_ms) steps.push_back(static_cast<uint64_t>(std::max(1LL, std::llround(t / spec.dt_ms))) - 1);
    const double bin = r.times_ms.size() > 1 ? r.times_ms[1] - r.times_ms[0] : spec.dt_ms;
    out.push_back({&r, outputs, trial_responses(trials, spec.dt_ms, bin, steps, r.values, outputs, 0.25)});
  }
  return out;
}

}  // namespace

std::vector<Figure> cued_trial_figures(const RecordedRun& run, const ExperimentSpec& spec, const ExperimentTasks& tasks) {
  std::vector<Figure> out;
  if (!tasks.cued_trials || run.readouts.empty()) return out;
  const CuedTrials& trials = *tasks.cued_trials;
  const std::vector<ReadoutResponses> responses = responses_of(run, spec, trials);
  for (size_t p = 0; p < trials.phases.size(); ++p) {
    const CuedTrialPhase& phase = trials.phases[p];
    for (uint32_t o = 0; o < trials.stimulus_count() && o < 8; ++o) {
      const char stimulus = static_cast<char>('A' + o);
      Figure f;
      f.chart.id = "cued-trials-phase-" + std::to_string(p + 1) + "-" + stimulus;
      f.chart.title = "Phase " + std::to_string(p + 1) + ", stimulus " + stimulus + " (probability " +
                      number_text(o < phase.probabilities.size() ? phase.probabilities[o] : 0, "%g") + ", at " +
                      number_text(phase.delay_ms, "%g") + " ms)";
      f.chart.x_label = "time from the cue (ms)";
      f.chart.y_label = "response, mean over trials";
      f.chart.height = 220;
      f.chart.x_low = 0;
      f.chart.x_high = trials.trial_ms;
      f.chart.rules.push_back({phase.delay_ms, "stimulus"});
      if (p > 0 && trials.phases[p - 1].delay_ms != phase.delay_ms)
        f.chart.rules.push_back({trials.phases[p - 1].delay_ms, "previous phase's"});
      std::string caption, trials_averaged;
      for (size_t k = 0; k < responses.size(); ++k) {
        const ReadoutResponses& r = responses[k];
        if (p >= r.phases.size() || r.phases[p].samples == 0 || o >= r.outputs) continue;
        const PhaseResponse& response = r.phases[p];
        Series s;
        s.name = r.readout->name;
        s.style = k;
        s.stroke = 2;
        const size_t bins = response.curve.size() / r.outputs;
        for (size_t b = 0; b < bins; ++b) {
          s.x.push_back((static_cast<double>(b) + 0.5) * response.bin_ms);
          s.y.push_back(response.curve[b * r.outputs + o]);
        }
        f.chart.series.push_back(std::move(s));
        caption += (caption.empty() ? "" : ", ") + r.readout->name + " " + number_text(response.window_mean[o], "%.3g");
        if (!response.previous_window_mean.empty())
          caption += " (" + number_text(response.previous_window_mean[o], "%.3g") + " at the previous phase's time)";
        trials_averaged = "Trials " + std::to_string(response.first_trial) + "-" +
                          std::to_string(response.first_trial + response.trials - 1);
      }
      if (f.chart.series.empty()) continue;
      f.caption = trials_averaged + "; mean in the stimulus's window: " + caption + ". A readout that predicts what, when and how likely follows the teacher: a peak at the "
                            "stimulus's time, in proportion to its probability.";
      out.push_back(std::move(f));
    }
  }
  return out;
}

}  // namespace snn::plot
