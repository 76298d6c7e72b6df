#pragma once
// The CUDA trainer's batch normalisation (batch_norm_layer.hpp states it): one block per channel sums
// over steps, samples and positions in double, in a fixed tree, then every value is normalised.

namespace snn::training::cuda {

constexpr int kChannelThreads = 256;

// The block's values of `v` summed in a fixed tree; every thread gets the sum.
__device__ inline double block_sum(double v, double* shared) {
  shared[threadIdx.x] = v;
  __syncthreads();
  for (int half = kChannelThreads / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) shared[threadIdx.x] += shared[threadIdx.x + half];
    __syncthreads();
  }
  const double sum = shared[0];
  __syncthreads();
  return sum;
}

struct BatchNormShape {
  int rows, channels, plane;
  double epsilon, momentum;
};

// Per channel (block): the mean and the inverse deviation used, the running statistics updated while
// training; in evaluation the running statistics normalise.
template <typename Real>
__global__ void batch_norm_statistics(const Real* x, BatchNormShape s, bool training, Real* running_mean, Real* running_var, Real* mean_used,
                                      Real* inverse_std) {
  __shared__ double shared[kChannelThreads];
  const int c = blockIdx.x;
  const long long count = static_cast<long long>(s.rows) * s.plane;
  Real mean = running_mean[c], variance = running_var[c];
  if (training) {
    double sum = 0;
    for (long long j = threadIdx.x; j < count; j += kChannelThreads) sum += x[(j / s.plane * s.channels + c) * s.plane + j % s.plane];
    mean = static_cast<Real>(block_sum(sum, shared) / count);
    double squares = 0;
    for (long long j = threadIdx.x; j < count; j += kChannelThreads) {
      const double d = x[(j / s.plane * s.channels + c) * s.plane + j % s.plane] - mean;
      squares += d * d;
    }
    variance = static_cast<Real>(block_sum(squares, shared) / count);
    if (threadIdx.x == 0) {
      running_mean[c] = static_cast<Real>((1 - s.momentum) * running_mean[c] + s.momentum * mean);
      running_var[c] = static_cast<Real>((1 - s.momentum) * running_var[c] + s.momentum * variance * count / (count > 1 ? count - 1 : 1));
    }
  }
  if (threadIdx.x == 0) {
    mean_used[c] = mean;
    inverse_std[c] = Real(1) / sqrt(variance + static_cast<Real>(s.epsilon));
  }
}

template <typename Real>
__global__ void batch_norm_apply(const Real* x, BatchNormShape s, const Real* mean, const Real* inverse_std, const Real* gamma, const Real* beta,
                                 Real* normalised, Real* y) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  if (i >= static_cast<long long>(s.rows) * s.channels * s.plane) return;
  const int c = static_cast<int>(i / s.plane % s.channels);
  const Real n = (x[i] - mean[c]) * inverse_std[c];
  normalised[i] = n;
  y[i] = gamma[c] * n + beta[c];
}

// Per channel (block): the sums of dy and dy * n, into gamma's and beta's gradients and `sums`.
template <typename Real>
__global__ void batch_norm_gradient_sums(const Real* dy, const Real* normalised, BatchNormShape s, Real* gamma_gradient, Real* beta_gradient,
                                         double* sums) {
  __shared__ double shared[kChannelThreads];
  const int c = blockIdx.x;
  const long long count = static_cast<long long>(s.rows) * s.plane;
  double sum_dy = 0, sum_dy_n = 0;
  for (long long j = threadIdx.x; j < count; j += kChannelThreads) {
    const long long at = (j / s.plane * s.channels + c) * s.plane + j % s.plane;
    sum_dy += dy[at];
    sum_dy_n += dy[at] * normalised[at];
  }
  sum_dy = block_sum(sum_dy, shared);
  sum_dy_n = block_sum(sum_dy_n, shared);
  if (threadIdx.x == 0) {
    gamma_gradient[c] += static_cast<Real>(sum_dy_n);
    beta_gradient[c] += static_cast<Real>(sum_dy);
    sums[2 * c] = sum_dy;
    sums[2 * c + 1] = sum_dy_n;
  }
}

template <typename Real>
__global__ void batch_norm_backward(const Real* dy, const Real* normalised, BatchNormShape s, const Real* gamma, const Real* inverse_std,
                                    const double* sums, bool training, Real* dx) {
  const long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x;
  const long long count = static_cast<long long>(s.rows) * s.plane;
  if (i >= count * s.channels) return;
  const int c = static_cast<int>(i / s.plane % s.channels);
  const Real g = gamma[c] * inverse_std[c];
  dx[i] = training ? g * (dy[i] - static_cast<Real>(sums[2 * c] / count) - normalised[i] * static_cast<Real>(sums[2 * c + 1] / count)) : g * dy[i];
}

}  // namespace snn::training::cuda
