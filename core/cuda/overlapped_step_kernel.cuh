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

// The cell of ring slot `next_slot` that one-step synapse `s` of `proj` adds to, and its weight.
__device__ inline SynapseHit one_step_hit(const DeviceProjection& proj, uint32_t next_slot, uint32_t s) {
  return SynapseHit{reinterpret_cast<unsigned long long*>(proj.ring + static_cast<uint64_t>(next_slot) * proj.target_size +
                                                          proj.one_step_targets[s]),
                    static_cast<unsigned long long>(to_fixed_point(proj.one_step_weights[s]))};
}

// Adds the one-step synapses of the warp's neurons that fired at `step` (lanes with `fired`) to the
// ring cells that step + 1 reads. Every lane of the warp calls it. For each firing neuron in turn, lane
// o reads the one-step row of outgoing projection o (32 projections at a time); the rows are then laid
// end to end and the lanes take their synapses kSynapsesInFlight at a time each.
__device__ inline void deliver_one_step_rows(const DevicePopulation& pop, const DeviceProjection* projections,
                                             const uint32_t* outgoing, bool fired, uint32_t neuron, uint64_t step) {
  const uint32_t lane = threadIdx.x % kWarp;
  for (uint32_t firing = __ballot_sync(kAllLanes, fired); firing != 0; firing &= firing - 1) {
    const uint32_t spike = __shfl_sync(kAllLanes, neuron, __ffs(firing) - 1);
    for (uint32_t group = 0; group < pop.outgoing_count; group += kWarp) {
      const uint32_t o = group + lane, lanes = min(kWarp, pop.outgoing_count - group);
      uint32_t begin = 0, length = 0, id = 0, next_slot = 0;
      if (o < pop.outgoing_count) {
        const bool inline_entry = o < kOutgoingInline;
        id = inline_entry ? pop.outgoing[o].projection : outgoing[pop.outgoing_begin + o];
        const uint32_t* rows = inline_entry ? pop.outgoing[o].one_step_rows : projections[id].one_step_rows;
        if (rows != nullptr) {
          begin = rows[spike];
          length = rows[spike + 1] - begin;
          next_slot = static_cast<uint32_t>((step + 1) % projections[id].ring_slots);
        }
      }
      uint32_t end = length;  // the running sum of the rows' lengths over the lanes
      SNN_UNROLL
      for (uint32_t d = 1; d < kWarp; d *= 2) {
        const uint32_t before = __shfl_up_sync(kAllLanes, end, d);
        if (lane >= d) end += before;
      }
      const uint32_t total = __shfl_sync(kAllLanes, end, kWarp - 1);
      for (uint32_t base = 0; base < total; base += kWarp * kSynapsesInFlight) {
        SynapseHit hits[kSynapsesInFlight];
        SNN_UNROLL
        for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
          const uint32_t k = base + u * kWarp + lane;
          uint32_t owner = 0;  // the lane whose row holds entry k: the number of rows ending at or before it
          for (uint32_t l = 0; l < lanes; ++l) owner += __shfl_sync(kAllLanes, end, l) <= k ? 1u : 0u;
          owner = min(owner, lanes - 1);
          const uint32_t owner_end = __shfl_sync(kAllLanes, end, owner);
          const uint32_t owner_begin = __shfl_sync(kAllLanes, begin, owner);
          const uint32_t owner_length = __shfl_sync(kAllLanes, length, owner);
          const uint32_t owner_id = __shfl_sync(kAllLanes, id, owner);
          const uint32_t owner_slot = __shfl_sync(kAllLanes, next_slot, owner);
          hits[u] = k < total ? one_step_hit(projections[owner_id], owner_slot, owner_begin + k - (owner_end - owner_length))
                              : SynapseHit{nullptr, 0};
        }
        add_hits(hits);
      }
    }
  }
}

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
    wait_for_previous_kernel();
    allow_next_kernel();
    // The count of step offset - 2, whose chunks the kernel before delivered, is free for offset + 1.
    if (blockIdx.x == 0 && threadIdx.x == 0) buffers.chunk_counts[(step_offset + 1) % 3u] = 0;
    if (step_offset == 0) return;
    const ChunkQueue queue = overlapped_queue(buffers, step_offset - 1);
    const uint32_t total = *queue.count;
    const uint64_t step = *buffers.base_step + step_offset - 1;
    const DeliveryChunk first = blockIdx.x < queue.capacity ? queue.chunks[blockIdx.x] : DeliveryChunk{};
    deliver_chunks(projections, projection_count, table, queue, total, first, buffers.projection_events, step, blockIdx.x,
                   delivery_blocks, 2);
    return;
  }
  const uint32_t block = blockIdx.x - delivery_blocks;
  const uint32_t p = population_of_block(populations, buffers, block);
  DevicePopulation& pop = block_shared<DevicePopulation>();
  load_population(populations, p, pop);
  wait_for_previous_kernel();
  allow_next_kernel();
  const uint64_t step = *buffers.base_step + step_offset;
  update_neuron_block(pop, inputs, projections, outgoing, buffers, overlapped_queue(buffers, step_offset), block, step,
                      step_offset, dt, [&](bool fired, uint32_t neuron) {
                        deliver_one_step_rows(pop, projections, outgoing, fired, neuron, step);
                      });
}

}  // namespace snn::cuda
