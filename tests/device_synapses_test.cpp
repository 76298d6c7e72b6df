// The GPU synapse builder makes exactly the synapses of the CPU builder: same rows, targets,
// weights and delays, for every connectivity rule, distance-dependent ones on grids and random sheets.
#include <gtest/gtest.h>

#include "core/connectivity.hpp"
#include "core/device_synapses.hpp"
#include "core/engine.hpp"
#include "core/network.hpp"
#include "io/experiment_loader.hpp"

namespace snn {
namespace {

class DeviceSynapses : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string reason;
    if (!cuda_device_available(&reason)) GTEST_SKIP() << "GPU synapse builder not testable here: " << reason;
  }
};

// One projection per rule, with drawn weights and delays, built both ways.
TEST_F(DeviceSynapses, EveryRuleMatchesTheCpuBuilder) {
  const char* rules[] = {
      "{rule: all_to_all, autapses: false}",
      "{rule: one_to_one}",
      "{rule: fixed_probability, p: 0.07, autapses: false}",
      "{rule: fixed_indegree, k: 40, multapses: false, autapses: false}",
      "{rule: fixed_indegree, k: 60}",
      "{rule: fixed_outdegree, k: 25, multapses: false}",
      "{rule: fixed_total_number, n: 150000, autapses: false}",
      "{rule: distance_gaussian, p: 0.6, sigma: 4, periodic: true, autapses: false}",
      "{rule: distance_gaussian, p: 1, sigma: 3, cutoff: 5}",
  };
  for (const char* rule : rules) {
    const std::string yaml = std::string(R"(
simulation: {dt: 0.1, duration: 1, seed: 77}
populations:
  a: {model: lif, size: 1500, positions: {grid: {columns: 50, spacing: 1}}}
projections:
  - {source: a, target: a, connector: )") + rule + R"(, synapse: {type: delta},
     weight: {normal: {mean: 0.5, sd: 0.2, low: 0}}, delay: {uniform: {low: 0.1, high: 4.0}}}
)";
    const ExperimentSpec spec = load_experiment_text(yaml, "test.yaml");
    const Network on_host = build_network(spec, false);
    const Network deferred = build_network(spec, true);
    ASSERT_TRUE(deferred.projections[0].deferred.has_value()) << rule;
    const SynapseTable gpu = build_synapses_on_gpu_for_comparison(*deferred.projections[0].deferred);
    const SynapseTable& cpu = on_host.projections[0].synapses;
    ASSERT_GT(cpu.size(), 1000u) << rule;
    EXPECT_EQ(cpu.row_offsets, gpu.row_offsets) << rule;
    EXPECT_EQ(cpu.targets, gpu.targets) << rule;
    EXPECT_EQ(cpu.weights, gpu.weights) << rule;
    EXPECT_EQ(cpu.delay_steps, gpu.delay_steps) << rule;
  }
}

TEST_F(DeviceSynapses, DistanceRulesOnRandomSheetsMatchTheCpuBuilder) {
  const ExperimentSpec spec = load_experiment_text(R"(
simulation: {dt: 0.1, duration: 1, seed: 5}
populations:
  a: {model: lif, size: 2000, positions: {uniform: {width: 400, height: 300}}}
  b: {model: lif, size: 700, positions: {uniform: {width: 400, height: 300}}}
projections:
  - {source: a, target: b, connector: {rule: distance_gaussian, p: 0.9, sigma: 25, periodic: true}, synapse: {type: delta},
     weight: 0.5, delay: 1}
)", "test.yaml");
  const Network on_host = build_network(spec, false), deferred = build_network(spec, true);
  const SynapseTable gpu = build_synapses_on_gpu_for_comparison(*deferred.projections[0].deferred);
  const SynapseTable& cpu = on_host.projections[0].synapses;
  ASSERT_GT(cpu.size(), 10000u);
  EXPECT_EQ(cpu.row_offsets, gpu.row_offsets);
  EXPECT_EQ(cpu.targets, gpu.targets);
}

TEST_F(DeviceSynapses, ImpossibleRequestsAreRefusedLikeOnTheCpu) {
  DeferredSynapses d;
  d.connector.kind = ConnectorKind::kFixedInDegree;
  d.connector.count = 20;
  d.connector.allow_multapses = false;
  d.source_count = d.target_count = 10;
  d.weight = d.delay_ms = SimpleDistribution{SimpleDistribution::kConstant, 1.0, 0, 0, 0, 0};
  EXPECT_THROW(build_synapses_on_gpu_for_comparison(d), std::invalid_argument);
}

}  // namespace
}  // namespace snn
