// Learning readouts: the readout error as a third factor per neuron (plasticity/readout_error.hpp) with a
// presynaptic eligibility, against its analytic weight change; recursive least squares against the
// ridge regression it computes (models/recursive_least_squares.hpp); the cued-trials task and its
// trial-aligned responses; and the reservoir experiment, whose three-factor readouts re-adapt after the
// task changes while its FORCE readout does not.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "io/experiment_loader.hpp"
#include "models/recursive_least_squares.hpp"
#include "models/trial_response.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

// One presynaptic spike at 10 ms (step 9) onto a readout that never fires, taught by two target neurons
// (one group) firing at 12 and 15 ms, the error gated by a constant 2.
constexpr char kOneSynapse[] = R"(
simulation: {dt: 1.0, duration: 200, seed: 3}
populations:
  pre: {model: spike_source_array, size: 1, spike_times: [[10]]}
  teacher: {model: spike_source_array, size: 2, spike_times: [[12], [15]]}
  readout: {model: lif, size: 1, parameters: {V_th: 1000}}
modulators:
  attention: {tau: 100, tonic: 2}
  error: {readout_error: {readout: readout, target: teacher, tau: 10, gate: attention}}
projections:
  - {name: learning, source: pre, target: readout, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 0,
     delay: 1, plasticity: {rule: three_factor, modulator: error, eligibility: presynaptic, A_plus: 1.5,
                            tau_eligibility: 20, learning_rate: 0.01, w_min: -100, w_max: 100}}
)";

TEST(ReadoutError, PresynapticEligibilityTimesGatedErrorGivesTheAnalyticWeight) {
  const RunResult r = run_yaml(kOneSynapse);
  // Step s >= 9 uses e = 1.5 exp(-(s - 9)/20); the error after step s is 2 x (the group's mean filtered
  // train) = 2 x (0.5 d^(s-11) [s >= 11] + 0.5 d^(s-14) [s >= 14]), d = exp(-1/10); dw = 0.01 x 1 ms x M e.
  double expected = 0.0;
  for (int s = 9; s < 200; ++s) {
    const double e = 1.5 * std::exp(-(s - 9) / 20.0);
    double y = 0.0;
    if (s >= 11) y += 0.5 * std::exp(-(s - 11) / 10.0);
    if (s >= 14) y += 0.5 * std::exp(-(s - 14) / 10.0);
    expected += 0.01 * 2.0 * y * e;
  }
  ASSERT_EQ(r.weights[0].size(), 1u);
  EXPECT_NEAR(r.weights[0][0], expected, 1e-4 * expected);
  EXPECT_GT(expected, 0.1);  // the case is not trivially zero
}

TEST(ReadoutError, AReadoutThatFiresWithItsTargetStopsLearning) {
  // The readout is driven to fire exactly when its target does: the error is zero at every step and the
  // weight stays where it started, whatever the eligibility.
  const std::string yaml = R"(
simulation: {dt: 1.0, duration: 300, seed: 3}
populations:
  pre: {model: spike_source_array, size: 1, spike_times: [[10, 20, 30]]}
  teacher: {model: spike_source_array, size: 1, spike_times: [[41, 61, 81]]}
  driver: {model: spike_source_array, size: 1, spike_times: [[40, 60, 80]]}
  readout: {model: lif, size: 1, parameters: {E_L: -70, V_reset: -70, V_th: -55}}
modulators:
  error: {readout_error: {readout: readout, target: teacher, tau: 10}}
projections:
  - {source: driver, target: readout, connector: {rule: one_to_one}, synapse: {type: delta}, weight: 100, delay: 1}
  - {name: learning, source: pre, target: readout, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 0.25,
     delay: 1, plasticity: {rule: three_factor, modulator: error, eligibility: presynaptic, A_plus: 1,
                            tau_eligibility: 100, learning_rate: 0.1, w_min: -10, w_max: 10}}
)";
  const RunResult r = run_yaml(yaml);
  ASSERT_EQ(r.spikes[3].size(), 3u);  // the readout fired with its target (the driver's spikes land a step later)
  for (size_t k = 0; k < 3; ++k) EXPECT_EQ(r.spikes[3][k].step, r.spikes[1][k].step);
  EXPECT_FLOAT_EQ(r.weights[1][0], 0.25f);
}

// Solves the n x n system A x = b by Gaussian elimination with partial pivoting.
std::vector<double> solve(std::vector<double> a, std::vector<double> b, size_t n) {
  for (size_t c = 0; c < n; ++c) {
    size_t pivot = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::abs(a[r * n + c]) > std::abs(a[pivot * n + c])) pivot = r;
    for (size_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[pivot * n + k]);
    std::swap(b[c], b[pivot]);
    for (size_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (size_t k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n);
  for (size_t c = n; c-- > 0;) {
    double sum = b[c];
    for (size_t k = c + 1; k < n; ++k) sum -= a[c * n + k] * x[k];
    x[c] = sum / a[c * n + c];
  }
  return x;
}

TEST(RecursiveLeastSquares, EqualsRidgeRegressionOverEverySample) {
  // After samples r_1..r_N with targets y, W = (sum y r^T)(sum r r^T + alpha I)^-1 exactly.
  constexpr size_t n = 6, samples = 300, outputs = 2;
  constexpr double alpha = 0.5;
  std::mt19937 rng(7);
  std::normal_distribution<double> normal;
  RecursiveLeastSquares rls(n, outputs, alpha);
  std::vector<double> gram(n * n, 0.0), cross(outputs * n, 0.0), z;
  for (size_t i = 0; i < n; ++i) gram[i * n + i] = alpha;
  for (size_t k = 0; k < samples; ++k) {
    std::vector<double> r(n), y(outputs);
    for (double& v : r) v = normal(rng);
    for (size_t o = 0; o < outputs; ++o) y[o] = (o + 1.0) * r[0] - 0.5 * r[n - 1] + 0.3 * normal(rng);
    rls.predict(r, z);
    rls.update(r, z, y);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) gram[i * n + j] += r[i] * r[j];
      for (size_t o = 0; o < outputs; ++o) cross[o * n + i] += y[o] * r[i];
    }
  }
  for (size_t o = 0; o < outputs; ++o) {
    const std::vector<double> w = solve(gram, std::vector<double>(cross.begin() + o * n, cross.begin() + (o + 1) * n), n);
    for (size_t i = 0; i < n; ++i) EXPECT_NEAR(rls.weights()[o * n + i], w[i], 1e-9) << "output " << o << " input " << i;
  }
  EXPECT_NEAR(rls.weights()[0], 1.0, 0.05);  // and the regression found the rule
  EXPECT_LT(rls.p_trace(), n / alpha / 20);  // P has shrunk: little learning rate is left
}

CuedTrials two_phases() {
  CuedTrials t;
  t.trial_ms = 500;
  t.bin_ms = 10;
  t.cue_ms = 30;
  t.stimulus_ms = 40;
  t.phases = {{3000, 100, {0.5, 0.3}}, {3000, 250, {0.1, 0.6}}};
  t.seed = 9;
  return t;
}

TEST(CuedTrials, StimuliComeWithTheirPhasesProbabilitiesAtTheirDelays) {
  const CuedTrials t = two_phases();
  for (int phase = 0; phase < 2; ++phase) {
    std::vector<double> counts(3, 0.0);  // A, B, none
    for (uint32_t k = phase * 3000; k < (phase + 1) * 3000u; ++k) {
      const int s = t.stimulus_of(k);
      ++counts[s < 0 ? 2 : s];
    }
    const std::vector<double>& p = t.phases[phase].probabilities;
    const double expected[3] = {p[0], p[1], 1.0 - p[0] - p[1]};
    for (int s = 0; s < 3; ++s)  // within 4 binomial standard deviations
      EXPECT_NEAR(counts[s] / 3000, expected[s], 4 * std::sqrt(expected[s] * (1 - expected[s]) / 3000)) << phase << " " << s;
  }
  const uint32_t neurons = 4, bins = t.bins_per_trial();
  const std::vector<float> cue = render_cued_trials(t, CuedTrialChannel::kCue, neurons);
  const std::vector<float> stimuli = render_cued_trials(t, CuedTrialChannel::kStimuli, neurons);
  ASSERT_EQ(stimuli.size(), size_t(6000) * bins * neurons);
  for (uint32_t trial : {0u, 1u, 2999u, 3000u, 5999u}) {
    const double delay = t.phase_of(trial).delay_ms;
    const int s = t.stimulus_of(trial);
    for (uint32_t b = 0; b < bins; ++b)
      for (uint32_t n = 0; n < neurons; ++n) {
        const size_t at = (size_t(trial) * bins + b) * neurons + n;
        EXPECT_EQ(cue[at], b < 3 ? 1.0f : 0.0f);
        const bool on = s >= 0 && int(n / 2) == s && b * 10 >= delay && b * 10 < delay + 40;
        EXPECT_EQ(stimuli[at], on ? 1.0f : 0.0f) << "trial " << trial << " bin " << b << " neuron " << n;
      }
  }
}

TEST(TrialResponse, AveragesTheLastTrialsOfEachPhaseFromTheCue) {
  // A response of 1 + phase in each phase's stimulus window, 0.5 at the first phase's window during the
  // second phase, 0 elsewhere: the means and peaks come back exactly.
  CuedTrials t = two_phases();
  t.phases[0].trials = t.phases[1].trials = 8;
  std::vector<uint64_t> steps;
  std::vector<float> samples;
  for (uint64_t step = 9; step < 16 * 500; step += 10) {  // dt 1 ms, a sample every 10 ms
    const double time = step + 1.0 - 5.0;
    const uint32_t trial = uint32_t(time / 500);
    const double in_trial = time - trial * 500.0;
    const int phase = trial < 8 ? 0 : 1;
    auto inside = [&](double delay) { return in_trial >= delay && in_trial < delay + 40; };
    steps.push_back(step);
    samples.push_back(inside(t.phases[phase].delay_ms) ? 1.0f + phase : phase == 1 && inside(100) ? 0.5f : 0.0f);
  }
  const auto phases = trial_responses(t, 1.0, 10.0, steps, samples, 1, 0.5);
  ASSERT_EQ(phases.size(), 2u);
  EXPECT_EQ(phases[0].first_trial, 4u);
  EXPECT_EQ(phases[1].first_trial, 12u);
  EXPECT_EQ(phases[0].samples, 4u * 50);
  EXPECT_DOUBLE_EQ(phases[0].window_mean[0], 1.0);
  EXPECT_DOUBLE_EQ(phases[1].window_mean[0], 2.0);
  EXPECT_DOUBLE_EQ(phases[0].rest_mean[0], 0.0);
  EXPECT_DOUBLE_EQ(phases[1].previous_window_mean[0], 0.5);
  EXPECT_NEAR(phases[1].rest_mean[0], 0.5 * 4 / 46, 1e-12);
  EXPECT_DOUBLE_EQ(phases[0].peak_ms[0], 105.0);
  EXPECT_DOUBLE_EQ(phases[1].peak_ms[0], 255.0);
}

TEST(ReservoirWhatWhen, ThreeFactorReadoutsReadaptAfterTheTaskChangesAndForceDoesNot) {
  // experiments/reservoir_what_when.yaml with 60 trials a phase (300 in the experiment).
  ExperimentTasks tasks;
  const ExperimentSpec spec = load_experiment_file(
      source_path("experiments/reservoir_what_when.yaml"),
      {"populations.cue.data.cued_trials.phases.0.trials=60", "populations.cue.data.cued_trials.phases.1.trials=60",
       "simulation.duration=120000"},
      &tasks);
  ASSERT_TRUE(tasks.cued_trials.has_value());
  const CuedTrials& trials = *tasks.cued_trials;
  ASSERT_EQ(trials.trial_count(), 120u);  // the stimuli share the cue's trials
  const RunResult r = run_spec(spec, 0, Backend::kCpu, 0, tasks);
  auto responses = [&](const std::string& name) {
    for (size_t k = 0; k < tasks.readouts.size(); ++k)
      if (tasks.readouts[k].name == name)
        return trial_responses(trials, spec.dt_ms, tasks.readouts[k].interval_ms, r.readouts[k]->sample_steps(),
                               r.readouts[k]->samples(), 2, 0.25);
    throw std::runtime_error("no readout " + name);
  };
  const auto teacher = responses("teacher"), learnt = responses("three_factor"), force = responses("force");
  // Phase 1 (A likely at 300 ms), phase 2 (B likely at 500 ms): the likely stimulus's readout answers
  // in the stimulus's window, more than the other's and far above its own rest; together they answer
  // about as strongly as the stimuli themselves.
  for (int phase = 0; phase < 2; ++phase) {
    const int likely = phase == 0 ? 0 : 1, unlikely = 1 - likely;
    const PhaseResponse& p = learnt[phase];
    EXPECT_GT(p.window_mean[likely], 1.5 * p.window_mean[unlikely]) << "phase " << phase + 1;
    EXPECT_GT(p.window_mean[unlikely], 3 * p.rest_mean[unlikely]) << "the unlikely stimulus is still predicted";
    EXPECT_GT(p.window_mean[likely], 10 * p.rest_mean[likely]);
    const double ratio = (p.window_mean[0] + p.window_mean[1]) / (teacher[phase].window_mean[0] + teacher[phase].window_mean[1]);
    EXPECT_GT(ratio, 0.6) << "phase " << phase + 1;
    EXPECT_LT(ratio, 1.4) << "phase " << phase + 1;
  }
  // After the change the three-factor readouts have left the old time; FORCE still answers there.
  EXPECT_LT(learnt[1].previous_window_mean[0], 0.1 * learnt[1].window_mean[1]);
  EXPECT_GT(force[1].previous_window_mean[0], 0.3);
  EXPECT_GT(force[1].previous_window_mean[0], 5 * learnt[1].previous_window_mean[0] + 0.1);
  EXPECT_GE(force[1].peak_ms[0], 300.0);  // its readout of A still peaks at the old delay
  EXPECT_LT(force[1].peak_ms[0], 350.0);
  // While in the first phase FORCE had learnt as well as the three-factor readouts.
  EXPECT_GT(force[0].window_mean[0], 10 * force[0].rest_mean[0]);
}

}  // namespace
}  // namespace snn::testing
