#include "models/cuda/cuda_spikformer.hpp"

#include <cublas_v2.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "core/cuda/cublas_check.hpp"
#include "core/cuda/cuda_check.hpp"
#include "models/cuda/spike_layer_kernels.cuh"

namespace snn {
namespace {

// bfloat16 bits of a float, rounded to nearest even.
uint16_t bfloat16_bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  bits += 0x7FFFu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>(bits >> 16);
}

float from_bfloat16_bits(uint16_t half) {
  const uint32_t bits = static_cast<uint32_t>(half) << 16;
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// Splits float weights into three bfloat16 parts whose sum is the weight to within float rounding
// (8 + 8 + 8 significant bits): a product of spikes (exact in bfloat16) with the three parts,
// accumulated in float by the tensor cores, is a float32 product.
std::vector<std::vector<uint16_t>> split_into_bfloat16(const std::vector<float>& weights) {
  std::vector<std::vector<uint16_t>> parts(3, std::vector<uint16_t>(weights.size()));
  for (size_t k = 0; k < weights.size(); ++k) {
    float rest = weights[k];
    for (int part = 0; part < 3; ++part) {
      parts[part][k] = bfloat16_bits(rest);
      rest -= from_bfloat16_bits(parts[part][k]);
    }
  }
  return parts;
}

// A product and the LIF layer it feeds.
struct DeviceLayer {
  std::string name;
  const float* weight = nullptr;             // [out, in] (a convolution's in counts channels x 9)
  const float* weight_transposed = nullptr;  // [in, out], for the sparse product
  const __nv_bfloat16* weight_parts[3] = {};  // [out, in] each: the weight in three bfloat16 parts
  const float* bias = nullptr;
  uint32_t in = 0, out = 0;
  bool spike_input = true;                   // the first convolution reads pixels: always dense
  double rate = -1.0;
  SpikeProductPath taken = SpikeProductPath::kDense;
};

}  // namespace

struct CudaSpikformer::Impl {
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (blas) cublasDestroy(blas);
    if (stream) cudaStreamDestroy(stream);
    for (void* p : allocations) cudaFree(p);
  }

  const SpikformerModel* model = nullptr;
  int64_t max_images = 0;
  SpikeProductPath path;
  double sparse_below;
  cudaStream_t stream = nullptr;
  cublasHandle_t blas = nullptr;
  std::vector<void*> allocations;
  uint64_t bytes = 0;
  std::vector<DeviceLayer> stem;
  DeviceLayer position;
  std::vector<DeviceLayer> blocks;  // q, k, v, projection, fc1, fc2 for each block
  const float* head_weight = nullptr;
  const float* head_bias = nullptr;
  float *x = nullptr, *patches = nullptr, *pre = nullptr, *spikes = nullptr, *q = nullptr, *k = nullptr, *v = nullptr,
        *mixed = nullptr, *images = nullptr, *pooled = nullptr, *logits = nullptr;
  __nv_bfloat16* narrow = nullptr;  // a product's input in bfloat16 (the tensor-core product)
  unsigned int* inexact = nullptr;   // raised when such an input was not exact in bfloat16
  unsigned long long* counters = nullptr;  // per product: its input's non-zero values in the batch
  unsigned long long* spike_counter = nullptr;  // a LIF layer's spikes, counted when activity is asked for
  uint32_t product_count = 0;

  template <typename T>
  T* allocate(uint64_t count) {
    void* p = nullptr;
    SNN_CUDA_CHECK(cudaMalloc(&p, std::max<uint64_t>(count, 1) * sizeof(T)));
    allocations.push_back(p);
    bytes += count * sizeof(T);
    return static_cast<T*>(p);
  }
  const float* upload(const std::vector<float>& values) {
    float* p = allocate<float>(values.size());
    SNN_CUDA_CHECK(cudaMemcpy(p, values.data(), values.size() * sizeof(float), cudaMemcpyHostToDevice));
    return p;
  }
  DeviceLayer upload(const FoldedLayer& layer, const std::string& name, bool spike_input) {
    DeviceLayer d;
    d.name = name;
    d.out = static_cast<uint32_t>(layer.weight.dim(0));
    d.in = static_cast<uint32_t>(layer.weight.size() / d.out);
    if (d.out > cuda::kLayerThreads * cuda::kOutputsPerThread)
      throw std::runtime_error("CudaSpikformer: layers of more than 2048 outputs are not supported");
    d.weight = upload(layer.weight.values);
    std::vector<float> transposed(layer.weight.values.size());
    for (uint32_t o = 0; o < d.out; ++o)
      for (uint32_t i = 0; i < d.in; ++i) transposed[static_cast<uint64_t>(i) * d.out + o] = layer.weight.values[static_cast<uint64_t>(o) * d.in + i];
    d.weight_transposed = upload(transposed);
    const auto parts = split_into_bfloat16(layer.weight.values);
    for (int part = 0; part < 3; ++part) {
      __nv_bfloat16* p = allocate<__nv_bfloat16>(parts[part].size());
      SNN_CUDA_CHECK(cudaMemcpy(p, parts[part].data(), parts[part].size() * sizeof(uint16_t), cudaMemcpyHostToDevice));
      d.weight_parts[part] = p;
    }
    d.bias = upload(layer.bias.values);
    d.spike_input = spike_input;
    return d;
  }

  // The product a layer takes for this batch: spike inputs follow the requested path (auto: sparse
  // below the threshold rate measured on the last batch, else the tensor cores); pixels are dense.
  SpikeProductPath choose(DeviceLayer& layer) const {
    if (!layer.spike_input) return SpikeProductPath::kDense;
    if (path != SpikeProductPath::kAuto) return path;
    return layer.rate >= 0 && layer.rate < sparse_below ? SpikeProductPath::kSparse : SpikeProductPath::kTensor;
  }

  // Whether this batch counts its products' inputs: always in auto mode (the next batch's choice), when
  // the caller asks for the activity, and on the first batch (so that every layer reports a rate).
  bool measuring = true;

  // A product's input's non-zero values, into the layer's counter (its input rate), when measuring.
  void count_input(const float* input, uint64_t count, unsigned long long* counter) {
    if (measuring) count_nonzero(input, count, counter);
  }

  void count_nonzero(const float* input, uint64_t count, unsigned long long* counter) {
    cuda::count_nonzero_kernel<<<std::min(cuda::blocks_for(count), cuda::kCountBlocks), cuda::kLayerThreads, 0, stream>>>(
        input, count, counter);
  }

  // y [rows, out] = x [rows, in] W^T by the layer's product (the bias is added by the LIF layer that
  // reads y). For the tensor-core product the input is `narrow` when `input` is null (the
  // convolutions write their patches there directly).
  void product(DeviceLayer& layer, const float* input, uint64_t rows, float* output) {
    layer.taken = choose(layer);
    const uint64_t count = rows * layer.in;
    if (layer.taken == SpikeProductPath::kSparse) {
      cuda::sparse_rows_kernel<<<static_cast<uint32_t>(rows), cuda::kLayerThreads, 0, stream>>>(
          input, layer.weight_transposed, output, layer.in, layer.out);
      return;
    }
    const float one = 1.0f, zero = 0.0f;
    // Row-major Y = X W^T is column-major Y^T = W X^T: W is column-major [in, out] (transposed),
    // X column-major [in, rows].
    const int m_out = static_cast<int>(layer.out), n_rows = static_cast<int>(rows), k_in = static_cast<int>(layer.in);
    if (layer.taken == SpikeProductPath::kTensor) {
      if (input != nullptr)
        cuda::to_bfloat16_kernel<<<cuda::blocks_for(count), cuda::kLayerThreads, 0, stream>>>(input, narrow, count, inexact);
      // The smallest part first, so that the larger ones are added to a sum of the smaller.
      for (int part = 2; part >= 0; --part) {
        const float* beta = part == 2 ? &zero : &one;
        SNN_CUBLAS_CHECK(cublasGemmEx(blas, CUBLAS_OP_T, CUBLAS_OP_N, m_out, n_rows, k_in, &one, layer.weight_parts[part],
                                      CUDA_R_16BF, k_in, narrow, CUDA_R_16BF, k_in, beta, output, CUDA_R_32F, m_out,
                                      CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
      }
      return;
    }
    SNN_CUBLAS_CHECK(cublasSgemm(blas, CUBLAS_OP_T, CUBLAS_OP_N, m_out, n_rows, k_in, &one, layer.weight, k_in, input, k_in,
                                 &zero, output, m_out));
  }

  // The LIF over the steps of `pre` (plus the bias of `layer`'s product, when given) into `out`;
  // copies the spikes to `activity` when asked.
  void fire(const float* pre, const DeviceLayer* layer, float* out, uint32_t images, uint64_t elements_per_step,
            const MultiStepLif& neuron, const std::string& name, SpikformerActivity* activity) {
    const uint32_t T = static_cast<uint32_t>(model->config.time_steps);
    cuda::lif_over_steps_kernel<<<cuda::blocks_for(images * elements_per_step), cuda::kLayerThreads, 0, stream>>>(
        pre, layer != nullptr ? layer->bias : nullptr, layer != nullptr ? layer->out : 1, out, images, T,
        static_cast<uint32_t>(elements_per_step), neuron);
    if (activity == nullptr) return;
    const uint64_t total = static_cast<uint64_t>(images) * T * elements_per_step;
    unsigned long long fired = 0;
    SNN_CUDA_CHECK(cudaMemsetAsync(spike_counter, 0, sizeof fired, stream));
    count_nonzero(out, total, spike_counter);
    SNN_CUDA_CHECK(cudaMemcpyAsync(&fired, spike_counter, sizeof fired, cudaMemcpyDeviceToHost, stream));
    SNN_CUDA_CHECK(cudaStreamSynchronize(stream));
    activity->outputs[name].nonzero += fired;
    activity->outputs[name].total += total;
    if (!activity->keep_spikes) return;
    std::vector<float> host(total);
    SNN_CUDA_CHECK(cudaMemcpyAsync(host.data(), out, host.size() * sizeof(float), cudaMemcpyDeviceToHost, stream));
    SNN_CUDA_CHECK(cudaStreamSynchronize(stream));
    auto& record = activity->spikes[name];
    record.insert(record.end(), host.begin(), host.end());
  }
};

CudaSpikformer::CudaSpikformer(const SpikformerModel& model, int64_t max_images, SpikeProductPath path,
                               double sparse_below)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.model = &model;
  m.max_images = max_images;
  m.path = path;
  m.sparse_below = sparse_below;
  SNN_CUDA_CHECK(cudaStreamCreateWithFlags(&m.stream, cudaStreamNonBlocking));
  SNN_CUBLAS_CHECK(cublasCreate(&m.blas));
  SNN_CUBLAS_CHECK(cublasSetStream(m.blas, m.stream));
  SNN_CUBLAS_CHECK(cublasSetMathMode(m.blas, CUBLAS_DEFAULT_MATH));  // float32 products, no TF32

  const SpikformerConfig& c = model.config;
  const uint64_t planes = static_cast<uint64_t>(max_images) * c.time_steps;
  uint64_t largest_patches = 0, largest_activation = planes * c.image_height * c.image_width * model.channels;
  int64_t height = c.image_height, width = c.image_width;
  for (size_t s = 0; s < model.stem.size(); ++s) {
    m.stem.push_back(m.upload(model.stem[s], "patch_embed.proj_lif" + (s == 0 ? std::string() : std::to_string(s)), s > 0));
    largest_patches = std::max(largest_patches, planes * height * width * m.stem.back().in);
    largest_activation = std::max(largest_activation, planes * height * width * m.stem.back().out);
    if (model.stem_pools[s]) height = (height + 1) / 2, width = (width + 1) / 2;
  }
  m.position = m.upload(model.position, "patch_embed.rpe_lif", true);
  largest_patches = std::max(largest_patches, planes * height * width * m.position.in);
  const uint64_t tokens = height * width;
  if (tokens > cuda::kAttentionTokens || model.width / c.heads > 64)
    throw std::runtime_error("CudaSpikformer: the attention kernel takes up to " + std::to_string(cuda::kAttentionTokens) +
                             " tokens and 64 channels a head (here " + std::to_string(tokens) + " and " +
                             std::to_string(model.width / c.heads) + ")");
  largest_activation = std::max(largest_activation, planes * tokens * std::max(model.hidden, model.width));
  if (largest_activation >= (uint64_t{1} << 32))
    throw std::runtime_error("CudaSpikformer: batches of " + std::to_string(max_images) +
                             " images exceed 2^32 activations a layer; use smaller batches");
  for (size_t i = 0; i < model.blocks.size(); ++i) {
    const SpikformerBlock& b = model.blocks[i];
    const std::string n = "block." + std::to_string(i);
    m.blocks.push_back(m.upload(b.q, n + ".attn.q_lif", true));
    m.blocks.push_back(m.upload(b.k, n + ".attn.k_lif", true));
    m.blocks.push_back(m.upload(b.v, n + ".attn.v_lif", true));
    m.blocks.push_back(m.upload(b.projection, n + ".attn.proj_lif", true));
    m.blocks.push_back(m.upload(b.fc1, n + ".mlp.fc1_lif", true));
    m.blocks.push_back(m.upload(b.fc2, n + ".mlp.fc2_lif", true));
  }
  m.head_weight = m.upload(model.head_weight.values);
  m.head_bias = m.upload(model.head_bias.values);
  const uint64_t stream_size = planes * tokens * model.width;
  m.x = m.allocate<float>(largest_activation);
  m.patches = m.allocate<float>(largest_patches);
  m.pre = m.allocate<float>(largest_activation);
  m.spikes = m.allocate<float>(largest_activation);
  m.q = m.allocate<float>(stream_size);
  m.k = m.allocate<float>(stream_size);
  m.v = m.allocate<float>(stream_size);
  m.mixed = m.allocate<float>(stream_size);
  m.images = m.allocate<float>(static_cast<uint64_t>(max_images) * model.channels * c.image_height * c.image_width);
  m.pooled = m.allocate<float>(static_cast<uint64_t>(max_images) * model.width);
  m.logits = m.allocate<float>(static_cast<uint64_t>(max_images) * model.classes);
  m.narrow = m.allocate<__nv_bfloat16>(std::max(largest_patches, largest_activation));
  m.inexact = m.allocate<unsigned int>(1);
  m.product_count = static_cast<uint32_t>(m.stem.size() + 1 + m.blocks.size());
  m.counters = m.allocate<unsigned long long>(m.product_count);
  m.spike_counter = m.allocate<unsigned long long>(1);
}

// The resources go with Impl (its destructor), so that a constructor that throws half-way frees them.
CudaSpikformer::~CudaSpikformer() = default;

Tensor CudaSpikformer::forward(const Tensor& images, SpikformerActivity* activity) {
  Impl& m = *impl_;
  const SpikformerModel& model = *m.model;
  const SpikformerConfig& c = model.config;
  if (images.shape.size() != 4 || images.dim(0) > m.max_images || images.dim(1) != model.channels ||
      images.dim(2) != c.image_height || images.dim(3) != c.image_width)
    throw std::invalid_argument("CudaSpikformer::forward: images " + shape_text(images.shape) + ", expected at most [" +
                                std::to_string(m.max_images) + ", " + std::to_string(model.channels) + ", " +
                                std::to_string(c.image_height) + ", " + std::to_string(c.image_width) + "]");
  const uint32_t n = static_cast<uint32_t>(images.dim(0)), T = static_cast<uint32_t>(c.time_steps);
  const uint32_t planes = n * T;
  m.measuring = m.measuring || m.path == SpikeProductPath::kAuto || activity != nullptr;
  SNN_CUDA_CHECK(cudaMemsetAsync(m.counters, 0, m.product_count * sizeof(unsigned long long), m.stream));
  SNN_CUDA_CHECK(cudaMemsetAsync(m.inexact, 0, sizeof(unsigned int), m.stream));
  SNN_CUDA_CHECK(cudaMemcpyAsync(m.images, images.data(), images.values.size() * sizeof(float), cudaMemcpyHostToDevice, m.stream));
  uint32_t height = static_cast<uint32_t>(c.image_height), width = static_cast<uint32_t>(c.image_width);
  uint32_t channels = static_cast<uint32_t>(model.channels);
  cuda::encode_images_kernel<<<cuda::blocks_for(static_cast<uint64_t>(planes) * height * width * channels),
                               cuda::kLayerThreads, 0, m.stream>>>(m.images, m.x, n, T, channels, height * width);
  uint32_t product = 0;
  auto convolve = [&](DeviceLayer& layer, float* into) {
    const uint64_t rows = static_cast<uint64_t>(planes) * height * width;
    // A convolution's input rate is that of its input map (each value enters up to nine patches).
    m.count_input(m.x, rows * channels, m.counters + product++);
    const uint32_t threads = std::min<uint32_t>(cuda::kLayerThreads, (channels * 9 + 31) / 32 * 32);
    if (m.choose(layer) == SpikeProductPath::kTensor) {
      cuda::patches3x3_kernel<<<static_cast<uint32_t>(rows), threads, 0, m.stream>>>(m.x, m.narrow, height, width, channels,
                                                                                   m.inexact);
      m.product(layer, nullptr, rows, m.pre);
    } else {
      cuda::patches3x3_kernel<<<static_cast<uint32_t>(rows), threads, 0, m.stream>>>(m.x, m.patches, height, width, channels,
                                                                                   m.inexact);
      m.product(layer, m.patches, rows, m.pre);
    }
    m.fire(m.pre, &layer, into, n, static_cast<uint64_t>(height) * width * layer.out, model.neuron, layer.name, activity);
  };
  for (size_t s = 0; s < m.stem.size(); ++s) {
    convolve(m.stem[s], m.spikes);
    channels = m.stem[s].out;
    if (model.stem_pools[s]) {
      cuda::max_pool3x3_stride2_kernel<<<cuda::blocks_for(static_cast<uint64_t>(planes) * ((height + 1) / 2) *
                                                          ((width + 1) / 2) * channels),
                                         cuda::kLayerThreads, 0, m.stream>>>(m.spikes, m.x, planes, height, width, channels);
      height = (height + 1) / 2;
      width = (width + 1) / 2;
    } else {
      std::swap(m.x, m.spikes);
    }
  }
  convolve(m.position, m.spikes);
  const uint32_t tokens = height * width, d = static_cast<uint32_t>(model.width);
  const uint64_t stream_size = static_cast<uint64_t>(planes) * tokens * d;
  cuda::add_kernel<<<cuda::blocks_for(stream_size), cuda::kLayerThreads, 0, m.stream>>>(m.x, m.spikes, stream_size);

  const uint64_t rows = static_cast<uint64_t>(planes) * tokens;
  for (size_t i = 0; i < model.blocks.size(); ++i) {
    DeviceLayer* layers = m.blocks.data() + 6 * i;
    const std::string b = "block." + std::to_string(i);
    float* qkv[3] = {m.q, m.k, m.v};
    for (int j = 0; j < 3; ++j) {
      m.count_input(m.x, rows * d, m.counters + product++);
      m.product(layers[j], m.x, rows, m.pre);
      m.fire(m.pre, &layers[j], qkv[j], n, static_cast<uint64_t>(tokens) * d, model.neuron, layers[j].name, activity);
    }
    const uint32_t per_head = d / static_cast<uint32_t>(c.heads);
    cuda::spiking_attention_kernel<<<dim3(planes, static_cast<uint32_t>(c.heads)), cuda::kLayerThreads, 0, m.stream>>>(
        m.q, m.k, m.v, m.mixed, tokens, d, per_head);
    m.fire(m.mixed, nullptr, m.q, n, static_cast<uint64_t>(tokens) * d, model.attention_neuron, b + ".attn.attn_lif", activity);
    m.count_input(m.q, rows * d, m.counters + product++);
    m.product(layers[3], m.q, rows, m.pre);
    m.fire(m.pre, &layers[3], m.k, n, static_cast<uint64_t>(tokens) * d, model.neuron, layers[3].name, activity);
    cuda::add_kernel<<<cuda::blocks_for(stream_size), cuda::kLayerThreads, 0, m.stream>>>(m.x, m.k, stream_size);
    m.count_input(m.x, rows * d, m.counters + product++);
    m.product(layers[4], m.x, rows, m.pre);
    m.fire(m.pre, &layers[4], m.spikes, n, static_cast<uint64_t>(tokens) * layers[4].out, model.neuron, layers[4].name, activity);
    m.count_input(m.spikes, rows * layers[4].out, m.counters + product++);
    m.product(layers[5], m.spikes, rows, m.pre);
    m.fire(m.pre, &layers[5], m.k, n, static_cast<uint64_t>(tokens) * d, model.neuron, layers[5].name, activity);
    cuda::add_kernel<<<cuda::blocks_for(stream_size), cuda::kLayerThreads, 0, m.stream>>>(m.x, m.k, stream_size);
  }
  cuda::mean_over_tokens_and_steps_kernel<<<cuda::blocks_for(static_cast<uint64_t>(n) * d), cuda::kLayerThreads, 0,
                                            m.stream>>>(m.x, m.pooled, n, T, tokens, d);
  const float one = 1.0f, zero = 0.0f;
  const int classes = static_cast<int>(model.classes);
  SNN_CUBLAS_CHECK(cublasSgemm(m.blas, CUBLAS_OP_T, CUBLAS_OP_N, classes, static_cast<int>(n), static_cast<int>(d), &one,
                               m.head_weight, static_cast<int>(d), m.pooled, static_cast<int>(d), &zero, m.logits, classes));
  cuda::add_bias_kernel<<<cuda::blocks_for(static_cast<uint64_t>(n) * classes), cuda::kLayerThreads, 0, m.stream>>>(
      m.logits, m.head_bias, static_cast<uint64_t>(n) * classes, static_cast<uint32_t>(classes));
  Tensor scores({static_cast<int64_t>(n), model.classes});
  std::vector<unsigned long long> counts(m.product_count);
  unsigned int inexact = 0;
  SNN_CUDA_CHECK(cudaMemcpyAsync(&inexact, m.inexact, sizeof inexact, cudaMemcpyDeviceToHost, m.stream));
  SNN_CUDA_CHECK(cudaMemcpyAsync(scores.data(), m.logits, scores.values.size() * sizeof(float), cudaMemcpyDeviceToHost, m.stream));
  SNN_CUDA_CHECK(cudaMemcpyAsync(counts.data(), m.counters, counts.size() * sizeof(unsigned long long), cudaMemcpyDeviceToHost, m.stream));
  SNN_CUDA_CHECK(cudaStreamSynchronize(m.stream));
  SNN_CUDA_CHECK(cudaGetLastError());
  if (inexact != 0)
    throw std::runtime_error("CudaSpikformer: an input of a tensor-core product was not exact in bfloat16 (only spikes and "
                             "small counts are); use the dense or sparse product");
  const bool measured = m.measuring;
  m.measuring = false;
  if (!measured) return scores;
  // Each product's input rate: its input's non-zero values over its input values (a convolution's
  // input is its map: positions x channels, a ninth of its patch entries).
  auto record_rate = [&](DeviceLayer& layer, uint32_t index, uint64_t values) {
    layer.rate = static_cast<double>(counts[index]) / static_cast<double>(values);
    if (activity == nullptr) return;
    activity->product_inputs[layer.name].nonzero += counts[index];
    activity->product_inputs[layer.name].total += values;
  };
  uint32_t index = 0;
  height = static_cast<uint32_t>(c.image_height), width = static_cast<uint32_t>(c.image_width);
  for (size_t s = 0; s < m.stem.size(); ++s) {
    record_rate(m.stem[s], index++, static_cast<uint64_t>(planes) * height * width * (m.stem[s].in / 9));
    if (model.stem_pools[s]) height = (height + 1) / 2, width = (width + 1) / 2;
  }
  record_rate(m.position, index++, rows * (m.position.in / 9));
  for (DeviceLayer& layer : m.blocks) record_rate(layer, index++, rows * layer.in);
  return scores;
}

std::vector<CudaSpikformer::LayerReport> CudaSpikformer::layer_reports() const {
  std::vector<LayerReport> reports;
  auto add = [&](const DeviceLayer& l) { reports.push_back(LayerReport{l.name, l.rate, l.taken}); };
  for (const DeviceLayer& l : impl_->stem) add(l);
  add(impl_->position);
  for (const DeviceLayer& l : impl_->blocks) add(l);
  return reports;
}

uint64_t CudaSpikformer::device_bytes() const { return impl_->bytes; }

}  // namespace snn
