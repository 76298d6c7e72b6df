// The four states of Brunel (2000), Fig. 8, each shipped as an experiment, told apart by the measures
// the paper uses: irregularity (the CV of single neurons' interspike intervals) and synchrony (how much
// the population rate fluctuates, and at what frequency). Brunel's classification: SR, neurons regular
// and synchronous; SI with fast oscillations, irregular neurons on a fast (about 180 Hz) population
// rhythm; AI, irregular neurons and a flat population rate; SI with slow oscillations, irregular neurons
// on a slow (about 20 Hz) rhythm. The excitatory population, 100-600 ms, on the CPU engine.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

constexpr double kFromMs = 100.0, kToMs = 600.0, kBinMs = 0.5;

struct StateMeasures {
  double rate_hz = 0;      // mean single-neuron rate
  double cv_isi = 0;       // mean CV of the interspike intervals, neurons with at least 3 spikes
  // The variance of the population's spike count in 0.5 ms bins over its mean: 1 where neurons fire
  // independently (Poisson counts), larger the more they fire together.
  double synchrony = 0;
  double peak_hz = 0;      // strongest frequency of the population rate, 4-500 Hz
};

StateMeasures measure(const std::string& experiment) {
  const ExperimentSpec spec = load_experiment_file(source_path("experiments/" + experiment),
                                                   {"simulation.duration=" + std::to_string(kToMs)});
  const RunResult run = run_spec(spec, 0);
  const std::vector<Spike>& spikes = run.spikes[spec.population_index("excitatory")];
  const uint32_t neurons = spec.populations[spec.population_index("excitatory")].size;
  const size_t bins = static_cast<size_t>((kToMs - kFromMs) / kBinMs);
  std::vector<double> counts(bins, 0.0);
  std::vector<std::vector<double>> times(neurons);
  for (const Spike& s : spikes) {
    const double t = (s.step + 1) * spec.dt_ms;
    if (t < kFromMs || t >= kToMs) continue;
    counts[static_cast<size_t>((t - kFromMs) / kBinMs)] += 1;
    times[s.neuron].push_back(t);
  }
  StateMeasures m;
  double total = 0, cv_sum = 0;
  uint32_t with_cv = 0;
  for (const std::vector<double>& train : times) {
    total += train.size();
    if (train.size() < 3) continue;
    double mean = 0, square = 0;
    for (size_t k = 1; k < train.size(); ++k) mean += train[k] - train[k - 1];
    mean /= static_cast<double>(train.size() - 1);
    for (size_t k = 1; k < train.size(); ++k) square += (train[k] - train[k - 1] - mean) * (train[k] - train[k - 1] - mean);
    cv_sum += std::sqrt(square / static_cast<double>(train.size() - 1)) / mean;
    ++with_cv;
  }
  m.rate_hz = total / neurons / ((kToMs - kFromMs) * 1e-3);
  m.cv_isi = with_cv > 0 ? cv_sum / with_cv : 0.0;
  double mean = 0, variance = 0;
  for (double c : counts) mean += c;
  mean /= static_cast<double>(bins);
  for (double c : counts) variance += (c - mean) * (c - mean);
  m.synchrony = mean > 0 ? variance / static_cast<double>(bins) / mean : 0.0;
  double best = -1;
  for (double f = 4; f <= 500; f += 2) {  // the power of the population rate at f, by direct transform
    double re = 0, im = 0;
    for (size_t k = 0; k < bins; ++k) {
      const double phase = 2 * M_PI * f * (k * kBinMs * 1e-3);
      re += (counts[k] - mean) * std::cos(phase);
      im += (counts[k] - mean) * std::sin(phase);
    }
    if (re * re + im * im > best) best = re * re + im * im, m.peak_hz = f;
  }
  std::printf("%-22s rate %7.2f Hz  CV %.3f  synchrony %8.1f  peak %5.0f Hz\n", experiment.c_str(), m.rate_hz, m.cv_isi,
              m.synchrony, m.peak_hz);
  return m;
}

TEST(BrunelStates, EachShippedStateHasItsIrregularityAndSynchrony) {
  const StateMeasures sr = measure("brunel_sr.yaml"), si_fast = measure("brunel.yaml"), ai = measure("brunel_ai.yaml"),
                      si_slow = measure("brunel_si_slow.yaml");
  // Clockwork firing in SR, irregular firing in the others.
  EXPECT_LT(sr.cv_isi, 0.05);
  for (const StateMeasures* m : {&si_fast, &ai, &si_slow}) EXPECT_GT(m->cv_isi, 0.3);
  // AI is the asynchronous one: the synchronous states' population counts vary at least twice as much
  // beyond independent firing (with 12,500 neurons, AI keeps weak, damped fluctuations).
  for (const StateMeasures* m : {&sr, &si_fast, &si_slow}) EXPECT_GT(m->synchrony, 2 * ai.synchrony);
  // The rhythms: fast in SI fast (Brunel: about 180 Hz), slow in SI slow (about 20 Hz); SR's neurons fire
  // in lockstep, at the population's frequency.
  EXPECT_GT(si_fast.peak_hz, 150);
  EXPECT_LT(si_fast.peak_hz, 220);
  EXPECT_GT(si_slow.peak_hz, 10);
  EXPECT_LT(si_slow.peak_hz, 40);
  EXPECT_NEAR(sr.peak_hz, sr.rate_hz, 0.05 * sr.rate_hz);
  // Rates: SI slow is driven below threshold and fires rarely; SR near saturation.
  EXPECT_LT(si_slow.rate_hz, ai.rate_hz);
  EXPECT_GT(sr.rate_hz, si_fast.rate_hz);
}

}  // namespace
}  // namespace snn::testing
