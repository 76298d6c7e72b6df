// The CUDA engine's choice of step scheme (core/cuda/step_scheme.hpp), a pure function tested here
// without a GPU on the shapes of the benchmark networks as an H100 presents them (132 SMs; five
// overlapped and two fused blocks resident an SM), with the choices docs/benchmarks.md measured.
#include "core/cuda/step_scheme.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace snn {
namespace {

StepShape h100(uint32_t neurons, double synapses_per_neuron) {
  StepShape s;
  s.neuron_blocks = (neurons + 255) / 256;
  s.mean_row_length = synapses_per_neuron;
  s.processors = 132;
  s.cooperative_launch = true;
  s.fused_blocks_per_processor = 2;
  s.overlapped_blocks_per_processor = 5;
  s.widest_one_step_row = 40;
  s.overlapped_chunks = 1.2e5, s.plain_chunks = 1e5;
  s.overlapped_table_bytes = 1e8, s.free_bytes = 7e10;
  return s;
}

TEST(StepScheme, TheBenchmarkNetworksGetTheSchemesMeasuredFastestForThem) {
  const StepChoice microcircuit = choose_step_scheme(h100(77169, 3873));
  EXPECT_EQ(microcircuit.scheme, StepScheme::kOverlapped) << microcircuit.reason;
  const StepChoice coba = choose_step_scheme(h100(4000, 80));
  EXPECT_EQ(coba.scheme, StepScheme::kOverlapped) << coba.reason;
  StepShape izhikevich = h100(1000, 1000);
  izhikevich.widest_one_step_row = 1000;
  const StepChoice izh = choose_step_scheme(izhikevich);
  EXPECT_EQ(izh.scheme, StepScheme::kFused) << izh.reason;
  EXPECT_EQ(izh.fused_blocks, 4u);
  const StepChoice brunel_large = choose_step_scheme(h100(100000, 1250));
  EXPECT_EQ(brunel_large.scheme, StepScheme::kGraph);
  EXPECT_NE(brunel_large.reason.find("leave too few"), std::string::npos) << brunel_large.reason;
}

TEST(StepScheme, LearningRunsOverlappedWithoutAThirdFactorAndForcedSchemesThatCannotSaySo) {
  StepShape plastic = h100(12500, 1250);
  plastic.learns = true;
  const StepChoice choice = choose_step_scheme(plastic);
  EXPECT_EQ(choice.scheme, StepScheme::kOverlapped) << choice.reason;
  EXPECT_NE(choice.reason.find("learning network"), std::string::npos) << choice.reason;
  StepShape rewarded = plastic;
  rewarded.third_factor = true;
  const StepChoice two_kernels = choose_step_scheme(rewarded);
  EXPECT_EQ(two_kernels.scheme, StepScheme::kGraph);
  EXPECT_NE(two_kernels.reason.find("does not run modulators"), std::string::npos) << two_kernels.reason;
  StepShape one_step = plastic;
  one_step.overlapped_limit = "learns only where delays are two steps or longer (projection 'ee')";
  EXPECT_EQ(choose_step_scheme(one_step).scheme, StepScheme::kGraph);
  plastic.requested = CudaStepKernel::kFused;
  try {
    choose_step_scheme(plastic);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the fused CUDA kernel does not run plasticity; use the graph kernel (or auto)");
  }
  rewarded.requested = CudaStepKernel::kOverlapped;
  try {
    choose_step_scheme(rewarded);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "the overlapped CUDA step does not run modulators, readout errors or modulated rules; use the graph "
                 "kernel (or auto)");
  }
  StepShape too_many = h100(77169, 3873);
  too_many.requested = CudaStepKernel::kOverlapped;
  too_many.overlapped_limit = "takes at most 32 outgoing projections a population";
  EXPECT_THROW(choose_step_scheme(too_many), std::invalid_argument);
  too_many.requested = CudaStepKernel::kAuto;
  EXPECT_EQ(choose_step_scheme(too_many).scheme, StepScheme::kGraph) << "auto passes it over";
  StepShape no_room = h100(77169, 3873);
  no_room.requested = CudaStepKernel::kOverlapped;
  no_room.free_bytes = 1e7;
  EXPECT_THROW(choose_step_scheme(no_room), std::runtime_error);
}

TEST(StepScheme, TheFusedKernelNeedsCooperativeLaunchAndTakesAtMostTheBlocksAsked) {
  StepShape small = h100(1000, 1000);
  small.widest_one_step_row = 1000;
  small.requested_blocks = 2;
  EXPECT_EQ(choose_step_scheme(small).fused_blocks, 2u);
  small.cooperative_launch = false;
  const StepChoice without = choose_step_scheme(small);
  EXPECT_EQ(without.scheme, StepScheme::kGraph);
  EXPECT_NE(without.reason.find("cooperative"), std::string::npos) << without.reason;
  small.requested = CudaStepKernel::kFused;
  EXPECT_THROW(choose_step_scheme(small), std::invalid_argument);
  StepShape graph = h100(77169, 3873);
  graph.requested = CudaStepKernel::kGraph;
  EXPECT_EQ(choose_step_scheme(graph).scheme, StepScheme::kGraph);
  EXPECT_EQ(choose_step_scheme(graph).reason, "asked for");
}

}  // namespace
}  // namespace snn
