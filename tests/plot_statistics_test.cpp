// The numbers behind `snn plot`'s figures: axis ranges and ticks, the raster's decimation (every
// population and the whole window kept, the thinning stated), rates, intervals and coefficients of
// variation of known spike trains, and the power spectrum of known signals (peak where the rhythm is,
// total power equal to the signal's variance as Parseval's theorem requires).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <regex>

#include "plot/axis.hpp"
#include "plot/chart.hpp"
#include "plot/power_spectrum.hpp"
#include "plot/raster_decimation.hpp"
#include "plot/spike_train_statistics.hpp"

namespace snn::plot {
namespace {

RecordedSpikes population(const std::string& name, uint32_t size) {
  RecordedSpikes s;
  s.population = name;
  s.size = size;
  return s;
}

// Every neuron of `p` fires regularly every `interval` ms from `phase` + its id * 0.01 ms, up to `until`.
void fire_regularly(RecordedSpikes& p, double interval, double until) {
  for (double t = 0; t < until; t += interval)
    for (uint32_t n = 0; n < p.size; ++n) {
      p.timestamps_ms.push_back(t + 0.01 * n);
      p.node_ids.push_back(n);
    }
}

TEST(PlotAxis, LinearRangesEndOnRoundTicksThatCoverTheData) {
  const AxisRange r = fit_range(0.13, 9.7, Scale::kLinear);
  EXPECT_LE(r.low, 0.13);
  EXPECT_GE(r.high, 9.7);
  const std::vector<Tick> t = ticks(r);
  ASSERT_GE(t.size(), 3u);
  EXPECT_LE(t.size(), 12u);
  const double step = t[1].value - t[0].value;
  for (size_t k = 1; k < t.size(); ++k) EXPECT_NEAR(t[k].value - t[k - 1].value, step, 1e-9);
  const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
  EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9) << step;
  EXPECT_EQ(tick_label(0.30000000000000004, 0.1), "0.3");
  EXPECT_EQ(tick_label(1500, 500), "1500");
}

TEST(PlotAxis, LogRangesSpanWholeDecadesAndIgnoreNonPositiveValues) {
  const AxisRange r = fit_range(3e-4, 2e3, Scale::kLog);
  EXPECT_DOUBLE_EQ(r.low, 1e-4);
  EXPECT_DOUBLE_EQ(r.high, 1e4);
  EXPECT_NEAR(r.fraction(1.0), 0.5, 1e-12);
  const std::vector<Tick> t = ticks(r);
  for (const Tick& tick : t) EXPECT_NEAR(std::log10(tick.value), std::round(std::log10(tick.value)), 1e-9);
  const AxisRange none = fit_range(-1, 0, Scale::kLog);
  EXPECT_GT(none.low, 0);
}

TEST(RasterDecimation, KeepsEveryPopulationAndTheWholeWindowAndSaysWhatItThinned) {
  RecordedSpikes big = population("E", 1000), small = population("I", 5), silent = population("X", 10);
  fire_regularly(big, 5, 1000);  // 200 spikes per neuron, 200,000 in all
  for (uint32_t n = 0; n < 5; ++n) {
    small.timestamps_ms.push_back(150 + 100 * n);
    small.node_ids.push_back(n);
  }
  const double from = 100, to = 900;
  const std::vector<RasterRows> rows = decimate_raster({&big, &small, &silent}, from, to, 20000);
  ASSERT_EQ(rows.size(), 3u);
  uint64_t drawn = 0;
  for (const RasterRows& r : rows) {
    drawn += r.times_ms.size();
    for (double t : r.times_ms) {
      EXPECT_GE(t, from);
      EXPECT_LT(t, to);
    }
  }
  EXPECT_LE(drawn, 20000u);
  EXPECT_EQ(rows[1].times_ms.size(), 5u) << "a small population keeps every spike";
  EXPECT_EQ(rows[1].neuron_stride, 1u);
  EXPECT_GT(rows[0].neuron_stride, 1u);
  EXPECT_EQ(rows[0].spike_stride, 1u) << "the kept neurons' trains stay whole";
  // Each kept neuron shows all its 160 spikes of the window, from its start to its end.
  uint64_t of_neuron_0 = 0;
  double first = 1e9, last = 0;
  for (size_t k = 0; k < rows[0].times_ms.size(); ++k)
    if (rows[0].rows[k] == 0) ++of_neuron_0, first = std::min(first, rows[0].times_ms[k]), last = std::max(last, rows[0].times_ms[k]);
  EXPECT_EQ(of_neuron_0, 160u);
  EXPECT_NEAR(first, 100, 5);
  EXPECT_NEAR(last, 895, 5);
  EXPECT_TRUE(rows[2].times_ms.empty());
  const std::string statement = decimation_statement(rows);
  EXPECT_NE(statement.find("neuron of E"), std::string::npos) << statement;
  EXPECT_EQ(statement.find("of I"), std::string::npos) << statement;
}

TEST(RasterDecimation, ANeuronFiringBeyondItsShareShowsEveryMthSpikeAndSaysSo) {
  RecordedSpikes one = population("single", 1);
  fire_regularly(one, 0.1, 10000);  // 100,000 spikes
  const std::vector<RasterRows> rows = decimate_raster({&one}, 0, 10000, 1000);
  EXPECT_LE(rows[0].times_ms.size(), 1000u);
  EXPECT_GE(rows[0].times_ms.size(), 900u);
  EXPECT_NEAR(rows[0].times_ms.back(), 10000, 20) << "the whole window is kept";
  EXPECT_NE(decimation_statement(rows).find("spike of those"), std::string::npos);
  EXPECT_EQ(decimate_raster({&one}, 0, 10000, 1000000)[0].times_ms.size(), 100000u) << "no thinning within budget";
}

TEST(SpikeTrainStatistics, RatesIntervalsAndCoefficientsOfVariationOfKnownTrains) {
  RecordedSpikes clock = population("clock", 4);
  fire_regularly(clock, 10, 1000);  // 100 Hz
  const std::vector<double> rate = binned_rate(clock, 0, 1000, 100);
  ASSERT_EQ(rate.size(), 10u);
  for (double r : rate) EXPECT_NEAR(r, 100, 1e-9);
  for (double isi : interspike_intervals(clock, 0, 1000)) EXPECT_NEAR(isi, 10, 1e-9);
  const std::vector<double> regular = coefficients_of_variation(clock, 0, 1000);
  ASSERT_EQ(regular.size(), 4u);
  for (double cv : regular) EXPECT_NEAR(cv, 0, 1e-6);
  // Poisson trains: exponential intervals, CV 1.
  RecordedSpikes poisson = population("poisson", 200);
  std::mt19937_64 random(7);
  std::exponential_distribution<double> interval(1.0 / 20);  // mean 20 ms
  std::vector<std::pair<double, uint64_t>> spikes;
  for (uint32_t n = 0; n < poisson.size; ++n)
    for (double t = interval(random); t < 10000; t += interval(random)) spikes.emplace_back(t, n);
  std::sort(spikes.begin(), spikes.end());
  for (const auto& [t, n] : spikes) poisson.timestamps_ms.push_back(t), poisson.node_ids.push_back(n);
  const std::vector<double> cvs = coefficients_of_variation(poisson, 0, 10000);
  double mean = 0;
  for (double cv : cvs) mean += cv;
  EXPECT_NEAR(mean / cvs.size(), 1.0, 0.05);
  double mean_rate = 0;
  for (double r : binned_rate(poisson, 0, 10000, 1000)) mean_rate += r / 10;
  EXPECT_NEAR(mean_rate, 50, 2);
  const Histogram h = histogram({0.5, 1.5, 1.5, 2.5, 9}, 0, 3, 3, true);
  ASSERT_EQ(h.counts.size(), 3u);
  EXPECT_DOUBLE_EQ(h.counts[1], 0.4) << "fractions of all values, those outside included";
}

TEST(PowerSpectrum, APopulationRhythmPeaksAtItsFrequencyAndTheTotalPowerIsTheVariance) {
  const double sample_ms = 1, amplitude = 30;
  std::vector<double> signal;
  std::mt19937_64 random(3);
  std::normal_distribution<double> noise(0, 5);
  for (int k = 0; k < 8192; ++k) signal.push_back(50 + amplitude * std::sin(2 * M_PI * 180.0 * k * 1e-3) + noise(random));
  const PowerSpectrum ps = welch_spectrum(signal, sample_ms, 512);
  ASSERT_FALSE(ps.power.empty());
  EXPECT_EQ(ps.segments, 31);
  EXPECT_NEAR(ps.frequency_hz.back(), 500, 1e-9) << "up to the Nyquist frequency";
  EXPECT_NEAR(peak_frequency(ps, 2), 180, 2);
  // Parseval: the one-sided density integrates to the variance (amplitude^2 / 2 + noise variance).
  const double df = ps.frequency_hz[1] - ps.frequency_hz[0];
  double total = 0;
  for (double p : ps.power) total += p * df;
  EXPECT_NEAR(total, amplitude * amplitude / 2 + 25, 0.05 * (amplitude * amplitude / 2 + 25));
  EXPECT_TRUE(welch_spectrum(std::vector<double>(10, 1.0), 1).power.empty());
}

TEST(PlotChart, TheSvgDrawsTheMarksAndLegendEntriesItCounts) {
  Chart c;
  c.id = "test";
  c.title = "A <title> & more";
  Series line, bars, points;
  line.name = "line";
  for (int k = 0; k < 5000; ++k) line.x.push_back(k), line.y.push_back(std::sin(k * 0.01));
  bars.kind = Series::Kind::kBars;
  bars.name = "bars";
  bars.x = {0, 1, 2};
  bars.y = {1, 2, 3};
  points.kind = Series::Kind::kPoints;
  points.x = {1, 2};
  points.y = {0.5, 0.7};
  c.series = {line, bars, points};
  const std::string svg = render_svg(c);
  const DrawnCounts counts = drawn_counts(c);
  EXPECT_EQ(counts.marks, 1u + 3u + 1u);
  EXPECT_EQ(counts.legend_entries, 2u);
  const auto occurrences = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = svg.find(needle); at != std::string::npos; at = svg.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(occurrences("class='mark'"), counts.marks);
  EXPECT_EQ(occurrences("class='legend-entry'"), counts.legend_entries);
  EXPECT_NE(svg.find("A &lt;title&gt; &amp; more"), std::string::npos);
  // The 5000-point line is thinned to at most two points per pixel column.
  const size_t polyline = svg.find("<polyline"), end = svg.find("'>", polyline);
  const std::string points_text = svg.substr(polyline, end - polyline);
  EXPECT_LT(static_cast<size_t>(std::count(points_text.begin(), points_text.end(), ',')), 2 * 720u);
}

}  // namespace
}  // namespace snn::plot
