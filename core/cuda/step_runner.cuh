#pragma once
// A step scheme (step_scheme.hpp) as the engine runs it: each scheme is one unit over the shared
// device network (device_network.cuh) and step outputs (step_outputs.cuh), adding only its own
// tables and queues, built once the scheme is chosen:
//   fused_steps.cu        the persistent kernel (fused_step_kernel.cuh)
//   two_kernel_steps.cu   neurons then delivery (then learning), a kernel each, in CUDA graphs
//   overlapped_steps.cu   one kernel a step that delivers the step before beside the neuron update
//                         (overlapped_step_kernel.cuh), in CUDA graphs
#include <cuda_runtime.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/cuda/device_network.cuh"
#include "core/cuda/overlapped_plan.cuh"
#include "core/cuda/step_outputs.cuh"
#include "core/cuda/step_scheme.hpp"

namespace snn::cuda {

class StepRunner {
 public:
  virtual ~StepRunner() = default;
  // Queues `count` steps (at most StepOutputs::batch_steps) on the engine's stream, recording into
  // output set `set`.
  virtual void enqueue_batch(uint32_t count, int set) = 0;
  // How it runs, as `snn bench` prints it ("fused kernel, 132 blocks").
  virtual std::string description() const = 0;
  // Device memory of its own tables and queues.
  virtual uint64_t bytes() const = 0;
};

// What every scheme runs on.
struct StepContext {
  DeviceNetwork& network;
  StepOutputs& outputs;
  cudaStream_t stream;
  float dt;
  uint32_t processors;       // multiprocessors of the device
  bool dependent_launches;   // programmatic dependent launch (compute capability 9.0 and later)
};

// Resident blocks per multiprocessor of the persistent and the overlapped kernel (0: cannot launch).
uint32_t fused_blocks_per_processor();
uint32_t overlapped_blocks_per_processor(bool learns);

std::unique_ptr<StepRunner> make_fused_steps(const StepContext& context, uint32_t blocks);
std::unique_ptr<StepRunner> make_two_kernel_steps(const StepContext& context);
// `delivery_blocks`: 0 for what the neuron blocks leave of a resident wave.
std::unique_ptr<StepRunner> make_overlapped_steps(const StepContext& context, const OverlappedPlan& plan,
                                                  uint32_t delivery_blocks);

}  // namespace snn::cuda
