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

TEST(Determinism, DifferentSeedsGiveDifferentSpikes) {
  const RunResult a = run_yaml(coba_short(), {"simulation.duration=100", "simulation.seed=1"});
  const RunResult b = run_yaml(coba_short(), {"simulation.duration=100", "simulation.seed=2"});
  EXPECT_NE(a.spikes, b.spikes);
}

}  // namespace
}  // namespace snn::testing
