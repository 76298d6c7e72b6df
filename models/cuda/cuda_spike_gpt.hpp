#pragma once
// SpikeGPT on the GPU for generation: one token at a time through every block, with O(1) state per
// layer kept in device memory. A token is one replay of a CUDA graph (six kernels a block: the
// single-block steps that normalise and mix, warp-per-row matrix-vector products, and the WKV scan
// step fused into the time mix's products), so the host's only work per token is to hand over the
// token and take the logits. The sums are added in the lane order of core/foundation/lane_order.hpp and the
// exponentials are det_exp, so the logits and spikes are those of the host model, bit for bit. A
// prompt can go in as one sequence instead (forward), with the same result.
#include <cstdint>
#include <memory>
#include <vector>

#include "models/spike_gpt.hpp"

namespace snn {

class CudaSpikeGpt {
 public:
  explicit CudaSpikeGpt(const SpikeGptModel& model);  // copies the weights to the GPU
  ~CudaSpikeGpt();
  CudaSpikeGpt(const CudaSpikeGpt&) = delete;
  CudaSpikeGpt& operator=(const CudaSpikeGpt&) = delete;

  void reset();  // the start state (before the first token)
  // Takes one token and returns its logits (valid until the next call). With `activity`, the spikes
  // of every LIF layer are appended to it (copied back: for tests and counts, not for speed).
  const std::vector<float>& step(int32_t token, SpikeGptActivity* activity = nullptr);
  // The sequence form: all of `tokens` at once (a prompt), each block's products over every token
  // and its WKV and LIF layers as scans; logits [tokens, vocabulary]. Continues from, and leaves,
  // the same state as step(), with the same bits.
  Tensor forward(const std::vector<int32_t>& tokens, SpikeGptActivity* activity = nullptr);
  uint64_t device_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace snn
