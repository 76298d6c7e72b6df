#include "nir/nir_cpu_runner.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "nir/nir_pool_window.hpp"

namespace snn {
namespace {

enum Count { kInputNonzero, kInputValues, kOutputNonzero, kOutputValues, kInputEvents, kInputAnalog, kCounts };

// y[rows, out] = W[out, in] x[rows, in] (+ bias), over the non-zero inputs of each row.
void dense(const NirOp& op, const float* x, float* y, std::vector<int64_t>& nonzero) {
  const std::vector<float>& weight = op.arrays.at("weight");
  const auto bias = op.arrays.find("bias");
  const int64_t in = op.input_shape.back(), out = op.output_shape.back(), rows = op.input_size() / in;
  for (int64_t row = 0; row < rows; ++row) {
    const float* xr = x + row * in;
    nonzero.clear();
    for (int64_t i = 0; i < in; ++i)
      if (xr[i] != 0.0f) nonzero.push_back(i);
    for (int64_t o = 0; o < out; ++o) {
      const float* w = weight.data() + o * in;
      float sum = 0.0f;
      for (int64_t i : nonzero) sum += w[i] * xr[i];
      y[row * out + o] = bias != op.arrays.end() ? sum + bias->second[o] : sum;
    }
  }
}

// Each non-zero input, in ascending order, adds its weighted value to the outputs whose window holds
// it: every output then sums its window in the order (input channel, kernel row, kernel column),
// the order a direct convolution would.
void convolve(const NirOp& op, const float* x, float* y) {
  const NirWindow& w = op.window;
  const std::vector<float>& weight = op.arrays.at("weight");
  const std::vector<float>& bias = op.arrays.at("bias");
  const int64_t in_per_group = w.in_channels / w.groups, out_per_group = w.out_channels / w.groups;
  const int64_t plane = w.out_h * w.out_w;
  std::fill(y, y + w.out_channels * plane, 0.0f);
  for (int64_t c = 0; c < w.in_channels; ++c) {
    const int64_t group = c / in_per_group, c_in_group = c % in_per_group;
    for (int64_t iy = 0; iy < w.in_h; ++iy) {
      for (int64_t ix = 0; ix < w.in_w; ++ix) {
        const float value = x[(c * w.in_h + iy) * w.in_w + ix];
        if (value == 0.0f) continue;
        for (int64_t ky = 0; ky < w.kernel_h; ++ky) {
          const int64_t ty = iy + w.pad_top - ky * w.dilation_h;
          if (ty < 0 || ty % w.stride_h != 0 || ty / w.stride_h >= w.out_h) continue;
          for (int64_t kx = 0; kx < w.kernel_w; ++kx) {
            const int64_t tx = ix + w.pad_left - kx * w.dilation_w;
            if (tx < 0 || tx % w.stride_w != 0 || tx / w.stride_w >= w.out_w) continue;
            const int64_t at = (ty / w.stride_h) * w.out_w + tx / w.stride_w;
            for (int64_t o = group * out_per_group; o < (group + 1) * out_per_group; ++o)
              y[o * plane + at] += weight[((o * in_per_group + c_in_group) * w.kernel_h + ky) * w.kernel_w + kx] * value;
          }
        }
      }
    }
  }
  for (int64_t o = 0; o < w.out_channels; ++o)
    for (int64_t k = 0; k < plane; ++k) y[o * plane + k] += bias[o];
}

// Sum (or average over the whole window, padding included, as PyTorch's default) of each window.
void pool(const NirOp& op, const float* x, float* y) {
  const NirWindow& w = op.window;
  const float area = static_cast<float>(w.kernel_h * w.kernel_w);
  for (int64_t c = 0; c < w.in_channels; ++c)
    for (int64_t oy = 0; oy < w.out_h; ++oy)
      for (int64_t ox = 0; ox < w.out_w; ++ox) {
        const float sum = nir_pool_window_sum(x + c * w.in_h * w.in_w, w, oy, ox);
        y[(c * w.out_h + oy) * w.out_w + ox] = op.kind == NirOpKind::kAvgPool ? sum / area : sum;
      }
}

}  // namespace

NirCpuRunner::NirCpuRunner(const NirProgram& program, int64_t batch, NirDiscretisation scheme, int threads)
    : program_(program), batch_(batch), threads_(threads > 0 ? threads : omp_get_max_threads()) {
  if (batch <= 0) throw NirError("a batch of " + std::to_string(batch) + " samples: at least one is needed");
  const size_t n = program.ops.size();
  values_.resize(n);
  neurons_.resize(n);
  delays_.resize(n);
  counts_.assign(static_cast<size_t>(batch) * n * kCounts, 0);
  for (size_t i = 0; i < n; ++i) {
    const NirOp& op = program.ops[i];
    const size_t size = static_cast<size_t>(batch * op.output_size());
    values_[i].assign(size, 0.0f);
    if (op.kind == NirOpKind::kDelay) {
      delays_[i].slots = 1 + *std::max_element(op.delay_steps.begin(), op.delay_steps.end());
      delays_[i].history.assign(static_cast<size_t>(delays_[i].slots) * size, 0.0f);
    }
    if (op.has_state() && op.kind != NirOpKind::kDelay) {
      neurons_[i].steps = neuron_steps(op, program.dt, scheme);
      neurons_[i].v.assign(size, 0.0f);
      if (neurons_[i].steps.has_current) neurons_[i].current.assign(size, 0.0f);
    }
  }
}

const float* NirCpuRunner::gather(int i, int64_t sample, std::vector<float>& scratch) const {
  const NirOp& op = program_.ops[i];
  const int64_t size = op.input_size();
  if (op.sources.size() == 1) return values_[op.sources[0].op].data() + sample * size;
  scratch.assign(static_cast<size_t>(size), 0.0f);
  for (size_t s = 0; s < op.sources.size(); ++s) {
    const float* from = values_[op.sources[s].op].data() + sample * size;
    if (s == 0) std::copy(from, from + size, scratch.begin());
    else
      for (int64_t k = 0; k < size; ++k) scratch[k] += from[k];
  }
  return scratch.data();
}

void NirCpuRunner::store_delay_input(int i, int64_t sample, const float* in) {
  DelayLine& line = delays_[i];
  const int64_t size = program_.ops[i].output_size();
  const int32_t now = static_cast<int32_t>(steps_ % line.slots);
  std::copy(in, in + size, line.history.data() + (now * batch_ + sample) * size);
}

void NirCpuRunner::count_input(const float* in, int64_t size, uint64_t* counts) {
  for (int64_t k = 0; k < size; ++k) {
    if (in[k] == 0.0f) continue;
    ++counts[kInputNonzero];
    const float magnitude = std::fabs(in[k]);
    if (magnitude == std::floor(magnitude) && magnitude < 1e9f) counts[kInputEvents] += static_cast<uint64_t>(magnitude);
    else ++counts[kInputAnalog];
  }
  counts[kInputValues] += static_cast<uint64_t>(size);
}

void NirCpuRunner::run_op(int i, int64_t sample, const float* in, std::vector<int64_t>& nonzero, uint64_t* counts) {
  const NirOp& op = program_.ops[i];
  const int64_t in_size = op.input_size(), out_size = op.output_size();
  float* out = values_[i].data() + sample * out_size;
  switch (op.kind) {
    case NirOpKind::kAffine:
    case NirOpKind::kLinear: dense(op, in, out, nonzero); break;
    case NirOpKind::kConv: convolve(op, in, out); break;
    case NirOpKind::kSumPool:
    case NirOpKind::kAvgPool: pool(op, in, out); break;
    case NirOpKind::kScale: {
      const std::vector<float>& scale = op.arrays.at("scale");
      for (int64_t k = 0; k < out_size; ++k) out[k] = scale[k] * in[k];
      break;
    }
    case NirOpKind::kThreshold: {
      const std::vector<float>& threshold = op.arrays.at("threshold");
      for (int64_t k = 0; k < out_size; ++k) out[k] = in[k] > threshold[k] ? 1.0f : 0.0f;
      break;
    }
    case NirOpKind::kDelay: {
      // A Delay that reads its input after the step has it stored by store_delay_input then.
      if (!op.input_after_step) store_delay_input(i, sample, in);
      const DelayLine& line = delays_[i];
      const int64_t batch_size = batch_ * out_size;
      const int32_t now = static_cast<int32_t>(steps_ % line.slots);
      for (int64_t k = 0; k < out_size; ++k) {
        const int32_t slot = ((now - op.delay_steps[k]) % line.slots + line.slots) % line.slots;
        out[k] = line.history[slot * batch_size + sample * out_size + k];
      }
      if (op.input_after_step) return;  // its input is counted when stored
      break;
    }
    case NirOpKind::kInput:
    case NirOpKind::kOutput:
    case NirOpKind::kIdentity:
    case NirOpKind::kFlatten:
      if (in != out) std::copy(in, in + out_size, out);
      break;
    default: {  // the neurons
      Neuron& neuron = neurons_[i];
      const NirNeuronCoefficients s = neuron.steps.coefficients();
      float* v = neuron.v.data() + sample * out_size;
      float* current = s.has_current ? neuron.current.data() + sample * out_size : nullptr;
      for (int64_t k = 0; k < out_size; ++k) out[k] = step_nir_neuron(s, k, in[k], v[k], current ? current + k : nullptr);
    }
  }
  count_input(in, in_size, counts);
  if (op.spiking()) {
    for (int64_t k = 0; k < out_size; ++k) counts[kOutputNonzero] += out[k] != 0.0f;
    counts[kOutputValues] += static_cast<uint64_t>(out_size);
  }
}

void NirCpuRunner::step(const std::vector<const float*>& inputs) {
  if (inputs.size() != program_.inputs.size())
    throw NirError("a step needs " + std::to_string(program_.inputs.size()) + " inputs, got " + std::to_string(inputs.size()));
  std::vector<int> input_slot(program_.ops.size(), -1);
  for (size_t k = 0; k < program_.inputs.size(); ++k) input_slot[program_.inputs[k]] = static_cast<int>(k);
  const int ops = static_cast<int>(program_.ops.size());
#pragma omp parallel num_threads(threads_)
  {
    std::vector<float> scratch;
    std::vector<int64_t> nonzero;
#pragma omp for schedule(static)
    for (int64_t sample = 0; sample < batch_; ++sample) {
      for (int i = 0; i < ops; ++i) {
        const NirOp& op = program_.ops[i];
        const float* in = op.input_after_step ? nullptr
                          : input_slot[i] >= 0 ? inputs[input_slot[i]] + sample * op.output_size()
                                               : gather(i, sample, scratch);
        run_op(i, sample, in, nonzero, &counts_[(static_cast<size_t>(sample) * ops + i) * kCounts]);
      }
      for (int i = 0; i < ops; ++i)
        if (program_.ops[i].input_after_step) {
          const float* in = gather(i, sample, scratch);
          store_delay_input(i, sample, in);
          count_input(in, program_.ops[i].input_size(), &counts_[(static_cast<size_t>(sample) * ops + i) * kCounts]);
        }
    }
  }
  ++steps_;
}

std::vector<float> NirCpuRunner::voltages(int i) const {
  const Neuron& neuron = neurons_[i];
  if (neuron.v.empty()) return {};
  const int64_t size = program_.ops[i].output_size();
  std::vector<float> volts(neuron.v.size());
  for (size_t k = 0; k < volts.size(); ++k) volts[k] = neuron.v[k] * neuron.steps.volts_per_unit[k % size];
  return volts;
}

NirOpCounts NirCpuRunner::counts(int i) const {
  NirOpCounts total;
  const size_t ops = program_.ops.size();
  for (int64_t sample = 0; sample < batch_; ++sample) {
    const uint64_t* c = &counts_[(static_cast<size_t>(sample) * ops + i) * kCounts];
    total.input_nonzero += c[kInputNonzero];
    total.input_values += c[kInputValues];
    total.output_nonzero += c[kOutputNonzero];
    total.output_values += c[kOutputValues];
    total.input_events += c[kInputEvents];
    total.input_analog += c[kInputAnalog];
  }
  return total;
}

}  // namespace snn
