#pragma once
// The kernel that ends a learning network's step (plasticity_kernels.cuh): every plastic projection's
// traces advance and its weights learn from the post spikes, after the step's delivery has learned
// from the pre spikes. The two-kernel and the overlapped step both queue it.
#include <cuda_runtime.h>

#include <cstdint>

#include "core/cuda/device_network.cuh"

namespace snn::cuda {

// Queues the learning of step offset `step_offset` of the batch that starts at `*base_step` on
// `stream` (nothing where no projection is plastic); `overlap`: launched as a dependent launch;
// `updated_ahead`: the neurons have stepped on to the next step (the overlapped step).
void enqueue_learning_step(cudaStream_t stream, bool overlap, const DeviceNetwork& network, const uint64_t* base_step,
                           uint32_t step_offset, bool updated_ahead);

}  // namespace snn::cuda
