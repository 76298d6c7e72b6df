#include "core/cuda/step_outputs.cuh"

#include <algorithm>

#include "core/cuda/cuda_check.hpp"
#include "core/device_synapses.hpp"

namespace snn::cuda {
namespace {

__global__ void probe_kernel(const DeviceProbe* probes, uint32_t probe_count, float* output, uint32_t row_width,
                             uint32_t step_offset) {
  copy_probes(probes, probe_count, output, row_width, step_offset, blockIdx.x * blockDim.x + threadIdx.x,
              gridDim.x * blockDim.x);
}

__global__ void advance_kernel(uint64_t* base_step, uint32_t* chunk_counts, uint32_t steps) {
  *base_step += steps;
  chunk_counts[0] = chunk_counts[1] = chunk_counts[2] = 0;
}

}  // namespace

StepOutputs::StepOutputs(const Network& net, const DeviceNetwork& network, const std::vector<StateProbe>& state_probes) {
  static_assert(sizeof(RecordedSpike) == kGpuRecordedSpikeBytes, "memory estimates count 8 bytes a spike record");
  std::vector<DeviceProbe> entries;
  for (const StateProbe& probe : state_probes) {
    probe_neurons_.emplace_back(probe.neurons.begin(), probe.neurons.end());
    // The variable's array, by its slot in the population's model (the loader checked the name).
    const Population& pop = net.populations[probe.population];
    const float* variable =
        network.population_entries[probe.population].view.neuron.values[neuron_model_info(pop.neuron_model).slot(probe.variable)];
    entries.push_back(DeviceProbe{variable, raw(probe_neurons_.back()), static_cast<uint32_t>(probe.neurons.size()), probe_width});
    probe_width += static_cast<uint32_t>(probe.neurons.size());
  }
  probes = thrust::device_vector<DeviceProbe>(entries.begin(), entries.end());
  const uint32_t recorded_neurons = network.recorded_neurons();
  batch_steps = kGpuMaxBatchSteps;
  if (recorded_neurons > 0)
    batch_steps = static_cast<uint32_t>(
        std::clamp<size_t>(kGpuRecordingBytes / (sizeof(RecordedSpike) * recorded_neurons), 1, kGpuMaxBatchSteps));
  for (int b = 0; b < 2; ++b) {
    recorded[b].resize(std::max<size_t>(1, size_t(batch_steps) * recorded_neurons));
    recorded_count[b].resize(1, 0);
    probe_output[b].resize(std::max<size_t>(1, size_t(batch_steps) * probe_width));
  }
  base_step.resize(1, 0);
  chunk_counts.resize(3, 0);
}

StepBuffers StepOutputs::buffers(DeviceNetwork& network, int set, DeliveryChunk* chunks, uint32_t chunk_capacity) {
  StepBuffers b{raw(base_step),
                chunks,
                chunk_capacity,
                raw(chunk_counts),
                raw(recorded[set]),
                raw(recorded_count[set]),
                raw(network.projection_events),
                network.population_count(),
                network.modulators.empty() ? nullptr : raw(network.modulators),
                static_cast<uint32_t>(network.modulators.size()),
                network.readout_errors.empty() ? nullptr : raw(network.readout_errors),
                static_cast<uint32_t>(network.readout_errors.size()),
                {}};
  for (size_t p = 0; p < network.first_blocks.size() && p < kPopulationsInParameters; ++p)
    b.first_block[p] = network.first_blocks[p];
  return b;
}

void StepOutputs::enqueue_probes(cudaStream_t stream, uint32_t step_offset, int set) {
  if (probes.empty()) return;
  probe_kernel<<<4, 256, 0, stream>>>(raw(probes), static_cast<uint32_t>(probes.size()), raw(probe_output[set]),
                                      probe_width, step_offset);
}

void StepOutputs::enqueue_advance(cudaStream_t stream, uint32_t steps) {
  advance_kernel<<<1, 1, 0, stream>>>(raw(base_step), raw(chunk_counts), steps);
  SNN_CUDA_CHECK(cudaGetLastError());
}

uint64_t StepOutputs::bytes() const {
  return 2 * recorded[0].size() * sizeof(RecordedSpike) + 2 * probe_output[0].size() * sizeof(float);
}

}  // namespace snn::cuda
