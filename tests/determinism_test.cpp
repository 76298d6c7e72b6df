// Same seed, same configuration: the same spikes, bit for bit, whatever the thread count.
#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

std::string coba_short() { return read_text(source_path("experiments/coba.yaml")); }

TEST(Determinism, SameSeedGivesIdenticalSpikes) {
  const RunResult a = run_yaml(coba_short(), {"simulation.duration=200"});
  const RunResult b = run_yaml(coba_short(), {"simulation.duration=200"});
  ASSERT_GT(a.spikes[0].size(), 1000u);
  EXPECT_EQ(a.spikes, b.spikes);
}

TEST(Determinism, ThreadCountDoesNotChangeSpikes) {
  // Synaptic input is summed in fixed point with atomics: any delivery order gives the same sum.
  const RunResult one = run_yaml(coba_short(), {"simulation.duration=200"}, 1);
  const RunResult two = run_yaml(coba_short(), {"simulation.duration=200"}, 2);
  const RunResult three = run_yaml(coba_short(), {"simulation.duration=200"}, 3);
  EXPECT_EQ(one.spikes, two.spikes);
  EXPECT_EQ(one.spikes, three.spikes);
}

TEST(Determinism, PoissonAndNoiseInputsAreReproducible) {
  const std::string brunel = read_text(source_path("experiments/brunel.yaml"));
  const std::vector<std::string> small{"simulation.duration=100", "populations.excitatory.size=800",
                                       "populations.inhibitory.size=200", "constants.C_E=80"};
  const RunResult one = run_yaml(brunel, small, 1);
  const RunResult two = run_yaml(brunel, small, 2);
  ASSERT_GT(one.spikes[0].size(), 100u);
  EXPECT_EQ(one.spikes, two.spikes);
  const RunResult izh1 = run_yaml(read_text(source_path("experiments/izhikevich2003.yaml")), {"simulation.duration=200"}, 1);
  const RunResult izh2 = run_yaml(read_text(source_path("experiments/izhikevich2003.yaml")), {"simulation.duration=200"}, 2);
  EXPECT_EQ(izh1.spikes, izh2.spikes);
}

// The neuron update compiled for each vector instruction set gives the scalar bits: conductance ports
// (COBA), delta ports with Poisson input (Brunel) and exponential current ports with their exact LIF
// propagators and constant currents (the microcircuit, scaled down).
TEST(Determinism, VectorInstructionsDoNotChangeSpikes) {
  const SimdLevel best = best_simd_level();
  if (best == SimdLevel::kBaseline) GTEST_SKIP() << "this processor has neither AVX2 nor AVX-512: one level only";
  std::vector<Backend> wider{Backend::kCpuAvx2};
  if (best == SimdLevel::kAvx512) wider.push_back(Backend::kCpuAvx512);
  const std::vector<std::pair<std::string, std::vector<std::string>>> experiments{
      {"experiments/coba.yaml", {"simulation.duration=200"}},
      {"experiments/brunel.yaml",
       {"simulation.duration=100", "populations.excitatory.size=800", "populations.inhibitory.size=200", "constants.C_E=80"}},
      {"experiments/microcircuit.yaml", {"simulation.duration=100", "constants.scale=0.02"}}};
  for (const auto& [path, overrides] : experiments) {
    const std::string yaml = read_text(source_path(path));
    const RunResult scalar = run_yaml(yaml, overrides, 2, Backend::kCpuBaseline);
    uint64_t spikes = 0;
    for (const std::vector<Spike>& population : scalar.spikes) spikes += population.size();
    EXPECT_GT(spikes, 100u) << path;
    for (const Backend level : wider) {
      const RunResult vector = run_yaml(yaml, overrides, 2, level);
      EXPECT_EQ(scalar.spikes, vector.spikes) << path << " at " << ::testing::PrintToString(level);
    }
  }
}

TEST(Determinism, DifferentSeedsGiveDifferentSpikes) {
  const RunResult a = run_yaml(coba_short(), {"simulation.duration=100", "simulation.seed=1"});
  const RunResult b = run_yaml(coba_short(), {"simulation.duration=100", "simulation.seed=2"});
  EXPECT_NE(a.spikes, b.spikes);
}

}  // namespace
}  // namespace snn::testing
