#include "nir/cuda/nir_cuda_runner.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/cuda/cuda_check.hpp"
#include "nir/cuda/nir_kernels.cuh"

namespace snn {

using cuda::kNirThreads;
using cuda::nir_blocks;

namespace {

// Steps whose outputs (and kept spikes) stay on the device before they are copied back in one go.
constexpr int64_t kHistorySteps = 64;

bool passes_input_on(NirOpKind kind) {
  return kind == NirOpKind::kIdentity || kind == NirOpKind::kFlatten || kind == NirOpKind::kOutput;
}

cuda::NirWindowShape window_shape(const NirWindow& w) {
  const auto i = [](int64_t value) { return static_cast<int>(value); };
  return {i(w.in_channels), i(w.out_channels), i(w.in_channels / w.groups), i(w.out_channels / w.groups), i(w.in_h), i(w.in_w),
          i(w.out_h), i(w.out_w), i(w.kernel_h), i(w.kernel_w), i(w.stride_h), i(w.stride_w), i(w.pad_top), i(w.pad_left),
          i(w.dilation_h), i(w.dilation_w)};
}

}  // namespace

struct NirCudaRunner::Impl {
  // An op on the device: where its input and output are, its parameters and state.
  struct DeviceOp {
    float* values = nullptr;          // [batch, output size]; an op that passes its input on shares its source's
    const float* input = nullptr;     // [batch, input size]: the single source's values, or `gathered`
    float* gathered = nullptr;        // the sum of several sources, or a copy of a previous step's value
    std::vector<const float*> sources;
    float *weight = nullptr, *bias = nullptr, *parameter = nullptr;  // parameter: Scale's scale, Threshold's threshold
    NeuronSteps steps;                // host copy (units for the voltages)
    NirNeuronCoefficients neuron;     // device arrays
    float *v = nullptr, *current = nullptr;
    int32_t* delay_steps = nullptr;
    float* history = nullptr;         // a Delay's [slots, batch, size]
    int32_t slots = 1;
    unsigned long long* totals = nullptr;  // the count kernel's [input non-zero, events, analog, output non-zero]
  };

  const NirProgram& program;
  int64_t batch = 0, steps = 0;
  bool keep_spikes = false;
  cudaStream_t stream = nullptr;
  std::vector<void*> allocations;
  uint64_t bytes = 0;
  std::vector<DeviceOp> ops;
  cuda::NirCountEntry* count_entries = nullptr;
  int count_entry_count = 0;
  unsigned count_blocks = 1;
  unsigned long long* totals = nullptr;  // [ops, 4]
  // Host inputs go through page-locked buffers, two per input, so that one can fill while the other copies.
  std::vector<float*> staging[2];
  cudaEvent_t staged[2] = {nullptr, nullptr};
  // Steps not yet taken: outputs [kHistorySteps, batch, size] per program.outputs, spikes per spiking op.
  std::vector<float*> output_history;
  std::vector<uint8_t*> spike_history;
  int64_t pending = 0;
  std::vector<std::vector<float>> taken_outputs;
  std::vector<std::vector<uint8_t>> taken_spikes;

  explicit Impl(const NirProgram& p) : program(p) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (stream) cudaStreamSynchronize(stream);
    for (void* p : allocations) cudaFree(p);
    for (auto& buffers : staging)
      for (float* p : buffers) cudaFreeHost(p);
    for (cudaEvent_t e : staged)
      if (e) cudaEventDestroy(e);
    if (stream) cudaStreamDestroy(stream);
  }

  template <typename T>
  T* allocate(int64_t count) {
    void* p = nullptr;
    const size_t size = static_cast<size_t>(std::max<int64_t>(count, 1)) * sizeof(T);
    SNN_CUDA_CHECK(cudaMalloc(&p, size));
    allocations.push_back(p);
    bytes += size;
    SNN_CUDA_CHECK(cudaMemset(p, 0, size));
    return static_cast<T*>(p);
  }
  template <typename T>
  T* upload(const std::vector<T>& values) {
    T* p = allocate<T>(static_cast<int64_t>(values.size()));
    if (!values.empty()) SNN_CUDA_CHECK(cudaMemcpy(p, values.data(), values.size() * sizeof(T), cudaMemcpyHostToDevice));
    return p;
  }

  std::vector<uint8_t*> input_bytes;  // per input, where binary inputs land before they are widened

  void build(NirDiscretisation scheme);
  template <typename T>
  void upload_inputs(const std::vector<const T*>& inputs);
  void run_step();
  void gather(int i);
  void run_op(int i);
  void store_delay_input(int i);
  void keep_step();
  void take_pending();
};

void NirCudaRunner::Impl::build(NirDiscretisation scheme) {
  const size_t n = program.ops.size();
  ops.resize(n);
  totals = allocate<unsigned long long>(static_cast<int64_t>(n) * 4);
  // Ops read through an edge that closes a cycle keep their own memory: their previous value is read.
  std::vector<bool> read_from_previous_step(n, false);
  for (const NirOp& op : program.ops)
    for (const NirSource& source : op.sources)
      if (source.previous_step) read_from_previous_step[source.op] = true;
  // Outputs first, in run order (an op that passes its input on takes its source's, which comes
  // earlier), then the inputs, which may come from later ops through cycles.
  for (size_t i = 0; i < n; ++i) {
    const NirOp& op = program.ops[i];
    const bool passes_on = passes_input_on(op.kind) && op.sources.size() == 1 && !op.sources[0].previous_step &&
                           !op.input_after_step && !read_from_previous_step[i];
    ops[i].values = passes_on ? ops[op.sources[0].op].values : allocate<float>(batch * op.output_size());
  }
  std::vector<cuda::NirCountEntry> entries;
  int64_t largest = 1;
  for (size_t i = 0; i < n; ++i) {
    const NirOp& op = program.ops[i];
    DeviceOp& d = ops[i];
    d.totals = totals + i * 4;
    const int64_t in_size = batch * op.input_size(), out_size = batch * op.output_size();
    largest = std::max({largest, in_size, out_size});
    // A source read at the end of the step (a Delay's input) has this step's value whatever the edge.
    const bool single_current_source = op.sources.size() == 1 && (!op.sources[0].previous_step || op.input_after_step);
    if (op.kind == NirOpKind::kInput) {
      d.input = d.values;
    } else if (single_current_source) {
      d.input = ops[op.sources[0].op].values;
    } else {
      d.gathered = allocate<float>(in_size);
      d.input = d.gathered;
    }
    for (const NirSource& source : op.sources) d.sources.push_back(ops[source.op].values);
    switch (op.kind) {
      case NirOpKind::kAffine:
      case NirOpKind::kLinear: {
        const std::vector<float>& weight = op.arrays.at("weight");
        const int64_t in = op.input_shape.back(), out = op.output_shape.back();
        std::vector<float> transposed(weight.size());
        for (int64_t o = 0; o < out; ++o)
          for (int64_t k = 0; k < in; ++k) transposed[k * out + o] = weight[o * in + k];
        d.weight = upload(transposed);
        const auto bias = op.arrays.find("bias");
        if (bias != op.arrays.end()) d.bias = upload(bias->second);
        break;
      }
      case NirOpKind::kConv:
        d.weight = upload(op.arrays.at("weight"));
        d.bias = upload(op.arrays.at("bias"));
        break;
      case NirOpKind::kScale: d.parameter = upload(op.arrays.at("scale")); break;
      case NirOpKind::kThreshold: d.parameter = upload(op.arrays.at("threshold")); break;
      case NirOpKind::kDelay:
        d.slots = 1 + *std::max_element(op.delay_steps.begin(), op.delay_steps.end());
        d.delay_steps = upload(op.delay_steps);
        d.history = allocate<float>(d.slots * out_size);
        break;
      default:
        if (op.has_state()) {
          d.steps = neuron_steps(op, program.dt, scheme);
          const NeuronSteps& s = d.steps;
          d.neuron = {upload(s.decay), upload(s.input_gain), upload(s.current_gain), upload(s.leak), upload(s.syn_decay),
                      upload(s.syn_gain), s.spikes ? upload(s.threshold) : nullptr, s.spikes ? upload(s.reset) : nullptr,
                      upload(s.volts_per_unit), s.has_current, s.spikes, s.voltage_sees_new_current};
          d.v = allocate<float>(out_size);
          if (s.has_current) d.current = allocate<float>(out_size);
        }
    }
    entries.push_back({d.input, in_size, d.totals, true});
    if (op.spiking()) entries.push_back({d.values, out_size, d.totals, false});
  }
  count_entries = upload(entries);
  count_entry_count = static_cast<int>(entries.size());
  count_blocks = std::min<unsigned>(nir_blocks(largest), 1024);
  for (int output : program.outputs) output_history.push_back(allocate<float>(kHistorySteps * batch * program.ops[output].output_size()));
  taken_outputs.resize(program.outputs.size());
  spike_history.assign(n, nullptr);
  taken_spikes.resize(n);
  for (size_t i = 0; i < n; ++i)
    if (keep_spikes && program.ops[i].spiking()) spike_history[i] = allocate<uint8_t>(kHistorySteps * batch * program.ops[i].output_size());
  for (int slot = 0; slot < 2; ++slot) {
    SNN_CUDA_CHECK(cudaEventCreateWithFlags(&staged[slot], cudaEventDisableTiming));
    for (int input : program.inputs) {
      void* p = nullptr;
      SNN_CUDA_CHECK(cudaMallocHost(&p, static_cast<size_t>(batch * program.ops[input].output_size()) * sizeof(float)));
      staging[slot].push_back(static_cast<float*>(p));
    }
  }
}

void NirCudaRunner::Impl::gather(int i) {
  DeviceOp& d = ops[i];
  if (d.gathered == nullptr) return;
  const int64_t n = batch * program.ops[i].input_size();
  for (size_t first = 0; first < d.sources.size(); first += cuda::kNirSourcesPerLaunch) {
    cuda::NirSourceList list{};
    list.count = static_cast<int>(std::min<size_t>(cuda::kNirSourcesPerLaunch, d.sources.size() - first));
    for (int s = 0; s < list.count; ++s) list.from[s] = d.sources[first + s];
    cuda::nir_sum_sources<<<nir_blocks(n), kNirThreads, 0, stream>>>(list, first > 0, d.gathered, n);
  }
}

void NirCudaRunner::Impl::store_delay_input(int i) {
  const DeviceOp& d = ops[i];
  const int64_t size = batch * program.ops[i].output_size();
  const int64_t now = steps % d.slots;
  SNN_CUDA_CHECK(cudaMemcpyAsync(d.history + now * size, d.input, size * sizeof(float), cudaMemcpyDeviceToDevice, stream));
}

void NirCudaRunner::Impl::run_op(int i) {
  const NirOp& op = program.ops[i];
  DeviceOp& d = ops[i];
  const int64_t total = batch * op.output_size();
  const unsigned blocks = nir_blocks(total);
  switch (op.kind) {
    case NirOpKind::kInput: return;
    case NirOpKind::kAffine:
    case NirOpKind::kLinear: {
      const int64_t in = op.input_shape.back(), out = op.output_shape.back();
      const int threads = static_cast<int>(std::min<int64_t>(kNirThreads, (out + 31) / 32 * 32));
      const dim3 grid(static_cast<unsigned>(batch * op.input_size() / in), static_cast<unsigned>((out + threads - 1) / threads));
      cuda::nir_dense<<<grid, threads, 0, stream>>>(d.input, in, out, d.weight, d.bias, d.values);
      return;
    }
    case NirOpKind::kConv:
      cuda::nir_convolve<<<blocks, kNirThreads, 0, stream>>>(d.input, window_shape(op.window), d.weight, d.bias, d.values, total);
      return;
    case NirOpKind::kSumPool:
    case NirOpKind::kAvgPool:
      cuda::nir_pool<<<blocks, kNirThreads, 0, stream>>>(d.input, window_shape(op.window), op.kind == NirOpKind::kAvgPool, d.values, total);
      return;
    case NirOpKind::kScale:
      cuda::nir_scale<<<blocks, kNirThreads, 0, stream>>>(d.input, d.parameter, op.output_size(), d.values, total);
      return;
    case NirOpKind::kThreshold:
      cuda::nir_threshold<<<blocks, kNirThreads, 0, stream>>>(d.input, d.parameter, op.output_size(), d.values, total);
      return;
    case NirOpKind::kDelay:
      if (!op.input_after_step) store_delay_input(i);
      cuda::nir_delay_read<<<blocks, kNirThreads, 0, stream>>>(d.history, d.delay_steps, static_cast<int32_t>(steps % d.slots),
                                                               d.slots, op.output_size(), d.values, total);
      return;
    case NirOpKind::kOutput:
    case NirOpKind::kIdentity:
    case NirOpKind::kFlatten:
      if (d.values != d.input)
        SNN_CUDA_CHECK(cudaMemcpyAsync(d.values, d.input, total * sizeof(float), cudaMemcpyDeviceToDevice, stream));
      return;
    default:
      cuda::nir_neurons<<<blocks, kNirThreads, 0, stream>>>(d.input, d.neuron, op.output_size(), d.v, d.current, d.values, total);
  }
}

void NirCudaRunner::Impl::keep_step() {
  for (size_t k = 0; k < program.outputs.size(); ++k) {
    const int64_t size = batch * program.ops[program.outputs[k]].output_size();
    SNN_CUDA_CHECK(cudaMemcpyAsync(output_history[k] + pending * size, ops[program.outputs[k]].values, size * sizeof(float),
                                   cudaMemcpyDeviceToDevice, stream));
  }
  for (size_t i = 0; i < ops.size(); ++i)
    if (spike_history[i] != nullptr) {
      const int64_t size = batch * program.ops[i].output_size();
      cuda::nir_keep_spikes<<<nir_blocks(size), kNirThreads, 0, stream>>>(ops[i].values, spike_history[i] + pending * size, size);
    }
  if (++pending == kHistorySteps) take_pending();
}

void NirCudaRunner::Impl::take_pending() {
  if (pending == 0) return;
  SNN_CUDA_CHECK(cudaStreamSynchronize(stream));
  const auto append = [](auto& host, const auto* device, int64_t count) {
    const size_t at = host.size();
    host.resize(at + static_cast<size_t>(count));
    SNN_CUDA_CHECK(cudaMemcpy(host.data() + at, device, static_cast<size_t>(count) * sizeof(*device), cudaMemcpyDeviceToHost));
  };
  for (size_t k = 0; k < program.outputs.size(); ++k)
    append(taken_outputs[k], output_history[k], pending * batch * program.ops[program.outputs[k]].output_size());
  for (size_t i = 0; i < ops.size(); ++i)
    if (spike_history[i] != nullptr) append(taken_spikes[i], spike_history[i], pending * batch * program.ops[i].output_size());
  pending = 0;
}

NirCudaRunner::NirCudaRunner(const NirProgram& program, int64_t batch, NirDiscretisation scheme, bool keep_spikes)
    : impl_(std::make_unique<Impl>(program)) {
  if (batch <= 0) throw NirError("a batch of " + std::to_string(batch) + " samples: at least one is needed");
  impl_->batch = batch;
  impl_->keep_spikes = keep_spikes;
  SNN_CUDA_CHECK(cudaStreamCreateWithFlags(&impl_->stream, cudaStreamNonBlocking));
  impl_->build(scheme);
}

NirCudaRunner::~NirCudaRunner() = default;

// Each input through this step's page-locked buffer (filled while the step before may still run) to
// the Input op's values, widened on the GPU where it came as bytes.
template <typename T>
void NirCudaRunner::Impl::upload_inputs(const std::vector<const T*>& inputs) {
  if (inputs.size() != program.inputs.size())
    throw NirError("a step needs " + std::to_string(program.inputs.size()) + " inputs, got " + std::to_string(inputs.size()));
  const int slot = static_cast<int>(steps % 2);
  SNN_CUDA_CHECK(cudaEventSynchronize(staged[slot]));  // this slot's copy of two steps ago is done
  for (size_t k = 0; k < inputs.size(); ++k) {
    const int64_t count = batch * program.ops[program.inputs[k]].output_size();
    const size_t bytes = static_cast<size_t>(count) * sizeof(T);
    std::memcpy(staging[slot][k], inputs[k], bytes);
    float* values = ops[program.inputs[k]].values;
    if constexpr (std::is_same_v<T, float>) {
      SNN_CUDA_CHECK(cudaMemcpyAsync(values, staging[slot][k], bytes, cudaMemcpyHostToDevice, stream));
    } else {
      if (input_bytes.empty()) input_bytes.assign(inputs.size(), nullptr);
      if (input_bytes[k] == nullptr) input_bytes[k] = allocate<uint8_t>(count);
      SNN_CUDA_CHECK(cudaMemcpyAsync(input_bytes[k], staging[slot][k], bytes, cudaMemcpyHostToDevice, stream));
      cuda::nir_widen_bytes<<<nir_blocks(count), kNirThreads, 0, stream>>>(input_bytes[k], values, count);
    }
  }
  SNN_CUDA_CHECK(cudaEventRecord(staged[slot], stream));
}

void NirCudaRunner::Impl::run_step() {
  const int n = static_cast<int>(program.ops.size());
  for (int i = 0; i < n; ++i) {
    if (!program.ops[i].input_after_step) gather(i);
    run_op(i);
  }
  for (int i = 0; i < n; ++i)
    if (program.ops[i].input_after_step) {
      gather(i);
      store_delay_input(i);
    }
  cuda::nir_count<<<dim3(count_blocks, static_cast<unsigned>(count_entry_count)), kNirThreads, 0, stream>>>(count_entries);
  SNN_CUDA_CHECK(cudaGetLastError());
  ++steps;
  keep_step();
}

void NirCudaRunner::step(const std::vector<const float*>& inputs) {
  impl_->upload_inputs(inputs);
  impl_->run_step();
}

void NirCudaRunner::step(const std::vector<const uint8_t*>& inputs) {
  impl_->upload_inputs(inputs);
  impl_->run_step();
}

int64_t NirCudaRunner::batch() const { return impl_->batch; }
int64_t NirCudaRunner::steps_run() const { return impl_->steps; }

std::vector<float> NirCudaRunner::values(int op) const {
  std::vector<float> host(static_cast<size_t>(impl_->batch * impl_->program.ops[op].output_size()));
  SNN_CUDA_CHECK(cudaStreamSynchronize(impl_->stream));
  SNN_CUDA_CHECK(cudaMemcpy(host.data(), impl_->ops[op].values, host.size() * sizeof(float), cudaMemcpyDeviceToHost));
  return host;
}

std::vector<float> NirCudaRunner::voltages(int op) const {
  const Impl::DeviceOp& d = impl_->ops[op];
  if (d.v == nullptr) return {};
  const int64_t size = impl_->program.ops[op].output_size();
  std::vector<float> volts(static_cast<size_t>(impl_->batch * size));
  SNN_CUDA_CHECK(cudaStreamSynchronize(impl_->stream));
  SNN_CUDA_CHECK(cudaMemcpy(volts.data(), d.v, volts.size() * sizeof(float), cudaMemcpyDeviceToHost));
  for (size_t k = 0; k < volts.size(); ++k) volts[k] = volts[k] * d.steps.volts_per_unit[k % size];
  return volts;
}

NirOpCounts NirCudaRunner::counts(int op) const {
  unsigned long long totals[4];
  SNN_CUDA_CHECK(cudaStreamSynchronize(impl_->stream));
  SNN_CUDA_CHECK(cudaMemcpy(totals, impl_->ops[op].totals, sizeof(totals), cudaMemcpyDeviceToHost));
  const NirOp& o = impl_->program.ops[op];
  const uint64_t samples = static_cast<uint64_t>(impl_->batch * impl_->steps);
  NirOpCounts c;
  c.input_nonzero = totals[0];
  c.input_events = totals[1];
  c.input_analog = totals[2];
  c.input_values = samples * static_cast<uint64_t>(o.input_size());
  if (o.spiking()) {
    c.output_nonzero = totals[3];
    c.output_values = samples * static_cast<uint64_t>(o.output_size());
  }
  return c;
}

void NirCudaRunner::take_history(std::vector<std::vector<float>>& outputs, std::vector<std::vector<uint8_t>>& spikes) {
  Impl& m = *impl_;
  m.take_pending();
  outputs.resize(m.taken_outputs.size());
  spikes.resize(m.taken_spikes.size());
  for (size_t k = 0; k < outputs.size(); ++k) {
    outputs[k].insert(outputs[k].end(), m.taken_outputs[k].begin(), m.taken_outputs[k].end());
    m.taken_outputs[k].clear();
  }
  for (size_t i = 0; i < spikes.size(); ++i) {
    spikes[i].insert(spikes[i].end(), m.taken_spikes[i].begin(), m.taken_spikes[i].end());
    m.taken_spikes[i].clear();
  }
}

uint64_t NirCudaRunner::device_bytes() const { return impl_->bytes; }

}  // namespace snn
