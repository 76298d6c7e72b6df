// The two-kernel step: a kernel updates every neuron and queues the rows of those that fired as
// delivery chunks, a second delivers them over the whole GPU (and learns from the pre spikes), and in a
// learning network a third advances the traces and learns from the post spikes (learning_step.cuh).
// A batch of steps is captured once as a CUDA graph and replayed.
#include <algorithm>
#include <string>

#include "core/cuda/captured_batches.cuh"
#include "core/cuda/cuda_check.hpp"
#include "core/cuda/dependent_launch.cuh"
#include "core/cuda/learning_step.cuh"
#include "core/cuda/step_runner.cuh"

namespace snn::cuda {
namespace {

// The two-kernel step's neurons: a neuron that fired loads its row bounds first, so that they travel
// while the recording's atomic does, then queues its chunks (the firing thread's chain is two round
// trips, not four).
__device__ inline void update_neuron_block(const DevicePopulation& pop, const InputView* inputs,
                                           const DeviceProjection* projections, const uint32_t* outgoing,
                                           const StepBuffers& buffers, const ChunkQueue& queue, uint32_t block,
                                           uint64_t step, uint32_t step_offset, float dt) {
  const uint32_t slot = static_cast<uint32_t>(step % pop.view.ring_slots);
  step_neuron_block(pop, inputs + pop.input_begin, block, step, slot, dt, [&](bool fired, uint32_t neuron) {
    if (!fired) return;
    const RowGroup rows = load_row_group(projections, outgoing, pop, neuron, 0);
    const uint32_t recorded_slot = pop.record ? atomicAdd(buffers.recorded_count, 1u) : 0;
    note_spike_step<false>(pop, neuron, step);
    queue_row_group(rows, queue, static_cast<uint32_t>(step));
    if (pop.record) buffers.recorded[recorded_slot] = RecordedSpike{step_offset, pop.global_offset + neuron};
    for (uint32_t group = kOutgoingInline; group < pop.outgoing_count; group += kOutgoingInline)
      queue_row_group(load_row_group(projections, outgoing, pop, neuron, group), queue, static_cast<uint32_t>(step));
  });
}

__global__ void neuron_step_kernel(const DevicePopulation* populations, const InputView* inputs,
                                   const DeviceProjection* projections, const uint32_t* outgoing, StepBuffers buffers,
                                   uint32_t step_offset, float dt) {
  const uint32_t p = population_of_block(populations, buffers, blockIdx.x);
  DevicePopulation& pop = block_shared<DevicePopulation>();
  load_population(populations, p, pop);
  wait_for_previous_kernel();
  allow_next_kernel();
  const uint64_t step = *buffers.base_step + step_offset;
  // The other parity's chunks were delivered by the previous step's delivery kernel, which has
  // finished: clear their count for the next step.
  if (blockIdx.x == 0 && threadIdx.x == 0) buffers.chunk_counts[(step_offset & 1u) ^ 1u] = 0;
  update_neuron_block(pop, inputs, projections, outgoing, buffers, two_kernel_queue(buffers, step_offset), blockIdx.x,
                      step, step_offset, dt);
}


// The two-kernel step's delivery: the table is copied while the neuron kernel may still run; then a
// block reads its first chunk, the queue's length and the step together. The first block also steps
// the modulators and readout errors (learning reads them in this step's delivery and plasticity).
__global__ void deliver_kernel(const DeviceProjection* projections, uint32_t projection_count, StepBuffers buffers,
                               uint32_t step_offset) {
  DeliveryTable& table = block_shared<DeliveryTable>();
  load_delivery_table(projections, projection_count, table);
  wait_for_previous_kernel();
  allow_next_kernel();
  const ChunkQueue queue = two_kernel_queue(buffers, step_offset);
  const uint32_t total = *queue.count;
  const uint64_t step = *buffers.base_step + step_offset;
  const DeliveryChunk first = blockIdx.x < queue.capacity ? queue.chunks[blockIdx.x] : DeliveryChunk{};
  if (blockIdx.x == 0 && threadIdx.x == 0)
    for (uint32_t m = 0; m < buffers.modulator_count; ++m) step_modulator(buffers.modulators[m], step);
  if (blockIdx.x == 0 && buffers.readout_error_count > 0) {
    __syncthreads();  // the gates' levels of this step, written by thread 0
    for (uint32_t e = 0; e < buffers.readout_error_count; ++e)
      for (uint32_t j = threadIdx.x; j < buffers.readout_errors[e].readout_count; j += blockDim.x)
        step_readout_error(buffers.readout_errors[e], j, step);
  }
  deliver_chunks<false, true>(projections, projection_count, table, queue, total, first, buffers.projection_events, step,
                        blockIdx.x, gridDim.x);
}

class TwoKernelSteps : public StepRunner {
 public:
  explicit TwoKernelSteps(const StepContext& context) : c_(context), graphs_(context.stream) {
    static_assert(kMaxProjections < kMaxQueuedProjections, "a chunk names any projection");
    chunks_.resize(static_cast<size_t>(c_.network.two_kernel_chunks));
    // One resident wave of delivery blocks: 1 to 16 blocks per SM measured the same on the H100
    // (docs/benchmarks.md); a step's chunks are spread over them.
    delivery_blocks_ = c_.processors * 8;
  }

  void enqueue_batch(uint32_t count, int set) override {
    graphs_.launch(count, set, [this](uint32_t steps, int output_set) { enqueue_steps(steps, output_set); });
  }
  std::string description() const override { return "two kernels a step in CUDA graphs"; }
  uint64_t bytes() const override { return chunks_.size() * sizeof(DeliveryChunk); }

 private:
  void enqueue_steps(uint32_t count, int set) {
    DeviceNetwork& n = c_.network;
    const StepBuffers buffers = c_.outputs.buffers(n, set, raw(chunks_), static_cast<uint32_t>(chunks_.size()));
    for (uint32_t k = 0; k < count; ++k) {
      launch_dependent(c_.stream, c_.dependent_launches, neuron_step_kernel, n.neuron_blocks, kNeuronBlock,
                       raw(n.populations), raw(n.inputs), raw(n.projections), raw(n.outgoing), buffers, k, c_.dt);
      if (!n.projections.empty())
        launch_dependent(c_.stream, c_.dependent_launches, deliver_kernel, delivery_blocks_, kDeliveryBlock,
                         raw(n.projections), static_cast<uint32_t>(n.projections.size()), buffers, k);
      enqueue_learning_step(c_.stream, c_.dependent_launches, n, raw(c_.outputs.base_step), k, false);
      c_.outputs.enqueue_probes(c_.stream, k, set);
    }
    c_.outputs.enqueue_advance(c_.stream, count);
  }

  StepContext c_;
  CapturedBatches graphs_;
  thrust::device_vector<DeliveryChunk> chunks_;  // one step's delivery work
  uint32_t delivery_blocks_ = 0;
};

}  // namespace

std::unique_ptr<StepRunner> make_two_kernel_steps(const StepContext& context) {
  return std::make_unique<TwoKernelSteps>(context);
}

}  // namespace snn::cuda
