#pragma once
// The kernels of SpikeGPT's sequence form on the GPU: a whole prompt (T tokens) through each block at
// once, the products as warp-per-row kernels over all tokens and the WKV and LIF layers as scans over
// the tokens, a thread a channel. Sums in the lane order and det_exp, as in the one-token kernels
// (models/cuda/spike_gpt_kernels.cuh): the results equal the host's sequence form bit for bit.
#include "models/cuda/spike_gpt_kernels.cuh"

namespace snn::cuda {

// The binary embedding of each token: 1 where the learned embedding is >= 0.
__global__ void sequence_embed_kernel(const float* embedding, const int32_t* tokens, float* stream, uint32_t count,
                                      uint32_t width) {
  const uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<uint64_t>(count) * width) return;
  const uint64_t t = e / width, c = e % width;
  stream[e] = embedding[static_cast<uint64_t>(tokens[t]) * width + c] >= 0.0f ? 1.0f : 0.0f;
}

// Layer norm of each row of x [rows, width], a warp a row.
__global__ void rows_layer_norm_kernel(const float* x, float* out, uint32_t rows, uint32_t width, LayerNormDevice ln) {
  const uint32_t row = (blockIdx.x * blockDim.x + threadIdx.x) / kWarp, lane = threadIdx.x % kWarp;
  if (row >= rows) return;
  const float* in = x + static_cast<uint64_t>(row) * width;
  float sum = 0.0f;
  for (uint32_t k = lane; k < width; k += kWarp) sum += in[k];
  const float mean = combine_warp(sum) / static_cast<float>(width);
  float squares = 0.0f;
  for (uint32_t k = lane; k < width; k += kWarp) squares += (in[k] - mean) * (in[k] - mean);
  const float inverse_deviation = 1.0f / sqrtf(combine_warp(squares) / static_cast<float>(width) + 1e-5f);
  for (uint32_t k = lane; k < width; k += kWarp)
    out[static_cast<uint64_t>(row) * width + k] = (in[k] - mean) * inverse_deviation * ln.weight[k] + ln.bias[k];
}

// Token shift over a sequence: out[t] = token_mix(x[t], x[t-1], mix), x[-1] being `previous` (the
// state); up to three mixes of the same rows at once (`mix_c` may be null).
__global__ void sequence_token_mix_kernel(const float* x, const float* previous, uint32_t count, uint32_t width,
                                          const float* mix_a, float* out_a, const float* mix_b, float* out_b,
                                          const float* mix_c, float* out_c) {
  const uint64_t e = blockIdx.x * static_cast<uint64_t>(blockDim.x) + threadIdx.x;
  if (e >= static_cast<uint64_t>(count) * width) return;
  const uint64_t t = e / width, c = e % width;
  const float before = t == 0 ? previous[c] : x[e - width];
  out_a[e] = token_mix(x[e], before, mix_a[c]);
  out_b[e] = token_mix(x[e], before, mix_b[c]);
  if (mix_c != nullptr) out_c[e] = token_mix(x[e], before, mix_c[c]);
}

// The last row of a sequence becomes the token-shift state for what follows (run after the mixing).
__global__ void keep_last_row_kernel(const float* x, float* state, uint32_t count, uint32_t width) {
  const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c < width) state[c] = x[static_cast<uint64_t>(count - 1) * width + c];
}

// The WKV scan, a thread a channel: gated[t] = sigmoid(r[t]) * wkv_t, the state carried on.
__global__ void wkv_scan_kernel(const float* keys, const float* values, const float* receptance, const float* decay,
                                const float* first, float* numerator, float* denominator, float* exponent, float* gated,
                                uint32_t count, uint32_t width) {
  const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= width) return;
  WkvState s{numerator[c], denominator[c], exponent[c]};
  const float w = decay[c], u = first[c];
  for (uint32_t t = 0; t < count; ++t) {
    const uint64_t e = static_cast<uint64_t>(t) * width + c;
    const float y = wkv_output(s, u, keys[e], values[e]);
    wkv_advance(s, w, keys[e], values[e]);
    gated[e] = logistic(receptance[e]) * y;
  }
  numerator[c] = s.numerator;
  denominator[c] = s.denominator;
  exponent[c] = s.exponent;
}

// A LIF layer over the tokens, a thread a channel, its spikes added to the stream (and kept).
__global__ void sequence_lif_kernel(float* potential, const float* input, float* stream, float* spikes, uint32_t count,
                                    uint32_t width, MultiStepLif neuron) {
  const uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= width) return;
  float v = potential[c];
  for (uint32_t t = 0; t < count; ++t) {
    const uint64_t e = static_cast<uint64_t>(t) * width + c;
    const float spike = multistep_lif_step(neuron, v, input[e]);
    stream[e] += spike;
    spikes[e] = spike;
  }
  potential[c] = v;
}

}  // namespace snn::cuda
