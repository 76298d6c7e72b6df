#pragma once
// The CUDA trainer's loss (count_loss.hpp states it) and optimizer step (optimizer.hpp's rule).
#include "training/optimizer.hpp"

namespace snn::training::cuda {

// One thread per sample: the logits (spike counts, or mean potentials), the softmax cross-entropy,
// the class predicted and, when `gradient` is not null, the gradient at every step. counts and
// probability: scratch of [batch, width].
template <typename Real>
__global__ void count_cross_entropy(const Real* output, const int* labels, int steps, int batch, int width, bool mean_over_steps, Real* counts,
                                    Real* probability, Real* losses, int* predicted, Real* gradient) {
  const int b = blockIdx.x * blockDim.x + threadIdx.x;
  if (b >= batch) return;
  const Real per_step = mean_over_steps ? Real(1) / static_cast<Real>(steps) : Real(1);
  Real* count = counts + b * width;
  Real* p = probability + b * width;
  for (int c = 0; c < width; ++c) count[c] = 0;
  for (int t = 0; t < steps; ++t)
    for (int c = 0; c < width; ++c) count[c] += output[(t * batch + b) * width + c] * per_step;
  Real largest = count[0];
  int best = 0;
  for (int c = 1; c < width; ++c)
    if (count[c] > largest) largest = count[c], best = c;
  Real sum = 0;
  for (int c = 0; c < width; ++c) sum += p[c] = exp(count[c] - largest);
  for (int c = 0; c < width; ++c) p[c] /= sum;
  const int label = labels[b];
  losses[b] = -log(p[label] > Real(1e-30) ? p[label] : Real(1e-30));
  predicted[b] = best;
  if (gradient != nullptr)
    for (int t = 0; t < steps; ++t)
      for (int c = 0; c < width; ++c)
        gradient[(t * batch + b) * width + c] = (p[c] - (c == label ? Real(1) : Real(0))) * per_step / static_cast<Real>(batch);
}

template <typename Real>
__global__ void optimizer_step(typename Optimizer<Real>::StepRule rule, Real* value, const Real* gradient, Real* first, Real* second, long long n) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i < n) rule.apply(value[i], gradient[i], first[i], second[i]);
}

}  // namespace snn::training::cuda
