#pragma once
// The kernels of one SpikeGPT token (models/cuda/cuda_spike_gpt.hpp). Every sum is formed in the
// lane order of core/foundation/lane_order.hpp: a warp's lane j adds elements j, j + 32, ... in turn, then the
// lanes combine by butterfly shuffles, which is what the host reference emulates.
#include <cstdint>

#include "core/foundation/host_device.hpp"
#include "models/token_shift.hpp"
#include "models/wkv_recurrence.hpp"
#include "neurons/multistep_lif.hpp"

namespace snn::cuda {

constexpr uint32_t kWarp = 32;
constexpr uint32_t kSingleBlockThreads = 1024;  // the kernels that normalise (one block a token)
constexpr uint32_t kRowsBlockThreads = 256;      // matrix-vector products: a warp a row

__device__ inline float combine_warp(float lane_sum) {
  for (uint32_t offset = kWarp / 2; offset >= 1; offset /= 2)
    lane_sum = lane_sum + __shfl_xor_sync(0xffffffffu, lane_sum, offset);
  return lane_sum;
}

// The dot product of a row of W with x by one warp (every lane gets the result). A lane loads its
// next 16 elements of the row and of x before it adds any of them: a row of a few thousand floats
// then costs one or two memory round trips instead of one per element. The additions stay in the
// lane order (an element past the row's end adds nothing).
constexpr uint32_t kLoadsInFlight = 16;

__device__ inline float warp_dot(const float* __restrict__ row, const float* __restrict__ x, uint32_t n) {
  float sum = 0.0f;
  for (uint32_t base = threadIdx.x % kWarp; base < n; base += kWarp * kLoadsInFlight) {
    float w[kLoadsInFlight], v[kLoadsInFlight];
#pragma unroll
    for (uint32_t u = 0; u < kLoadsInFlight; ++u) {
      const uint32_t k = base + u * kWarp;
      w[u] = k < n ? __ldg(row + k) : 0.0f;
      v[u] = k < n ? x[k] : 0.0f;
    }
#pragma unroll
    for (uint32_t u = 0; u < kLoadsInFlight; ++u)
      if (base + u * kWarp < n) sum += w[u] * v[u];
  }
  return combine_warp(sum);
}

struct LayerNormDevice {
  const float *weight, *bias;
};

// Layer norm of `x` (shared memory, `width` values) into `out`, by the whole block: warp 0 forms the
// mean and variance, every thread writes its elements.
__device__ inline void block_layer_norm(const float* x, float* out, uint32_t width, LayerNormDevice ln) {
  __shared__ float mean, inverse_deviation;
  __syncthreads();
  if (threadIdx.x < kWarp) {
    float sum = 0.0f;
    for (uint32_t k = threadIdx.x; k < width; k += kWarp) sum += x[k];
    const float m = combine_warp(sum) / static_cast<float>(width);
    float squares = 0.0f;
    for (uint32_t k = threadIdx.x; k < width; k += kWarp) squares += (x[k] - m) * (x[k] - m);
    const float variance = combine_warp(squares) / static_cast<float>(width);
    if (threadIdx.x == 0) {
      mean = m;
      inverse_deviation = 1.0f / sqrtf(variance + 1e-5f);
    }
  }
  __syncthreads();
  for (uint32_t c = threadIdx.x; c < width; c += blockDim.x)
    out[c] = (x[c] - mean) * inverse_deviation * ln.weight[c] + ln.bias[c];
  __syncthreads();
}

// A LIF layer's step on `input` (the last product's output), its spikes kept in `spikes` and added to
// the residual stream into x (shared memory), by the block's threads.
__device__ inline void add_lif_spikes(const MultiStepLif& neuron, float* potential, const float* input, const float* stream,
                                      float* spikes, float* x, uint32_t width) {
  for (uint32_t c = threadIdx.x; c < width; c += blockDim.x) {
    const float spike = multistep_lif_step(neuron, potential[c], input[c]);
    spikes[c] = spike;
    x[c] = stream[c] + spike;
  }
}

// After a layer norm: the stream x is stored, and the normalised token mixed with the previous one by
// up to three learned fractions (mix_c may be null); the normalised token becomes the shift state.
__device__ inline void store_and_mix(const float* x, const float* normalized, float* stream, float* shift_state,
                                     uint32_t width, const float* mix_a, float* out_a, const float* mix_b, float* out_b,
                                     const float* mix_c, float* out_c) {
  for (uint32_t c = threadIdx.x; c < width; c += blockDim.x) {
    stream[c] = x[c];
    const float previous = shift_state[c];
    out_a[c] = token_mix(normalized[c], previous, mix_a[c]);
    out_b[c] = token_mix(normalized[c], previous, mix_b[c]);
    if (mix_c != nullptr) out_c[c] = token_mix(normalized[c], previous, mix_c[c]);
    shift_state[c] = normalized[c];
  }
}

// Where a block's single-block kernels read and write (all device memory; the residual stream is
// `stream`, the mixed inputs of the next products `mixed_*`).
struct TokenBuffers {
  const int32_t* token;
  float* stream;
  float *mixed_k, *mixed_v, *mixed_r;
  float* gated_wkv;      // sigmoid(r) * wkv, the output projection's input
  float* layer_output;   // the time mix's or channel mix's output, the next LIF layer's input
  float* hidden;         // the channel mix's relu(K x)^2
  float* gate;           // the channel mix's receptance
  float* logits;
};

// The start of block `block`: either the token's binary embedding (then LN0), or the previous
// block's second LIF layer added to the stream; then LN1 and the time mix's token shift.
struct BlockEntry {
  const float* embedding;  // non-null for the first block
  LayerNormDevice ln0, ln1;
  float* previous_potential;  // the previous block's feed-forward LIF (first block: null)
  float* previous_spikes;     // where that layer's spikes are kept
  float* shift_state;         // the time mix's last input
  const float *mix_k, *mix_v, *mix_r;
};

__global__ void block_entry_kernel(BlockEntry e, TokenBuffers b, MultiStepLif neuron, uint32_t width,
                                   uint32_t vocabulary) {
  extern __shared__ float shared[];
  float* x = shared;
  float* normalized = shared + width;
  if (e.embedding != nullptr) {
    const int32_t token = *b.token;
    const float* row = e.embedding + static_cast<uint64_t>(token < 0 || static_cast<uint32_t>(token) >= vocabulary ? 0 : token) * width;
    for (uint32_t c = threadIdx.x; c < width; c += blockDim.x) x[c] = row[c] >= 0.0f ? 1.0f : 0.0f;
    block_layer_norm(x, normalized, width, e.ln0);
    for (uint32_t c = threadIdx.x; c < width; c += blockDim.x) x[c] = normalized[c];
  } else {
    add_lif_spikes(neuron, e.previous_potential, b.layer_output, b.stream, e.previous_spikes, x, width);
  }
  block_layer_norm(x, normalized, width, e.ln1);
  store_and_mix(x, normalized, b.stream, e.shift_state, width, e.mix_k, b.mixed_k, e.mix_v, b.mixed_v, e.mix_r, b.mixed_r);
}

// The time mix's three products and the WKV step, a warp per channel: the warp that has channel c's
// key, value and receptance also advances its WKV state, so no other kernel is needed for it.
struct TimeMixChannels {
  const float *key, *value, *receptance;  // [d, d]
  const float *decay, *first;
  float *numerator, *denominator, *exponent;
};

__global__ void time_mix_channels_kernel(TimeMixChannels t, TokenBuffers b, uint32_t width) {
  const uint32_t c = (blockIdx.x * blockDim.x + threadIdx.x) / kWarp;
  if (c >= width) return;
  const uint64_t row = static_cast<uint64_t>(c) * width;
  const float k = warp_dot(t.key + row, b.mixed_k, width);
  const float v = warp_dot(t.value + row, b.mixed_v, width);
  const float r = warp_dot(t.receptance + row, b.mixed_r, width);
  if (threadIdx.x % kWarp != 0) return;
  WkvState s{t.numerator[c], t.denominator[c], t.exponent[c]};
  const float y = wkv_output(s, t.first[c], k, v);
  wkv_advance(s, t.decay[c], k, v);
  t.numerator[c] = s.numerator;
  t.denominator[c] = s.denominator;
  t.exponent[c] = s.exponent;
  b.gated_wkv[c] = logistic(r) * y;
}

// Up to two matrix products in one launch, a warp a row and token, each with what follows its sums:
// output[t] = W input[t] for `tokens` consecutive input rows (one token when generating).
enum class RowEpilogue : uint32_t { kNone, kSquaredRelu, kSigmoidGate };
struct RowProduct {
  const float* matrix;  // [rows, columns]
  const float* input;   // [tokens, columns]
  float* output;        // [tokens, rows]
  const float* gate;    // kSigmoidGate: output = sigmoid(gate[token, row]) * sum
  uint32_t rows, columns;
  RowEpilogue epilogue;
  uint32_t tokens = 1;
};

__global__ void row_products_kernel(RowProduct first, RowProduct second) {
  uint64_t item = (blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x) / kWarp;
  const uint64_t first_items = static_cast<uint64_t>(first.rows) * first.tokens;
  const bool in_first = item < first_items;
  if (!in_first) item -= first_items;
  const RowProduct& p = in_first ? first : second;
  if (item >= static_cast<uint64_t>(p.rows) * p.tokens) return;
  const uint64_t token = item / p.rows, row = item % p.rows;
  float sum = warp_dot(p.matrix + row * p.columns, p.input + token * p.columns, p.columns);
  if (threadIdx.x % kWarp != 0) return;
  if (p.epilogue == RowEpilogue::kSquaredRelu) {
    const float rectified = fmaxf(sum, 0.0f);
    sum = rectified * rectified;
  } else if (p.epilogue == RowEpilogue::kSigmoidGate) {
    sum = logistic(p.gate[token * p.rows + row]) * sum;
  }
  p.output[token * p.rows + row] = sum;
}

// The middle of a block: the first LIF layer added to the stream, LN2 and the channel mix's token shift.
struct BlockMiddle {
  float* potential;
  float* spikes;
  LayerNormDevice ln2;
  float* shift_state;
  const float *mix_k, *mix_r;
};

__global__ void block_middle_kernel(BlockMiddle m, TokenBuffers b, MultiStepLif neuron, uint32_t width) {
  extern __shared__ float shared[];
  float* x = shared;
  float* normalized = shared + width;
  add_lif_spikes(neuron, m.potential, b.layer_output, b.stream, m.spikes, x, width);
  block_layer_norm(x, normalized, width, m.ln2);
  store_and_mix(x, normalized, b.stream, m.shift_state, width, m.mix_k, b.mixed_k, m.mix_r, b.mixed_r, nullptr, nullptr);
}

// After the last block: its second LIF layer, then LN_out into mixed_k (the head's input).
__global__ void model_exit_kernel(float* potential, float* spikes, LayerNormDevice ln_out, TokenBuffers b,
                                  MultiStepLif neuron, uint32_t width) {
  extern __shared__ float shared[];
  float* x = shared;
  float* normalized = shared + width;
  add_lif_spikes(neuron, potential, b.layer_output, b.stream, spikes, x, width);
  block_layer_norm(x, normalized, width, ln_out);
  for (uint32_t c = threadIdx.x; c < width; c += blockDim.x) b.mixed_k[c] = normalized[c];
}

}  // namespace snn::cuda
