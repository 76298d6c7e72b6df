#include "plot/spike_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/foundation/number_text.hpp"
#include "plot/power_spectrum.hpp"
#include "plot/raster_decimation.hpp"
#include "plot/spike_train_statistics.hpp"

namespace snn::plot {
namespace {

constexpr uint64_t kFewestSpikesForSpectrum = 200;

Figure raster(const std::vector<const RecordedSpikes*>& populations, const PlotWindow& window, uint64_t budget) {
  const std::vector<RasterRows> rows = decimate_raster(populations, window.from_ms, window.to_ms, budget);
  uint64_t total_rows = 0;
  for (const RasterRows& r : rows) total_rows += (r.neurons + r.neuron_stride - 1) / r.neuron_stride;
  Figure f;
  Chart& c = f.chart;
  c.id = "raster";
  c.title = "Spikes";
  c.y_label = "neuron (by population)";
  c.y_low = 0;
  c.y_high = static_cast<double>(std::max<uint64_t>(1, total_rows));
  c.height = std::clamp(120.0 + 2.0 * static_cast<double>(total_rows), 260.0, 520.0);
  uint64_t offset = 0, drawn = 0, all = 0;
  for (size_t p = 0; p < rows.size(); ++p) {
    const RasterRows& r = rows[p];
    const uint64_t shown = (r.neurons + r.neuron_stride - 1) / r.neuron_stride;
    Series s;
    s.kind = Series::Kind::kPoints;
    s.name = r.population;
    s.style = p;
    for (size_t k = 0; k < r.times_ms.size(); ++k) {
      s.x.push_back(r.times_ms[k]);
      s.y.push_back(static_cast<double>(total_rows - offset - r.rows[k]) - 0.5);
    }
    c.y_ticks.push_back({static_cast<double>(total_rows - offset) - static_cast<double>(shown) / 2, r.population});
    c.series.push_back(std::move(s));
    offset += shown;
    drawn += r.times_ms.size();
    all += r.spikes_in_window;
  }
  const std::string statement = decimation_statement(rows);
  put_on_time_axis(c, window);
  f.caption = std::to_string(drawn) + " of " + std::to_string(all) + " spikes drawn" +
              (statement.empty() ? " (all of them)." : ". " + statement) +
              " Each population's rows run from its first neuron at the top.";
  return f;
}

Figure rates(const std::vector<const RecordedSpikes*>& populations, const PlotWindow& window, double dt_ms) {
  const double bin = round_bin_ms(window, dt_ms, 300);
  Figure f;
  Chart& c = f.chart;
  c.id = "population-rates";
  c.title = "Population rates";
  c.y_label = "rate (spikes/s per neuron)";
  for (size_t p = 0; p < populations.size(); ++p) {
    const std::vector<double> r = binned_rate(*populations[p], window.from_ms, window.to_ms, bin);
    Series s;
    s.kind = Series::Kind::kSteps;
    s.style = p;
    double mean = 0;
    s.x.push_back(window.from_ms);
    for (size_t b = 0; b < r.size(); ++b) {
      s.x.push_back(std::min(window.to_ms, window.from_ms + static_cast<double>(b + 1) * bin));
      s.y.push_back(r[b]);
      mean += r[b] * (s.x.back() - s.x[b]);
    }
    s.name = populations[p]->population + " (mean " + number_text(mean / window.span(), "%.3g") + "/s)";
    c.series.push_back(std::move(s));
  }
  put_on_time_axis(c, window);
  f.caption = "Spikes per neuron per second in bins of " + number_text(bin, "%g") + " ms.";
  return f;
}

Figure spectra(const std::vector<const RecordedSpikes*>& populations, const PlotWindow& window, double dt_ms) {
  const double sample = std::max(1.0, dt_ms);
  Figure f;
  Chart& c = f.chart;
  c.id = "rate-spectra";
  c.title = "Power spectrum of the population rates";
  c.x_label = "frequency (Hz)";
  c.y_label = "power ((spikes/s)^2/Hz)";
  c.y_scale = Scale::kLog;
  int segments = 0;
  for (size_t p = 0; p < populations.size(); ++p) {
    // A spectrum says something of a population's rhythm only with enough neurons and spikes.
    if (populations[p]->size < 2 || spike_count(*populations[p], window.from_ms, window.to_ms) < kFewestSpikesForSpectrum) continue;
    const PowerSpectrum ps =
        welch_spectrum(binned_rate(*populations[p], window.from_ms, window.to_ms, sample), sample, 512);
    if (ps.power.empty()) continue;
    segments = ps.segments;
    Series s;
    s.kind = Series::Kind::kLine;
    s.style = p;
    s.x = ps.frequency_hz;
    s.y = ps.power;
    s.name = populations[p]->population + " (peak " + number_text(peak_frequency(ps, 2.0), "%.0f") + " Hz)";
    c.series.push_back(std::move(s));
  }
  f.caption = "Welch's method: the rate in " + number_text(sample, "%g") + " ms bins, Hann-windowed segments of 512 bins, " +
              std::to_string(segments) +
              " averaged. Independent (asynchronous) firing gives a flat spectrum; a peak is a population rhythm, "
              "its frequency in the legend (above 2 Hz).";
  return f;
}

}  // namespace

Section activity_section(const std::vector<const RecordedSpikes*>& populations, const PlotWindow& window, double dt_ms,
                         uint64_t raster_budget) {
  Section s;
  s.title = "Spikes and population rates";
  s.figures.push_back(raster(populations, window, raster_budget));
  s.figures.push_back(rates(populations, window, dt_ms));
  Figure spectrum = spectra(populations, window, dt_ms);
  if (!spectrum.chart.series.empty()) s.figures.push_back(std::move(spectrum));
  return s;
}

Section irregularity_section(const std::vector<const RecordedSpikes*>& populations, const PlotWindow& window) {
  Section section;
  section.title = "Regularity of firing";
  std::vector<std::vector<double>> isis, cvs;
  std::vector<double> all;
  for (const RecordedSpikes* p : populations) {
    isis.push_back(interspike_intervals(*p, window.from_ms, window.to_ms));
    cvs.push_back(coefficients_of_variation(*p, window.from_ms, window.to_ms));
    all.insert(all.end(), isis.back().begin(), isis.back().end());
  }
  if (all.empty()) return section;
  const double isi_high = std::max(1e-3, quantile(all, 0.99));
  Figure isi, cv;
  isi.chart.id = "isi-histograms";
  isi.chart.title = "Interspike intervals";
  isi.chart.x_label = "interval (ms)";
  isi.chart.y_label = "fraction of intervals";
  cv.chart.id = "cv-histograms";
  cv.chart.title = "Coefficient of variation of each neuron's intervals";
  cv.chart.x_label = "CV (standard deviation / mean of a neuron's intervals)";
  cv.chart.y_label = "fraction of neurons";
  double cv_high = 2;
  for (const std::vector<double>& v : cvs) cv_high = std::max(cv_high, std::ceil(quantile(v, 0.99) * 2) / 2);
  for (size_t p = 0; p < populations.size(); ++p) {
    if (isis[p].empty()) continue;
    double mean = 0;
    for (double v : isis[p]) mean += v;
    const Histogram h = histogram(isis[p], 0, isi_high, 60, true);
    Series s = histogram_series(populations[p]->population + " (mean " + number_text(mean / static_cast<double>(isis[p].size()), "%.3g") + " ms)",
             h.edges, h.counts, p);
    isi.chart.series.push_back(std::move(s));
    if (cvs[p].empty()) continue;
    double cv_mean = 0;
    for (double v : cvs[p]) cv_mean += v;
    const Histogram hc = histogram(cvs[p], 0, cv_high, 40, true);
    cv.chart.series.push_back(histogram_series(
                               populations[p]->population + " (mean " + number_text(cv_mean / static_cast<double>(cvs[p].size()), "%.2f") +
                                   ", " + std::to_string(cvs[p].size()) + " neurons)",
                               hc.edges, hc.counts, p));
  }
  isi.caption = "Intervals between consecutive spikes of one neuron, both inside the window; up to the 99th percentile (" +
                number_text(isi_high, "%.3g") + " ms) in 60 bins.";
  cv.chart.rules.push_back({1.0, "Poisson"});
  cv.caption = "Neurons with at least three intervals in the window. CV = 1 for Poisson firing, near 0 for regular firing.";
  section.figures.push_back(std::move(isi));
  if (!cv.chart.series.empty()) section.figures.push_back(std::move(cv));
  return section;
}

}  // namespace snn::plot
