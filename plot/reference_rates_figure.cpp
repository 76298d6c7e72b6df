// Each population's mean rate over the window beside the rate the experiment's `reference` section
// gives for it (the microcircuit's published full-scale rates), with their ratio on hover.
#include <cstdio>

#include "plot/result_figures.hpp"
#include "plot/spike_train_statistics.hpp"

namespace snn::plot {
namespace {

constexpr double kTransientMs = 100;

}  // namespace

std::optional<Figure> reference_rates_figure(const RecordedRun& run, const ExperimentTasks& tasks, const PlotWindow& shown) {
  if (!tasks.reference || tasks.reference->rates.empty() || !(shown.span() > 0)) return std::nullopt;
  // Published rates are those of the stationary state: a window from the start leaves out the
  // transient of the first 100 ms where the rest is long enough to measure.
  PlotWindow window = shown;
  if (window.from_ms < kTransientMs && window.to_ms - kTransientMs >= 3 * kTransientMs) window.from_ms = kTransientMs;
  Series ours, theirs;
  ours.kind = theirs.kind = Series::Kind::kBars;
  ours.name = "this run";
  theirs.name = tasks.reference->source;
  ours.fill = "#0072B2";
  theirs.fill = "#E69F00";
  Figure f;
  double position = 0;
  for (const auto& [population, rate] : tasks.reference->rates) {
    const RecordedSpikes* spikes = recorded_spikes(run, population);
    if (!spikes) continue;
    const double measured = mean_rate(*spikes, window.from_ms, window.to_ms);
    char tip[160];
    std::snprintf(tip, sizeof tip, "%s: %.3g spikes/s (%.2f x the reference %.3g)", population.c_str(), measured,
                  rate > 0 ? measured / rate : 0.0, rate);
    ours.x.push_back(position - 0.2);
    ours.y.push_back(measured);
    ours.tooltips.push_back(tip);
    std::snprintf(tip, sizeof tip, "%s: reference %.3g spikes/s", population.c_str(), rate);
    theirs.x.push_back(position + 0.2);
    theirs.y.push_back(rate);
    theirs.tooltips.push_back(tip);
    f.chart.x_ticks.push_back({position, population});
    position += 1;
  }
  if (ours.x.empty()) return std::nullopt;
  f.chart.id = "reference-rates";
  f.chart.title = "Population rates against the reference";
  f.chart.x_label = "population";
  f.chart.y_label = "rate (spikes/s per neuron)";
  f.chart.series = {std::move(ours), std::move(theirs)};
  char span[96];
  std::snprintf(span, sizeof span, "from %g to %g ms", window.from_ms, window.to_ms);
  f.caption = std::string("Mean rate ") + span + (window.from_ms > shown.from_ms ? " (the start's transient left out)" : "") +
              " of each population the experiment gives a reference rate for (reference: " + tasks.reference->source + ").";
  return f;
}

}  // namespace snn::plot
