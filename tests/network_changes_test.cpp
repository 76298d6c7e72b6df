// Changes between runs (core/network_changes.hpp, Simulation::set_parameter/set_input/set_weights):
// the engine takes them in without building again, and the run goes on as if the network had been
// built with the new values, bit for bit, on both engines and with every CUDA step scheme.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/simulation.hpp"
#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

// The microcircuit, small: LIF with exact current ports (propagators derived from tau_m and C_m),
// Poisson inputs, normal weights and delays.
ExperimentSpec small_microcircuit() {
  return load_experiment_file(source_path("experiments/microcircuit.yaml"),
                              {"constants.scale=0.02", "simulation.duration=100", "simulation.seed=5"});
}

std::vector<RecordedSpike> spikes_after(const Simulation& sim, const std::string& population, uint64_t step) {
  std::vector<RecordedSpike> after;
  for (const RecordedSpike& s : sim.spikes(population))
    if (s.step >= step) after.push_back(s);
  return after;
}

void expect_same_spikes(const Simulation& a, const Simulation& b, uint64_t from_step) {
  size_t total = 0;
  for (const PopulationSpec& p : a.spec().populations) {
    const std::vector<RecordedSpike> expected = spikes_after(b, p.name, from_step);
    EXPECT_EQ(spikes_after(a, p.name, from_step), expected) << p.name;
    total += expected.size();
  }
  EXPECT_GT(total, 100u) << "too few spikes for the comparison to mean much";
}

class NetworkChanges : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string reason;
    if (GetParam() != Backend::kCpu && !cuda_device_available(&reason))
      GTEST_SKIP() << "CUDA engine not testable here: " << reason;
  }
  SimulationOptions options() const { return simulation_options(GetParam(), 2); }
};

TEST_P(NetworkChanges, AParameterSetBeforeTheRunIsABuildWithIt) {
  ExperimentSpec changed = small_microcircuit();
  changed.populations[0].parameters["tau_m"] = ValueDistribution::constant(14.0);
  Simulation built(changed, options());
  built.run_to_end();
  Simulation set(small_microcircuit(), options());
  set.set_parameter(changed.populations[0].name, "tau_m", {14.0f});
  set.run_to_end();
  expect_same_spikes(set, built, 0);
}

// Inputs' rates and static weights are no state: a run stopped, saved and restored into a network
// built with the new values is what the change in the middle of a run must give.
void expect_change_midway(const SimulationOptions& options, const ExperimentSpec& changed,
                          const std::function<void(Simulation&)>& change) {
  Simulation whole(small_microcircuit(), options);
  whole.run(50.0);
  change(whole);
  whole.run(50.0);
  Simulation first(small_microcircuit(), options);
  first.run(50.0);
  Simulation second(changed, options);
  second.restore_state(first.save_state());
  second.run(50.0);
  expect_same_spikes(whole, second, 500);
}

TEST_P(NetworkChanges, AnInputRateChangedMidwayIsABuildWithIt) {
  ExperimentSpec changed = small_microcircuit();
  std::get<PoissonInput>(changed.inputs[0].settings).rate_hz = ValueDistribution::constant(30000.0);
  const std::string name = changed.inputs[0].name;
  expect_change_midway(options(), changed, [&](Simulation& sim) { sim.set_input(name, "rate", {30000.0f}); });
}

TEST_P(NetworkChanges, WeightsChangedMidwayAreABuildWithThem) {
  ExperimentSpec changed = small_microcircuit();
  changed.projections[0].weight = ValueDistribution::constant(120.0);
  const std::string name = changed.projections[0].name;
  Simulation probe(small_microcircuit(), options());
  const std::vector<float> weights(probe.engine().synapse_table(0).size(), 120.0f);
  expect_change_midway(options(), changed, [&](Simulation& sim) { sim.set_weights(name, weights); });
}

TEST_P(NetworkChanges, ALearningSettingSetBeforeTheRunIsABuildWithIt) {
  if (GetParam() == Backend::kCudaFused) GTEST_SKIP() << "the fused CUDA kernel runs no plasticity (it refuses plastic networks)";
  const auto load = [] {
    return load_experiment_file(source_path("experiments/inhibitory_stdp_balance.yaml"), {"simulation.duration=300"});
  };
  ExperimentSpec changed = load();
  size_t j = 0;
  while (!changed.projections.at(j).plasticity) ++j;
  PlasticitySpec& rule = *changed.projections[j].plasticity;
  rule.settings[plasticity_rule_info(rule.rule).setting("eta")] *= 4.0;
  Simulation built(changed, options());
  built.run_to_end();
  Simulation set(load(), options());
  set.set_plasticity(changed.projections[j].name, "eta", rule.settings[plasticity_rule_info(rule.rule).setting("eta")]);
  set.run_to_end();
  Simulation unchanged(load(), options());
  unchanged.run_to_end();
  expect_same_spikes(set, built, 0);
  const std::string name = changed.projections[j].name;
  EXPECT_EQ(set.weights(name), built.weights(name));
  EXPECT_NE(unchanged.weights(name), built.weights(name)) << "the setting made no difference";
}

// Sensors (a spike-source array) drive a recurrent LIF network; `spike_times` the sensors' own.
ExperimentSpec sensed_network(const std::string& spike_times) {
  return load_experiment_text(R"(
name: sensed
simulation: {dt: 0.1, duration: 60, seed: 9}
populations:
  sensors: {model: spike_source_array, size: 30, spike_times: )" + spike_times + R"(}
  cells: {model: lif, size: 80, parameters: {tau_m: 10, C_m: 250, E_L: -65, V_th: -50, V_reset: -65, t_ref: 2}}
projections:
  - {source: sensors, target: cells, connector: {rule: fixed_probability, p: 0.3}, synapse: {type: exponential_current, tau: 2},
     weight: {uniform: {low: 300, high: 900}}, delay: {uniform: {low: 0.5, high: 2}}}
  - {source: cells, target: cells, connector: {rule: fixed_probability, p: 0.1}, synapse: {type: exponential_current, tau: 5},
     weight: {normal: {mean: 50, sd: 40}}, delay: 1}
record: {spikes: all}
)", "sensed.yaml");
}

TEST_P(NetworkChanges, InjectedSpikesAreSpikesScheduledFromTheStart) {
  // Each sensor k fires at 5 + 7k mod 50 ms and at 31.3 + 0.9 k ms; both given at the start, or injected in
  // three pieces while the network runs, each just before it is due (some for the very next step).
  std::vector<std::vector<double>> times(30);
  for (uint32_t k = 0; k < 30; ++k) times[k] = {5.0 + (7 * k) % 50, 31.3 + 0.9 * k};
  std::string lists = "[";
  for (uint32_t k = 0; k < 30; ++k)
    lists += (k ? ", [" : "[") + std::to_string(std::min(times[k][0], times[k][1])) + ", " +
             std::to_string(std::max(times[k][0], times[k][1])) + "]";
  Simulation built(sensed_network(lists + "]"), options());
  built.run_to_end();
  Simulation injected(sensed_network("[]"), options());
  for (const double until : {4.9, 20.0, 60.0}) {
    std::vector<uint32_t> neurons;
    std::vector<uint64_t> steps;
    const uint64_t next = injected.current_step();
    for (uint32_t k = 0; k < 30; ++k)
      for (double t : times[k]) {
        const uint64_t step = static_cast<uint64_t>(std::llround(t / 0.1)) - 1;  // the step that ends at t
        if (step >= next && t <= until) {
          neurons.push_back(k);
          steps.push_back(step);
        }
      }
    injected.inject_spikes("sensors", neurons, steps);
    injected.run(until - injected.time_ms());
  }
  EXPECT_EQ(injected.current_step(), built.current_step());
  EXPECT_EQ(injected.spikes("sensors").size(), 60u);
  expect_same_spikes(injected, built, 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, NetworkChanges,
                         ::testing::Values(Backend::kCpu, Backend::kCudaGraph, Backend::kCudaFused, Backend::kCudaOverlapped));

TEST(NetworkChangeErrors, InjectedSpikesMustFitTheSource) {
  Simulation sim(sensed_network("[]"), simulation_options(Backend::kCpu));
  sim.run(1.0);
  const auto error = [&](const std::string& population, std::vector<uint32_t> neurons, std::vector<uint64_t> steps) {
    try {
      sim.inject_spikes(population, neurons, steps);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(accepted)");
  };
  EXPECT_NE(error("cells", {0}, {20}).find("not a spike_source_array"), std::string::npos);
  EXPECT_NE(error("sensor", {0}, {20}).find("sensors"), std::string::npos);  // did you mean
  EXPECT_NE(error("sensors", {30}, {20}).find("has 30 neurons"), std::string::npos);
  EXPECT_NE(error("sensors", {3}, {9}).find("has run already"), std::string::npos);
  EXPECT_NE(error("sensors", {3, 4}, {20}).find("2 neurons but 1"), std::string::npos);
  sim.run_to_end();
  EXPECT_TRUE(sim.spikes("sensors").empty()) << "a refused injection changed the schedule";
}

TEST(NetworkChangeErrors, NameWhatIsKnown) {
  Simulation sim(small_microcircuit(), simulation_options(Backend::kCpu));
  const auto message = [&](const std::function<void()>& change) {
    try {
      change();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([&] { sim.set_parameter("L23E", "tau", {10.0f}); }).find("(did you mean 'tau_m'?)"), std::string::npos);
  EXPECT_NE(message([&] { sim.set_parameter("L23E", "C_m", {-1.0f}); }).find("C_m must be finite and > 0"), std::string::npos);
  EXPECT_NE(message([&] { sim.set_parameter("L23", "tau_m", {10.0f}); }).find("did you mean 'L23E'"), std::string::npos);
  EXPECT_NE(message([&] { sim.set_parameter("L23E", "tau_m", {1.0f, 2.0f}); }).find("expected 1 value or"), std::string::npos);
  EXPECT_NE(message([&] { sim.set_input("nowhere", "rate", {1.0f}); }).find("inputs: poisson->L23E"), std::string::npos);
  EXPECT_NE(message([&] { sim.set_input("poisson->L23E", "rate", {-1.0f}); }).find(">= 0 Hz"), std::string::npos);
  EXPECT_NE(message([&] { sim.set_input("poisson->L23E", "amplitude", {1.0f}); }).find("changes between runs in: rate, weight"),
            std::string::npos);
  EXPECT_NE(message([&] { sim.set_weights("L23E->L23E", {1.0f}); }).find("weights were given"), std::string::npos);
  EXPECT_NE(message([&] { sim.set_plasticity("L23E->L23E", "eta", 1.0); }).find("does not learn"), std::string::npos);
  Simulation driven(load_experiment_text("simulation: {dt: 0.1, duration: 10}\n"
                                         "populations: {cells: {model: lif, size: 4}}\n"
                                         "inputs: [{type: poisson, target: cells, rate: 100, weight: 2,\n"
                                         "          synapse: {type: exponential_conductance, tau: 5, E_rev: 0}}]\n",
                                         "driven.yaml"),
                    simulation_options(Backend::kCpu));
  EXPECT_NE(message([&] { driven.set_input("poisson->cells", "weight", {-1.0f}); }).find(">= 0 nS"), std::string::npos);
  // Nothing was changed by the refused calls: the run is the unchanged network's.
  sim.run_to_end();
  Simulation fresh(small_microcircuit(), simulation_options(Backend::kCpu));
  fresh.run_to_end();
  expect_same_spikes(sim, fresh, 0);
}

}  // namespace
}  // namespace snn::testing
