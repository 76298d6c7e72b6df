#include "models/spikformer_batches.hpp"

#include <algorithm>

namespace snn {

Tensor classify_in_batches(const SpikformerModel& model, CudaSpikformer* gpu, const Tensor& images, int64_t batch,
                           SpikformerActivity* activity, const std::function<void(int64_t done)>& after_batch) {
  const int64_t n = images.dim(0), per_image = images.dim(1) * images.dim(2) * images.dim(3);
  Tensor logits({n, model.classes});
  for (int64_t first = 0; first < n; first += batch) {
    const int64_t count = std::min(batch, n - first);
    Tensor part({count, images.dim(1), images.dim(2), images.dim(3)});
    std::copy(images.values.begin() + first * per_image, images.values.begin() + (first + count) * per_image,
              part.values.begin());
    const Tensor scores = gpu != nullptr ? gpu->forward(part, activity) : spikformer_forward(model, part, activity);
    std::copy(scores.values.begin(), scores.values.end(), logits.values.begin() + first * model.classes);
    if (after_batch) after_batch(first + count);
  }
  return logits;
}

}  // namespace snn
