// LIF neurons against closed-form solutions of the membrane equation.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

// tau_m = 10 ms, C_m = 250 pF (R = 40 MOhm), I_e = 500 pA: V relaxes towards -45 mV, above V_th = -50.
const char* kDrivenNeuron = R"(
simulation: {dt: 0.1, duration: 500, seed: 1}
populations:
  cell:
    model: lif
    size: 1
    parameters: {tau_m: 10, C_m: 250, E_L: -65, V_th: -50, V_reset: -65, t_ref: 2, I_e: 500}
)";

// Free-running time from V_reset to V_th under constant current: tau ln((RI + E_L - V_reset) / (RI + E_L - V_th)).
double analytic_free_time_ms() { return 10.0 * std::log(20.0 / 5.0); }

void expect_analytic_intervals(const RunResult& result) {
  const auto& spikes = result.spikes[0];
  ASSERT_GE(spikes.size(), 10u);
  // Exact integration makes V exact on the time grid, so the threshold is seen at the first grid
  // point after the true crossing: the interval is t_ref plus the free time rounded up to a step.
  const uint64_t refractory_steps = 20;
  const uint64_t free_steps = static_cast<uint64_t>(std::ceil(analytic_free_time_ms() / 0.1));
  EXPECT_EQ(spikes[0].step + 1, free_steps);  // from V = E_L = V_reset at t = 0
  for (size_t k = 1; k < spikes.size(); ++k) {
    EXPECT_EQ(spikes[k].step - spikes[k - 1].step, refractory_steps + free_steps) << "interval " << k;
    const double isi_ms = (spikes[k].step - spikes[k - 1].step) * 0.1;
    EXPECT_NEAR(isi_ms, 2.0 + analytic_free_time_ms(), 0.1);
  }
}

TEST(LifAnalytic, ConstantDriveFiresAtTheAnalyticInterval) { expect_analytic_intervals(run_yaml(kDrivenNeuron)); }

TEST(LifAnalytic, ConductanceIntegratorMatchesTheAnalyticIntervalWithoutInput) {
  // A conductance port that never receives a spike switches the neuron to the exponential-Euler
  // integrator, which must give the same intervals (it is exact for constant conductance).
  const std::string yaml = std::string(kDrivenNeuron) + R"(
  silent: {model: spike_source_array, size: 1, spike_times: [[]]}
projections:
  - {source: silent, target: cell, connector: {rule: all_to_all},
     synapse: {type: exponential_conductance, tau: 5, E_rev: 0}, weight: 1, delay: 0.1}
)";
  expect_analytic_intervals(run_yaml(yaml));
}

// One presynaptic spike at t = 1 ms onto a resting neuron (I_e = 0), V sampled every step.
std::string single_input(const std::string& synapse, double weight) {
  return R"(
simulation: {dt: 0.1, duration: 60, seed: 1}
populations:
  cell:
    model: lif
    size: 1
    parameters: {tau_m: 10, C_m: 250, E_L: -65, V_th: 0, V_reset: -65, t_ref: 2}
  source: {model: spike_source_array, size: 1, spike_times: [[1.0]]}
projections:
  - {source: source, target: cell, connector: {rule: all_to_all}, synapse: )" +
         synapse + ", weight: " + std::to_string(weight) + R"(, delay: 0.1}
record:
  state: [{population: cell, variables: [V], neurons: [0], interval: 0.1}]
)";
}

TEST(LifAnalytic, ExponentialCurrentPspMatchesTheClosedForm) {
  const double w = 100.0, C = 250.0, tau_m = 10.0, tau_s = 2.0;
  const RunResult result = run_yaml(single_input("{type: exponential_current, tau: 2}", w));
  const std::vector<float>& V = result.probes[0];
  ASSERT_EQ(V.size(), 600u);
  // The spike (t = 1.0 ms) arrives after one step of delay; the current jumps at the end of that
  // step, t0 = 1.1 ms, and V(t) - E_L = w/C tau_s tau_m/(tau_m - tau_s) (e^(-t'/tau_m) - e^(-t'/tau_s)).
  double peak = 0.0;
  for (size_t n = 0; n < V.size(); ++n) {
    const double t = (n + 1) * 0.1, since = t - 1.1;
    const double expected =
        since <= 0 ? 0.0 : w / C * tau_s * tau_m / (tau_m - tau_s) * (std::exp(-since / tau_m) - std::exp(-since / tau_s));
    EXPECT_NEAR(V[n] + 65.0, expected, 1e-4) << "t = " << t;
    peak = std::max(peak, expected);
  }
  EXPECT_GT(peak, 0.3);  // the PSP is large enough for the comparison to mean something
}

TEST(LifAnalytic, DeltaSynapseJumpsAndDecaysWithTauM) {
  const RunResult result = run_yaml(single_input("{type: delta}", 2.0));
  const std::vector<float>& V = result.probes[0];
  for (size_t n = 0; n < V.size(); ++n) {
    const double t = (n + 1) * 0.1;
    const double expected = t < 1.1 - 1e-9 ? 0.0 : 2.0 * std::exp(-(t - 1.1) / 10.0);
    EXPECT_NEAR(V[n] + 65.0, expected, 1e-4) << "t = " << t;
  }
}

TEST(LifAnalytic, RefractoryNeuronIgnoresDeltaInput) {
  // A neuron that just fired is clamped at V_reset for t_ref, whatever arrives meanwhile.
  const RunResult result = run_yaml(R"(
simulation: {dt: 0.1, duration: 5, seed: 1}
populations:
  cell: {model: lif, size: 1, parameters: {E_L: -65, V_th: -64.5, V_reset: -70, t_ref: 2}}
  source: {model: spike_source_array, size: 1, spike_times: [[0.1, 1.0]]}
projections:
  - {source: source, target: cell, connector: {rule: one_to_one}, synapse: {type: delta}, weight: 1.0, delay: 0.1}
record:
  state: [{population: cell, variables: [V], neurons: [0], interval: 0.1}]
)");
  ASSERT_EQ(result.spikes[0].size(), 1u);  // the first input fires it; the second falls in t_ref
  EXPECT_EQ(result.spikes[0][0].step, 1u);
  const std::vector<float>& V = result.probes[0];
  for (size_t n = 2; n < 22; ++n) EXPECT_FLOAT_EQ(V[n], -70.0f) << "step " << n;
}

}  // namespace
}  // namespace snn::testing
