#include "core/cuda/learning_step.cuh"

#include "core/cuda/dependent_launch.cuh"
#include "core/cuda/plasticity_kernels.cuh"

namespace snn::cuda {
namespace {

// One warp's share of the step's learning, by its place in the kernel's list of warps.
template <bool kUpdatedAhead>
__global__ void plasticity_kernel(const DevicePlasticity* plastic, uint32_t count, const uint64_t* base_step,
                                  uint32_t step_offset) {
  wait_for_previous_kernel();
  allow_next_kernel();
  const uint64_t step = *base_step + step_offset;
  const uint32_t warp = (blockIdx.x * blockDim.x + threadIdx.x) / kWarp, lane = threadIdx.x % kWarp;
  for (uint32_t q = 0; q < count; ++q) {
    const DevicePlasticity& p = plastic[q];
    if (warp >= p.first_trace_warp && warp < p.first_trace_warp + p.trace_warps)
      advance_and_potentiate<kUpdatedAhead>(p, warp - p.first_trace_warp, lane, step);
    else if (warp >= p.first_row_warp && warp < p.first_row_warp + p.row_warps)
      modulate_row(p, warp - p.first_row_warp, lane, step);
  }
}

}  // namespace

void enqueue_learning_step(cudaStream_t stream, bool overlap, const DeviceNetwork& network, const uint64_t* base_step,
                           uint32_t step_offset, bool updated_ahead) {
  if (network.plasticity.empty()) return;
  launch_dependent(stream, overlap, updated_ahead ? plasticity_kernel<true> : plasticity_kernel<false>,
                   (network.plasticity_warps * kWarp + kPlasticityBlock - 1) / kPlasticityBlock, kPlasticityBlock,
                   raw(network.plasticity), static_cast<uint32_t>(network.plasticity.size()), base_step, step_offset);
}

}  // namespace snn::cuda
