// The AdEx neuron (neurons/adex.hpp): the firing patterns of Naud et al. (2008) from the shipped
// experiment, read off the inter-spike intervals, and the f-I curve against an independent
// double-precision integration with a step a hundred times finer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

constexpr double kDt = 0.1;

// Intervals (ms) between a neuron's successive spikes.
std::vector<double> intervals(const std::vector<Spike>& spikes) {
  std::vector<double> out;
  for (size_t k = 1; k < spikes.size(); ++k) out.push_back((spikes[k].step - spikes[k - 1].step) * kDt);
  return out;
}

double mean(const std::vector<double>& x) { return std::accumulate(x.begin(), x.end(), 0.0) / x.size(); }

double coefficient_of_variation(const std::vector<double>& x) {
  const double m = mean(x);
  double squares = 0;
  for (double v : x) squares += (v - m) * (v - m);
  return std::sqrt(squares / x.size()) / m;
}

// Naud et al.'s adaptation index: the mean relative change of successive intervals (> 0: they grow).
double adaptation_index(const std::vector<double>& isi) {
  double sum = 0;
  for (size_t k = 1; k < isi.size(); ++k) sum += (isi[k] - isi[k - 1]) / (isi[k] + isi[k - 1]);
  return sum / (isi.size() - 1);
}

class AdExFiringPatterns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spec_ = new ExperimentSpec(load_experiment_file(source_path("experiments/adex_firing_patterns.yaml")));
    result_ = new RunResult(run_spec(*spec_));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete spec_;
  }
  static const std::vector<Spike>& spikes(const std::string& pattern) {
    return result_->spikes.at(spec_->population_index(pattern));
  }
  static ExperimentSpec* spec_;
  static RunResult* result_;
};
ExperimentSpec* AdExFiringPatterns::spec_ = nullptr;
RunResult* AdExFiringPatterns::result_ = nullptr;

TEST_F(AdExFiringPatterns, TonicSpikingIsRegularFromTheFirstSpike) {
  const std::vector<double> isi = intervals(spikes("tonic"));
  ASSERT_GE(isi.size(), 50u);
  EXPECT_LT(coefficient_of_variation(isi), 0.02);
  EXPECT_NEAR(isi.front(), isi.back(), 0.1 * isi.back());
}

TEST_F(AdExFiringPatterns, AdaptingIntervalsGrowToASteadyRate) {
  const std::vector<double> isi = intervals(spikes("adapting"));
  ASSERT_GE(isi.size(), 8u);
  for (size_t k = 1; k < isi.size(); ++k) EXPECT_GE(isi[k], isi[k - 1] - kDt) << "interval " << k;
  EXPECT_GT(isi.back(), 4 * isi.front());
  EXPECT_GT(adaptation_index(isi), 0.05);
  const std::vector<double> late(isi.end() - 4, isi.end());
  EXPECT_LT(coefficient_of_variation(late), 0.02) << "the rate settles";
}

TEST_F(AdExFiringPatterns, InitialBurstThenRegularSpiking) {
  const std::vector<double> isi = intervals(spikes("initial_burst"));
  ASSERT_GE(isi.size(), 8u);
  const std::vector<double> late(isi.end() - 6, isi.end());
  const double steady = mean(late);
  EXPECT_LT(isi[0], 0.2 * steady);
  EXPECT_LT(isi[1], 0.2 * steady);
  EXPECT_LT(coefficient_of_variation(late), 0.02);
}

// Bursts: intervals far shorter than the longest; the long ones (between bursts) repeat.
void expect_regular_bursts(const std::vector<double>& isi, size_t min_bursts) {
  const double longest = *std::max_element(isi.begin(), isi.end());
  std::vector<double> between, within;
  for (double v : isi) (v > 0.5 * longest ? between : within).push_back(v);
  ASSERT_GE(between.size(), min_bursts);
  EXPECT_GE(within.size(), between.size()) << "every burst has at least two spikes";
  EXPECT_LT(*std::max_element(within.begin(), within.end()), 0.2 * longest);
  EXPECT_LT(coefficient_of_variation(between), 0.02) << "the bursts repeat";
}

TEST_F(AdExFiringPatterns, RegularBurstsRepeat) { expect_regular_bursts(intervals(spikes("regular_bursting")), 5); }

TEST_F(AdExFiringPatterns, DelayedAcceleratingStartsLateAndSpeedsUp) {
  const std::vector<Spike>& s = spikes("delayed_accelerating");
  const std::vector<double> isi = intervals(s);
  ASSERT_GE(isi.size(), 10u);
  EXPECT_GT((s.front().step + 1) * kDt, 3 * isi.back()) << "a first-spike latency longer than the later intervals";
  for (size_t k = 1; k < isi.size(); ++k) EXPECT_LE(isi[k], isi[k - 1] + kDt) << "interval " << k;
  EXPECT_LT(adaptation_index(std::vector<double>(isi.begin(), isi.begin() + 10)), -0.02);
  EXPECT_LT(isi.back(), 0.6 * isi.front());
}

TEST_F(AdExFiringPatterns, DelayedRegularBurstingStartsLateThenBursts) {
  const std::vector<Spike>& s = spikes("delayed_regular_bursting");
  const std::vector<double> isi = intervals(s);
  ASSERT_GE(isi.size(), 10u);
  EXPECT_GT((s.front().step + 1) * kDt, 30.0);
  expect_regular_bursts(isi, 5);
}

TEST_F(AdExFiringPatterns, TransientSpikingFallsSilent) {
  const std::vector<Spike>& s = spikes("transient");
  ASSERT_GE(s.size(), 1u);
  EXPECT_LE(s.size(), 3u);
  EXPECT_LT((s.back().step + 1) * kDt, 100.0) << "no spike after the onset transient, under the same current";
}

TEST_F(AdExFiringPatterns, IrregularSpikingHasNoSteadyInterval) {
  const std::vector<double> isi = intervals(spikes("irregular"));
  ASSERT_GE(isi.size(), 20u);
  EXPECT_GT(coefficient_of_variation(isi), 0.3);
}

// The AdEx equations in double precision by the classical Runge-Kutta method at step `h`, with
// NEST's handling of the peak (V read as at most V_peak) and reset; returns the spike times (ms).
std::vector<double> reference_spike_times(double current_pA, double duration_ms, double h) {
  const double C = 281, g_L = 30, E_L = -70.6, V_T = -50.4, Delta_T = 2, tau_w = 144, a = 4, b = 80.5, V_r = -60, V_peak = 0;
  auto derivatives = [&](double V, double w, double& dV, double& dw) {
    const double Vc = std::min(V, V_peak);
    dV = (-g_L * (Vc - E_L) + g_L * Delta_T * std::exp((Vc - V_T) / Delta_T) - w + current_pA) / C;
    dw = (a * (Vc - E_L) - w) / tau_w;
  };
  std::vector<double> times;
  double V = E_L, w = 0;
  const long steps = std::lround(duration_ms / h);
  for (long n = 0; n < steps; ++n) {
    double k1V, k1w, k2V, k2w, k3V, k3w, k4V, k4w;
    derivatives(V, w, k1V, k1w);
    derivatives(V + 0.5 * h * k1V, w + 0.5 * h * k1w, k2V, k2w);
    derivatives(V + 0.5 * h * k2V, w + 0.5 * h * k2w, k3V, k3w);
    derivatives(V + h * k3V, w + h * k3w, k4V, k4w);
    V += h / 6 * (k1V + 2 * k2V + 2 * k3V + k4V);
    w += h / 6 * (k1w + 2 * k2w + 2 * k3w + k4w);
    if (V >= V_peak) {
      times.push_back((n + 1) * h);
      V = V_r;
      w += b;
    }
  }
  return times;
}

// Brette & Gerstner's (2005) cell (the model's defaults) under currents of 300 to 1,100 pA, across
// rheobase (near 650 pA): the adapted rate (the mean of the last five intervals of 2 s) within 1% of
// the fine reference (0.3% seen at dt = 0.1 ms, one Heun step), the spike count within one, and the
// same silence below rheobase.
TEST(AdExFICurve, AdaptedRatesMatchAFineReferenceIntegration) {
  const double duration = 2000;
  const std::string yaml = R"(
simulation: {dt: 0.1, duration: 2000, seed: 1}
populations:
  cells: {model: adex, size: 9, parameters: {I_e: "300 + 100 * i"}}
)";
  const RunResult result = run_yaml(yaml);
  std::vector<std::vector<Spike>> by_neuron(9);
  for (const Spike& s : result.spikes[0]) by_neuron[s.neuron].push_back(s);
  for (uint32_t i = 0; i < 9; ++i) {
    const double current = 300 + 100.0 * i;
    const std::vector<double> reference = reference_spike_times(current, duration, 0.001);
    if (reference.size() < 6) {
      EXPECT_EQ(by_neuron[i].size(), reference.size()) << current << " pA";
      continue;
    }
    ASSERT_GE(by_neuron[i].size(), 6u) << current << " pA";
    const std::vector<double> isi = intervals(by_neuron[i]);
    const double ours = 1000.0 / mean(std::vector<double>(isi.end() - 5, isi.end()));
    const double theirs = 1000.0 * 5 / (reference.back() - reference[reference.size() - 6]);
    EXPECT_NEAR(ours, theirs, 0.01 * theirs) << current << " pA";
    EXPECT_NEAR(double(by_neuron[i].size()), double(reference.size()), 1.0) << current << " pA";
  }
}

}  // namespace
}  // namespace snn::testing
