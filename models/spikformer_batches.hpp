#pragma once
// A Spikformer over a set of images, a batch at a time: on the GPU model when one is given, else on
// the host. Class scores [images, classes]; `activity` (optional) gathers the counts of every batch, and
// `after_batch` (optional) hears how many images are done.
#include <cstdint>
#include <functional>

#include "models/cuda/cuda_spikformer.hpp"
#include "models/spikformer.hpp"

namespace snn {

Tensor classify_in_batches(const SpikformerModel& model, CudaSpikformer* gpu, const Tensor& images, int64_t batch,
                           SpikformerActivity* activity = nullptr,
                           const std::function<void(int64_t done)>& after_batch = nullptr);

}  // namespace snn
