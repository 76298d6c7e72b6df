#include "models/cuda/cuda_spike_gpt.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/cuda/cuda_check.hpp"
#include "models/cuda/spike_gpt_sequence_kernels.cuh"

namespace snn {

using cuda::BlockEntry;
using cuda::BlockMiddle;
using cuda::LayerNormDevice;
using cuda::RowEpilogue;
using cuda::RowProduct;
using cuda::TimeMixChannels;
using cuda::TokenBuffers;

struct CudaSpikeGpt::Impl {
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    for (void* p : sequence.memory) cudaFree(p);
    if (graph) cudaGraphExecDestroy(graph);
    if (stream) cudaStreamDestroy(stream);
    for (void* p : allocations) cudaFree(p);
    if (host_token) cudaFreeHost(host_token);
    if (host_logits) cudaFreeHost(host_logits);
  }

  // A block's kernel arguments: its weights and state on the device, and the one-token buffers.
  struct BlockLaunches {
    BlockEntry entry;
    TimeMixChannels time_mix;
    RowProduct output;
    BlockMiddle middle;
    RowProduct key, receptance, value;
    float* feed_forward_potential;  // the block's second LIF layer
  };
  // Buffers of the sequence form, [tokens, width] each (hidden: [tokens, hidden]), grown on demand.
  struct Sequence {
    uint32_t capacity = 0;
    int32_t* tokens = nullptr;
    float *stream = nullptr, *normalized = nullptr, *mixed_k = nullptr, *mixed_v = nullptr, *mixed_r = nullptr,
          *keys = nullptr, *values = nullptr, *receptance = nullptr, *gated = nullptr, *out = nullptr, *hidden = nullptr,
          *gate = nullptr, *spikes = nullptr, *logits = nullptr;
    std::vector<void*> memory;
  };
  Sequence sequence;
  uint32_t width = 0, hidden = 0, vocabulary = 0, block_count = 0;
  const float* embedding = nullptr;
  std::vector<BlockLaunches> blocks;
  LayerNormDevice ln_out{};
  RowProduct head{};
  MultiStepLif neuron;
  std::vector<void*> allocations;
  uint64_t bytes = 0;
  // The per-block state, contiguous so that reset() clears it in one call.
  float* state = nullptr;
  uint64_t state_floats = 0;
  float* spikes = nullptr;  // [2 * blocks, width]: each LIF layer's spikes of the last token
  TokenBuffers buffers{};
  int32_t* host_token = nullptr;  // pinned: the graph copies from and to these
  float* host_logits = nullptr;
  std::vector<float> logits;
  cudaStream_t stream = nullptr;
  cudaGraphExec_t graph = nullptr;

  template <typename T>
  T* allocate(uint64_t count) {
    void* p = nullptr;
    SNN_CUDA_CHECK(cudaMalloc(&p, count * sizeof(T)));
    allocations.push_back(p);
    bytes += count * sizeof(T);
    return static_cast<T*>(p);
  }
  const float* upload(const Tensor& t) {
    float* p = allocate<float>(t.values.size());
    SNN_CUDA_CHECK(cudaMemcpy(p, t.data(), t.values.size() * sizeof(float), cudaMemcpyHostToDevice));
    return p;
  }
  LayerNormDevice upload(const LayerNormWeights& ln) { return {upload(ln.weight), upload(ln.bias)}; }
};

namespace {

uint32_t warps_blocks(uint32_t rows) {
  const uint32_t rows_per_block = cuda::kRowsBlockThreads / cuda::kWarp;
  return (rows + rows_per_block - 1) / rows_per_block;
}

}  // namespace

CudaSpikeGpt::CudaSpikeGpt(const SpikeGptModel& model) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.width = static_cast<uint32_t>(model.width);
  m.hidden = static_cast<uint32_t>(model.hidden);
  m.vocabulary = static_cast<uint32_t>(model.vocabulary);
  m.block_count = static_cast<uint32_t>(model.blocks.size());
  m.neuron = model.neuron;
  const uint32_t d = m.width;
  if (d > 4096) throw std::runtime_error("CudaSpikeGpt: widths above 4096 are not supported (the block kernels keep a token in shared memory)");
  SNN_CUDA_CHECK(cudaStreamCreateWithFlags(&m.stream, cudaStreamNonBlocking));

  // State per block: shift (time mix), numerator, denominator, exponent, shift (channel mix), two LIF potentials.
  constexpr uint32_t kStateVectors = 7;
  m.state_floats = static_cast<uint64_t>(kStateVectors) * m.block_count * d;
  m.state = m.allocate<float>(m.state_floats);
  m.spikes = m.allocate<float>(2ull * m.block_count * d);
  auto state_vector = [&](uint32_t block, uint32_t which) { return m.state + (static_cast<uint64_t>(block) * kStateVectors + which) * d; };

  TokenBuffers& b = m.buffers;
  b.token = m.allocate<int32_t>(1);
  b.stream = m.allocate<float>(d);
  b.mixed_k = m.allocate<float>(d);
  b.mixed_v = m.allocate<float>(d);
  b.mixed_r = m.allocate<float>(d);
  b.gated_wkv = m.allocate<float>(d);
  b.layer_output = m.allocate<float>(d);
  b.hidden = m.allocate<float>(m.hidden);
  b.gate = m.allocate<float>(d);
  b.logits = m.allocate<float>(m.vocabulary);
  SNN_CUDA_CHECK(cudaMallocHost(&m.host_token, sizeof(int32_t)));
  SNN_CUDA_CHECK(cudaMallocHost(&m.host_logits, m.vocabulary * sizeof(float)));
  m.logits.resize(m.vocabulary);

  // The kernels' arguments, every weight uploaded first (nothing may be allocated while capturing).
  const float* embedding = m.upload(model.embedding);
  m.embedding = embedding;
  std::vector<Impl::BlockLaunches>& launches = m.blocks;
  for (uint32_t i = 0; i < m.block_count; ++i) {
    const SpikeGptBlock& block = model.blocks[i];
    Impl::BlockLaunches l{};
    l.entry.embedding = i == 0 ? embedding : nullptr;
    if (i == 0) l.entry.ln0 = m.upload(block.ln0);
    l.entry.ln1 = m.upload(block.ln1);
    l.entry.previous_potential = i == 0 ? nullptr : state_vector(i - 1, 6);
    l.entry.previous_spikes = i == 0 ? nullptr : m.spikes + (2ull * (i - 1) + 1) * d;
    l.entry.shift_state = state_vector(i, 0);
    l.entry.mix_k = m.upload(block.attention.mix_k);
    l.entry.mix_v = m.upload(block.attention.mix_v);
    l.entry.mix_r = m.upload(block.attention.mix_r);
    l.time_mix = TimeMixChannels{m.upload(block.attention.key), m.upload(block.attention.value),
                                 m.upload(block.attention.receptance), m.upload(block.attention.decay),
                                 m.upload(block.attention.first), state_vector(i, 1), state_vector(i, 2), state_vector(i, 3)};
    l.output = RowProduct{m.upload(block.attention.output), b.gated_wkv, b.layer_output, nullptr, d, d, RowEpilogue::kNone};
    l.middle = BlockMiddle{state_vector(i, 5), m.spikes + 2ull * i * d, m.upload(block.ln2), state_vector(i, 4),
                           m.upload(block.feed_forward.mix_k), m.upload(block.feed_forward.mix_r)};
    l.key = RowProduct{m.upload(block.feed_forward.key), b.mixed_k, b.hidden, nullptr, m.hidden, d, RowEpilogue::kSquaredRelu};
    l.receptance = RowProduct{m.upload(block.feed_forward.receptance), b.mixed_r, b.gate, nullptr, d, d, RowEpilogue::kNone};
    l.value = RowProduct{m.upload(block.feed_forward.value), b.hidden, b.layer_output, b.gate, d, m.hidden, RowEpilogue::kSigmoidGate};
    l.feed_forward_potential = state_vector(i, 6);
    launches.push_back(l);
  }
  const LayerNormDevice ln_out = m.upload(model.ln_out);
  const RowProduct head{m.upload(model.head), b.mixed_k, b.logits, nullptr, m.vocabulary, d, RowEpilogue::kNone};
  m.ln_out = ln_out;
  m.head = head;

  // One token's kernels as a graph: copy the token in, run the blocks, copy the logits out.
  const size_t shared_bytes = 2 * d * sizeof(float);
  SNN_CUDA_CHECK(cudaStreamBeginCapture(m.stream, cudaStreamCaptureModeThreadLocal));
  SNN_CUDA_CHECK(cudaMemcpyAsync(const_cast<int32_t*>(b.token), m.host_token, sizeof(int32_t), cudaMemcpyHostToDevice, m.stream));
  for (const Impl::BlockLaunches& l : launches) {
    cuda::block_entry_kernel<<<1, cuda::kSingleBlockThreads, shared_bytes, m.stream>>>(l.entry, b, m.neuron, d, m.vocabulary);
    cuda::time_mix_channels_kernel<<<warps_blocks(d), cuda::kRowsBlockThreads, 0, m.stream>>>(l.time_mix, b, d);
    cuda::row_products_kernel<<<warps_blocks(d), cuda::kRowsBlockThreads, 0, m.stream>>>(l.output, RowProduct{});
    cuda::block_middle_kernel<<<1, cuda::kSingleBlockThreads, shared_bytes, m.stream>>>(l.middle, b, m.neuron, d);
    cuda::row_products_kernel<<<warps_blocks(m.hidden + d), cuda::kRowsBlockThreads, 0, m.stream>>>(l.key, l.receptance);
    cuda::row_products_kernel<<<warps_blocks(d), cuda::kRowsBlockThreads, 0, m.stream>>>(l.value, RowProduct{});
  }
  cuda::model_exit_kernel<<<1, cuda::kSingleBlockThreads, shared_bytes, m.stream>>>(
      state_vector(m.block_count - 1, 6), m.spikes + (2ull * (m.block_count - 1) + 1) * d, ln_out, b, m.neuron, d);
  cuda::row_products_kernel<<<warps_blocks(m.vocabulary), cuda::kRowsBlockThreads, 0, m.stream>>>(head, RowProduct{});
  SNN_CUDA_CHECK(cudaMemcpyAsync(m.host_logits, b.logits, m.vocabulary * sizeof(float), cudaMemcpyDeviceToHost, m.stream));
  cudaGraph_t graph = nullptr;
  SNN_CUDA_CHECK(cudaStreamEndCapture(m.stream, &graph));
  SNN_CUDA_CHECK(cudaGetLastError());  // a launch the capture refused
  SNN_CUDA_CHECK(cudaGraphInstantiate(&m.graph, graph, 0));
  SNN_CUDA_CHECK(cudaGraphDestroy(graph));
  reset();
}

// The resources go with Impl (its destructor), so that a constructor that throws half-way frees them.
CudaSpikeGpt::~CudaSpikeGpt() = default;

void CudaSpikeGpt::reset() {
  Impl& m = *impl_;
  constexpr uint32_t kStateVectors = 7;
  std::vector<float> start(m.state_floats, 0.0f);
  for (uint32_t i = 0; i < m.block_count; ++i)
    for (uint32_t c = 0; c < m.width; ++c) {
      const uint64_t base = static_cast<uint64_t>(i) * kStateVectors * m.width;
      start[base + 3ull * m.width + c] = WkvState{}.exponent;
      start[base + 5ull * m.width + c] = m.neuron.v_reset;
      start[base + 6ull * m.width + c] = m.neuron.v_reset;
    }
  SNN_CUDA_CHECK(cudaMemcpy(m.state, start.data(), start.size() * sizeof(float), cudaMemcpyHostToDevice));
}

const std::vector<float>& CudaSpikeGpt::step(int32_t token, SpikeGptActivity* activity) {
  Impl& m = *impl_;
  if (token < 0 || static_cast<uint32_t>(token) >= m.vocabulary)
    throw std::out_of_range("token " + std::to_string(token) + " lies outside the vocabulary of " + std::to_string(m.vocabulary));
  *m.host_token = token;
  SNN_CUDA_CHECK(cudaGraphLaunch(m.graph, m.stream));
  SNN_CUDA_CHECK(cudaStreamSynchronize(m.stream));
  std::copy(m.host_logits, m.host_logits + m.vocabulary, m.logits.begin());
  if (activity != nullptr) {
    std::vector<float> spikes(2ull * m.block_count * m.width);
    SNN_CUDA_CHECK(cudaMemcpy(spikes.data(), m.spikes, spikes.size() * sizeof(float), cudaMemcpyDeviceToHost));
    activity->attention_spikes.resize(m.block_count);
    activity->feed_forward_spikes.resize(m.block_count);
    for (uint32_t i = 0; i < m.block_count; ++i) {
      const float* attention = spikes.data() + 2ull * i * m.width;
      activity->attention_spikes[i].insert(activity->attention_spikes[i].end(), attention, attention + m.width);
      activity->feed_forward_spikes[i].insert(activity->feed_forward_spikes[i].end(), attention + m.width,
                                              attention + 2 * m.width);
    }
    activity->tokens += 1;
  }
  return m.logits;
}

Tensor CudaSpikeGpt::forward(const std::vector<int32_t>& tokens, SpikeGptActivity* activity) {
  Impl& m = *impl_;
  const uint32_t count = static_cast<uint32_t>(tokens.size()), d = m.width;
  for (int32_t token : tokens)
    if (token < 0 || static_cast<uint32_t>(token) >= m.vocabulary)
      throw std::out_of_range("token " + std::to_string(token) + " lies outside the vocabulary of " + std::to_string(m.vocabulary));
  Tensor logits({static_cast<int64_t>(count), static_cast<int64_t>(m.vocabulary)});
  if (count == 0) return logits;
  Impl::Sequence& q = m.sequence;
  if (count > q.capacity) {  // grow, at least doubling
    for (void* p : q.memory) cudaFree(p);
    q.memory.clear();
    q.capacity = std::max(count, 2 * q.capacity);
    auto grab = [&](uint64_t floats) {
      void* p = nullptr;
      SNN_CUDA_CHECK(cudaMalloc(&p, floats * sizeof(float)));
      q.memory.push_back(p);
      return static_cast<float*>(p);
    };
    const uint64_t rows = q.capacity;
    q.tokens = reinterpret_cast<int32_t*>(grab(rows));
    for (float** buffer : {&q.stream, &q.normalized, &q.mixed_k, &q.mixed_v, &q.mixed_r, &q.keys, &q.values, &q.receptance,
                           &q.gated, &q.out, &q.gate, &q.spikes})
      *buffer = grab(rows * d);
    q.hidden = grab(rows * m.hidden);
    q.logits = grab(rows * m.vocabulary);
  }
  cudaStream_t stream = m.stream;
  SNN_CUDA_CHECK(cudaMemcpyAsync(q.tokens, tokens.data(), count * sizeof(int32_t), cudaMemcpyHostToDevice, stream));
  const uint64_t elements = static_cast<uint64_t>(count) * d;
  const uint32_t element_blocks = static_cast<uint32_t>((elements + 255) / 256), channel_blocks = (d + 255) / 256;
  auto normalize = [&](const float* x, float* out, LayerNormDevice ln) {
    cuda::rows_layer_norm_kernel<<<warps_blocks(count), cuda::kRowsBlockThreads, 0, stream>>>(x, out, count, d, ln);
  };
  // A stored product with this sequence's input, output and gate.
  auto over_tokens = [&](RowProduct p, const float* input, float* output, const float* gate) {
    p.input = input;
    p.output = output;
    p.gate = gate;
    p.tokens = count;
    return p;
  };
  auto products = [&](const RowProduct& first, const RowProduct& second) {
    const uint64_t rows = static_cast<uint64_t>(first.rows) * first.tokens + static_cast<uint64_t>(second.rows) * second.tokens;
    cuda::row_products_kernel<<<static_cast<uint32_t>((rows + 7) / 8), cuda::kRowsBlockThreads, 0, stream>>>(first, second);
  };
  auto keep_spikes = [&](std::vector<std::vector<float>>& into, uint32_t block) {
    if (activity == nullptr) return;
    into.resize(m.block_count);
    std::vector<float> host(elements);
    SNN_CUDA_CHECK(cudaMemcpyAsync(host.data(), q.spikes, elements * sizeof(float), cudaMemcpyDeviceToHost, stream));
    SNN_CUDA_CHECK(cudaStreamSynchronize(stream));
    into[block].insert(into[block].end(), host.begin(), host.end());
  };
  cuda::sequence_embed_kernel<<<element_blocks, 256, 0, stream>>>(m.embedding, q.tokens, q.stream, count, d);
  for (uint32_t i = 0; i < m.block_count; ++i) {
    const Impl::BlockLaunches& l = m.blocks[i];
    if (i == 0) {
      normalize(q.stream, q.normalized, l.entry.ln0);
      SNN_CUDA_CHECK(cudaMemcpyAsync(q.stream, q.normalized, elements * sizeof(float), cudaMemcpyDeviceToDevice, stream));
    }
    // Time mixing.
    normalize(q.stream, q.normalized, l.entry.ln1);
    cuda::sequence_token_mix_kernel<<<element_blocks, 256, 0, stream>>>(q.normalized, l.entry.shift_state, count, d, l.entry.mix_k,
                                                                       q.mixed_k, l.entry.mix_v, q.mixed_v, l.entry.mix_r, q.mixed_r);
    cuda::keep_last_row_kernel<<<channel_blocks, 256, 0, stream>>>(q.normalized, l.entry.shift_state, count, d);
    const RowProduct key{l.time_mix.key, q.mixed_k, q.keys, nullptr, d, d, RowEpilogue::kNone, count};
    const RowProduct value{l.time_mix.value, q.mixed_v, q.values, nullptr, d, d, RowEpilogue::kNone, count};
    const RowProduct receptance{l.time_mix.receptance, q.mixed_r, q.receptance, nullptr, d, d, RowEpilogue::kNone, count};
    products(key, value);
    products(receptance, RowProduct{});
    cuda::wkv_scan_kernel<<<channel_blocks, 256, 0, stream>>>(q.keys, q.values, q.receptance, l.time_mix.decay, l.time_mix.first,
                                                              l.time_mix.numerator, l.time_mix.denominator, l.time_mix.exponent,
                                                              q.gated, count, d);
    products(over_tokens(l.output, q.gated, q.out, nullptr), RowProduct{});
    cuda::sequence_lif_kernel<<<channel_blocks, 256, 0, stream>>>(l.middle.potential, q.out, q.stream, q.spikes, count, d, m.neuron);
    if (activity != nullptr) keep_spikes(activity->attention_spikes, i);
    // Channel mixing.
    normalize(q.stream, q.normalized, l.middle.ln2);
    cuda::sequence_token_mix_kernel<<<element_blocks, 256, 0, stream>>>(q.normalized, l.middle.shift_state, count, d, l.middle.mix_k,
                                                                       q.mixed_k, l.middle.mix_r, q.mixed_r, nullptr, nullptr);
    cuda::keep_last_row_kernel<<<channel_blocks, 256, 0, stream>>>(q.normalized, l.middle.shift_state, count, d);
    products(over_tokens(l.key, q.mixed_k, q.hidden, nullptr), over_tokens(l.receptance, q.mixed_r, q.gate, nullptr));
    products(over_tokens(l.value, q.hidden, q.out, q.gate), RowProduct{});
    cuda::sequence_lif_kernel<<<channel_blocks, 256, 0, stream>>>(l.feed_forward_potential, q.out, q.stream, q.spikes, count, d,
                                                                  m.neuron);
    if (activity != nullptr) keep_spikes(activity->feed_forward_spikes, i);
  }
  normalize(q.stream, q.normalized, m.ln_out);
  products(over_tokens(m.head, q.normalized, q.logits, nullptr), RowProduct{});
  SNN_CUDA_CHECK(cudaMemcpyAsync(logits.data(), q.logits, logits.values.size() * sizeof(float), cudaMemcpyDeviceToHost, stream));
  SNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  SNN_CUDA_CHECK(cudaGetLastError());
  if (activity != nullptr) activity->tokens += count;
  return logits;
}

uint64_t CudaSpikeGpt::device_bytes() const { return impl_->bytes; }

}  // namespace snn
