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

INSTANTIATE_TEST_SUITE_P(Engines, NetworkChanges,
                         ::testing::Values(Backend::kCpu, Backend::kCudaGraph, Backend::kCudaFused, Backend::kCudaOverlapped));

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
