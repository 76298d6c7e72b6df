#pragma once
// The persistent kernel: a whole batch of steps in one cooperative launch. Each block updates its
// neurons, collects the ones that fired in shared memory and at once delivers them along their rows
// (delays are at least one step, so no cell read in this step is written), then the grid waits at one
// barrier per step. Against the two-kernel step this saves a launch and the chain of global loads
// that hands spikes from one kernel to the next, which is most of a small network's step.
#include <cub/block/block_scan.cuh>

#include "core/cuda/grid_barrier.cuh"
#include "core/cuda/step_kernels.cuh"

namespace snn::cuda {

constexpr uint32_t kFusedBlock = 256;  // one block of the neuron kernel: the same numbering of blocks

struct FusedStep {
  const DevicePopulation* populations;
  const InputView* inputs;
  const DeviceProjection* projections;
  const uint32_t* outgoing;  // projection indices grouped by source population
  StepBuffers buffers;
  const DeviceProbe* probes;
  uint32_t probe_count;
  float* probe_output;
  uint32_t probe_width;
  uint32_t neuron_blocks;
  float dt;
  GridBarrier barrier;
};

// What one block keeps between the update of its neurons and the delivery of their spikes.
struct FusedShared {
  DevicePopulation population;  // of the neuron block being stepped (load_population says why)
  uint32_t spike_count;
  uint32_t spikes[kFusedBlock];
  // One (spike, projection) pair per thread of a delivery round: where its row starts, where it starts
  // in the round's flattened synapse range, its projection and the ring slot of this step.
  uint64_t row_begin[kFusedBlock];
  uint64_t flat_start[kFusedBlock + 1];
  uint32_t projection[kFusedBlock];
  uint32_t base_slot[kFusedBlock];
  typename cub::BlockScan<uint64_t, kFusedBlock>::TempStorage scan;
  uint32_t schedule_begin, schedule_end;
};

__device__ inline void record_spike(const FusedStep& c, const DevicePopulation& pop, uint32_t neuron, uint32_t step_offset) {
  if (!pop.record) return;
  const uint32_t slot = atomicAdd(c.buffers.recorded_count, 1u);
  c.buffers.recorded[slot] = RecordedSpike{step_offset, pop.global_offset + neuron};
}

// Delivers the block's spikes (sh.spikes[0..spike_count)) along every outgoing projection. The
// threads share out the synapses of all (spike, projection) pairs evenly, whatever the row lengths.
__device__ inline void deliver_block_spikes(const FusedStep& c, FusedShared& sh, const DevicePopulation& pop,
                                            uint64_t step) {
  const uint32_t pairs = sh.spike_count * pop.outgoing_count;
  for (uint32_t round = 0; round < pairs; round += kFusedBlock) {
    const uint32_t pair = round + threadIdx.x;
    uint64_t length = 0;
    if (pair < pairs) {
      const uint32_t q = c.outgoing[pop.outgoing_begin + pair % pop.outgoing_count];
      const DeviceProjection& proj = c.projections[q];
      const uint32_t neuron = sh.spikes[pair / pop.outgoing_count];
      const uint64_t begin = proj.row_offsets[neuron];
      length = proj.row_offsets[neuron + 1] - begin;
      sh.row_begin[threadIdx.x] = begin;
      sh.projection[threadIdx.x] = q;
      if (length > 0) add_to_cell(c.buffers.projection_events + q, length);
      sh.base_slot[threadIdx.x] = static_cast<uint32_t>(step % proj.ring_slots);
    }
    uint64_t start = 0, total = 0;
    cub::BlockScan<uint64_t, kFusedBlock>(sh.scan).ExclusiveSum(length, start, total);
    sh.flat_start[threadIdx.x] = start;  // pairs past the end have length 0 and start at `total`
    if (threadIdx.x == 0) sh.flat_start[kFusedBlock] = total;
    __syncthreads();
    // Each thread's flat index only grows, so its pair is found by walking forward.
    uint32_t j = 0, cached = UINT32_MAX;
    DeviceProjection proj{};
    for (uint64_t first = threadIdx.x; first < total; first += kSynapsesInFlight * kFusedBlock) {
      SynapseHit hits[kSynapsesInFlight];
      SNN_UNROLL
      for (uint32_t u = 0; u < kSynapsesInFlight; ++u) {
        const uint64_t k = first + u * kFusedBlock;
        hits[u] = SynapseHit{nullptr, 0};
        if (k >= total) continue;
        while (sh.flat_start[j + 1] <= k) ++j;
        if (j != cached) {
          proj = c.projections[sh.projection[j]];
          cached = j;
        }
        hits[u] = synapse_hit(proj, sh.base_slot[j], sh.row_begin[j] + (k - sh.flat_start[j]));
      }
      add_hits(hits);
    }
    __syncthreads();  // the pair arrays are refilled by the next round
  }
  // Reset spike_count for the block's next step once every thread has read it (the rounds' barriers
  // saw to that if there were rounds; `pairs` is the same in every thread); the last barrier orders
  // the reset before any thread's next emission.
  if (pairs == 0) __syncthreads();
  if (threadIdx.x == 0) sh.spike_count = 0;
  __syncthreads();
}

// One step of neuron-kernel block `block`: its neurons (or its share of a spike-source schedule),
// then the delivery of what fired.
// `loaded`: the population whose entry sh.population holds (the same for every thread of the block);
// a block that steps one neuron block only loads it once.
__device__ inline void fused_block_step(const FusedStep& c, FusedShared& sh, uint32_t block, uint64_t step,
                                        uint32_t step_offset, uint32_t& loaded) {
  const uint32_t p = population_of_block(c.populations, c.buffers, block);
  if (p != loaded) {
    load_population(c.populations, p, sh.population);
    loaded = p;
  }
  const DevicePopulation& pop = sh.population;
  if (pop.view.model == NeuronModel::kSpikeSourceArray) {
    if (threadIdx.x == 0) {
      sh.schedule_begin = first_scheduled(pop, step);
      uint32_t end = sh.schedule_begin;
      while (end < pop.scheduled_count && pop.scheduled_steps[end] == step) ++end;
      sh.schedule_end = end;
    }
    __syncthreads();
    // This step's schedule entries, a block's worth at a time.
    for (uint32_t first = sh.schedule_begin; first < sh.schedule_end; first += kFusedBlock) {
      const uint32_t e = first + threadIdx.x;
      if (threadIdx.x == 0) sh.spike_count = min(kFusedBlock, sh.schedule_end - first);
      if (e < sh.schedule_end) {
        sh.spikes[threadIdx.x] = pop.scheduled_neurons[e];
        record_spike(c, pop, pop.scheduled_neurons[e], step_offset);
      }
      __syncthreads();
      deliver_block_spikes(c, sh, pop, step);
    }
    __syncthreads();  // every thread has read schedule_end before this block's next step may rewrite it
    return;
  }
  const uint32_t i = (block - pop.first_block) * kFusedBlock + threadIdx.x;
  if (i < pop.view.size) {
    const uint32_t slot = static_cast<uint32_t>(step % pop.view.ring_slots);
    if (step_neuron(pop.view, c.inputs + pop.input_begin, pop.input_count, i, slot, step, c.dt)) {
      sh.spikes[atomicAdd(&sh.spike_count, 1u)] = i;
      record_spike(c, pop, i, step_offset);
    }
  }
  __syncthreads();
  deliver_block_spikes(c, sh, pop, step);
}

// `steps` steps from *base_step on; launched cooperatively, with at most as many blocks as fit on the
// GPU at once. Blocks take the neuron-kernel blocks round-robin, always the same ones, so a neuron's
// state is only ever touched by one SM.
__global__ void __launch_bounds__(kFusedBlock, 2) fused_steps_kernel(FusedStep c, uint32_t steps) {
  FusedShared& sh = block_shared<FusedShared>();
  if (threadIdx.x == 0) sh.spike_count = 0;
  __syncthreads();
  const uint64_t first_step = *c.buffers.base_step;
  unsigned int barriers = barriers_passed(c.barrier);
  uint32_t loaded = UINT32_MAX;
  for (uint32_t s = 0; s < steps; ++s) {
    for (uint32_t block = blockIdx.x; block < c.neuron_blocks; block += gridDim.x)
      fused_block_step(c, sh, block, first_step + s, s, loaded);
    if (c.probe_count > 0) {
      grid_barrier(c.barrier, ++barriers);  // every neuron of this step updated
      copy_probes(c.probes, c.probe_count, c.probe_output, c.probe_width, s, blockIdx.x * blockDim.x + threadIdx.x,
                  gridDim.x * blockDim.x);
    }
    grid_barrier(c.barrier, ++barriers);  // every spike of this step delivered before the next step reads its ring slot
  }
  if (blockIdx.x == 0 && threadIdx.x == 0) *c.buffers.base_step = first_step + steps;
}

}  // namespace snn::cuda
