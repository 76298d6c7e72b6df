// Inhibitory STDP (plasticity/inhibitory_stdp.hpp): its weight changes against the rule's equations
// for given spikes, and its purpose (Vogels et al. 2011): cells that start with too little and with too
// much inhibition both end at the target rate, from the shipped experiment.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "core/engine.hpp"
#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

constexpr double kDt = 0.1;

double decayed(double steps, double tau_ms) { return std::exp(-steps * kDt / tau_ms); }

TEST(InhibitoryStdp, PreSpikesPayAConstantAndBothOrdersPotentiate) {
  // Pair 0: pre at 10 ms, post at 15 ms, pre at 30 ms. Pair 1: post at 5 ms only, no pre spike.
  const RunResult r = run_yaml(R"(
simulation: {dt: 0.1, duration: 40, seed: 3}
populations:
  pre: {model: spike_source_array, size: 2, spike_times: [[10, 30], []]}
  driver: {model: spike_source_array, size: 2, spike_times: [[14.9], [4.9]]}
  post: {model: lif, size: 2, parameters: {E_L: -70, V_th: -55, V_reset: -70, t_ref: 2}}
projections:
  - {source: driver, target: post, connector: {rule: one_to_one}, synapse: {type: delta}, weight: 100, delay: 0.1}
  - {source: pre, target: post, connector: {rule: one_to_one}, synapse: {type: exponential_conductance, tau: 10, E_rev: -80},
     weight: 2, delay: 0.1, plasticity: {rule: inhibitory_stdp, tau: 20, eta: 0.1, target_rate: 5, w_max: 5}}
)");
  const double eta = 0.1, alpha = 2 * 0.005 * 20;  // 5 Hz = 0.005 per ms
  // First pre spike: no post trace yet, so -eta alpha; the post spike 5 ms later: +eta x_pre; the second
  // pre spike 15 ms after the post spike: +eta (x_post - alpha).
  const double expected = 2 - eta * alpha + eta * decayed(50, 20) + eta * (decayed(150, 20) - alpha);
  EXPECT_NEAR(r.weights[1][0], expected, 1e-6);
  EXPECT_EQ(r.weights[1][1], 2.0f) << "post spikes without pre spikes change nothing";
}

// The rate of `neurons` neurons, in Hz, from their spikes in [from_ms, to_ms).
double rate(const std::vector<Spike>& spikes, uint32_t neurons, double from_ms, double to_ms) {
  size_t count = 0;
  for (const Spike& s : spikes) count += s.step * kDt >= from_ms && s.step * kDt < to_ms;
  return count / (neurons * (to_ms - from_ms) / 1000.0);
}

double mean(const std::vector<float>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / v.size(); }

TEST(InhibitoryStdp, CellsReachTheTargetRateFromWeakAndFromStrongInhibition) {
  const RunResult r = run_spec(load_experiment_file(source_path("experiments/inhibitory_stdp_balance.yaml")));
  const std::vector<Spike>&weak = r.spikes[1], &strong = r.spikes[2];
  EXPECT_GT(rate(weak, 20, 0, 500), 20.0) << "weak inhibition at first: the cells fire fast";
  EXPECT_LT(rate(strong, 20, 0, 500), 1.0) << "strong inhibition at first: the cells are almost silent";
  // The rule's fixed point is the target rate, 5 Hz, for uncorrelated spikes; the feedback of each
  // inhibitory spike on the cell's firing moves it a little. Both groups end there.
  EXPECT_NEAR(rate(weak, 20, 12000, 20000), 5.0, 1.5);
  EXPECT_NEAR(rate(strong, 20, 12000, 20000), 5.0, 1.5);
  // The weights moved towards each other (from 0.2 and 6 nS) and met between their starts.
  const double weak_w = mean(r.weights[0]), strong_w = mean(r.weights[1]);
  EXPECT_GT(weak_w, 1.0);
  EXPECT_LT(strong_w, 3.0);
  EXPECT_NEAR(weak_w, strong_w, 0.2 * strong_w);
}

}  // namespace
}  // namespace snn::testing
