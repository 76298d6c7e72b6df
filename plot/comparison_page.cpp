#include "plot/comparison_page.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "core/foundation/number_text.hpp"
#include "plot/run_page.hpp"
#include "plot/spike_figures.hpp"
#include "plot/spike_train_statistics.hpp"

namespace snn::plot {
namespace {

uint64_t count_in(const RecordedSpikes& s, const PlotWindow& w) { return spike_count(s, w.from_ms, w.to_ms); }

double rate_of(const RecordedSpikes& s, const PlotWindow& w) { return mean_rate(s, w.from_ms, w.to_ms); }

double mean_cv(const RecordedSpikes& s, const PlotWindow& w) {
  const std::vector<double> cvs = coefficients_of_variation(s, w.from_ms, w.to_ms);
  double sum = 0;
  for (double v : cvs) sum += v;
  return cvs.empty() ? 0 : sum / static_cast<double>(cvs.size());
}

// Bars of one value per population for both runs.
Figure paired_bars(const std::string& id, const std::string& title, const std::string& unit,
                   const std::vector<std::pair<const RecordedSpikes*, const RecordedSpikes*>>& pairs,
                   double (*value)(const RecordedSpikes&, const PlotWindow&), const PlotWindow& w) {
  Figure f;
  f.chart.id = id;
  f.chart.title = title;
  f.chart.x_label = "population";
  f.chart.y_label = unit;
  Series a, b;
  a.kind = b.kind = Series::Kind::kBars;
  a.name = "A";
  b.name = "B";
  a.fill = "#0072B2";
  b.fill = "#E69F00";
  for (size_t k = 0; k < pairs.size(); ++k) {
    const double va = value(*pairs[k].first, w), vb = value(*pairs[k].second, w);
    a.x.push_back(static_cast<double>(k) - 0.2);
    a.y.push_back(va);
    a.tooltips.push_back(pairs[k].first->population + ", A: " + number_text(va, "%.4g"));
    b.x.push_back(static_cast<double>(k) + 0.2);
    b.y.push_back(vb);
    b.tooltips.push_back(pairs[k].first->population + ", B: " + number_text(vb, "%.4g"));
    f.chart.x_ticks.push_back({static_cast<double>(k), pairs[k].first->population});
  }
  f.chart.series = {std::move(a), std::move(b)};
  return f;
}

Figure network_rates(const std::vector<std::pair<const RecordedSpikes*, const RecordedSpikes*>>& pairs, const PlotWindow& w,
                     double dt_ms) {
  const double bin = round_bin_ms(w, dt_ms, 300);
  Figure f;
  f.chart.id = "network-rate";
  f.chart.title = "Rate of all compared populations together";
  f.chart.y_label = "rate (spikes/s per neuron)";
  for (int side = 0; side < 2; ++side) {
    RecordedSpikes all;
    for (const auto& [a, b] : pairs) {
      const RecordedSpikes& s = side == 0 ? *a : *b;
      all.size += s.size;
      all.timestamps_ms.insert(all.timestamps_ms.end(), s.timestamps_ms.begin(), s.timestamps_ms.end());
    }
    const std::vector<double> r = binned_rate(all, w.from_ms, w.to_ms, bin);
    Series s = histogram_series(side == 0 ? "A" : "B", {w.from_ms}, r, static_cast<size_t>(side));
    for (size_t k = 0; k < r.size(); ++k) s.x.push_back(std::min(w.to_ms, w.from_ms + static_cast<double>(k + 1) * bin));
    f.chart.series.push_back(std::move(s));
  }
  put_on_time_axis(f.chart, w);
  f.caption = "Bins of " + number_text(bin, "%g") + " ms; where the runs are identical the two lines coincide.";
  return f;
}

std::vector<Figure> weight_overlays(const RecordedRun& a, const RecordedRun& b) {
  std::vector<Figure> out;
  for (const RecordedWeights& wa : a.weights)
    for (const RecordedWeights& wb : b.weights) {
      if (wa.projection != wb.projection || wa.weights.empty() || wb.weights.empty()) continue;
      std::vector<double> va(wa.weights.begin(), wa.weights.end()), vb(wb.weights.begin(), wb.weights.end());
      double low = std::min(*std::min_element(va.begin(), va.end()), *std::min_element(vb.begin(), vb.end()));
      double high = std::max(*std::max_element(va.begin(), va.end()), *std::max_element(vb.begin(), vb.end()));
      if (!(high > low)) high = low + 1;
      Figure f;
      f.chart.id = "weights-compared-" + std::to_string(out.size());
      f.chart.title = "Final weights: " + wa.projection;
      f.chart.x_label = "weight";
      f.chart.y_label = "fraction of synapses";
      const Histogram ha = histogram(va, low, high, 50, true), hb = histogram(vb, low, high, 50, true);
      f.chart.series.push_back(histogram_series("A (" + std::to_string(va.size()) + " synapses)", ha.edges, ha.counts, 0));
      f.chart.series.push_back(histogram_series("B (" + std::to_string(vb.size()) + " synapses)", hb.edges, hb.counts, 1));
      out.push_back(std::move(f));
    }
  return out;
}

// The section's chart ids prefixed, so that two runs' figures stay apart on one page.
Section prefixed(Section s, const std::string& prefix) {
  s.title = prefix + ": " + s.title;
  for (Figure& f : s.figures) f.chart.id = prefix + "-" + f.chart.id;
  return s;
}

}  // namespace

SpikeAgreement compare_spikes(const RecordedSpikes& a, const RecordedSpikes& b, double from_ms, double to_ms) {
  auto in_window = [&](const RecordedSpikes& s) {
    std::vector<std::pair<double, uint64_t>> out;
    for (size_t k = 0; k < s.timestamps_ms.size() && k < s.node_ids.size(); ++k)
      if (s.timestamps_ms[k] >= from_ms && s.timestamps_ms[k] < to_ms) out.emplace_back(s.timestamps_ms[k], s.node_ids[k]);
    std::sort(out.begin(), out.end());  // the order within a step is not part of the result
    return out;
  };
  const auto sa = in_window(a), sb = in_window(b);
  SpikeAgreement agreement;
  const size_t n = std::min(sa.size(), sb.size());
  for (size_t k = 0; k < n; ++k)
    if (sa[k] != sb[k]) {
      agreement.identical = false;
      agreement.first_difference_ms = std::min(sa[k].first, sb[k].first);
      return agreement;
    }
  if (sa.size() != sb.size()) {
    agreement.identical = false;
    agreement.first_difference_ms = sa.size() > n ? sa[n].first : sb[n].first;
  }
  return agreement;
}

Page comparison_page(const std::string& path_a, const RecordedRun& a, const std::string& path_b, const RecordedRun& b,
                     const PlotOptions& options) {
  Page page;
  const PlotWindow wa = window_of(a, options, &page.warnings), wb = window_of(b, options, &page.warnings);
  const PlotWindow w{std::max(wa.from_ms, wb.from_ms), std::min(wa.to_ms, wb.to_ms)};
  if (!(w.to_ms > w.from_ms)) throw std::invalid_argument("the two runs share no time to compare");
  page.title = "Two runs compared: " + path_a + " and " + path_b;
  auto describe = [](const std::string& path, const RecordedRun& r) {
    return path + " (" + r.experiment_name + ", " + r.backend + " backend, " + r.status + ", seed " + std::to_string(r.seed) +
           (r.wall_time_s >= 0 ? ", wall time " + number_text(r.wall_time_s, "%.3f") + " s" : "") + ")";
  };
  page.facts = {{"A", describe(path_a, a)},
                {"B", describe(path_b, b)},
                {"shown", number_text(w.from_ms, "%g") + " to " + number_text(w.to_ms, "%g") + " ms"}};
  std::vector<std::pair<const RecordedSpikes*, const RecordedSpikes*>> pairs;
  for (const RecordedSpikes* s : chosen_populations(a, options))
    if (const RecordedSpikes* other = recorded_spikes(b, s->population)) pairs.emplace_back(s, other);
  Section compared;
  compared.title = "The two runs compared";
  std::ostringstream table;
  table << "<table><tr><th>population</th><th>spikes A</th><th>spikes B</th><th>rate A</th><th>rate B</th><th>B / A</th>"
           "<th>spikes</th></tr>";
  size_t identical = 0;
  for (const auto& [pa, pb] : pairs) {
    const SpikeAgreement agreement = compare_spikes(*pa, *pb, w.from_ms, w.to_ms);
    identical += agreement.identical ? 1 : 0;
    const double ra = rate_of(*pa, w), rb = rate_of(*pb, w);
    table << "<tr><td>" << escape_xml(pa->population) << "</td><td>" << count_in(*pa, w) << "</td><td>" << count_in(*pb, w)
          << "</td><td>" << number_text(ra, "%.4g") << "</td><td>" << number_text(rb, "%.4g") << "</td><td>"
          << (ra > 0 ? number_text(rb / ra, "%.3f") : "-") << "</td><td>"
          << (agreement.identical ? "identical" : "differ from " + number_text(agreement.first_difference_ms, "%g") + " ms") << "</td></tr>";
  }
  table << "</table>\n";
  compared.table_html = table.str();
  if (pairs.empty()) {
    compared.text = "The runs have no recorded population in common.";
  } else {
    compared.text = identical == pairs.size()
                        ? "Every compared population's spikes are identical in the two runs, spike for spike."
                        : std::to_string(pairs.size() - identical) + " of " + std::to_string(pairs.size()) +
                              " populations' spikes differ between the runs.";
    compared.figures.push_back(paired_bars("rates-compared", "Mean rate of each population", "rate (spikes/s per neuron)", pairs,
                                           rate_of, w));
    compared.figures.push_back(paired_bars("cv-compared", "Mean coefficient of variation of each population's neurons",
                                           "mean CV", pairs, mean_cv, w));
    compared.figures.push_back(network_rates(pairs, w, a.dt_ms));
  }
  for (Figure& f : weight_overlays(a, b)) compared.figures.push_back(std::move(f));
  page.sections.push_back(std::move(compared));
  for (int side = 0; side < 2; ++side) {
    const RecordedRun& r = side == 0 ? a : b;
    const std::vector<const RecordedSpikes*> populations = chosen_populations(r, options);
    if (populations.empty()) continue;
    page.sections.push_back(prefixed(activity_section(populations, w, r.dt_ms, options.raster_budget), side == 0 ? "A" : "B"));
  }
  return page;
}

}  // namespace snn::plot
