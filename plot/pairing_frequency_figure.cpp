// Plasticity against pairing frequency (Sjostrom et al. 2001's protocol): for a plastic projection
// whose source and target neurons each fire a regular train of the same length, the weight's change
// against the trains' frequency, one series per pre/post lag (post after pre: +lag; before: -lag).
// The STDP window's single pairs are the other figure (stdp_window_figure.cpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "core/foundation/number_text.hpp"
#include "plot/result_figures.hpp"
#include "plot/spike_train_statistics.hpp"

namespace snn::plot {
namespace {

// The train's frequency (Hz) if its spikes come at one interval (within a step's rounding), else 0.
double regular_frequency(const std::vector<double>& times, double dt_ms) {
  if (times.size() < 3) return 0;
  const double interval = times[1] - times[0];
  for (size_t k = 2; k < times.size(); ++k)
    if (std::abs(times[k] - times[k - 1] - interval) > dt_ms * 0.51) return 0;
  return interval > 0 ? 1000.0 / interval : 0;
}

}  // namespace

std::optional<Figure> pairing_frequency_figure(const RecordedRun& run, const ExperimentSpec& spec) {
  for (const ProjectionSpec& p : spec.projections) {
    if (!p.plasticity || !p.weight.is_constant()) continue;
    const RecordedWeights* weights = nullptr;
    for (const RecordedWeights& w : run.weights)
      if (w.projection == p.name) weights = &w;
    const RecordedSpikes *pre = recorded_spikes(run, p.source), *post = recorded_spikes(run, p.target);
    if (!weights || !pre || !post) continue;
    const auto pre_trains = spike_trains(*pre), post_trains = spike_trains(*post);
    std::map<long, Series> by_lag;  // lag in steps -> its series
    for (size_t k = 0; k < weights->weights.size() && k < weights->sources.size() && k < weights->targets.size(); ++k) {
      const auto a = pre_trains.find(weights->sources[k]), b = post_trains.find(weights->targets[k]);
      if (a == pre_trains.end() || b == post_trains.end() || a->second.size() != b->second.size()) continue;
      const double frequency = regular_frequency(a->second, spec.dt_ms);
      if (frequency <= 0 || regular_frequency(b->second, spec.dt_ms) <= 0) continue;
      const long lag = std::lround((b->second[0] - a->second[0]) / spec.dt_ms);
      Series& s = by_lag[lag];
      s.x.push_back(frequency);
      s.y.push_back(weights->weights[k] - p.weight.value);
      s.tooltips.push_back("synapse " + std::to_string(k) + ": " + number_text(frequency, "%g") + " Hz, dw " +
                           number_text(s.y.back(), "%.4g"));
    }
    size_t points = 0;
    for (const auto& [lag, s] : by_lag) points += s.x.size();
    if (by_lag.empty() || points < 4 || by_lag.begin()->second.x.size() < 2) continue;
    Figure f;
    f.chart.id = "pairing-frequency";
    f.chart.title = "Weight change against pairing frequency: " + p.name;
    f.chart.x_label = "pairing frequency (Hz)";
    f.chart.y_label = "weight change";
    size_t style = 0;
    for (auto& entry : by_lag) {
      const double ms = static_cast<double>(entry.first) * spec.dt_ms;
      Series& s = entry.second;
      s.kind = Series::Kind::kMarkers;
      s.name = (ms >= 0 ? "post " + number_text(ms, "%g") + " ms after pre" : "post " + number_text(-ms, "%g") + " ms before pre");
      s.style = style;
      Series line = s;  // the same points joined, for the trend
      line.kind = Series::Kind::kLine;
      line.name.clear();
      line.tooltips.clear();
      std::vector<size_t> order(line.x.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](size_t i, size_t j) { return s.x[i] < s.x[j]; });
      for (size_t i = 0; i < order.size(); ++i) line.x[i] = s.x[order[i]], line.y[i] = s.y[order[i]];
      f.chart.series.push_back(std::move(line));
      f.chart.series.push_back(s);
      ++style;
    }
    f.caption = std::to_string(points) + " synapses whose neurons fired regular trains of equal length; the weight's change "
                "over the run against the trains' frequency.";
    return f;
  }
  return std::nullopt;
}

}  // namespace snn::plot
