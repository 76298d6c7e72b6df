#pragma once
// Programmatic dependent launch (Hopper and later): a kernel launched with the engine's overlap
// attribute may start while the kernel before it still runs. It first reads what no kernel of the
// step writes (its tables), then waits for the previous kernel's completion and memory, and at once
// lets the next kernel start: the launch of one kernel of a step overlaps the work of the one before,
// instead of adding its latency to every step. Without the attribute (or before Hopper) both calls
// do nothing and kernels run one after the other as usual.
#include <cuda_runtime.h>

#include <cstdint>

#include "core/cuda/cuda_check.hpp"

namespace snn::cuda {

// Returns once the kernel before this one has finished and its writes are visible.
__device__ inline void wait_for_previous_kernel() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

// Lets the next kernel's blocks start (once every block of this kernel has called it or exited). Called
// only after wait_for_previous_kernel, so that at most two kernels of the stream run at once.
__device__ inline void allow_next_kernel() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

// Launches `kernel` on `stream`, allowed to start while the kernel before it finishes where `overlap`
// is set (captured into a graph, the launch becomes a programmatic dependency).
template <typename... Parameters, typename... Arguments>
void launch_dependent(cudaStream_t stream, bool overlap, void (*kernel)(Parameters...), uint32_t grid, uint32_t block,
                      Arguments... arguments) {
  cudaLaunchAttribute attribute{};
  attribute.id = cudaLaunchAttributeProgrammaticStreamSerialization;
  attribute.val.programmaticStreamSerializationAllowed = 1;
  cudaLaunchConfig_t config{};
  config.gridDim = dim3(grid);
  config.blockDim = dim3(block);
  config.stream = stream;
  config.attrs = &attribute;
  config.numAttrs = overlap ? 1 : 0;
  SNN_CUDA_CHECK(cudaLaunchKernelEx(&config, kernel, arguments...));
}

}  // namespace snn::cuda
