#pragma once
// The overlapped step: one kernel a step, whose neuron blocks update the neurons and hand their spikes
// to their warps, one spike a warp, while its other blocks deliver the previous step's spikes. A spike
// of step t reaches ring slot t + d; the update of step t + 1 reads slot t + 1 only, so every synapse
// with a delay of two steps or more can be delivered beside that update, which the two-kernel step
// (step_kernels.cuh) must instead wait for. The one-step synapses cannot: the warp that takes the spike
// adds them in its own step (one_step_synapses.cuh). A step then costs about the longer of its update
// and its delivery rather than their sum. The chunk queues are kept apart by overlapped_queue; a batch
// ends with a launch of delivery blocks alone, so that every batch leaves nothing undelivered.
#include <cstdint>

#include "core/cuda/one_step_synapses.cuh"
#include "core/cuda/step_kernels.cuh"

namespace snn::cuda {

// What a warp needs to add one outgoing projection's one-step synapses.
struct OneStepTable {
  unsigned long long* next_cells;  // the ring cells that step + 1 reads
  const uint32_t* rows;            // null where the projection has no one-step synapses
  const uint32_t* targets;
  const float* weights;
};

__device__ inline OneStepTable one_step_table(const DeviceProjection& proj, const OneStepRows& rows, uint64_t step) {
  const uint64_t next_slot = (step + 1) % proj.ring_slots;
  return OneStepTable{reinterpret_cast<unsigned long long*>(proj.ring + next_slot * proj.target_size), rows.rows,
                      rows.targets, rows.weights};
}

// The neuron block's copy of its population's inputs (where they are few) and of the one-step tables
// of its first outgoing projections at `step`, and its list of the step's spikes, set up while the
// kernel before may still run; `any_one_step`: whether the population may have one-step synapses at
// all (where not, its warps skip them).
constexpr uint32_t kInputsInShared = 4;
struct NeuronBlockShared {
  InputView inputs[kInputsInShared];
  OneStepTable first[kOutgoingInline];
  bool any_one_step;
  uint32_t spike_count;
  uint32_t spikes[kDeliveryBlock];  // each thread's neuron fires at most once a round
};

__device__ inline void load_neuron_block_shared(const DevicePopulation& pop, const InputView* inputs,
                                                const DeviceProjection* projections, const OneStepRows* one_step,
                                                uint64_t step, NeuronBlockShared& sh) {
  if (pop.input_count <= kInputsInShared) copy_to_shared(inputs + pop.input_begin, sh.inputs, pop.input_count);
  bool has_rows = false;
  if (threadIdx.x < min(pop.outgoing_count, kOutgoingInline)) {
    const uint32_t projection = pop.outgoing[threadIdx.x].projection;
    sh.first[threadIdx.x] = one_step_table(projections[projection], one_step[projection], step);
    has_rows = sh.first[threadIdx.x].rows != nullptr;
  }
  const bool any = __syncthreads_or(has_rows);
  if (threadIdx.x == 0) {
    sh.any_one_step = any || pop.outgoing_count > kOutgoingInline;
    sh.spike_count = 0;
  }
  __syncthreads();
}

// The one-step synapses of the rows the warp's lanes hold (lane o: `length` synapses from `begin` of
// table `t`), laid end to end.
struct LaidRows {
  uintptr_t cells;  // the lane's ring cells that step + 1 reads
  const uint32_t* targets;
  const float* weights;
  uint32_t first;   // the lane's row begin less the row's place in the laid-out rows
  uint32_t end;     // the running sum of the rows' lengths over the lanes
  uint32_t total;
};

__device__ inline LaidRows lay_rows(const OneStepTable& t, uint32_t begin, uint32_t length) {
  const uint32_t lane = threadIdx.x % kWarp;
  uint32_t end = length;
  SNN_UNROLL
  for (uint32_t d = 1; d < kWarp; d *= 2) {
    const uint32_t before = __shfl_up_sync(kAllLanes, end, d);
    if (lane >= d) end += before;
  }
  return LaidRows{reinterpret_cast<uintptr_t>(t.next_cells), t.targets, t.weights, begin + length - end, end,
                  __shfl_sync(kAllLanes, end, kWarp - 1)};
}

// Loads the hits of the laid-out synapses [base, base + 32 kSynapsesInFlight): lane l takes base + 32 u + l.
__device__ inline void load_hits(const LaidRows& rows, uint32_t base, SynapseHit (&hits)[kSynapsesInFlight]) {
  const uint32_t lane = threadIdx.x % kWarp;
  SNN_UNROLL
  for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
    const uint32_t k = base + u * kWarp + lane;
    // The lane whose row holds entry k: how many rows end at or before it (a binary search over the
    // lanes' running sums, which never decrease).
    uint32_t owner = 0;
    SNN_UNROLL
    for (uint32_t half = kWarp / 2; half > 0; half /= 2)
      if (__shfl_sync(kAllLanes, rows.end, owner + half - 1) <= k) owner += half;
    owner = min(owner, kWarp - 1);
    const uint32_t s = __shfl_sync(kAllLanes, rows.first, owner) + k;
    const auto cells = reinterpret_cast<unsigned long long*>(__shfl_sync(kAllLanes, rows.cells, owner));
    const auto targets = reinterpret_cast<const uint32_t*>(
        __shfl_sync(kAllLanes, reinterpret_cast<uintptr_t>(rows.targets), owner));
    const auto weights = reinterpret_cast<const float*>(
        __shfl_sync(kAllLanes, reinterpret_cast<uintptr_t>(rows.weights), owner));
    hits[u] = k < rows.total ? SynapseHit{cells + targets[s], static_cast<unsigned long long>(to_fixed_point(weights[s]))}
                             : SynapseHit{nullptr, 0};
  }
}

// One spike of the block, handled by a whole warp: lane o reads outgoing projection o's row and one-step
// row (32 projections at a time, all in one round trip); lane 0 reserves the rows' chunks with one
// atomic and lane 1 the recording's slot, and while those travel the lanes load the first one-step
// synapses; then the lanes write the chunks and add the one-step synapses to the ring cells that
// step + 1 reads.
struct SpikeOfBlock {
  const DevicePopulation& pop;
  const NeuronBlockShared& sh;
  const DeviceProjection* projections;
  const OneStepRows* one_step;
  const uint32_t* outgoing;
  const StepBuffers& buffers;
  const ChunkQueue& queue;
  uint64_t step;
  uint32_t step_offset;

  __device__ void operator()(uint32_t neuron) const {
    const uint32_t lane = threadIdx.x % kWarp;
    // The first group runs even where the population has no outgoing projection: it records the spike.
    for (uint32_t group = 0; group == 0 || group < pop.outgoing_count; group += kWarp) {
      const uint32_t o = group + lane;
      uint64_t begin = 0, end = 0;
      uint32_t projection = 0, one_step_begin = 0, one_step_end = 0;
      OneStepTable t{};
      if (o < pop.outgoing_count) {
        const bool inline_entry = o < kOutgoingInline;
        projection = inline_entry ? pop.outgoing[o].projection : outgoing[pop.outgoing_begin + o];
        const uint64_t* rows = inline_entry ? pop.outgoing[o].row_offsets : projections[projection].row_offsets;
        begin = rows[neuron];
        end = rows[neuron + 1];
        t = inline_entry ? sh.first[o] : one_step_table(projections[projection], one_step[projection], step);
        if (t.rows != nullptr) one_step_begin = t.rows[neuron], one_step_end = t.rows[neuron + 1];
      }
      const uint32_t chunks = static_cast<uint32_t>((end - begin + kChunkSynapses - 1) / kChunkSynapses);
      uint32_t chunk_end = chunks;  // the running sum of the lanes' chunks
      SNN_UNROLL
      for (uint32_t d = 1; d < kWarp; d *= 2) {
        const uint32_t before = __shfl_up_sync(kAllLanes, chunk_end, d);
        if (lane >= d) chunk_end += before;
      }
      const uint32_t total = __shfl_sync(kAllLanes, chunk_end, kWarp - 1);
      uint32_t slot = 0;
      if (lane == 0 && total > 0) slot = atomicAdd(queue.count, total);
      const bool records = group == 0 && lane == 1 && pop.record;
      const uint32_t recorded_slot = records ? atomicAdd(buffers.recorded_count, 1u) : 0;
      LaidRows laid{};
      SynapseHit hits[kSynapsesInFlight];
      if (sh.any_one_step) {
        laid = lay_rows(t, one_step_begin, one_step_end - one_step_begin);
        load_hits(laid, 0, hits);
      }
      slot = __shfl_sync(kAllLanes, slot, 0) + chunk_end - chunks;
      for (uint64_t first = begin; first < end; first += kChunkSynapses)
        queue.chunks[slot++] = DeliveryChunk{first, static_cast<uint32_t>(step), projection,
                                             static_cast<uint32_t>(end - first < kChunkSynapses ? end - first : kChunkSynapses)};
      if (records) buffers.recorded[recorded_slot] = RecordedSpike{step_offset, pop.global_offset + neuron};
      if (group == 0 && lane == 0 && pop.spike_steps != nullptr) pop.spike_steps[neuron] = step;
      if (!sh.any_one_step) continue;
      add_hits(hits);
      for (uint32_t base = kWarp * kSynapsesInFlight; base < laid.total; base += kWarp * kSynapsesInFlight) {
        load_hits(laid, base, hits);
        add_hits(hits);
      }
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
// no neuron blocks). Four blocks an SM at most registers, so that the neuron blocks of networks up to
// a few hundred blocks and the delivery blocks are resident together.
__global__ void __launch_bounds__(kDeliveryBlock, 4)
    overlapped_step_kernel(const DevicePopulation* populations, const InputView* inputs,
                           const DeviceProjection* projections, const OneStepRows* one_step, uint32_t projection_count,
                           const uint32_t* outgoing, StepBuffers buffers, uint32_t neuron_blocks, uint32_t step_offset,
                           float dt) {
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
    deliver_chunks<true>(projections, projection_count, table, queue, total, first, buffers.projection_events, step,
                         delivery_block, delivery_blocks);
    return;
  }
  const uint32_t block = blockIdx.x;
  const uint32_t p = population_of_block(populations, buffers, block);
  DevicePopulation& pop = block_shared<DevicePopulation>();
  load_population(populations, p, pop);
  const uint64_t step = batch_base_step(buffers) + step_offset;
  const uint32_t slot = static_cast<uint32_t>(step % pop.view.ring_slots);
  NeuronBlockShared& sh = block_shared<NeuronBlockShared>();
  load_neuron_block_shared(pop, inputs, projections, one_step, step, sh);
  wait_for_previous_kernel();
  allow_next_kernel();
  const ChunkQueue queue = overlapped_queue(buffers, step_offset);
  const SpikeOfBlock handle{pop, sh, projections, one_step, outgoing, buffers, queue, step, step_offset};
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
