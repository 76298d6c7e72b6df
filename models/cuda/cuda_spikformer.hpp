#pragma once
// Spikformer on the GPU, a batch of images at a time. Every layer whose input is spikes (or sums of a
// few, as the residual stream) has three products:
//  - dense: cuBLAS SGEMM in float32 (no TF32), what the reference computes;
//  - tensor: the tensor cores in bfloat16. Spikes and small counts are exact in bfloat16, and the
//    weights are split into three bfloat16 parts that sum to them, so three products accumulated in
//    float give a float32 product at tensor-core speed;
//  - sparse: each row's non-zero inputs gathered, their weight rows added: work that shrinks with
//    the firing rate.
// In `kAuto` each layer measures its input's non-zero fraction on every batch and takes the sparse
// product on the next batch when that fraction is below `sparse_below`, else the tensor cores (the
// first batch has no rate yet; the default threshold is where the two crossed on an H100, see
// docs/benchmarks.md). The first convolution reads pixels and is always dense. Spiking
// self-attention, the LIF layers and the pooling are kernels of their own.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/spikformer.hpp"

namespace snn {

enum class SpikeProductPath { kAuto, kDense, kTensor, kSparse };

class CudaSpikformer {
 public:
  CudaSpikformer(const SpikformerModel& model, int64_t max_images, SpikeProductPath path = SpikeProductPath::kAuto,
                 double sparse_below = 0.01);
  ~CudaSpikformer();
  CudaSpikformer(const CudaSpikformer&) = delete;
  CudaSpikformer& operator=(const CudaSpikformer&) = delete;

  // Class scores [images, classes] for images [images, channels, height, width], at most max_images.
  // With `activity`, every LIF layer's spikes are copied back as the host model records them.
  Tensor forward(const Tensor& images, SpikformerActivity* activity = nullptr);

  struct LayerReport {
    std::string name;        // the reference module of the LIF layer the product feeds
    // Non-zero fraction of the product's input in the last batch that measured it: the first, and every
    // batch in auto mode or with activity asked for (-1: none yet).
    double input_rate = -1;
    SpikeProductPath path = SpikeProductPath::kDense;  // the product the last batch took
  };
  std::vector<LayerReport> layer_reports() const;
  uint64_t device_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace snn
