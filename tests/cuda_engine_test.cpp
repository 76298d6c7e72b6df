// The CUDA engine against the CPU engine: the same spikes, bit for bit, for the shipped networks,
// with each of its step kernels (fused persistent kernel, two-kernel graphs, overlapped graphs).
// Skips (with the reason) where no CUDA device is present, as in CI.
#include <gtest/gtest.h>

#include "core/engine.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

class CudaEngine : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string reason;
    if (!cuda_device_available(&reason)) GTEST_SKIP() << "CUDA engine not testable here: " << reason;
  }

  void expect_identical(const std::string& experiment, const std::vector<std::string>& overrides) {
    const std::string yaml = read_text(source_path("experiments/" + experiment));
    const RunResult cpu = run_yaml(yaml, overrides, 0, Backend::kCpu);
    const RunResult gpu = run_yaml(yaml, overrides, 0, GetParam());
    ASSERT_EQ(cpu.spikes.size(), gpu.spikes.size());
    size_t total = 0;
    for (size_t p = 0; p < cpu.spikes.size(); ++p) {
      total += cpu.spikes[p].size();
      ASSERT_EQ(cpu.spikes[p].size(), gpu.spikes[p].size()) << experiment << " population " << p;
      for (size_t k = 0; k < cpu.spikes[p].size(); ++k)
        ASSERT_EQ(cpu.spikes[p][k], gpu.spikes[p][k]) << experiment << " population " << p << " spike " << k;
    }
    EXPECT_GT(total, 1000u) << "too few spikes for the comparison to mean much";
    EXPECT_EQ(cpu.probes, gpu.probes) << "recorded state differs";
    EXPECT_EQ(cpu.synapses, gpu.synapses) << "synapses per projection differ";
    EXPECT_EQ(cpu.synaptic_events, gpu.synaptic_events) << "synaptic events per projection differ";
    EXPECT_EQ(cpu.weights, gpu.weights) << "the engines' synapse tables hold different weights";
  }
};

TEST_P(CudaEngine, Izhikevich2003MatchesTheCpuBitForBit) { expect_identical("izhikevich2003.yaml", {}); }

TEST_P(CudaEngine, CobaMatchesTheCpuBitForBit) { expect_identical("coba.yaml", {}); }

TEST_P(CudaEngine, BrunelMatchesTheCpuBitForBit) { expect_identical("brunel.yaml", {}); }

// `integrator: forward_euler`: conductance ports (COBA) and delta ports (Brunel).
TEST_P(CudaEngine, ForwardEulerMatchesTheCpuBitForBit) {
  expect_identical("coba.yaml", {"populations.excitatory.integrator=forward_euler",
                                 "populations.inhibitory.integrator=forward_euler", "simulation.duration=300"});
  expect_identical("brunel.yaml", {"populations.excitatory.integrator=forward_euler",
                                   "populations.inhibitory.integrator=forward_euler", "simulation.duration=300"});
}

TEST_P(CudaEngine, SpatialBrunelMatchesTheCpuBitForBit) {
  // Distance-dependent synapses built on the GPU, the CPU's own on the host.
  expect_identical("spatial_brunel.yaml", {"simulation.duration=300"});
}

TEST_P(CudaEngine, ScaledMicrocircuitMatchesTheCpuBitForBit) {
  expect_identical("microcircuit.yaml", {"constants.scale=0.1"});
}

TEST_P(CudaEngine, SpikeSourcesAndCurrentInputsMatchTheCpu) {
  const std::string yaml = R"(
simulation: {dt: 0.1, duration: 300, seed: 3}
populations:
  cells: {model: lif, size: 500, parameters: {I_e: {uniform: {low: 300, high: 420}}}}
  izh: {model: izhikevich, size: 300, substeps: 4}
  noise: {model: poisson_source, size: 200, rate: {uniform: {low: 5, high: 40}}}
  played: {model: spike_source_array, size: 3, spike_times: [[1, 2, 50], [10.05], [299]]}
projections:
  - {source: noise, target: cells, connector: {rule: fixed_indegree, k: 20}, synapse: {type: exponential_current, tau: 2}, weight: 40, delay: {uniform: {low: 0.1, high: 3}}}
  - {source: played, target: izh, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 5, delay: 0.5}
  - {source: cells, target: izh, connector: {rule: fixed_probability, p: 0.1}, synapse: {type: exponential_conductance, tau: 3, E_rev: 0}, weight: 0.05, delay: 1}
inputs:
  - {type: step_current, target: izh, times: [50, 150], amplitudes: [4, 0]}
  - {type: noise_current, target: izh, mean: 2, sd: 3}
  - {type: poisson, target: cells, rate: 2000, weight: 10, synapse: {type: exponential_current, tau: 2}, start: 100, stop: 200}
record:
  state: [{population: izh, variables: [v, u], neurons: [0, 7, 299], interval: 0.5}]
)";
  const RunResult cpu = run_yaml(yaml, {}, 0, Backend::kCpu);
  const RunResult gpu = run_yaml(yaml, {}, 0, GetParam());
  EXPECT_EQ(cpu.spikes, gpu.spikes);
  EXPECT_EQ(cpu.probes, gpu.probes);
  for (const auto& population : cpu.spikes) EXPECT_FALSE(population.empty());
}

TEST_P(CudaEngine, EncodedSourcesMatchTheCpu) {
  const std::string yaml = R"(
simulation: {dt: 0.5, duration: 600, seed: 11}
populations:
  rate: {model: encoded_source, size: 6, data: {values: [[0, 0.2, 0.4, 0.6, 0.8, 1], [1, 1, 0, 0, 0.5, 0.5]]},
         encoding: {type: rate, max_rate: 150, coding: poisson}, presentation: 100}
  latency: {model: encoded_source, size: 6, data: {values: [[0, 0.2, 0.4, 0.6, 0.8, 1]]},
            encoding: {type: latency, window: 30, threshold: 0.1, coding: logarithmic}, presentation: 50}
  gaussian: {model: encoded_source, size: 30, data: {values: [[0.1, 0.5, 0.9], [0.7, 0.2, 0.4]]},
             encoding: {type: population, neurons: 10, low: 0, high: 1, max_rate: 120}, presentation: 80}
  retina: {model: encoded_source, size: 128, data: {moving: {shape: dot, width: 8, height: 8, frames: 20, speed: 0.7, angle: 30, size: 3}},
           encoding: {type: delta, threshold: 0.2}, presentation: 10}
  out: {model: lif, size: 20}
inputs:
  - {type: direct, target: out, data: {values: [[100, 200, 300, 400, 500, 600, 700, 800, 900, 1000,
                                                  100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]]},
     gain: 0.6, presentation: 100}
projections:
  - {source: rate, target: out, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 4, delay: 1}
  - {source: latency, target: out, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 4, delay: 1}
  - {source: gaussian, target: out, connector: {rule: all_to_all}, synapse: {type: delta}, weight: 2, delay: 1}
  - {source: retina, target: out, connector: {rule: fixed_probability, p: 0.3}, synapse: {type: delta}, weight: 3, delay: 1}
)";
  const RunResult cpu = run_yaml(yaml, {}, 0, Backend::kCpu);
  const RunResult gpu = run_yaml(yaml, {}, 0, GetParam());
  EXPECT_EQ(cpu.spikes, gpu.spikes);
  for (const auto& population : cpu.spikes) EXPECT_FALSE(population.empty());
}

// More scheduled spikes in one step than a block has threads, and fewer fused blocks than the network
// has neuron blocks (each block then serves several, round-robin).
TEST_P(CudaEngine, CrowdedScheduleAndFewBlocksMatchTheCpu) {
  std::string times;
  for (int n = 0; n < 700; ++n) times += std::string(n ? ", " : "") + (n % 2 ? "[1, 5.5]" : "[1, 3, 5.5]");
  const std::string yaml = R"(
simulation: {dt: 0.1, duration: 200, seed: 5}
populations:
  burst: {model: spike_source_array, size: 700, spike_times: [)" + times + R"(]}
  cells: {model: lif, size: 2000, parameters: {I_e: {uniform: {low: 300, high: 390}}}}
projections:
  - {source: burst, target: cells, connector: {rule: fixed_probability, p: 0.2}, synapse: {type: delta}, weight: 0.4, delay: {uniform: {low: 0.1, high: 2}}}
  - {source: cells, target: cells, connector: {rule: fixed_indegree, k: 50}, synapse: {type: exponential_current, tau: 2}, weight: 20, delay: 1.5}
)";
  const RunResult cpu = run_yaml(yaml, {}, 0, Backend::kCpu);
  const RunResult gpu = run_yaml(yaml, {}, 0, GetParam(), 3);
  ASSERT_EQ(cpu.spikes[0].size(), 1750u);
  EXPECT_EQ(cpu.spikes, gpu.spikes);
  EXPECT_GT(cpu.spikes[1].size(), 1000u);
}

// Rows of very different lengths in one projection (one of 2,400 synapses, the rest of one: the
// overlapped step gives every spike the longest row's chunk slots, most of them empty here) and
// source neurons with hundreds of one-step synapses over two outgoing projections (merged rows read in
// several rounds), beside a projection without synapses.
TEST_P(CudaEngine, UnevenRowsAndCrowdedOneStepRowsMatchTheCpu) {
  std::string pairs = "[0, 0]";
  for (int t = 1; t < 2400; ++t) pairs += ", [0, " + std::to_string(t) + "]";
  for (int s = 1; s < 40; ++s) pairs += ", [" + std::to_string(s) + ", " + std::to_string(s * 61 % 3000) + "]";
  const std::string yaml = R"(
simulation: {dt: 0.1, duration: 300, seed: 8}
populations:
  hub: {model: poisson_source, size: 40, rate: 60}
  cells: {model: lif, size: 3000, parameters: {I_e: {uniform: {low: 330, high: 380}}}}
  others: {model: lif, size: 800, parameters: {I_e: 340}}
projections:
  - {source: hub, target: cells, connector: {rule: from_list, pairs: [)" + pairs + R"(]}, synapse: {type: delta}, weight: 0.3, delay: {uniform: {low: 0.1, high: 0.35}}}
  - {source: hub, target: others, connector: {rule: fixed_probability, p: 0.4}, synapse: {type: delta}, weight: 0.5, delay: 0.1}
  - {source: hub, target: others, connector: {rule: fixed_probability, p: 0}, synapse: {type: delta}, weight: 0.5, delay: 0.1}
  - {source: cells, target: cells, connector: {rule: fixed_indegree, k: 40}, synapse: {type: exponential_current, tau: 2}, weight: 15, delay: {uniform: {low: 0.1, high: 2}}}
)";
  const RunResult cpu = run_yaml(yaml, {}, 0, Backend::kCpu);
  const RunResult gpu = run_yaml(yaml, {}, 0, GetParam());
  EXPECT_EQ(cpu.spikes, gpu.spikes);
  EXPECT_EQ(cpu.synaptic_events, gpu.synaptic_events);
  EXPECT_EQ(cpu.synapses[2], 0u);
  for (const auto& population : cpu.spikes) EXPECT_GT(population.size(), 100u);
}

// AdEx populations (neurons/adex.hpp) behind each kind of synapse: conductance-based with
// heterogeneous adaptation and two sub-steps, current-based with a refractory period, delta synapses;
// recurrent, under Poisson input, with V and w recorded. Then the Naud et al. firing patterns.
TEST_P(CudaEngine, AdExNetworksAndFiringPatternsMatchTheCpu) {
  const std::string yaml = R"(
simulation: {dt: 0.1, duration: 400, seed: 21}
populations:
  cond: {model: adex, size: 1200, substeps: 2, parameters: {a: {uniform: {low: 0, high: 6}}, b: {uniform: {low: 20, high: 100}}, I_e: 300}}
  curr: {model: adex, size: 600, parameters: {t_ref: 2, I_e: {uniform: {low: 550, high: 700}}}, initial: {V: {uniform: {low: -70, high: -55}}}}
  delta: {model: adex, size: 300, parameters: {C_m: 200, g_L: 10, E_L: -70, V_th: -50, tau_w: 30, b: 0, V_reset: -58, I_e: 400}}
  noise: {model: poisson_source, size: 400, rate: 20}
projections:
  - {source: noise, target: cond, connector: {rule: fixed_indegree, k: 40}, synapse: {type: exponential_conductance, tau: 5, E_rev: 0}, weight: 2, delay: {uniform: {low: 0.1, high: 2}}}
  - {source: cond, target: cond, connector: {rule: fixed_probability, p: 0.05}, synapse: {type: exponential_conductance, tau: 10, E_rev: -80}, weight: 1, delay: 1}
  - {source: cond, target: curr, connector: {rule: fixed_indegree, k: 30}, synapse: {type: exponential_current, tau: 2}, weight: 60, delay: 1.5}
  - {source: curr, target: delta, connector: {rule: fixed_indegree, k: 20}, synapse: {type: delta}, weight: 1.5, delay: 0.1}
  - {source: delta, target: cond, connector: {rule: fixed_indegree, k: 10}, synapse: {type: exponential_conductance, tau: 5, E_rev: 0}, weight: 1, delay: 2}
inputs:
  - {type: poisson, target: curr, rate: 1000, weight: 40, synapse: {type: exponential_current, tau: 2}}
record:
  state:
    - {population: cond, variables: [V, w], neurons: [0, 5, 1199], interval: 0.1}
    - {population: curr, variables: [V, w, refractory_left], neurons: [1, 2, 3], interval: 0.5}
)";
  const RunResult cpu = run_yaml(yaml, {}, 0, Backend::kCpu);
  const RunResult gpu = run_yaml(yaml, {}, 0, GetParam());
  EXPECT_EQ(cpu.spikes, gpu.spikes);
  EXPECT_EQ(cpu.probes, gpu.probes);
  for (size_t p = 0; p < 3; ++p) EXPECT_GT(cpu.spikes[p].size(), 300u) << "population " << p;
  const std::string patterns = read_text(source_path("experiments/adex_firing_patterns.yaml"));
  const RunResult cpu_patterns = run_yaml(patterns, {}, 0, Backend::kCpu);
  const RunResult gpu_patterns = run_yaml(patterns, {}, 0, GetParam());
  EXPECT_EQ(cpu_patterns.spikes, gpu_patterns.spikes);
  EXPECT_EQ(cpu_patterns.probes, gpu_patterns.probes);
}

// Two-compartment neurons (neurons/two_compartment.hpp) with every kind of synapse on each compartment
// (the drives of soma and dendrite gathered apart), recurrent bursts, and the shipped experiment.
TEST_P(CudaEngine, TwoCompartmentNeuronsMatchTheCpu) {
  const std::string yaml = R"(
simulation: {dt: 0.1, duration: 400, seed: 17}
populations:
  pyr: {model: two_compartment, size: 800, substeps: 2, parameters: {I_e: {uniform: {low: 300, high: 600}}}}
  noise: {model: poisson_source, size: 300, rate: 30}
projections:
  - {source: noise, target: pyr, connector: {rule: fixed_indegree, k: 30}, synapse: {type: exponential_conductance, tau: 5, E_rev: 0}, weight: 1, delay: 1}
  - {source: noise, target: pyr, connector: {rule: fixed_indegree, k: 30}, synapse: {type: exponential_conductance, tau: 5, E_rev: 0, compartment: dendrite}, weight: 2, delay: {uniform: {low: 0.1, high: 3}}}
  - {source: pyr, target: pyr, connector: {rule: fixed_probability, p: 0.02}, synapse: {type: exponential_current, tau: 3, compartment: dendrite}, weight: 80, delay: 1.5}
  - {source: pyr, target: pyr, connector: {rule: fixed_probability, p: 0.02}, synapse: {type: delta, compartment: soma}, weight: 0.5, delay: 2}
  - {source: pyr, target: pyr, connector: {rule: fixed_probability, p: 0.02}, synapse: {type: delta, compartment: dendrite}, weight: 1, delay: 0.5}
inputs:
  - {type: poisson, target: pyr, rate: 800, weight: 30, synapse: {type: exponential_current, tau: 2, compartment: dendrite}}
record:
  state: [{population: pyr, variables: [V_s, V_d, w_s, w_d, theta], neurons: [0, 9, 799], interval: 0.2}]
)";
  const RunResult cpu = run_yaml(yaml, {}, 0, Backend::kCpu);
  const RunResult gpu = run_yaml(yaml, {}, 0, GetParam());
  EXPECT_EQ(cpu.spikes, gpu.spikes);
  EXPECT_EQ(cpu.probes, gpu.probes);
  EXPECT_GT(cpu.spikes[0].size(), 1000u);
  const std::string bac = read_text(source_path("experiments/two_compartment_bac.yaml"));
  const RunResult cpu_bac = run_yaml(bac, {}, 0, Backend::kCpu);
  const RunResult gpu_bac = run_yaml(bac, {}, 0, GetParam());
  EXPECT_EQ(cpu_bac.spikes, gpu_bac.spikes);
  EXPECT_EQ(cpu_bac.probes, gpu_bac.probes);
}

INSTANTIATE_TEST_SUITE_P(StepKernels, CudaEngine,
                         ::testing::Values(Backend::kCudaFused, Backend::kCudaGraph, Backend::kCudaOverlapped),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kCudaFused   ? "Fused"
                                  : info.param == Backend::kCudaGraph ? "Graph"
                                                                      : "Overlapped";
                         });

}  // namespace
}  // namespace snn::testing
