// `integrator: forward_euler` for LIF populations (Brian2's method='euler'): the membrane and the
// synaptic conductances follow the forward-Euler recurrence, converge to the exact solution at first
// order in dt, and are refused where they do not apply.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

// tau_m = 10 ms, C_m = 250 pF, I_e = 500 pA: V relaxes from E_L = -65 towards V_inf = -45 mV; the
// threshold is out of reach, so V is the free membrane's trajectory.
std::string relaxing_neuron(double dt, const std::string& integrator) {
  return "simulation: {dt: " + std::to_string(dt) + R"(, duration: 20, seed: 1}
populations:
  cell:
    model: lif
    size: 1
    integrator: )" + integrator + R"(
    parameters: {tau_m: 10, C_m: 250, E_L: -65, V_th: 0, V_reset: -65, t_ref: 2, I_e: 500}
record:
  state: [{population: cell, variables: [V], neurons: [0], interval: )" + std::to_string(dt) + "}]\n";
}

// The largest distance of a recorded trajectory from the exact solution V_inf + (E_L - V_inf) e^(-t/tau).
double largest_error_from_exact(const std::vector<float>& V, double dt) {
  double largest = 0.0;
  for (size_t n = 0; n < V.size(); ++n)
    largest = std::max(largest, std::fabs(V[n] - (-45.0 - 20.0 * std::exp(-static_cast<double>(n + 1) * dt / 10.0))));
  return largest;
}

TEST(ForwardEuler, MembraneFollowsTheEulerRecurrence) {
  const double dt = 0.1;
  const RunResult result = run_yaml(relaxing_neuron(dt, "forward_euler"));
  const std::vector<float>& V = result.probes[0];
  ASSERT_EQ(V.size(), 200u);
  // V_n = V_inf + (E_L - V_inf) (1 - dt/tau)^n.
  for (size_t n = 0; n < V.size(); ++n)
    EXPECT_NEAR(V[n], -45.0 - 20.0 * std::pow(1.0 - dt / 10.0, n + 1), 2e-4) << "step " << n;
  EXPECT_TRUE(result.spikes[0].empty());
}

TEST(ForwardEuler, ConvergesToTheExactSolutionAtFirstOrderWhereTheDefaultIsExact) {
  const double coarse = largest_error_from_exact(run_yaml(relaxing_neuron(0.1, "forward_euler")).probes[0], 0.1);
  const double fine = largest_error_from_exact(run_yaml(relaxing_neuron(0.05, "forward_euler")).probes[0], 0.05);
  const double exact = largest_error_from_exact(run_yaml(relaxing_neuron(0.1, "exact")).probes[0], 0.1);
  // Forward Euler's global error here is about 20 mV (t/tau) e^(-t/tau) dt/(2 tau), largest at t = tau:
  // 20 mV dt/(2 e tau) = 0.037 mV at dt = 0.1 ms.
  EXPECT_GT(coarse, 0.03);
  EXPECT_LT(coarse, 0.045);
  EXPECT_NEAR(coarse / fine, 2.0, 0.1);  // first order: halving dt halves the error
  EXPECT_LT(exact, 1e-3);  // the default integration is exact up to float rounding (0.00014 mV here)
}

TEST(ForwardEuler, ConductancesDecayByEulerSteps) {
  // One input spike onto a conductance port (tau 5 ms, E_rev 0, 10 nS) of a resting neuron.
  const double dt = 0.1, g_leak = 25.0, C = 250.0, w = 10.0, tau = 5.0;
  const RunResult result = run_yaml(R"(
simulation: {dt: 0.1, duration: 30, seed: 1}
populations:
  cell:
    model: lif
    size: 1
    integrator: forward_euler
    parameters: {tau_m: 10, C_m: 250, E_L: -65, V_th: 0, V_reset: -65, t_ref: 2}
  source: {model: spike_source_array, size: 1, spike_times: [[1.0]]}
projections:
  - {source: source, target: cell, connector: {rule: all_to_all},
     synapse: {type: exponential_conductance, tau: 5, E_rev: 0}, weight: 10, delay: 0.1}
record:
  state: [{population: cell, variables: [V], neurons: [0], interval: 0.1}]
)");
  const std::vector<float>& V = result.probes[0];
  ASSERT_EQ(V.size(), 300u);
  // The spike at 1.0 ms arrives after one step of delay, at the end of the step to 1.1 ms: from the
  // step that ends at 1.2 ms (the 12th) the membrane sees g = w (1 - dt/tau)^k, k steps after,
  // each step from the values at its start.
  const size_t first = std::find_if(V.begin(), V.end(), [](float x) { return x != -65.0f; }) - V.begin();
  EXPECT_EQ(first, 11u);
  double v = -65.0, peak = 0.0;
  for (size_t n = 0; n < V.size(); ++n) {
    const double g = n < first ? 0.0 : w * std::pow(1.0 - dt / tau, static_cast<double>(n - first));
    v = v + dt / C * (g_leak * (-65.0 - v) + g * (0.0 - v));
    EXPECT_NEAR(V[n], v, 2e-4) << "step " << n;
    peak = std::max(peak, v + 65.0);
  }
  EXPECT_GT(peak, 0.5);  // the PSP is large enough for the comparison to mean something
}

ExperimentError error_for(const std::string& text) {
  try {
    load_experiment_text(text, "euler.yaml");
  } catch (const ExperimentError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return ExperimentError("", 0, 0, "");
}

TEST(ForwardEuler, IsRefusedWhereItDoesNotApply) {
  const std::string izhikevich = R"(simulation: {dt: 0.1, duration: 10}
populations:
  cell: {model: izhikevich, size: 1, integrator: forward_euler}
)";
  ExperimentError e = error_for(izhikevich);
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(std::string(e.what()).find("integrator does not apply to izhikevich (models that offer a choice: lif)"),
            std::string::npos)
      << e.what();
  e = error_for(R"(simulation: {dt: 0.1, duration: 10}
populations:
  cell: {model: lif, size: 1, integrator: rk4}
)");
  EXPECT_NE(std::string(e.what()).find("expected exact (the default) or forward_euler, not 'rk4'"), std::string::npos)
      << e.what();
  // A synaptic decay faster than the step would make the Euler step overshoot.
  e = error_for(R"(simulation: {dt: 0.5, duration: 10}
populations:
  cell: {model: lif, size: 1, integrator: forward_euler}
  source: {model: spike_source_array, size: 1, spike_times: [[1.0]]}
projections:
  - {source: source, target: cell, connector: {rule: all_to_all},
     synapse: {type: exponential_current, tau: 0.4}, weight: 10, delay: 0.5}
)");
  EXPECT_NE(std::string(e.what()).find("forward_euler in population 'cell' needs synaptic time constants above dt"),
            std::string::npos)
      << e.what();
}

}  // namespace
}  // namespace snn::testing
