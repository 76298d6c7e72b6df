// A modulator's reward condition names one pre/post pair of neurons; the synapse between them is the
// one a delayed reward can single out. Its sampled weight is drawn against the other sampled synapses.
#include <algorithm>
#include <cstdio>

#include "plot/result_figures.hpp"

namespace snn::plot {
namespace {

// The synapse index of each column of a weight history: the recorded list, or every synapse in order.
std::vector<uint64_t> columns_of(const ExperimentSpec& spec, const RecordedWeightHistory& h) {
  for (const WeightRecordSpec& w : spec.record.weights)
    if (w.projection == h.projection && !w.synapses.empty()) return w.synapses;
  std::vector<uint64_t> all(h.width);
  for (uint64_t k = 0; k < h.width; ++k) all[k] = k;
  return all;
}

// Whether synapse `index` of projection `p` joins neurons `pre` and `post`: from the run's final weights
// table where it has one, else from the projection's explicit list of pairs.
bool joins(const RecordedRun& run, const ProjectionSpec& p, uint64_t index, uint32_t pre, uint32_t post) {
  for (const RecordedWeights& w : run.weights)
    if (w.projection == p.name && index < w.sources.size() && index < w.targets.size())
      return w.sources[index] == pre && w.targets[index] == post;
  if (p.connector.kind == ConnectorKind::kFromList && index < p.connector.pairs.size())
    return p.connector.pairs[index] == std::make_pair(pre, post);
  return false;
}

}  // namespace

std::optional<Figure> rewarded_synapse_figure(const RecordedRun& run, const ExperimentSpec& spec, const PlotWindow& window) {
  for (const ModulatorSpec& m : spec.modulators) {
    if (!m.reward) continue;
    const RewardSpec& r = *m.reward;
    Series rewarded, others_mean;
    rewarded.name = "rewarded synapse (" + r.pre_population + " " + std::to_string(r.pre_neuron) + " -> " +
                    r.post_population + " " + std::to_string(r.post_neuron) + ")";
    rewarded.style = 3;
    rewarded.stroke = 2.5;
    std::vector<Series> others;
    for (const RecordedWeightHistory& h : run.weight_history) {
      const ProjectionSpec* p = nullptr;
      for (const ProjectionSpec& q : spec.projections)
        if (q.name == h.projection) p = &q;
      if (!p || h.width == 0) continue;
      const std::vector<uint64_t> columns = columns_of(spec, h);
      for (uint64_t c = 0; c < h.width && c < columns.size(); ++c) {
        const bool is_rewarded =
            p->source == r.pre_population && p->target == r.post_population && joins(run, *p, columns[c], r.pre_neuron, r.post_neuron);
        Series s;
        for (size_t k = 0; k < h.times_ms.size() && (k + 1) * h.width <= h.data.size(); ++k) {
          s.x.push_back(h.times_ms[k]);
          s.y.push_back(h.data[k * h.width + c]);
        }
        if (is_rewarded && rewarded.x.empty()) {
          rewarded.x = std::move(s.x);
          rewarded.y = std::move(s.y);
        } else {
          others.push_back(std::move(s));
        }
      }
    }
    if (rewarded.x.empty()) continue;
    Figure f;
    f.chart.id = "rewarded-synapse";
    f.chart.title = "The rewarded synapse against the others (modulator " + m.name + ")";
    f.chart.y_label = "weight";
    double last_others = 0;
    for (size_t k = 0; k < others.size(); ++k) {
      others[k].name = k == 0 ? std::to_string(others.size()) + " other sampled synapses" : "";
      others[k].style = 0;
      others[k].stroke = 1;
      if (!others[k].y.empty()) last_others += others[k].y.back();
      f.chart.series.push_back(std::move(others[k]));
    }
    f.chart.series.push_back(std::move(rewarded));
    put_on_time_axis(f.chart, window);
    char caption[256];
    std::snprintf(caption, sizeof caption,
                  "Reward %g, %g-%g ms after the post neuron fires within %g ms of the pre neuron. At the last sample: "
                  "rewarded %.4g, others %.4g on average.",
                  r.amount, r.delay_min_ms, r.delay_max_ms, r.window_ms, f.chart.series.back().y.back(),
                  others.empty() ? 0.0 : last_others / static_cast<double>(others.size()));
    f.caption = caption;
    return f;
  }
  return std::nullopt;
}

}  // namespace snn::plot
