// The persistent scheme: a whole batch of steps in one cooperative launch of fused_steps_kernel, whose
// blocks update their neurons and deliver their spikes with a grid barrier a step.
#include <string>

#include "core/cuda/cuda_check.hpp"
#include "core/cuda/fused_step_kernel.cuh"
#include "core/cuda/step_runner.cuh"

namespace snn::cuda {
namespace {

class FusedSteps : public StepRunner {
 public:
  FusedSteps(const StepContext& context, uint32_t blocks) : c_(context), blocks_(blocks), barriers_passed_(blocks, 0) {}

  void enqueue_batch(uint32_t count, int set) override {
    DeviceNetwork& n = c_.network;
    StepOutputs& out = c_.outputs;
    FusedStep step{raw(n.populations),
                   raw(n.inputs),
                   raw(n.projections),
                   raw(n.outgoing),
                   out.buffers(n, set, nullptr, 0),
                   raw(out.probes),
                   static_cast<uint32_t>(out.probes.size()),
                   raw(out.probe_output[set]),
                   out.probe_width,
                   n.neuron_blocks,
                   c_.dt,
                   GridBarrier{raw(barriers_passed_)}};
    void* arguments[] = {&step, &count};
    SNN_CUDA_CHECK(cudaLaunchCooperativeKernel(reinterpret_cast<const void*>(fused_steps_kernel), dim3(blocks_),
                                               dim3(kFusedBlock), arguments, 0, c_.stream));
  }
  std::string description() const override { return "fused kernel, " + std::to_string(blocks_) + " blocks"; }
  uint64_t bytes() const override { return barriers_passed_.size() * sizeof(unsigned int); }

 private:
  StepContext c_;
  uint32_t blocks_;
  thrust::device_vector<unsigned int> barriers_passed_;  // the grid barrier, one per block
};

}  // namespace

uint32_t fused_blocks_per_processor() {
  int blocks = 0;
  SNN_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, fused_steps_kernel, kFusedBlock, 0));
  return static_cast<uint32_t>(blocks);
}

std::unique_ptr<StepRunner> make_fused_steps(const StepContext& context, uint32_t blocks) {
  return std::make_unique<FusedSteps>(context, blocks);
}

}  // namespace snn::cuda
