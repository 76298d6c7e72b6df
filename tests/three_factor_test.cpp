// Three-factor learning (plasticity/three_factor.hpp, plasticity/modulator.hpp) against its analytic
// weight changes: an eligibility tagged by one spike pairing, turned into a weight change by a
// modulator pulse that comes later (scheduled or earned by a reward condition), by tonic modulation,
// or by nothing; and the distal reward experiment's rewarded synapse.
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <fstream>
#include <numeric>

#include "core/network.hpp"
#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

constexpr double kDt = 0.1;
constexpr double kTauPlus = 20, kTauMinus = 30, kTauEligibility = 200, kTauModulator = 50;
constexpr double kAPlus = 0.02, kAMinus = 0.03, kLearningRate = 0.5;  // per ms

// Pair 0: pre spike at 10 ms, post spike at 15 ms (its eligibility is A_plus x_pre). Pair 1: post at
// 10 ms, pre at 15 ms (-A_minus y_post). Both tagged in step 149 (15 ms). `modulator` completes the
// dopamine modulator's entry.
std::string tagged_pairs(const std::string& modulator) {
  return R"(
simulation: {dt: 0.1, duration: 1500, seed: 5}
populations:
  pre: {model: spike_source_array, size: 2, spike_times: [[10], [15]]}
  driver: {model: spike_source_array, size: 2, spike_times: [[14.9], [9.9]]}
  post: {model: lif, size: 2, parameters: {E_L: -70, V_th: -55, V_reset: -70, t_ref: 2}}
modulators:
  dopamine: {tau: 50, )" + modulator + R"(}
projections:
  - {source: driver, target: post, connector: {rule: one_to_one}, synapse: {type: delta}, weight: 100, delay: 0.1}
  - {name: learning, source: pre, target: post, connector: {rule: one_to_one}, synapse: {type: delta}, weight: 0.5,
     delay: 0.1, plasticity: {rule: three_factor, modulator: dopamine, tau_plus: 20, tau_minus: 30, A_plus: 0.02,
                              A_minus: 0.03, pairing: nearest, tau_eligibility: 200, learning_rate: 0.5,
                              w_min: 0, w_max: 1}}
)";
}

double decay(double steps, double tau_ms) { return std::exp(-steps * kDt / tau_ms); }

// The eligibilities of the two pairs right after step 149.
double eligibility(int pair) { return pair == 0 ? kAPlus * decay(50, kTauPlus) : -kAMinus * decay(50, kTauMinus); }

// The weight change of a pair whose eligibility was tagged in step 149 when a pulse of `amount` arrives
// in step `pulse`, summed over every step to the end of the run (step 14999): e decays by d_e a step,
// M by d_m, and each step adds learning_rate dt M e.
double pulse_response(int pair, double pulse, double amount) {
  const double de = decay(1, kTauEligibility), dm = decay(1, kTauModulator);
  const double tail = 1.0 - std::pow(de * dm, 15000 - pulse);
  return kLearningRate * kDt * amount * eligibility(pair) * std::pow(de, pulse - 149) * tail / (1.0 - de * dm);
}

// The weight sums thousands of float increments and the eligibility thousands of float decays: their
// rounding, against the exact sums, stays within this.
constexpr double kRelativeError = 2e-4;

void expect_close(double measured, double expected, int pair) {
  EXPECT_NEAR(measured, expected, std::abs(expected) * kRelativeError) << "pair " << pair;
}

TEST(ThreeFactor, WithoutModulationTheEligibilityNeverReachesTheWeight) {
  const RunResult r = run_yaml(tagged_pairs("tonic: 0"));
  ASSERT_EQ(r.spikes[2].size(), 2u) << "each post neuron fires once";
  EXPECT_EQ(r.weights[1], (std::vector<float>{0.5f, 0.5f}));
}

TEST(ThreeFactor, ALaterPulseTurnsTheTaggedEligibilityIntoAWeightChange) {
  // A pulse at 100 ms, 85 ms after the pairings: the step that ends at 100 ms is step 999.
  const RunResult r = run_yaml(tagged_pairs("tonic: 0, pulses: {times: [100], amounts: [1]}"));
  for (int pair = 0; pair < 2; ++pair)
    expect_close(r.weights[1][pair] - 0.5, pulse_response(pair, 999, 1.0), pair);
  EXPECT_GT(r.weights[1][0], 0.5f);  // pre before post: potentiated
  EXPECT_LT(r.weights[1][1], 0.5f);
}

TEST(ThreeFactor, TonicModulationActsFromTheTaggingOn) {
  // M = tonic throughout: each step from 149 adds learning_rate dt tonic e.
  const RunResult r = run_yaml(tagged_pairs("tonic: 0.1"));
  const double de = decay(1, kTauEligibility);
  for (int pair = 0; pair < 2; ++pair) {
    const double expected = kLearningRate * kDt * 0.1 * eligibility(pair) * (1.0 - std::pow(de, 15000 - 149)) / (1.0 - de);
    expect_close(r.weights[1][pair] - 0.5, expected, pair);
  }
}

TEST(ThreeFactor, ARewardConditionGrantsADelayedPulse) {
  // Post neuron 0 fires 5 ms after pre neuron 0: with a 20 ms window that earns a pulse 50 to 60 ms
  // later, which both pairs feel.
  const std::string reward = "tonic: 0, reward: {pre: {population: pre, neuron: 0}, post: {population: post, neuron: 0}, "
                             "window: 20, delay: [50, 60], amount: 1}";
  const RunResult r = run_yaml(tagged_pairs(reward));
  for (int pair = 0; pair < 2; ++pair) {
    // Granted in step 149, given 500 to 600 steps later: the change lies between the two extremes.
    const double early = pulse_response(pair, 649, 1.0), late = pulse_response(pair, 749, 1.0);
    const double change = r.weights[1][pair] - 0.5;
    EXPECT_LE(std::abs(change), std::abs(early) * (1 + kRelativeError)) << "pair " << pair;
    EXPECT_GE(std::abs(change), std::abs(late) * (1 - kRelativeError)) << "pair " << pair;
    EXPECT_EQ(change > 0, pair == 0);
  }
  // A window shorter than the 5 ms interval earns nothing.
  const RunResult none = run_yaml(tagged_pairs(
      "tonic: 0, reward: {pre: {population: pre, neuron: 0}, post: {population: post, neuron: 0}, window: 5, "
      "delay: [50, 60], amount: 1}"));
  EXPECT_EQ(none.weights[1], (std::vector<float>{0.5f, 0.5f}));
}

TEST(ThreeFactor, PulsesReadFromAFileActAsScheduledOnes) {
  const std::string file = ::testing::TempDir() + "pulses.csv";
  {
    std::ofstream out(file);
    out << "# time_ms,amount\n100,1\n";
  }
  const RunResult scheduled = run_yaml(tagged_pairs("tonic: 0, pulses: {times: [100], amounts: [1]}"));
  const RunResult from_file = run_yaml(tagged_pairs("tonic: 0, pulses_file: " + file));
  EXPECT_EQ(scheduled.weights, from_file.weights);
  EXPECT_NE(scheduled.weights[1][0], 0.5f);
}

TEST(ThreeFactor, TheDistalRewardGrowsTheRewardedSynapseOnly) {
  // 30 s of the experiment's hour, with its rewards and with rewards of zero: the rewarded synapse,
  // from 0, grows only where the delayed reward follows its pairings, while the other excitatory
  // synapses (from 1) do not grow on average.
  const std::string path = source_path("experiments/distal_reward.yaml");
  const RunResult r = run_spec(load_experiment_file(path, {"simulation.duration=30000"}), 0);
  const RunResult control =
      run_spec(load_experiment_file(path, {"simulation.duration=30000", "modulators.dopamine.reward.amount=0"}), 0);
  ASSERT_EQ(r.weights[2].size(), 1u);
  const float rewarded = r.weights[2][0];
  EXPECT_GT(rewarded, 0.25f);
  EXPECT_LT(control.weights[2][0], 0.05f);
  for (const RunResult* run : {&r, &control}) {
    const std::vector<float>& others = run->weights[0];
    EXPECT_LT(std::accumulate(others.begin(), others.end(), 0.0) / others.size(), 1.0);
  }
  // Its history, sampled every second, climbs.
  ASSERT_EQ(r.weight_history[0].size(), 30u);
  EXPECT_EQ(r.weight_history[0].back(), rewarded);
  EXPECT_LT(r.weight_history[0][4], rewarded);
}

TEST(ThreeFactor, AnyThreadCountLearnsTheSameWeights) {
  const ExperimentSpec spec =
      load_experiment_file(source_path("experiments/distal_reward.yaml"), {"simulation.duration=5000"});
  const RunResult one = run_spec(spec, 1), three = run_spec(spec, 3);
  EXPECT_EQ(one.spikes, three.spikes);
  EXPECT_EQ(one.weights, three.weights);
}

}  // namespace
}  // namespace snn::testing
