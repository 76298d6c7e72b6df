#pragma once
// Batches of steps captured once as CUDA graphs and replayed: the kernels of a batch are launched by
// the host once per batch length and output set, and every later batch of that kind costs one graph
// launch.
#include <cuda_runtime.h>

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace snn::cuda {

class CapturedBatches {
 public:
  explicit CapturedBatches(cudaStream_t stream) : stream_(stream) {}
  CapturedBatches(const CapturedBatches&) = delete;
  CapturedBatches& operator=(const CapturedBatches&) = delete;
  ~CapturedBatches();

  // Launches the batch of `count` steps into output set `set` on the stream; on its first use,
  // `enqueue(count, set)` is captured as its graph.
  void launch(uint32_t count, int set, const std::function<void(uint32_t, int)>& enqueue);

 private:
  cudaStream_t stream_;
  std::vector<std::pair<uint32_t, cudaGraphExec_t>> graphs_;  // by count * 2 + set
};

}  // namespace snn::cuda
