#pragma once
// The CUDA runner's kernels for NIR ops (nir_cuda_runner.hpp). Every value is computed as the CPU
// runner computes it: the same operations in the same order, so the bits agree.
#include <cuda_runtime.h>

#include <cstdint>

#include "nir/nir_neuron_step.hpp"
#include "nir/nir_pool_window.hpp"

namespace snn::cuda {

constexpr int kNirThreads = 256;
constexpr int kNirSourcesPerLaunch = 8;
constexpr int kDenseTile = 2048;  // inputs gathered into shared memory at a time

inline unsigned nir_blocks(int64_t n) { return static_cast<unsigned>((n + kNirThreads - 1) / kNirThreads); }

__device__ __forceinline__ int64_t nir_thread() { return static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; }

// out = from[0] + from[1] + ..., left to right (or out += ... when accumulating a further launch).
struct NirSourceList {
  const float* from[kNirSourcesPerLaunch];
  int count;
};

__global__ void nir_sum_sources(NirSourceList sources, bool accumulate, float* out, int64_t n) {
  const int64_t i = nir_thread();
  if (i >= n) return;
  float sum = accumulate ? out[i] : sources.from[0][i];
  for (int s = accumulate ? 0 : 1; s < sources.count; ++s) sum += sources.from[s][i];
  out[i] = sum;
}

// y[row, o] = sum over the row's non-zero inputs i, ascending, of w[i, o] x[row, i] (+ bias[o]); the
// weight is kept transposed, [in, out], so that a warp's outputs read neighbouring weights. One block
// per row and block of outputs; each tile of the row's non-zero inputs is gathered into shared memory
// in ascending order (warp ballots and the warps' counts), then summed by every output's thread.
// blockDim.x is a multiple of 32.
__global__ void nir_dense(const float* x, int64_t in, int64_t out, const float* weight_t, const float* bias, float* y) {
  __shared__ float values[kDenseTile];
  __shared__ int32_t index[kDenseTile];
  __shared__ int warp_counts[32];
  const float* row = x + static_cast<int64_t>(blockIdx.x) * in;
  const int64_t o = static_cast<int64_t>(blockIdx.y) * blockDim.x + threadIdx.x;
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  float sum = 0.0f;
  for (int64_t tile = 0; tile < in; tile += kDenseTile) {
    const int64_t tile_end = tile + kDenseTile < in ? tile + kDenseTile : in;
    int gathered = 0;
    for (int64_t base = tile; base < tile_end; base += blockDim.x) {
      const int64_t k = base + threadIdx.x;
      const float value = k < tile_end ? row[k] : 0.0f;
      const unsigned ballot = __ballot_sync(0xffffffffu, value != 0.0f);
      if (lane == 0) warp_counts[warp] = __popc(ballot);
      __syncthreads();
      int offset = gathered, chunk = 0;
      for (int w = 0; w < warps; ++w) {
        if (w < warp) offset += warp_counts[w];
        chunk += warp_counts[w];
      }
      if (value != 0.0f) {
        const int at = offset + __popc(ballot & ((1u << lane) - 1u));
        values[at] = value;
        index[at] = static_cast<int32_t>(k);
      }
      gathered += chunk;
      __syncthreads();
    }
    if (o < out)
      for (int p = 0; p < gathered; ++p) sum += weight_t[static_cast<int64_t>(index[p]) * out + o] * values[p];
    __syncthreads();
  }
  if (o < out) y[static_cast<int64_t>(blockIdx.x) * out + o] = bias != nullptr ? sum + bias[o] : sum;
}

// A convolution's or pooling's geometry (NirWindow in ints, the group sizes worked out).
struct NirWindowShape {
  int in_channels, out_channels, in_per_group, out_per_group, in_h, in_w, out_h, out_w;
  int kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left, dilation_h, dilation_w;
};

// One thread per output: its window's non-zero inputs in the order (input channel, kernel row,
// kernel column), the order in which the CPU runner's scattering adds them, then the bias.
__global__ void nir_convolve(const float* x, NirWindowShape s, const float* weight, const float* bias, float* y, int64_t total) {
  const int64_t i = nir_thread();
  if (i >= total) return;
  const int plane = s.out_h * s.out_w, position = static_cast<int>(i % plane);
  const int o = static_cast<int>((i / plane) % s.out_channels);
  const int64_t sample = i / (static_cast<int64_t>(plane) * s.out_channels);
  const int oy = position / s.out_w, ox = position % s.out_w, first_channel = (o / s.out_per_group) * s.in_per_group;
  const float* in = x + sample * s.in_channels * s.in_h * s.in_w;
  const float* w = weight + static_cast<int64_t>(o) * s.in_per_group * s.kernel_h * s.kernel_w;
  float sum = 0.0f;
  for (int c = 0; c < s.in_per_group; ++c) {
    const float* channel = in + static_cast<int64_t>(first_channel + c) * s.in_h * s.in_w;
    for (int ky = 0; ky < s.kernel_h; ++ky) {
      const int iy = oy * s.stride_h - s.pad_top + ky * s.dilation_h;
      if (iy < 0 || iy >= s.in_h) continue;
      for (int kx = 0; kx < s.kernel_w; ++kx) {
        const int ix = ox * s.stride_w - s.pad_left + kx * s.dilation_w;
        if (ix < 0 || ix >= s.in_w) continue;
        const float value = channel[iy * s.in_w + ix];
        if (value != 0.0f) sum += w[(c * s.kernel_h + ky) * s.kernel_w + kx] * value;
      }
    }
  }
  y[i] = sum + bias[o];
}

// Sum (or average over the whole window) of each window, row by row.
__global__ void nir_pool(const float* x, NirWindowShape s, bool average, float* y, int64_t total) {
  const int64_t i = nir_thread();
  if (i >= total) return;
  const int plane = s.out_h * s.out_w, position = static_cast<int>(i % plane);
  const int64_t channel = i / plane;  // sample * channels + c
  const float sum = nir_pool_window_sum(x + channel * s.in_h * s.in_w, s, position / s.out_w, position % s.out_w);
  y[i] = average ? sum / static_cast<float>(s.kernel_h * s.kernel_w) : sum;
}

__global__ void nir_scale(const float* x, const float* scale, int64_t size, float* y, int64_t total) {
  const int64_t i = nir_thread();
  if (i < total) y[i] = scale[i % size] * x[i];
}

__global__ void nir_threshold(const float* x, const float* threshold, int64_t size, float* y, int64_t total) {
  const int64_t i = nir_thread();
  if (i < total) y[i] = x[i] > threshold[i % size] ? 1.0f : 0.0f;
}

__global__ void nir_neurons(const float* x, NirNeuronCoefficients s, int64_t size, float* v, float* current, float* y, int64_t total) {
  const int64_t i = nir_thread();
  if (i < total) y[i] = step_nir_neuron(s, i % size, x[i], v[i], current != nullptr ? current + i : nullptr);
}

// A Delay's output: each element's value `delay` steps ago from its history [slots, batch, size].
__global__ void nir_delay_read(const float* history, const int32_t* delay_steps, int32_t now, int32_t slots, int64_t size,
                               float* y, int64_t total) {
  const int64_t i = nir_thread();
  if (i >= total) return;
  const int32_t slot = ((now - delay_steps[i % size]) % slots + slots) % slots;
  y[i] = history[slot * total + i];
}

__global__ void nir_widen_bytes(const uint8_t* bytes, float* values, int64_t total) {
  const int64_t i = nir_thread();
  if (i < total) values[i] = static_cast<float>(bytes[i]);
}

__global__ void nir_keep_spikes(const float* values, uint8_t* spikes, int64_t total) {
  const int64_t i = nir_thread();
  if (i < total) spikes[i] = values[i] != 0.0f;
}

// What one step adds to an op's counts: its input's non-zero values, their whole-numbered magnitudes
// (events) and the others (analog), or a spiking op's spikes. totals: [input non-zero, events, analog,
// output non-zero]. Integer sums: the same whatever order the threads add in.
struct NirCountEntry {
  const float* values;
  int64_t count;
  unsigned long long* totals;
  bool input;
};

__device__ __forceinline__ unsigned long long nir_warp_sum(unsigned long long value) {
  for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_down_sync(0xffffffffu, value, offset);
  return value;
}

__global__ void nir_count(const NirCountEntry* entries) {
  const NirCountEntry e = entries[blockIdx.y];
  unsigned long long nonzero = 0, events = 0, analog = 0;
  for (int64_t i = nir_thread(); i < e.count; i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const float value = e.values[i];
    if (value == 0.0f) continue;
    ++nonzero;
    const float magnitude = fabsf(value);
    if (magnitude == floorf(magnitude) && magnitude < 1e9f) events += static_cast<unsigned long long>(magnitude);
    else ++analog;
  }
  nonzero = nir_warp_sum(nonzero);
  events = nir_warp_sum(events);
  analog = nir_warp_sum(analog);
  if ((threadIdx.x & 31) != 0 || nonzero == 0) return;
  if (!e.input) {
    atomicAdd(e.totals + 3, nonzero);
    return;
  }
  atomicAdd(e.totals, nonzero);
  if (events) atomicAdd(e.totals + 1, events);
  if (analog) atomicAdd(e.totals + 2, analog);
}

}  // namespace snn::cuda
