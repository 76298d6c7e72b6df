#pragma once
// The overlapped step: one kernel a step, whose first blocks deliver the previous step's spikes while
// the others update the neurons. A spike of step t reaches ring slot t + d; the update of step t + 1
// reads slot t + 1 only, so every synapse with a delay of two steps or more can be delivered beside
// that update, which the two-kernel step (step_kernels.cuh) must instead wait for. The one-step synapses
// cannot: the warp of the neuron that fires adds them in its own step (one_step_synapses.cuh). A step
// then costs about the longer of its update and its delivery rather than their sum. The chunk queues
// are kept apart by overlapped_queue; a batch ends with a launch of delivery blocks alone, so that
// every batch leaves nothing undelivered.
#include <cstdint>

#include "core/cuda/step_kernels.cuh"

namespace snn::cuda {

// What a warp needs to add one outgoing projection's one-step synapses.
struct OneStepTable {
  int64_t* ring;
  const uint32_t* rows;  // null where the projection has no one-step synapses
  const uint32_t* targets;
  const float* weights;
  uint32_t target_size, ring_slots;
};

__device__ inline OneStepTable one_step_table(const DeviceProjection& proj) {
  return OneStepTable{proj.ring, proj.one_step_rows, proj.one_step_targets, proj.one_step_weights, proj.target_size,
                      proj.ring_slots};
}

// The neuron block's copy of the one-step tables of its population's first outgoing projections, made
// while the kernel before may still run; `any`: whether the population may have one-step synapses at
// all (its warps skip the hook where not).
struct OneStepTables {
  OneStepTable first[kOutgoingInline];
  bool any;
};

__device__ inline void load_one_step_tables(const DevicePopulation& pop, const DeviceProjection* projections,
                                            OneStepTables& tables) {
  bool has_rows = false;
  if (threadIdx.x < min(pop.outgoing_count, kOutgoingInline)) {
    tables.first[threadIdx.x] = one_step_table(projections[pop.outgoing[threadIdx.x].projection]);
    has_rows = tables.first[threadIdx.x].rows != nullptr;
  }
  const bool any = __syncthreads_or(has_rows);
  if (threadIdx.x == 0) tables.any = any || pop.outgoing_count > kOutgoingInline;
  __syncthreads();
}

// Adds the one-step synapses of the warp's neurons that fired at `step` to the ring cells that step + 1
// reads (update_neuron_block's hook). For each firing neuron in turn, lane o takes outgoing projection
// o's one-step row (32 projections at a time); the rows are laid end to end and each lane adds
// kSynapsesInFlight of their synapses a pass. The first firing neuron's rows are read in `prepare`, so
// that they travel while its lane queues its rows.
struct OneStepDelivery {
  const DevicePopulation& pop;
  const OneStepTables& tables;
  const DeviceProjection* projections;
  const uint32_t* outgoing;
  uint64_t step;

  struct Pending {
    uint32_t begin, end;  // this lane's row of the first firing neuron, in its first group of projections
  };

  __device__ OneStepTable table(uint32_t o) const {
    if (o >= pop.outgoing_count) return OneStepTable{};
    return o < kOutgoingInline ? tables.first[o] : one_step_table(projections[outgoing[pop.outgoing_begin + o]]);
  }

  // Lane o's one-step row of `spike` in outgoing projection `group` + o.
  __device__ Pending row(uint32_t spike, uint32_t group) const {
    const OneStepTable t = table(group + threadIdx.x % kWarp);
    return t.rows != nullptr ? Pending{t.rows[spike], t.rows[spike + 1]} : Pending{0, 0};
  }

  __device__ Pending prepare(bool fired, uint32_t neuron) const {
    const uint32_t firing = __ballot_sync(kAllLanes, fired);
    if (firing == 0 || !tables.any) return Pending{0, 0};
    return row(__shfl_sync(kAllLanes, neuron, __ffs(firing) - 1), 0);
  }

  __device__ void finish(const Pending& first_rows, bool fired, uint32_t neuron) const {
    if (!tables.any) return;
    uint32_t firing = __ballot_sync(kAllLanes, fired);
    for (bool first = true; firing != 0; firing &= firing - 1, first = false) {
      const uint32_t spike = __shfl_sync(kAllLanes, neuron, __ffs(firing) - 1);
      for (uint32_t group = 0; group < pop.outgoing_count; group += kWarp) {
        const Pending rows = first && group == 0 ? first_rows : row(spike, group);
        add_rows(table(group + threadIdx.x % kWarp), rows.begin, rows.end - rows.begin);
      }
    }
  }

  // Every lane holds one row (`length` synapses from `begin` of `t`); adds them all.
  __device__ void add_rows(const OneStepTable& t, uint32_t begin, uint32_t length) const {
    const uint32_t lane = threadIdx.x % kWarp;
    uint32_t end = length;  // the running sum of the rows' lengths over the lanes
    SNN_UNROLL
    for (uint32_t d = 1; d < kWarp; d *= 2) {
      const uint32_t before = __shfl_up_sync(kAllLanes, end, d);
      if (lane >= d) end += before;
    }
    const uint32_t total = __shfl_sync(kAllLanes, end, kWarp - 1);
    if (total == 0) return;
    const uint64_t next_slot = length > 0 ? (step + 1) % t.ring_slots : 0;
    const uintptr_t cells = reinterpret_cast<uintptr_t>(t.ring + next_slot * t.target_size);
    for (uint32_t base = 0; base < total; base += kWarp * kSynapsesInFlight) {
      SynapseHit hits[kSynapsesInFlight];
      SNN_UNROLL
      for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
        const uint32_t k = base + u * kWarp + lane;
        // The lane whose row holds entry k: how many rows end at or before it (a binary search over
        // the lanes' running sums, which never decrease).
        uint32_t owner = 0;
        SNN_UNROLL
        for (uint32_t half = kWarp / 2; half > 0; half /= 2)
          if (__shfl_sync(kAllLanes, end, owner + half - 1) <= k) owner += half;
        owner = min(owner, kWarp - 1);
        const uint32_t s = __shfl_sync(kAllLanes, begin + length - end, owner) + k;  // the row's begin less its start
        const auto owner_cells = reinterpret_cast<unsigned long long*>(__shfl_sync(kAllLanes, cells, owner));
        const auto targets = reinterpret_cast<const uint32_t*>(
            __shfl_sync(kAllLanes, reinterpret_cast<uintptr_t>(t.targets), owner));
        const auto weights = reinterpret_cast<const float*>(
            __shfl_sync(kAllLanes, reinterpret_cast<uintptr_t>(t.weights), owner));
        hits[u] = k < total ? SynapseHit{owner_cells + targets[s], static_cast<unsigned long long>(to_fixed_point(weights[s]))}
                            : SynapseHit{nullptr, 0};
      }
      add_hits(hits);
    }
  }
};

// The batch's first step, read before the kernel waits for the one before it: no kernel of a batch
// writes it, and the kernel that advances it between batches is launched without the overlap, so this
// kernel starts only once that one has finished. Read from L2, not from a line an earlier kernel left
// in this SM's L1.
__device__ inline uint64_t batch_base_step(const StepBuffers& buffers) { return __ldcg(buffers.base_step); }

// One step of the overlapped scheme at `step_offset` in the batch: blocks [0, delivery_blocks) deliver
// step offset - 1 (nothing at offset 0; the launch at offset `count` after a batch of `count` steps has
// only these blocks), the others are the neuron blocks of the two-kernel step. Four blocks an SM at
// most registers, so that the neuron blocks of networks up to a few hundred blocks and the delivery
// blocks are resident together.
__global__ void __launch_bounds__(kDeliveryBlock, 4)
    overlapped_step_kernel(const DevicePopulation* populations, const InputView* inputs,
                           const DeviceProjection* projections, uint32_t projection_count, const uint32_t* outgoing,
                           StepBuffers buffers, uint32_t delivery_blocks, uint32_t step_offset, float dt) {
  if (blockIdx.x < delivery_blocks) {
    DeliveryTable& table = block_shared<DeliveryTable>();
    load_delivery_table(projections, projection_count, table);
    const uint64_t base_step = batch_base_step(buffers);
    wait_for_previous_kernel();
    allow_next_kernel();
    // The count of step offset - 2, whose chunks the kernel before delivered, is free for offset + 1.
    if (blockIdx.x == 0 && threadIdx.x == 0) buffers.chunk_counts[(step_offset + 1) % 3u] = 0;
    if (step_offset == 0) return;
    const ChunkQueue queue = overlapped_queue(buffers, step_offset - 1);
    const uint32_t total = *queue.count;
    const uint64_t step = base_step + step_offset - 1;
    const DeliveryChunk first = blockIdx.x < queue.capacity ? queue.chunks[blockIdx.x] : DeliveryChunk{};
    deliver_chunks(projections, projection_count, table, queue, total, first, buffers.projection_events, step, blockIdx.x,
                   delivery_blocks, 2);
    return;
  }
  const uint32_t block = blockIdx.x - delivery_blocks;
  const uint32_t p = population_of_block(populations, buffers, block);
  DevicePopulation& pop = block_shared<DevicePopulation>();
  load_population(populations, p, pop);
  OneStepTables& tables = block_shared<OneStepTables>();
  load_one_step_tables(pop, projections, tables);
  const uint64_t step = batch_base_step(buffers) + step_offset;
  wait_for_previous_kernel();
  allow_next_kernel();
  update_neuron_block(pop, inputs, projections, outgoing, buffers, overlapped_queue(buffers, step_offset), block, step,
                      step_offset, dt, OneStepDelivery{pop, tables, projections, outgoing, step});
}

}  // namespace snn::cuda
