#pragma once
// Programmatic dependent launch (Hopper and later): a kernel launched with the engine's overlap
// attribute may start while the kernel before it still runs. It first reads what no kernel of the
// step writes (its tables), then waits for the previous kernel's completion and memory, and at once
// lets the next kernel start: the launch of one kernel of a step overlaps the work of the one before,
// instead of adding its latency to every step. Without the attribute (or before Hopper) both calls
// do nothing and kernels run one after the other as usual.

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

}  // namespace snn::cuda
