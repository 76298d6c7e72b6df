// Pair-based STDP (plasticity/stdp.hpp) against its analytic weight changes: the STDP window from the
// shipped experiment, all-to-all against nearest-neighbour pairing, the weight-dependent form, the hard
// bounds, and the same weights whatever the thread count.
#include <gtest/gtest.h>

#include <cmath>

#include "core/engine.hpp"
#include "core/network.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

constexpr double kDt = 0.1;

// The step of neuron `neuron`'s spikes in one population's spike list.
std::vector<uint64_t> spike_steps(const std::vector<Spike>& spikes, uint32_t neuron) {
  std::vector<uint64_t> steps;
  for (const Spike& s : spikes)
    if (s.neuron == neuron) steps.push_back(s.step);
  return steps;
}

// A trace's value `steps` steps after a spike raised it to one.
double trace_after(int64_t steps, double tau_ms) { return std::exp(-static_cast<double>(steps) * kDt / tau_ms); }

TEST(Stdp, TheMeasuredWindowIsTheRulesAnalyticCurve) {
  const RunResult r = run_spec(load_experiment_file(source_path("experiments/stdp_window.yaml")));
  const double tau_plus = 16.8, tau_minus = 33.7, a_plus = 0.01, a_minus = 0.0105;
  const std::vector<float>& w = r.weights[1];  // pre -> post, one synapse per pair
  ASSERT_EQ(w.size(), 21u);
  int potentiated = 0, depressed = 0;
  for (uint32_t k = 0; k < 21; ++k) {
    const std::vector<uint64_t> pre = spike_steps(r.spikes[0], k), post = spike_steps(r.spikes[2], k);
    ASSERT_EQ(pre.size(), 1u);
    ASSERT_EQ(post.size(), 1u) << "pair " << k;
    const int64_t delta = static_cast<int64_t>(post[0]) - static_cast<int64_t>(pre[0]);  // steps
    EXPECT_NEAR(delta * kDt, -50.0 + 5.0 * k, 1e-9) << "the experiment pairs its spikes at Delta";
    const double expected = delta >= 0 ? 0.5 + a_plus * trace_after(delta, tau_plus)
                                       : 0.5 - a_minus * trace_after(-delta, tau_minus);
    EXPECT_NEAR(w[k], expected, 1e-6) << "Delta " << delta * kDt << " ms";
    (w[k] > 0.5f ? potentiated : depressed)++;
  }
  EXPECT_EQ(potentiated, 11);  // Delta >= 0
  EXPECT_EQ(depressed, 10);
}

// Two pairs of neurons: pair 0 gets pre spikes at 10 and 20 ms and a post spike at 25 ms
// (potentiation); pair 1 gets post spikes at 5 and 15 ms and a pre spike at 20 ms (depression).
std::string two_pairs(const std::string& plasticity) {
  return R"(
simulation: {dt: 0.1, duration: 40, seed: 3}
populations:
  pre: {model: spike_source_array, size: 2, spike_times: [[10, 20], [20]]}
  driver: {model: spike_source_array, size: 2, spike_times: [[24.9], [4.9, 14.9]]}
  post: {model: lif, size: 2, parameters: {E_L: -70, V_th: -55, V_reset: -70, t_ref: 2}}
projections:
  - {source: driver, target: post, connector: {rule: one_to_one}, synapse: {type: delta}, weight: 100, delay: 0.1}
  - {source: pre, target: post, connector: {rule: one_to_one}, synapse: {type: delta}, weight: 0.5, delay: 0.1,
     plasticity: )" + plasticity + "}\n";
}

TEST(Stdp, AllToAllPairingCountsEverySpikeAndNearestOnlyTheLatest) {
  const std::string rule = "{rule: stdp, tau_plus: 20, tau_minus: 20, A_plus: 0.01, A_minus: 0.01, pairing: ";
  const RunResult all = run_yaml(two_pairs(rule + "all_to_all}"));
  const RunResult nearest = run_yaml(two_pairs(rule + "nearest}"));
  // A spike at t ms is the spike of step t/dt - 1 (the step that ends at t); each post neuron fires in
  // the step after its driver's spike.
  EXPECT_EQ(spike_steps(all.spikes[0], 0), (std::vector<uint64_t>{99, 199}));
  EXPECT_EQ(spike_steps(all.spikes[2], 0), std::vector<uint64_t>{249});
  EXPECT_EQ(spike_steps(all.spikes[2], 1), (std::vector<uint64_t>{49, 149}));
  const double far = trace_after(150, 20), near = trace_after(50, 20);  // 15 ms and 5 ms back
  EXPECT_NEAR(all.weights[1][0], 0.5 + 0.01 * (far + near), 1e-6);
  EXPECT_NEAR(nearest.weights[1][0], 0.5 + 0.01 * near, 1e-6);
  EXPECT_NEAR(all.weights[1][1], 0.5 - 0.01 * (far + near), 1e-6);
  EXPECT_NEAR(nearest.weights[1][1], 0.5 - 0.01 * near, 1e-6);
}

TEST(Stdp, MultiplicativeChangesScaleWithTheDistanceToTheBound) {
  // w_min 0.2, w_max 1, from 0.5: potentiation by A_plus (1 - 0.5) x, depression by A_minus (0.5 - 0.2) y.
  const RunResult r = run_yaml(two_pairs(
      "{rule: stdp, tau_plus: 20, tau_minus: 20, A_plus: 0.1, A_minus: 0.1, w_min: 0.2, w_max: 1, "
      "weight_dependence: multiplicative}"));
  const double x = trace_after(150, 20) + trace_after(50, 20);
  EXPECT_NEAR(r.weights[1][0], 0.5 + 0.1 * 0.5 * x, 1e-6);
  EXPECT_NEAR(r.weights[1][1], 0.5 - 0.1 * 0.3 * x, 1e-6);
}

TEST(Stdp, HardBoundsHoldTheWeights) {
  // Amplitudes far larger than the room left: each weight stops exactly at its bound.
  const RunResult up = run_yaml(two_pairs("{rule: stdp, A_plus: 2, A_minus: 0, w_min: 0, w_max: 1}"));
  EXPECT_EQ(up.weights[1][0], 1.0f);
  EXPECT_EQ(up.weights[1][1], 0.5f);  // no depression
  const RunResult down = run_yaml(two_pairs("{rule: stdp, A_plus: 0, A_minus: 2, w_min: 0.1, w_max: 1}"));
  EXPECT_EQ(down.weights[1][0], 0.5f);
  EXPECT_EQ(down.weights[1][1], 0.1f);
}

// A recurrent network driven by Poisson input whose excitatory synapses all learn.
const char* kPlasticNetwork = R"(
simulation: {dt: 0.1, duration: 300, seed: 11}
populations:
  exc: {model: lif, size: 400, parameters: {E_L: -65, V_th: -50, V_reset: -65, t_ref: 2}}
projections:
  - {source: exc, target: exc, connector: {rule: fixed_probability, p: 0.1}, synapse: {type: delta},
     weight: {uniform: {low: 0.1, high: 0.5}}, delay: {uniform: {low: 0.5, high: 3}},
     plasticity: {rule: stdp, tau_plus: 20, tau_minus: 20, A_plus: 0.01, A_minus: 0.012, w_min: 0, w_max: 1}}
inputs:
  - {type: poisson, target: exc, rate: 8000, weight: 0.3, synapse: {type: delta}}
)";

TEST(Stdp, AnyThreadCountLearnsTheSameWeights) {
  const RunResult one = run_yaml(kPlasticNetwork, {}, 1);
  const RunResult four = run_yaml(kPlasticNetwork, {}, 4);
  ASSERT_GT(one.spikes[0].size(), 1000u);
  EXPECT_EQ(one.spikes, four.spikes);
  EXPECT_EQ(one.weights, four.weights);
  const ExperimentSpec spec = load_experiment_text(kPlasticNetwork, "test.yaml");
  const std::vector<float> initial = build_network(spec).projections[0].synapses.weights;
  size_t changed = 0;
  for (size_t k = 0; k < initial.size(); ++k) changed += one.weights[0][k] != initial[k];
  EXPECT_GT(changed, initial.size() / 2) << "most synapses saw a spike pair";
}

TEST(Stdp, InitialWeightsOutsideTheBoundsAreRefused) {
  // Where the file writes them, when it is read (snn validate as snn run)...
  try {
    load_experiment_text(two_pairs("{rule: stdp, w_min: 0, w_max: 0.4}"), "test.yaml");
    FAIL() << "expected an error";
  } catch (const ExperimentError& e) {
    EXPECT_EQ(e.line(), 9) << e.what();
    EXPECT_NE(e.message().find("weight: draws in [0.5, 0.5], outside the plasticity's bounds [0, 0.4]"), std::string::npos)
        << e.what();
  }
  // ...and by the builder, for weights drawn from an expression (known only once drawn).
  ExperimentSpec spec = load_experiment_text(two_pairs("{rule: stdp, w_min: 0, w_max: 1}"), "test.yaml");
  spec.projections[1].weight = load_experiment_text(two_pairs("{rule: stdp, w_min: 0, w_max: 1}"), "test.yaml",
                                                    {"projections.1.weight=0.3 + r"})
                                   .projections[1]
                                   .weight;
  ASSERT_EQ(spec.projections[1].weight.kind, ValueDistribution::Kind::kExpression);
  spec.projections[1].plasticity->settings[plasticity_rule_info(spec.projections[1].plasticity->rule).setting("w_max")] = 0.4;
  try {
    build_network(spec);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("outside the plasticity's bounds"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snn::testing
