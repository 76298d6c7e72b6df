#pragma once
// Kernels of the spiking vision layers on the GPU (models/cuda/cuda_spikformer.hpp). Activations are
// [images, T, positions, channels], channel-last, as on the host.
#include <cub/block/block_scan.cuh>
#include <cuda_bf16.h>

#include <cstdint>

#include "neurons/multistep_lif.hpp"

namespace snn::cuda {

constexpr uint32_t kLayerThreads = 256;

inline uint32_t blocks_for(uint64_t items, uint32_t threads = kLayerThreads) {
  return static_cast<uint32_t>((items + threads - 1) / threads);
}

// Images [n, channels, height, width] to the activations of the first layer, repeated at every step.
__global__ void encode_images_kernel(const float* images, float* x, uint32_t n, uint32_t steps, uint32_t channels,
                                     uint32_t pixels) {
  const uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  const uint64_t per_step = static_cast<uint64_t>(pixels) * channels;
  if (e >= static_cast<uint64_t>(n) * steps * per_step) return;
  const uint64_t image = e / (steps * per_step), within = e % per_step;
  const uint64_t pixel = within / channels, channel = within % channels;
  x[e] = images[(image * channels + channel) * pixels + pixel];
}

// A value stored for a product: as float, or as bfloat16 for the tensor-core product, which needs its
// inputs exact in bfloat16 (spikes and small counts are); `inexact` is raised otherwise.
__device__ inline void store_input(float* at, float value, unsigned int*) { *at = value; }
__device__ inline void store_input(__nv_bfloat16* at, float value, unsigned int* inexact) {
  const __nv_bfloat16 narrow = __float2bfloat16_rn(value);
  if (__bfloat162float(narrow) != value) atomicOr(inexact, 1u);
  *at = narrow;
}

// 3x3 patches with zero padding, one row per position, in PyTorch's (channel, row, column) order:
// x [planes, height, width, channels] -> patches [planes * height * width, channels * 9]. A block
// writes a row (consecutive threads, consecutive entries).
template <typename Input>
__global__ void patches3x3_kernel(const float* x, Input* patches, uint32_t height, uint32_t width, uint32_t channels,
                                  unsigned int* inexact) {
  const uint32_t row = blockIdx.x, plane_size = height * width;
  const uint32_t plane = row / plane_size, within = row % plane_size;
  const int32_t r = static_cast<int32_t>(within / width), c = static_cast<int32_t>(within % width);
  const uint32_t patch = channels * 9;
  const float* base = x + static_cast<uint64_t>(plane) * plane_size * channels;
  Input* out = patches + static_cast<uint64_t>(row) * patch;
  for (uint32_t k = threadIdx.x; k < patch; k += blockDim.x) {
    const uint32_t channel = k / 9, tap = k % 9;
    const int32_t rr = r + static_cast<int32_t>(tap / 3) - 1, cc = c + static_cast<int32_t>(tap % 3) - 1;
    const bool inside = rr >= 0 && rr < static_cast<int32_t>(height) && cc >= 0 && cc < static_cast<int32_t>(width);
    const float value = inside ? base[(static_cast<uint32_t>(rr) * width + static_cast<uint32_t>(cc)) * channels + channel] : 0.0f;
    store_input(out + k, value, inexact);
  }
}

// A product's input in bfloat16 for the tensor cores.
__global__ void to_bfloat16_kernel(const float* x, __nv_bfloat16* y, uint64_t count, unsigned int* inexact) {
  const uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (e < count) store_input(y + e, x[e], inexact);
}

// Counts the non-zero values of x into *count: a grid of at most kCountBlocks blocks strides over x,
// and each block adds its sum once (thousands of atomics on one address would queue behind each other).
constexpr uint32_t kCountBlocks = 512;

__global__ void count_nonzero_kernel(const float* x, uint64_t n, unsigned long long* count) {
  __shared__ uint32_t warp_sums[kLayerThreads / 32];
  uint32_t mine = 0;
  for (uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x; e < n;
       e += static_cast<uint64_t>(gridDim.x) * blockDim.x)
    mine += x[e] != 0.0f;
  mine = __reduce_add_sync(0xffffffffu, mine);
  if (threadIdx.x % 32 == 0) warp_sums[threadIdx.x / 32] = mine;
  __syncthreads();
  if (threadIdx.x == 0) {
    unsigned long long block = 0;
    for (uint32_t w = 0; w < blockDim.x / 32; ++w) block += warp_sums[w];
    if (block > 0) atomicAdd(count, block);
  }
}

// The sparse product for inputs that are mostly zero (spikes, or sums of a few spikes): a block
// takes a row, gathers its non-zero inputs into shared memory (in input order, by a block-wide scan,
// so that the sums are the same run after run), then each thread accumulates its outputs over them
// from the transposed weights [in, out] (consecutive threads, consecutive outputs). Work is
// (non-zero inputs) x (outputs) instead of (inputs) x (outputs). (The bias is the LIF layer's to add.)
constexpr uint32_t kGatherPerThread = 4;
constexpr uint32_t kGatherChunk = kLayerThreads * kGatherPerThread;  // inputs examined per pass
constexpr uint32_t kOutputsPerThread = 8;                           // so rows of up to 2048 outputs

__global__ void sparse_rows_kernel(const float* x, const float* weight_transposed, float* y, uint32_t in, uint32_t out) {
  using Scan = cub::BlockScan<uint32_t, kLayerThreads>;
  __shared__ typename Scan::TempStorage scan_storage;
  __shared__ uint32_t index[kGatherChunk];
  __shared__ float value[kGatherChunk];
  __shared__ uint32_t found;
  const uint64_t row = blockIdx.x;
  const float* input = x + row * in;
  float sum[kOutputsPerThread];
  for (uint32_t u = 0; u < kOutputsPerThread; ++u) sum[u] = 0.0f;
  for (uint32_t begin = 0; begin < in; begin += kGatherChunk) {
    float mine[kGatherPerThread];
    uint32_t nonzero = 0;
    for (uint32_t u = 0; u < kGatherPerThread; ++u) {
      const uint32_t i = begin + threadIdx.x * kGatherPerThread + u;
      mine[u] = i < in ? input[i] : 0.0f;
      nonzero += mine[u] != 0.0f;
    }
    uint32_t slot = 0, total = 0;
    Scan(scan_storage).ExclusiveSum(nonzero, slot, total);
    for (uint32_t u = 0; u < kGatherPerThread; ++u)
      if (mine[u] != 0.0f) {
        index[slot] = begin + threadIdx.x * kGatherPerThread + u;
        value[slot++] = mine[u];
      }
    if (threadIdx.x == 0) found = total;
    __syncthreads();
    const uint32_t n = found;
    for (uint32_t u = 0; u < kOutputsPerThread; ++u) {
      const uint32_t o = threadIdx.x + u * blockDim.x;
      if (o >= out) break;
      float s = sum[u];
      for (uint32_t j = 0; j < n; ++j) s += value[j] * weight_transposed[static_cast<uint64_t>(index[j]) * out + o];
      sum[u] = s;
    }
    __syncthreads();
  }
  for (uint32_t u = 0; u < kOutputsPerThread; ++u) {
    const uint32_t o = threadIdx.x + u * blockDim.x;
    if (o < out) y[row * out + o] = sum[u];
  }
}

// Adds the bias of each output channel to a product (the dense path's epilogue).
__global__ void add_bias_kernel(float* y, const float* bias, uint64_t count, uint32_t out) {
  const uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (e < count) y[e] += bias[e % out];
}

// The LIF layer over the T steps of every element, the product's bias added to its input: pre
// [images, T, elements] -> spikes (same layout), where element e belongs to output channel
// e % channels.
// Sizes below 2^32 elements a step (the host checks), so that the index arithmetic is 32-bit.
__global__ void lif_over_steps_kernel(const float* pre, const float* bias, uint32_t channels, float* spikes,
                                      uint32_t images, uint32_t steps, uint32_t elements, MultiStepLif neuron) {
  const uint32_t e = blockIdx.x * blockDim.x + threadIdx.x;
  if (e < images * elements) {
    const uint32_t image = e / elements, element = e % elements;
    const float added = bias != nullptr ? bias[element % channels] : 0.0f;
    const uint64_t first = static_cast<uint64_t>(image) * steps * elements + element;
    float v = neuron.v_reset;
    for (uint32_t t = 0; t < steps; ++t) {
      const uint64_t at = first + static_cast<uint64_t>(t) * elements;
      const float x = bias != nullptr ? pre[at] + added : pre[at];
      spikes[at] = multistep_lif_step(neuron, v, x);
    }
  }
}

__global__ void max_pool3x3_stride2_kernel(const float* x, float* y, uint32_t planes, uint32_t height, uint32_t width,
                                           uint32_t channels) {
  const uint32_t out_height = (height + 1) / 2, out_width = (width + 1) / 2;
  const uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<uint64_t>(planes) * out_height * out_width * channels) return;
  const uint32_t channel = static_cast<uint32_t>(e % channels);
  const uint64_t position = e / channels;
  const uint32_t c = static_cast<uint32_t>(position % out_width), r = static_cast<uint32_t>(position / out_width % out_height);
  const uint64_t plane = position / (static_cast<uint64_t>(out_width) * out_height);
  float best = -INFINITY;
  for (int32_t rr = 2 * static_cast<int32_t>(r) - 1; rr <= 2 * static_cast<int32_t>(r) + 1; ++rr)
    for (int32_t cc = 2 * static_cast<int32_t>(c) - 1; cc <= 2 * static_cast<int32_t>(c) + 1; ++cc)
      if (rr >= 0 && rr < static_cast<int32_t>(height) && cc >= 0 && cc < static_cast<int32_t>(width))
        best = fmaxf(best, x[((plane * height + rr) * width + cc) * channels + channel]);
  y[e] = best;
}

__global__ void add_kernel(float* x, const float* y, uint64_t count) {
  const uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (e < count) x[e] += y[e];
}

// Spiking self-attention's core for one (image and step, head): (Q K^T * 0.125) V. Q, K and V are
// spikes, so Q K^T counts coincident spikes: each token's Q and K spikes of the head are packed into a
// 64-bit mask and a score is a popcount. out[i][c] = 0.125 * sum over the tokens j with V[j][c] of
// popcount(Q_i & K_j): integers times 1/8, exact, so the result equals the host's float sums bit for
// bit. V is packed alike, so the inner loop reads shared memory only. Heads of up to 64 channels;
// tokens up to kAttentionTokens.
constexpr uint32_t kAttentionTokens = 1024;

__global__ void spiking_attention_kernel(const float* q, const float* k, const float* v, float* out, uint32_t tokens,
                                         uint32_t width, uint32_t per_head) {
  __shared__ unsigned long long q_bits[kAttentionTokens], k_bits[kAttentionTokens], v_bits[kAttentionTokens];
  const uint64_t base = static_cast<uint64_t>(blockIdx.x) * tokens * width + blockIdx.y * per_head;
  for (uint32_t i = threadIdx.x; i < tokens; i += blockDim.x) {
    unsigned long long qm = 0, km = 0, vm = 0;
    for (uint32_t c = 0; c < per_head; ++c) {
      const uint64_t at = base + static_cast<uint64_t>(i) * width + c;
      qm |= static_cast<unsigned long long>(q[at] != 0.0f) << c;
      km |= static_cast<unsigned long long>(k[at] != 0.0f) << c;
      vm |= static_cast<unsigned long long>(v[at] != 0.0f) << c;
    }
    q_bits[i] = qm;
    k_bits[i] = km;
    v_bits[i] = vm;
  }
  __syncthreads();
  // Consecutive threads take consecutive channels of a token, so that V and out are read and
  // written in runs.
  for (uint32_t item = threadIdx.x; item < tokens * per_head; item += blockDim.x) {
    const uint32_t i = item / per_head, c = item % per_head;
    const unsigned long long qm = q_bits[i];
    uint32_t count = 0;
    for (uint32_t j = 0; j < tokens; ++j)
      if ((v_bits[j] >> c) & 1u) count += __popcll(qm & k_bits[j]);
    out[base + static_cast<uint64_t>(i) * width + c] = static_cast<float>(count) * 0.125f;
  }
}

// The classifier's input: the mean over tokens at each step, then over the steps.
__global__ void mean_over_tokens_and_steps_kernel(const float* x, float* pooled, uint32_t images, uint32_t steps,
                                                  uint32_t tokens, uint32_t width) {
  const uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<uint64_t>(images) * width) return;
  const uint64_t image = e / width, c = e % width;
  float total = 0.0f;
  for (uint32_t t = 0; t < steps; ++t) {
    float sum = 0.0f;
    for (uint32_t j = 0; j < tokens; ++j) sum += x[((image * steps + t) * tokens + j) * width + c];
    total += sum / static_cast<float>(tokens);
  }
  pooled[e] = total / static_cast<float>(steps);
}

}  // namespace snn::cuda
