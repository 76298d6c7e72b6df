// Learning on the CUDA engine against the CPU engine: the same spikes, the same learned weights and the
// same weight histories, bit for bit, for every rule: pair-based STDP (both weight dependences and
// pairings), triplet STDP, inhibitory STDP, dopamine-modulated three-factor learning with a reward
// condition, and readouts taught by their error. The rules without a third factor run in both step
// schemes that learn (two kernels, overlapped). Skips (with the reason) where no CUDA device is present,
// as in CI.
#include <gtest/gtest.h>

#include "core/engine.hpp"
#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

class CudaPlasticity : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string reason;
    if (!cuda_device_available(&reason)) GTEST_SKIP() << "CUDA engine not testable here: " << reason;
  }

  static void expect_identical(const ExperimentSpec& spec, Backend backend = Backend::kCuda) {
    const RunResult cpu = run_spec(spec, 0, Backend::kCpu);
    const RunResult gpu = run_spec(spec, 0, backend);
    size_t total = 0;
    ASSERT_EQ(cpu.spikes.size(), gpu.spikes.size());
    for (size_t p = 0; p < cpu.spikes.size(); ++p) {
      total += cpu.spikes[p].size();
      ASSERT_EQ(cpu.spikes[p], gpu.spikes[p]) << "population " << p;
    }
    EXPECT_GT(total, 1000u) << "too few spikes for the comparison to mean much";
    ASSERT_EQ(cpu.weights.size(), gpu.weights.size());
    for (size_t j = 0; j < cpu.weights.size(); ++j) EXPECT_EQ(cpu.weights[j], gpu.weights[j]) << "projection " << j;
    EXPECT_EQ(cpu.weight_history, gpu.weight_history);
    EXPECT_FALSE(cpu.weight_history.empty());
  }
};

// The rules without a third factor, in a given step scheme.
class CudaPlasticityScheme : public CudaPlasticity, public ::testing::WithParamInterface<Backend> {};

// A recurrent network driven by Poisson input whose excitatory synapses all learn, weights sampled
// every 20 ms (not a multiple of the CUDA engine's batch).
std::string plastic_network(const std::string& dependence, const std::string& pairing) {
  return R"(
simulation: {dt: 0.1, duration: 300, seed: 11}
populations:
  exc: {model: lif, size: 400, parameters: {E_L: -65, V_th: -50, V_reset: -65, t_ref: 2}}
  inh: {model: lif, size: 100, parameters: {E_L: -65, V_th: -50, V_reset: -65, t_ref: 2}}
projections:
  - {name: ee, source: exc, target: exc, connector: {rule: fixed_probability, p: 0.1}, synapse: {type: delta},
     weight: {uniform: {low: 0.1, high: 0.5}}, delay: {uniform: {low: 0.5, high: 3}},
     plasticity: {rule: stdp, tau_plus: 20, tau_minus: 20, A_plus: 0.01, A_minus: 0.012, w_min: 0, w_max: 1,
                  weight_dependence: )" + dependence + ", pairing: " + pairing + R"(}}
  - {name: ei, source: exc, target: inh, connector: {rule: fixed_indegree, k: 40}, synapse: {type: delta},
     weight: 0.4, delay: 1, plasticity: {rule: stdp, A_plus: 0.02, A_minus: 0.02, w_min: 0, w_max: 1}}
  - {source: inh, target: exc, connector: {rule: fixed_probability, p: 0.2}, synapse: {type: delta}, weight: -1, delay: 1}
inputs:
  - {type: poisson, target: exc, rate: 8000, weight: 0.3, synapse: {type: delta}}
  - {type: poisson, target: inh, rate: 6000, weight: 0.3, synapse: {type: delta}}
record:
  weights:
    - {projection: ee, interval: 20}
    - {projection: ei, synapses: [0, 7, 100, 2000], interval: 0.7}
)";
}

TEST_P(CudaPlasticityScheme, AdditiveAllToAllStdpMatchesTheCpu) {
  expect_identical(load_experiment_text(plastic_network("additive", "all_to_all"), "test.yaml"), GetParam());
}

TEST_P(CudaPlasticityScheme, MultiplicativeNearestStdpMatchesTheCpu) {
  expect_identical(load_experiment_text(plastic_network("multiplicative", "nearest"), "test.yaml"), GetParam());
}

TEST_P(CudaPlasticityScheme, TripletStdpMatchesTheCpu) {
  // Both projections under the full triplet model; `ee` also with nearest-spike pairing.
  std::string text = plastic_network("additive", "nearest");
  const std::string full = "rule: triplet_stdp, A2_plus: 5e-3, A3_plus: 6.2e-3, A2_minus: 7e-3, A3_minus: 2.3e-3, w_min: 0, w_max: 1";
  text.replace(text.find("rule: stdp, tau_plus: 20"), std::string("rule: stdp, tau_plus: 20, tau_minus: 20, A_plus: 0.01, A_minus: 0.012, w_min: 0, w_max: 1,\n                  weight_dependence: additive").size(), full);
  text.replace(text.find("rule: stdp, A_plus: 0.02"), std::string("rule: stdp, A_plus: 0.02, A_minus: 0.02, w_min: 0, w_max: 1").size(), full);
  expect_identical(load_experiment_text(text, "test.yaml"), GetParam());
}

TEST_P(CudaPlasticityScheme, InhibitoryStdpMatchesTheCpu) {
  // 2 s of the shipped experiment: 800 learning synapses per group, weights moving fast.
  expect_identical(load_experiment_file(source_path("experiments/inhibitory_stdp_balance.yaml"), {"simulation.duration=2000"}),
                   GetParam());
}

INSTANTIATE_TEST_SUITE_P(StepSchemes, CudaPlasticityScheme, ::testing::Values(Backend::kCudaGraph, Backend::kCudaOverlapped),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kCudaGraph ? "Graph" : "Overlapped";
                         });

TEST_F(CudaPlasticity, DopamineModulatedStdpWithDelayedRewardsMatchesTheCpu) {
  // 20 s of the distal reward experiment: rewards are earned, delayed and given on the GPU.
  expect_identical(load_experiment_file(source_path("experiments/distal_reward.yaml"), {"simulation.duration=20000"}));
}

TEST_F(CudaPlasticity, ReadoutsTaughtByTheirErrorMatchTheCpu) {
  // 30 trials of the reservoir experiment: readout errors gated by attention, presynaptic eligibilities,
  // delays up to 700 steps; its host readouts (FORCE) see the same spikes in the same order.
  ExperimentTasks tasks;
  const ExperimentSpec spec =
      load_experiment_file(source_path("experiments/reservoir_what_when.yaml"), {"simulation.duration=30000"}, &tasks);
  expect_identical(spec);
  const RunResult cpu = run_spec(spec, 0, Backend::kCpu, 0, tasks), gpu = run_spec(spec, 0, Backend::kCuda, 0, tasks);
  ASSERT_EQ(cpu.readouts.size(), 3u);
  for (size_t k = 0; k < cpu.readouts.size(); ++k) {
    EXPECT_EQ(cpu.readouts[k]->sample_steps(), gpu.readouts[k]->sample_steps());
    EXPECT_EQ(cpu.readouts[k]->samples(), gpu.readouts[k]->samples()) << tasks.readouts[k].name;
  }
  EXPECT_NE(cpu.weights[2], std::vector<float>(cpu.weights[2].size(), 0.0f)) << "the readout weights learnt";
}

// The message a forced step scheme gives for a network it cannot run, or "" where it runs it.
std::string refusal(const ExperimentSpec& spec, Backend backend) {
  try {
    run_spec(spec, 0, backend);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST_F(CudaPlasticity, SchemesThatCannotLearnANetworkRefuseItClearly) {
  const ExperimentSpec plastic = load_experiment_text(plastic_network("additive", "all_to_all"), "test.yaml");
  EXPECT_NE(refusal(plastic, Backend::kCudaFused).find("does not run plasticity"), std::string::npos);
  const ExperimentSpec rewarded = load_experiment_file(source_path("experiments/distal_reward.yaml"), {"simulation.duration=100"});
  EXPECT_NE(refusal(rewarded, Backend::kCudaOverlapped).find("does not run modulators, readout errors or modulated rules"),
            std::string::npos);
  // A plastic synapse of one step's delay would be added in its spike's own step, before the step
  // before has learned.
  std::string text = plastic_network("additive", "all_to_all");
  text.replace(text.find("delay: {uniform: {low: 0.5, high: 3}}"), std::string("delay: {uniform: {low: 0.5, high: 3}}").size(),
               "delay: {uniform: {low: 0.1, high: 3}}");
  EXPECT_NE(refusal(load_experiment_text(text, "test.yaml"), Backend::kCudaOverlapped)
                .find("learns only where delays are two steps or longer (projection 'ee')"),
            std::string::npos);
}

}  // namespace
}  // namespace snn::testing
