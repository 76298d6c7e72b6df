#pragma once
// The overlapped step: one kernel a step, whose neuron blocks update the neurons and hand their spikes
// to their warps, one spike a warp, while its other blocks deliver the previous step's spikes. A spike
// of step t reaches ring slot t + d; the update of step t + 1 reads slot t + 1 only, so every synapse
// with a delay of two steps or more can be delivered beside that update, which the two-kernel step
// must instead wait for. The one-step synapses cannot: the warp that takes the spike adds them in its
// own step (overlapped_tables.cuh). A step then costs about the longer of its update and its delivery
// rather than their sum. The chunk queues are kept apart by overlapped_queue; a batch ends with a
// launch of delivery blocks alone, so that every batch leaves nothing undelivered.
// A learning network (rules without a third factor, plastic synapses of two steps or more) learns from
// step t's pre spikes as they are delivered beside the update of t + 1, and the learning kernel of step
// t (learning_step.cuh) runs between that kernel and the next: the weights change in the order of the
// CPU engine, and step t's spikes stay readable (plasticity_kernels.cuh, SpikeSteps).
#include <cstdint>

#include "core/cuda/dependent_launch.cuh"
#include "core/cuda/overlapped_tables.cuh"
#include "core/cuda/step_kernels.cuh"

namespace snn::cuda {

// What a warp needs of one outgoing projection of its block's population, set up before the wait.
struct OutgoingOfBlock {
  const uint64_t* row_offsets;
  unsigned long long* next_cells;  // the ring cells that step + 1 reads
  uint32_t projection;
  uint32_t chunk_slots;  // the projection's chunks a spike (its longest row in chunks)
  uint32_t first_chunk;  // their place among the spike's chunks
};

// The neuron block's copy of its population's inputs (where they are few), of its outgoing
// projections at `step` and of its one-step rows, and its list of the step's spikes.
constexpr uint32_t kInputsInShared = 4;
struct NeuronBlockShared {
  InputView inputs[kInputsInShared];
  OutgoingOfBlock outgoing[kOneStepOutgoing];  // the engine takes this step for at most this many
  OneStepRows one_step;
  uint32_t chunks_per_spike;
  uint32_t spike_count;
  uint32_t spikes[kDeliveryBlock];  // each thread's neuron fires at most once a round
};

__device__ inline void load_neuron_block_shared(const DevicePopulation& pop, uint32_t p, const InputView* inputs,
                                                const DeviceProjection* projections, const uint32_t* outgoing,
                                                const uint32_t* chunk_slots, const OneStepRows* one_step,
                                                uint64_t step, NeuronBlockShared& sh) {
  if (pop.input_count <= kInputsInShared) copy_to_shared(inputs + pop.input_begin, sh.inputs, pop.input_count);
  if (threadIdx.x < pop.outgoing_count) {
    const uint32_t projection = outgoing[pop.outgoing_begin + threadIdx.x];
    const DeviceProjection& proj = projections[projection];
    const uint64_t next_slot = (step + 1) % proj.ring_slots;
    sh.outgoing[threadIdx.x] =
        OutgoingOfBlock{proj.row_offsets, reinterpret_cast<unsigned long long*>(proj.ring + next_slot * proj.target_size),
                        projection, chunk_slots[projection], 0};
  }
  if (threadIdx.x == 0) {
    sh.one_step = one_step[p];
    sh.spike_count = 0;
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    uint32_t chunks = 0;
    for (uint32_t o = 0; o < pop.outgoing_count; ++o) {
      sh.outgoing[o].first_chunk = chunks;
      chunks += sh.outgoing[o].chunk_slots;
    }
    sh.chunks_per_spike = chunks;
  }
  __syncthreads();
}

// Queues a spike's row [begin, end) as `slots` chunks from queue slot `first`: equal shares of at most
// kChunkSynapses synapses (the longest row fills every slot), empty ones where the row is short.
__device__ inline void queue_row_in_slots(const ChunkQueue& queue, uint32_t first, uint32_t slots, uint64_t begin,
                                          uint64_t end, uint32_t projection, uint32_t step_tag) {
  if (slots == 0) return;  // a projection without synapses
  const uint32_t length = static_cast<uint32_t>(end - begin);
  const uint32_t share = (length + slots - 1) / slots;
  for (uint32_t j = 0, from = 0; j < slots; ++j, from += share)
    queue.chunks[first + j] = DeliveryChunk{begin + from, step_tag, projection, from < length ? min(share, length - from) : 0};
}

// Loads entries [base, base + 32 kSynapsesInFlight) of a one-step row of `width` (lane l: base + 32 u + l).
__device__ inline void load_one_step(const OneStepEntry* row, uint32_t width, uint32_t base,
                                     OneStepEntry (&entries)[kSynapsesInFlight]) {
  SNN_UNROLL
  for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
    const uint32_t e = base + u * kWarp + threadIdx.x % kWarp;
    entries[u] = e < width ? row[e] : OneStepEntry{kNoOneStepSynapse, 0.0f};
  }
}

// Adds loaded one-step synapses to the ring cells that step + 1 reads.
__device__ inline void add_one_step(const NeuronBlockShared& sh, const OneStepEntry (&entries)[kSynapsesInFlight]) {
  SNN_UNROLL
  for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
    if (entries[u].outgoing_and_target == kNoOneStepSynapse) continue;
    const uint32_t o = entries[u].outgoing_and_target >> kOneStepTargetBits;
    const uint32_t target = entries[u].outgoing_and_target & ((1u << kOneStepTargetBits) - 1);
    add_to_cell(sh.outgoing[o].next_cells + target, static_cast<unsigned long long>(to_fixed_point(entries[u].weight)));
  }
}

// One spike of the block, handled by a whole warp. Nothing the warp sends waits for anything it
// loads: lane o loads the spike's row bounds in outgoing projection o, all lanes its first one-step
// synapses, lane 0 reserves the spike's chunk slots (a number fixed per population) and lane 1 the
// recording's slot, all at once; then the lanes write the chunks and add the one-step synapses to the
// ring cells that step + 1 reads. kLearns: the spike's step is noted for learning (a network that does not
// learn keeps no spike steps).
template <bool kLearns>
struct SpikeOfBlock {
  const DevicePopulation& pop;
  const NeuronBlockShared& sh;
  const StepBuffers& buffers;
  const ChunkQueue& queue;
  uint64_t step;
  uint32_t step_offset;

  __device__ void operator()(uint32_t neuron) const {
    const uint32_t lane = threadIdx.x % kWarp;
    const bool has_row = lane < pop.outgoing_count;
    uint64_t begin = 0, end = 0;
    if (has_row) {
      const uint64_t* rows = sh.outgoing[lane].row_offsets;
      begin = rows[neuron];
      end = rows[neuron + 1];
    }
    const uint32_t width = sh.one_step.width;
    const OneStepEntry* one_step_row = sh.one_step.entries + static_cast<uint64_t>(neuron) * width;
    OneStepEntry entries[kSynapsesInFlight];
    if (width > 0) load_one_step(one_step_row, width, 0, entries);
    uint32_t first_chunk = 0;
    if (lane == 0 && sh.chunks_per_spike > 0) first_chunk = atomicAdd(queue.count, sh.chunks_per_spike);
    const bool records = lane == 1 && pop.record;
    const uint32_t recorded_slot = records ? atomicAdd(buffers.recorded_count, 1u) : 0;
    first_chunk = __shfl_sync(kAllLanes, first_chunk, 0);
    if (has_row) {
      const OutgoingOfBlock& out = sh.outgoing[lane];
      queue_row_in_slots(queue, first_chunk + out.first_chunk, out.chunk_slots, begin, end, out.projection,
                         static_cast<uint32_t>(step));
    }
    if (records) buffers.recorded[recorded_slot] = RecordedSpike{step_offset, pop.global_offset + neuron};
    if constexpr (kLearns)
      if (lane == 0) note_spike_step<true>(pop, neuron, step);
    if (width == 0) return;
    add_one_step(sh, entries);
    for (uint32_t base = kWarp * kSynapsesInFlight; base < width; base += kWarp * kSynapsesInFlight) {
      load_one_step(one_step_row, width, base, entries);
      add_one_step(sh, entries);
    }
  }
};

// The batch's first step, read before the kernel waits for the one before it: no kernel of a batch
// writes it, and the kernel that advances it between batches is launched without the overlap, so this
// kernel starts only once that one has finished. Read from L2, not from a line an earlier kernel left
// in this SM's L1.
__device__ inline uint64_t batch_base_step(const StepBuffers& buffers) { return __ldcg(buffers.base_step); }

// One step of the overlapped scheme at `step_offset` in the batch: blocks [0, neuron_blocks) update the
// neurons (first, so that the block scheduler spreads them evenly over the SMs), the others deliver
// step offset - 1 (nothing at offset 0; the launch at offset `count` after a batch of `count` steps has
// no neuron blocks). Five blocks an SM at most registers (48, none spilled), so that the neuron blocks
// of networks up to a few hundred blocks and the delivery blocks are resident together. kLearns: the
// delivery learns from the pre spikes.
template <bool kLearns>
__global__ void __launch_bounds__(kDeliveryBlock, 5)
    overlapped_step_kernel(const DevicePopulation* populations, const InputView* inputs,
                           const DeviceProjection* projections, uint32_t projection_count, const uint32_t* outgoing,
                           const uint32_t* chunk_slots, const OneStepRows* one_step, StepBuffers buffers,
                           uint32_t neuron_blocks, uint32_t step_offset, float dt) {
  if (blockIdx.x >= neuron_blocks) {
    const uint32_t delivery_block = blockIdx.x - neuron_blocks, delivery_blocks = gridDim.x - neuron_blocks;
    DeliveryTable& table = block_shared<DeliveryTable>();
    load_delivery_table(projections, projection_count, table);
    const uint64_t base_step = batch_base_step(buffers);
    wait_for_previous_kernel();
    allow_next_kernel();
    // The count of step offset - 2, whose chunks the kernel before delivered, is free for offset + 1.
    if (delivery_block == 0 && threadIdx.x == 0) buffers.chunk_counts[(step_offset + 1) % 3u] = 0;
    if (step_offset == 0) return;
    const ChunkQueue queue = overlapped_queue(buffers, step_offset - 1);
    const uint32_t total = *queue.count;
    const uint64_t step = base_step + step_offset - 1;
    const DeliveryChunk first = delivery_block < queue.capacity ? queue.chunks[delivery_block] : DeliveryChunk{};
    deliver_chunks<true, kLearns>(projections, projection_count, table, queue, total, first, buffers.projection_events,
                                step, delivery_block, delivery_blocks);
    return;
  }
  const uint32_t block = blockIdx.x;
  const uint32_t p = population_of_block(populations, buffers, block);
  DevicePopulation& pop = block_shared<DevicePopulation>();
  load_population(populations, p, pop);
  const uint64_t step = batch_base_step(buffers) + step_offset;
  const uint32_t slot = static_cast<uint32_t>(step % pop.view.ring_slots);
  NeuronBlockShared& sh = block_shared<NeuronBlockShared>();
  load_neuron_block_shared(pop, p, inputs, projections, outgoing, chunk_slots, one_step, step, sh);
  wait_for_previous_kernel();
  allow_next_kernel();
  const ChunkQueue queue = overlapped_queue(buffers, step_offset);
  const SpikeOfBlock<kLearns> handle{pop, sh, buffers, queue, step, step_offset};
  // The block's spikes are listed, then shared among its warps.
  const InputView* block_inputs = pop.input_count <= kInputsInShared ? sh.inputs : inputs + pop.input_begin;
  step_neuron_block(pop, block_inputs, block, step, slot, dt, [&](bool fired, uint32_t neuron) {
    if (fired) sh.spikes[atomicAdd(&sh.spike_count, 1u)] = neuron;
    __syncthreads();
    const uint32_t count = sh.spike_count;
    for (uint32_t k = threadIdx.x / kWarp; k < count; k += blockDim.x / kWarp) handle(sh.spikes[k]);
    __syncthreads();  // the list is emptied for the next round
    if (threadIdx.x == 0) sh.spike_count = 0;
  });
}

}  // namespace snn::cuda
