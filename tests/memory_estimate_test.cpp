// The memory a network needs, known before it is built (core/memory_estimate.hpp), against what the
// CPU engine holds once it is built, for every shipped network experiment (the microcircuit at a
// tenth of its scale): within 10%; and, on a GPU, against the CUDA engine's device memory.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/device_synapses.hpp"
#include "core/engine.hpp"
#include "core/memory_estimate.hpp"
#include "core/network.hpp"
#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

struct Shipped {
  const char* file;
  std::vector<std::string> overrides;
};

const Shipped kShipped[] = {
    {"izhikevich2003.yaml", {}},
    {"coba.yaml", {}},
    {"brunel.yaml", {}},
    {"spatial_brunel.yaml", {}},
    {"microcircuit.yaml", {"constants.scale=0.1"}},
    {"stdp_window.yaml", {}},
    {"triplet_stdp_frequency.yaml", {}},
    {"inhibitory_stdp_balance.yaml", {}},
    {"distal_reward.yaml", {}},
    {"adex_firing_patterns.yaml", {}},
    {"two_compartment_bac.yaml", {}},
    {"reservoir_what_when.yaml", {}},
    {"fashion_mnist_rate.yaml", {}},
};

TEST(MemoryEstimate, HostEstimateIsWithinTenPercentOfTheBuiltNetwork) {
  for (const Shipped& s : kShipped) {
    const ExperimentSpec spec = load_experiment_file(source_path(std::string("experiments/") + s.file), s.overrides);
    const double estimate = static_cast<double>(expected_host_bytes(spec));
    const double built = static_cast<double>(build_network(spec).state_bytes());
    EXPECT_NEAR(estimate, built, 0.1 * built) << s.file;
  }
}

TEST(MemoryEstimate, SynapseCountsAreTheBuiltOnes) {
  for (const Shipped& s : kShipped) {
    const ExperimentSpec spec = load_experiment_file(source_path(std::string("experiments/") + s.file), s.overrides);
    uint64_t built = 0;
    for (const Projection& p : build_network(spec).projections) built += p.synapses.size();
    EXPECT_NEAR(double(expected_synapse_count(spec)), double(built), 0.02 * built + 2) << s.file;
  }
}

// On a GPU: the CUDA engine's device memory once its synapses are built there, against the estimate
// less the builder's working space (held only while building), for the networks of a million synapses
// and more (where per-network buffers no longer dominate).
TEST(MemoryEstimate, GpuEstimateIsWithinTenPercentOfTheCudaEngine) {
  std::string reason;
  if (!cuda_device_available(&reason)) GTEST_SKIP() << "CUDA engine not testable here: " << reason;
  const Shipped large[] = {{"izhikevich2003.yaml", {}},
                           {"brunel.yaml", {}},
                           {"spatial_brunel.yaml", {}},
                           {"microcircuit.yaml", {"constants.scale=0.1"}}};
  for (const Shipped& s : large) {
    const ExperimentSpec spec = load_experiment_file(source_path(std::string("experiments/") + s.file), s.overrides);
    ASSERT_GE(expected_synapse_count(spec), 1000000u) << s.file;
    SimulationOptions options;
    options.backend = snn::Backend::kCuda;
    double used = 0;
    try {
      const Simulation sim(spec, options);
      used = static_cast<double>(sim.engine().memory_bytes());
    } catch (const std::exception& e) {
      ADD_FAILURE() << s.file << ": " << e.what();
      continue;
    }
    const double estimate = static_cast<double>(expected_state_bytes(spec) - kBuildWorkingBytes);
    std::printf("%-32s estimate %.4g bytes, CUDA engine %.4g bytes\n", s.file, estimate, used);
    EXPECT_NEAR(estimate, used, 0.1 * used) << s.file;
  }
}

}  // namespace
}  // namespace snn::testing
