#include "plot/recorded_value_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/foundation/number_text.hpp"
#include "plot/spike_train_statistics.hpp"

namespace snn::plot {
namespace {

constexpr size_t kMostTraces = 8;    // lines per state chart
constexpr size_t kMostHistories = 12;  // synapses drawn singly per weight-history chart
constexpr double kReadoutSpanMs = 5000;  // long readouts: the window's last seconds
constexpr size_t kFewestForHistogram = 10;

std::string synapses(uint64_t n) { return std::to_string(n) + (n == 1 ? " synapse" : " synapses"); }

// The rows (samples) whose times lie in [from, to).
std::pair<size_t, size_t> rows_in(const std::vector<double>& times, double from, double to) {
  const size_t a = static_cast<size_t>(std::lower_bound(times.begin(), times.end(), from) - times.begin());
  const size_t b = static_cast<size_t>(std::lower_bound(times.begin(), times.end(), to) - times.begin());
  return {a, std::max(a, b)};
}

// Column `column` of a samples x width table, rows [a, b), against the times.
Series column_line(const std::vector<double>& times, const std::vector<float>& data, uint64_t width, uint64_t column,
                   std::pair<size_t, size_t> rows, const std::string& name, size_t style) {
  Series s;
  s.name = name;
  s.style = style;
  for (size_t r = rows.first; r < rows.second && (r + 1) * width <= data.size(); ++r) {
    s.x.push_back(times[r]);
    s.y.push_back(data[r * width + column]);
  }
  return s;
}

}  // namespace

Section state_section(const RecordedRun& run, const PlotWindow& window) {
  Section section;
  section.title = "Recorded state";
  for (size_t k = 0; k < run.state.size(); ++k) {
    const RecordedState& st = run.state[k];
    const size_t width = st.node_ids.size();
    if (width == 0) continue;
    const auto rows = rows_in(st.times_ms, window.from_ms, window.to_ms);
    Figure f;
    f.chart.id = "state-" + std::to_string(k);
    f.chart.title = st.population + ": " + st.variable;
    f.chart.y_label = st.variable;
    const size_t shown = std::min(width, kMostTraces);
    for (size_t n = 0; n < shown; ++n)
      f.chart.series.push_back(column_line(st.times_ms, st.data, width, n, rows, "neuron " + std::to_string(st.node_ids[n]), n));
    put_on_time_axis(f.chart, window);
    f.caption = std::to_string(rows.second - rows.first) + " samples" +
                (shown < width ? "; the first " + std::to_string(shown) + " of " + std::to_string(width) + " recorded neurons." : ".");
    section.figures.push_back(std::move(f));
  }
  return section;
}

Section weight_section(const RecordedRun& run, const PlotWindow& window) {
  Section section;
  section.title = "Weights";
  for (size_t k = 0; k < run.weights.size(); ++k) {
    const RecordedWeights& w = run.weights[k];
    if (w.weights.size() < kFewestForHistogram) continue;  // a handful of synapses shows in its history
    std::vector<double> values(w.weights.begin(), w.weights.end());
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    const double top = *high > *low ? *high : *low + 1;
    const Histogram h = histogram(values, *low, top, 50, false);
    Figure f;
    f.chart.id = "weights-" + std::to_string(k);
    f.chart.title = "Final weights: " + w.projection;
    f.chart.x_label = "weight";
    f.chart.y_label = "synapses";
    // Counts spanning orders of magnitude (a few synapses at a bound, most in between) on a log axis.
    const double most = *std::max_element(h.counts.begin(), h.counts.end());
    double fewest = most;
    for (double c : h.counts)
      if (c > 0) fewest = std::min(fewest, c);
    if (most > 100 * fewest) f.chart.y_scale = Scale::kLog;
    f.chart.series.push_back(histogram_series("", h.edges, h.counts, 0));
    double mean = 0;
    for (double v : values) mean += v;
    f.caption = synapses(values.size()) + " at the end of the run; mean " + number_text(mean / values.size(), "%.4g") +
                ", range " + number_text(*low, "%.4g") + " to " + number_text(*high, "%.4g") + ".";
    section.figures.push_back(std::move(f));
  }
  for (size_t k = 0; k < run.weight_history.size(); ++k) {
    const RecordedWeightHistory& wh = run.weight_history[k];
    if (wh.width == 0 || wh.times_ms.empty()) continue;
    const auto rows = rows_in(wh.times_ms, window.from_ms, window.to_ms + 1e-9);
    Figure f;
    f.chart.id = "weight-history-" + std::to_string(k);
    f.chart.title = "Weights over time: " + wh.projection;
    f.chart.y_label = "weight";
    const size_t shown = std::min<uint64_t>(wh.width, kMostHistories);
    if (wh.width > 1) {  // the mean of all sampled synapses, then some singly
      Series mean;
      mean.name = "mean of " + std::to_string(wh.width);
      mean.style = 5;
      mean.stroke = 2.5;
      for (size_t r = rows.first; r < rows.second; ++r) {
        double sum = 0;
        for (uint64_t c = 0; c < wh.width; ++c) sum += wh.data[r * wh.width + c];
        mean.x.push_back(wh.times_ms[r]);
        mean.y.push_back(sum / static_cast<double>(wh.width));
      }
      f.chart.series.push_back(std::move(mean));
    }
    for (size_t c = 0; c < shown; ++c) {
      Series s = column_line(wh.times_ms, wh.data, wh.width, c, rows, wh.width > 1 ? "" : "synapse", 0);
      s.stroke = 1;
      f.chart.series.push_back(std::move(s));
    }
    put_on_time_axis(f.chart, window);
    f.caption = std::to_string(rows.second - rows.first) + " samples of " + synapses(wh.width) +
                (shown < wh.width ? "; " + std::to_string(shown) + " drawn singly (thin)." : "; each drawn (thin).");
    section.figures.push_back(std::move(f));
  }
  return section;
}

Section readout_section(const RecordedRun& run, const PlotWindow& window) {
  Section section;
  section.title = "Readouts";
  for (size_t k = 0; k < run.readouts.size(); ++k) {
    const RecordedReadout& r = run.readouts[k];
    if (r.times_ms.empty()) continue;
    const uint64_t width = r.values.size() / r.times_ms.size();
    if (width == 0) continue;
    const double from = std::max(window.from_ms, window.to_ms - kReadoutSpanMs);
    const auto rows = rows_in(r.times_ms, from, window.to_ms + 1e-9);
    Figure f;
    f.chart.id = "readout-" + std::to_string(k);
    f.chart.title = "Readout " + r.name + " (" + r.kind + ")";
    f.chart.y_label = "output";
    const size_t shown = std::min<uint64_t>(width, 4);
    for (size_t o = 0; o < shown; ++o) {
      f.chart.series.push_back(column_line(r.times_ms, r.values, width, o, rows, "output " + std::to_string(o), 2 * o));
      if (r.teacher.size() == r.values.size())
        f.chart.series.push_back(column_line(r.times_ms, r.teacher, width, o, rows, "teacher " + std::to_string(o), 2 * o + 1));
    }
    put_on_time_axis(f.chart, window, from);
    f.caption = (from > window.from_ms ? "The window's last " + number_text(window.to_ms - from, "%g") + " ms. " : std::string()) +
                std::to_string(width) + " outputs" + (shown < width ? ", the first " + std::to_string(shown) + " drawn." : ".");
    section.figures.push_back(std::move(f));
  }
  return section;
}

}  // namespace snn::plot
