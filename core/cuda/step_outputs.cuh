#pragma once
// What every step scheme's batch of steps shares beyond the network: the batch's first step and the
// counts of its delivery queues, and what it hands back to the host in one of two output sets (the GPU
// fills one while the host reads the other): the recorded spikes and the probed state, a row of probes
// per step.
#include <thrust/device_vector.h>

#include <cstdint>
#include <deque>
#include <vector>

#include "core/cuda/device_network.cuh"
#include "core/engine.hpp"

namespace snn::cuda {

class StepOutputs {
 public:
  StepOutputs(const Network& net, const DeviceNetwork& network, const std::vector<StateProbe>& probes);
  StepOutputs(const StepOutputs&) = delete;
  StepOutputs& operator=(const StepOutputs&) = delete;

  // The buffers of a step that records into output set `set` and queues its delivery in `chunks`
  // (`chunk_capacity` a set; none for the persistent kernel).
  StepBuffers buffers(DeviceNetwork& network, int set, DeliveryChunk* chunks, uint32_t chunk_capacity);
  // After step offset `step_offset` of a batch, on `stream`: the probed state into set `set`.
  void enqueue_probes(cudaStream_t stream, uint32_t step_offset, int set);
  // After a batch of `steps` steps, on `stream`: the next batch starts after it, every queue empty.
  void enqueue_advance(cudaStream_t stream, uint32_t steps);
  uint64_t bytes() const;

  // Steps a batch records at most: each neuron fires at most once a step, and the spikes fit.
  uint32_t batch_steps = 1;
  uint32_t probe_width = 0;  // probed values a step
  thrust::device_vector<DeviceProbe> probes;
  thrust::device_vector<RecordedSpike> recorded[2];
  thrust::device_vector<uint32_t> recorded_count[2];
  thrust::device_vector<float> probe_output[2];
  thrust::device_vector<uint64_t> base_step;      // the first step of the current batch
  thrust::device_vector<uint32_t> chunk_counts;   // StepBuffers::chunk_counts

 private:
  std::deque<thrust::device_vector<uint32_t>> probe_neurons_;
};

}  // namespace snn::cuda
