#include "core/cuda/captured_batches.cuh"

#include "core/cuda/cuda_check.hpp"

namespace snn::cuda {

CapturedBatches::~CapturedBatches() {
  for (auto& entry : graphs_) cudaGraphExecDestroy(entry.second);
}

void CapturedBatches::launch(uint32_t count, int set, const std::function<void(uint32_t, int)>& enqueue) {
  const uint32_t key = count * 2 + static_cast<uint32_t>(set);
  for (auto& entry : graphs_)
    if (entry.first == key) {
      SNN_CUDA_CHECK(cudaGraphLaunch(entry.second, stream_));
      return;
    }
  cudaGraph_t graph;
  SNN_CUDA_CHECK(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal));
  enqueue(count, set);
  SNN_CUDA_CHECK(cudaStreamEndCapture(stream_, &graph));
  cudaGraphExec_t exec;
  SNN_CUDA_CHECK(cudaGraphInstantiate(&exec, graph, 0));
  SNN_CUDA_CHECK(cudaGraphDestroy(graph));
  graphs_.emplace_back(key, exec);
  SNN_CUDA_CHECK(cudaGraphLaunch(exec, stream_));
}

}  // namespace snn::cuda
