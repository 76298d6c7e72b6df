#pragma once
// A SpikeGPT model generating on one backend: the prompt goes in as one sequence, then one token at
// a time (on the GPU, the prompt in the sequence form and each token as one CUDA graph), with the
// same logits either way. `snn generate` and the Python package drive it.
#include <memory>
#include <vector>

#include "models/cuda/cuda_spike_gpt.hpp"
#include "models/spike_gpt.hpp"

namespace snn {

class SpikeGptGenerator {
 public:
  // `model` must outlive the generator; `cuda` runs it on the GPU.
  SpikeGptGenerator(const SpikeGptModel& model, bool cuda);

  // The logits after the last of `tokens`, which continue what was fed before. With `activity`, the
  // LIF layers' spikes are gathered (for the energy estimator).
  std::vector<float> feed(const std::vector<int32_t>& tokens, SpikeGptActivity* activity = nullptr);
  uint64_t device_bytes() const { return gpu_ ? gpu_->device_bytes() : 0; }

 private:
  const SpikeGptModel& model_;
  SpikeGptState state_;
  std::unique_ptr<CudaSpikeGpt> gpu_;
};

}  // namespace snn
