#pragma once
// The persistent kernel's barrier between steps. Each block publishes how many barriers it has passed
// (a release store, sent and forgotten), and one warp of each block loads every block's count
// (acquire loads) until all have reached this barrier. cooperative_groups' grid.sync arrives with an
// atomic whose return each block waits for before it starts polling; here the arrival costs no round
// trip.
// The kernel must still be launched cooperatively: the wait assumes every block is resident.
#include <cstdint>

namespace snn::cuda {

// One counter per block of the persistent kernel, kept across launches: each launch passes the same
// number of barriers in every block, so at the start of a launch all counters hold the same value.
struct GridBarrier {
  unsigned int* passed;
};

__device__ inline unsigned int barriers_passed(const GridBarrier& barrier) {
  return *reinterpret_cast<volatile unsigned int*>(barrier.passed + blockIdx.x);
}

// Waits until every block has called this with the same `target` (the block's count after it).
// Memory operations of any thread of a block before the call happen before those of any thread of
// any block after it: __syncthreads gathers the block's threads behind the release store of thread 0
// (release is cumulative), and the acquire loads of warp 0 come before __syncthreads releases the
// rest. (Relaxed polling followed by one fence measured slower on the H100: docs/benchmarks.md.)
__device__ inline void grid_barrier(const GridBarrier& barrier, unsigned int target) {
  __syncthreads();
  if (threadIdx.x == 0)
    asm volatile("st.release.gpu.global.u32 [%0], %1;" ::"l"(__cvta_generic_to_global(barrier.passed + blockIdx.x)),
                 "r"(target)
                 : "memory");
  if (threadIdx.x < 32) {
    bool arrived;
    do {
      arrived = true;
      for (uint32_t b = threadIdx.x; b < gridDim.x; b += 32) {
        unsigned int count;
        asm volatile("ld.acquire.gpu.global.u32 %0, [%1];"
                     : "=r"(count)
                     : "l"(__cvta_generic_to_global(barrier.passed + b))
                     : "memory");
        arrived = arrived && static_cast<int>(count - target) >= 0;  // counts may wrap around
      }
    } while (!__all_sync(0xffffffffu, arrived));
  }
  __syncthreads();
}

}  // namespace snn::cuda
