#pragma once
// The CUDA trainer's kernels for neurons over time: one thread per (sample, neuron) walks the steps
// forward, or backward through time, with the very step code of the CPU layers (lif_step.hpp).
// Sequences are [steps, batch, width] as on the host.
#include "training/lif_step.hpp"

namespace snn::training::cuda {

inline unsigned blocks_for(long long threads, unsigned per_block = 256) {
  return static_cast<unsigned>((threads + per_block - 1) / per_block);
}

// [batch, width] values held for every step: y[t][b][k] = x[b][k].
template <typename Real>
__global__ void repeat_over_steps(const Real* x, int steps, int items, Real* y) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= items) return;
  const Real v = x[i];
  for (int t = 0; t < steps; ++t) y[t * items + i] = v;
}

// decay: one per neuron (learnt) or null for `beta` everywhere.
template <typename Real>
__global__ void lif_forward(const Real* x, int steps, int batch, int width, const Real* decay, Real beta, LifStepRule<Real> rule,
                            Real* potential, Real* spikes) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x, items = batch * width;
  if (i >= items) return;
  const Real d = decay != nullptr ? decay[i % width] : beta;
  Real m = 0;
  for (int t = 0; t < steps; ++t) {
    const int at = t * items + i;
    const Real u = d * m + x[at];
    const Real s = rule.spike(u);
    potential[at] = u;
    spikes[at] = s;
    m = rule.reset(u, s);
  }
}

// dx = the potentials' gradients; beta_partial[b][k] (when not null) each sample's sum for the decay.
template <typename Real>
__global__ void lif_backward(const Real* ds, const Real* potential, const Real* spikes, int steps, int batch, int width, const Real* decay,
                             Real beta, LifStepRule<Real> rule, Real* dx, Real* beta_partial) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x, items = batch * width;
  if (i >= items) return;
  const Real d = decay != nullptr ? decay[i % width] : beta;
  Real dm = 0, beta_sum = 0;
  for (int t = steps - 1; t >= 0; --t) {
    const int at = t * items + i;
    const Real du = rule.potential_gradient(potential[at], spikes[at], ds[at], dm);
    dx[at] = du;
    if (t > 0) beta_sum += du * rule.reset(potential[at - items], spikes[at - items]);
    dm = d * du;
  }
  if (beta_partial != nullptr) beta_partial[i] = beta_sum;
}

// The learnt decays' gradients: the samples' sums in order, through the sigmoid.
template <typename Real>
__global__ void sum_decay_gradient(const Real* beta_partial, int batch, int width, const Real* decay, Real* gradient) {
  const int k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k >= width) return;
  Real sum = 0;
  for (int b = 0; b < batch; ++b) sum += beta_partial[b * width + k];
  gradient[k] += sum * decay[k] * (Real(1) - decay[k]);
}

// decay = sigmoid(w), as LifLayer::beta computes it.
template <typename Real>
__global__ void sigmoid_of(const Real* w, int n, Real* decay) {
  const int k = blockIdx.x * blockDim.x + threadIdx.x;
  if (k < n) decay[k] = Real(1) / (Real(1) + exp(-w[k]));
}

template <typename Real>
__global__ void li_forward(const Real* x, int steps, int items, Real beta, Real* u) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= items) return;
  Real v = 0;
  for (int t = 0; t < steps; ++t) u[t * items + i] = v = beta * v + x[t * items + i];
}

template <typename Real>
__global__ void li_backward(const Real* dy, int steps, int items, Real beta, Real* dx) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= items) return;
  Real carried = 0;
  for (int t = steps - 1; t >= 0; --t) dx[t * items + i] = carried = dy[t * items + i] + beta * carried;
}

// One step of the recurrent LIF layer: recurrent = V s_{t-1} (null at the first step), m the membrane.
template <typename Real>
__global__ void recurrent_lif_step(const Real* x, const Real* recurrent, const Real* bias, int batch, int width, Real beta,
                                   LifStepRule<Real> rule, Real* m, Real* potential, Real* spikes) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= batch * width) return;
  const Real u = beta * m[i] + x[i] + ((recurrent != nullptr ? recurrent[i] : Real(0)) + bias[i % width]);
  const Real s = rule.spike(u);
  potential[i] = u;
  spikes[i] = s;
  m[i] = rule.reset(u, s);
}

// One step back: from_next = V^T du_{t+1} (null at the last step); dm carried between steps.
template <typename Real>
__global__ void recurrent_lif_step_back(const Real* ds, const Real* from_next, const Real* potential, const Real* spikes, int items, Real beta,
                                        LifStepRule<Real> rule, Real* dm, Real* du) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= items) return;
  const Real g = rule.potential_gradient(potential[i], spikes[i], ds[i] + (from_next != nullptr ? from_next[i] : Real(0)), dm[i]);
  du[i] = g;
  dm[i] = beta * g;
}

// Dropout: every step of sample b scaled by its mask [batch, width].
template <typename Real>
__global__ void apply_mask(const Real* x, const Real* mask, long long total, int items, Real* y) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i < total) y[i] = x[i] * mask[i % items];
}

}  // namespace snn::training::cuda
