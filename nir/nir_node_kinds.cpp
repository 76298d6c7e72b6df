#include "nir/nir_node_kinds.hpp"

#include <cmath>

namespace snn {
namespace {

// The most steps a Delay node may hold (a buffer of this many values per element).
constexpr double kLongestDelaySteps = 1 << 20;

struct NodeReader {
  const NirNode& node;
  std::string where;

  [[noreturn]] void fail(const std::string& why) const { throw NirError(where + ": " + node.describe() + ": " + why); }

  const NirValue& need(const std::string& key) const {
    const auto it = node.parameters.find(key);
    if (it == node.parameters.end()) fail("parameter '" + key + "' is missing");
    if (it->second.is_text) fail("parameter '" + key + "' is text ('" + it->second.text + "'), a number or array was expected");
    return it->second;
  }
  bool has(const std::string& key) const { return node.has(key); }

  std::vector<float> floats(const std::string& key) const {
    const NirValue& value = need(key);
    std::vector<float> result(value.numbers.size());
    for (size_t k = 0; k < result.size(); ++k) {
      if (!std::isfinite(value.numbers[k])) fail("parameter '" + key + "' holds " + std::to_string(value.numbers[k]) + " at index " + std::to_string(k));
      result[k] = static_cast<float>(value.numbers[k]);
    }
    return result;
  }

  int64_t whole(double number, const std::string& key) const {
    if (number != std::floor(number) || std::fabs(number) > 1e12) fail("parameter '" + key + "' must hold whole numbers, found " + std::to_string(number));
    return static_cast<int64_t>(number);
  }

  int64_t integer(const std::string& key) const {
    const NirValue& value = need(key);
    if (value.numbers.size() != 1) fail("parameter '" + key + "' must be one integer, found shape " + shape_text(value.shape));
    return whole(value.numbers[0], key);
  }

  // An integer given once or once per dimension (stride, dilation, kernel_size ...).
  std::vector<int64_t> per_dimension(const std::string& key, size_t dims) const {
    const NirValue& value = need(key);
    if (value.numbers.size() != 1 && value.numbers.size() != dims)
      fail("parameter '" + key + "' must hold 1 or " + std::to_string(dims) + " integers, found shape " + shape_text(value.shape));
    std::vector<int64_t> result(dims);
    for (size_t d = 0; d < dims; ++d) result[d] = whole(value.numbers[value.numbers.size() == 1 ? 0 : d], key);
    return result;
  }

  TensorShape shape(const std::string& key) const {
    const NirValue& value = need(key);
    if (value.shape.size() > 1) fail("parameter '" + key + "' must be a list of dimensions, found shape " + shape_text(value.shape));
    TensorShape dims;
    for (double d : value.numbers) {
      const int64_t n = whole(d, key);
      if (n <= 0) fail("parameter '" + key + "' holds the dimension " + std::to_string(n));
      dims.push_back(n);
    }
    return dims;
  }

  // A per-neuron parameter: one value, or one per element of a neuron group of `size`.
  std::vector<float> per_neuron(const std::string& key, int64_t size) const {
    std::vector<float> values = floats(key);
    if (values.size() == 1) return std::vector<float>(static_cast<size_t>(size), values[0]);
    if (static_cast<int64_t>(values.size()) != size)
      fail("parameter '" + key + "' has shape " + shape_text(need(key).shape) + " (" + std::to_string(values.size()) +
           " values) but the node receives " + std::to_string(size) + " values per step");
    return values;
  }
  std::vector<float> positive_per_neuron(const std::string& key, int64_t size) const {
    std::vector<float> values = per_neuron(key, size);
    for (size_t k = 0; k < values.size(); ++k)
      if (!(values[k] > 0)) fail("parameter '" + key + "' must be positive (a time constant), found " + std::to_string(values[k]) + " at index " + std::to_string(k));
    return values;
  }
};

const std::map<std::string, NirOpKind>& kinds_by_type() {
  static const std::map<std::string, NirOpKind> kinds = {
      {"Input", NirOpKind::kInput},       {"Output", NirOpKind::kOutput},       {"Affine", NirOpKind::kAffine},
      {"Linear", NirOpKind::kLinear},     {"Conv1d", NirOpKind::kConv},         {"Conv2d", NirOpKind::kConv},
      {"Flatten", NirOpKind::kFlatten},   {"SumPool2d", NirOpKind::kSumPool},   {"AvgPool2d", NirOpKind::kAvgPool},
      {"Scale", NirOpKind::kScale},       {"Threshold", NirOpKind::kThreshold}, {"Delay", NirOpKind::kDelay},
      {"IF", NirOpKind::kIF},             {"LIF", NirOpKind::kLIF},             {"CubaLIF", NirOpKind::kCubaLIF},
      {"LI", NirOpKind::kLI},             {"CubaLI", NirOpKind::kCubaLI},       {"I", NirOpKind::kIntegrator},
      {"Integrator", NirOpKind::kIntegrator},
  };
  return kinds;
}

// The neurons' parameters: required ones, then those with a default (v_reset 0, w_in 1).
struct NeuronParameters {
  std::vector<const char*> time_constants, others;
  bool v_reset = false, w_in = false;
};

NeuronParameters neuron_parameters(NirOpKind kind) {
  switch (kind) {
    case NirOpKind::kIF: return {{}, {"r", "v_threshold"}, true, false};
    case NirOpKind::kLIF: return {{"tau"}, {"r", "v_leak", "v_threshold"}, true, false};
    case NirOpKind::kCubaLIF: return {{"tau_syn", "tau_mem"}, {"r", "v_leak", "v_threshold"}, true, true};
    case NirOpKind::kLI: return {{"tau"}, {"r", "v_leak"}, false, false};
    case NirOpKind::kCubaLI: return {{"tau_syn", "tau_mem"}, {"r", "v_leak"}, false, true};
    default: return {{}, {"r"}, false, false};  // the integrator
  }
}

// Output size of one dimension of a window; fails where it would be empty.
int64_t window_out(const NodeReader& r, int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation) {
  if (stride <= 0 || dilation <= 0 || pad < 0) r.fail("stride and dilation must be positive and padding not negative");
  const int64_t span = dilation * (kernel - 1) + 1;
  if (in + 2 * pad < span)
    r.fail("an input of " + std::to_string(in) + " (padded by " + std::to_string(pad) + ") is smaller than the window of " + std::to_string(span));
  return (in + 2 * pad - span) / stride + 1;
}

void make_conv(const NodeReader& r, const TensorShape* input, NirOp& op) {
  const bool one_d = r.node.type == "Conv1d";
  const size_t dims = one_d ? 1 : 2;
  const NirValue& weight = r.need("weight");
  if (weight.shape.size() != dims + 2) r.fail("weight must have " + std::to_string(dims + 2) + " dimensions (out, in/groups, kernel...), found " + shape_text(weight.shape));
  NirWindow& w = op.window;
  w.groups = r.has("groups") ? r.integer("groups") : 1;
  w.out_channels = weight.shape[0];
  if (w.groups <= 0 || w.out_channels % w.groups != 0) r.fail("groups (" + std::to_string(w.groups) + ") must divide the output channels (" + std::to_string(w.out_channels) + ")");
  w.in_channels = weight.shape[1] * w.groups;
  TensorShape spatial;
  if (input != nullptr) {
    if (input->size() != dims + 1 || (*input)[0] != w.in_channels)
      r.fail("receives shape " + shape_text(*input) + " but its weight " + shape_text(weight.shape) + " and groups " + std::to_string(w.groups) +
             " want [" + std::to_string(w.in_channels) + (one_d ? ", length]" : ", height, width]"));
    spatial.assign(input->begin() + 1, input->end());
  }
  if (r.has("input_shape")) {
    const TensorShape declared = r.shape("input_shape");
    if (declared.size() != dims) r.fail("input_shape must hold " + std::to_string(dims) + " sizes, found " + shape_text(declared));
    if (!spatial.empty() && declared != spatial) r.fail("input_shape " + shape_text(declared) + " differs from the shape it receives, " + shape_text(*input));
    spatial = declared;
  }
  if (spatial.empty()) r.fail("no edge brings it an input and it has no input_shape: its input size is unknown");
  const std::vector<int64_t> kernel(weight.shape.begin() + 2, weight.shape.end());
  const std::vector<int64_t> stride = r.per_dimension("stride", dims), dilation = r.per_dimension("dilation", dims);
  std::vector<int64_t> pad(dims, 0);
  const auto padding = r.node.parameters.find("padding");
  if (padding == r.node.parameters.end()) r.fail("parameter 'padding' is missing");
  if (padding->second.is_text) {
    if (padding->second.text == "same") {
      for (size_t d = 0; d < dims; ++d) {
        if (stride[d] != 1) r.fail("padding 'same' needs a stride of 1");
        if ((dilation[d] * (kernel[d] - 1)) % 2 != 0) r.fail("padding 'same' with an even window is asymmetric, which this engine does not run");
        pad[d] = dilation[d] * (kernel[d] - 1) / 2;
      }
    } else if (padding->second.text != "valid") {
      r.fail("padding '" + padding->second.text + "': expected 'same', 'valid' or integers");
    }
  } else {
    pad = r.per_dimension("padding", dims);
  }
  const size_t h = 0, x = dims - 1;  // height and width in the per-dimension lists (Conv1d: width only)
  w.in_h = one_d ? 1 : spatial[h];
  w.in_w = spatial[x];
  w.kernel_h = one_d ? 1 : kernel[h];
  w.kernel_w = kernel[x];
  w.stride_h = one_d ? 1 : stride[h];
  w.stride_w = stride[x];
  w.dilation_h = one_d ? 1 : dilation[h];
  w.dilation_w = dilation[x];
  w.pad_top = one_d ? 0 : pad[h];
  w.pad_left = pad[x];
  w.out_h = window_out(r, w.in_h, w.kernel_h, w.stride_h, w.pad_top, w.dilation_h);
  w.out_w = window_out(r, w.in_w, w.kernel_w, w.stride_w, w.pad_left, w.dilation_w);
  op.input_shape = one_d ? TensorShape{w.in_channels, w.in_w} : TensorShape{w.in_channels, w.in_h, w.in_w};
  op.output_shape = one_d ? TensorShape{w.out_channels, w.out_w} : TensorShape{w.out_channels, w.out_h, w.out_w};
  op.arrays["weight"] = r.floats("weight");
  op.arrays["bias"] = r.has("bias") ? r.per_neuron("bias", w.out_channels) : std::vector<float>(w.out_channels, 0.0f);
}

void make_pool(const NodeReader& r, const TensorShape* input, NirOp& op) {
  if (input == nullptr) r.fail("no edge brings it an input: its input size is unknown");
  if (input->size() != 3) r.fail("receives shape " + shape_text(*input) + " but pools [channels, height, width]");
  const std::vector<int64_t> kernel = r.per_dimension("kernel_size", 2), stride = r.per_dimension("stride", 2),
                             pad = r.per_dimension("padding", 2);
  for (int64_t k : kernel)
    if (k <= 0) r.fail("kernel_size must be positive");
  NirWindow& w = op.window;
  w.in_channels = w.out_channels = w.groups = (*input)[0];
  w.in_h = (*input)[1];
  w.in_w = (*input)[2];
  w.kernel_h = kernel[0];
  w.kernel_w = kernel[1];
  w.stride_h = stride[0];
  w.stride_w = stride[1];
  w.pad_top = pad[0];
  w.pad_left = pad[1];
  w.out_h = window_out(r, w.in_h, w.kernel_h, w.stride_h, w.pad_top, 1);
  w.out_w = window_out(r, w.in_w, w.kernel_w, w.stride_w, w.pad_left, 1);
  op.input_shape = *input;
  op.output_shape = {w.out_channels, w.out_h, w.out_w};
}

void make_dense(const NodeReader& r, const TensorShape* input, NirOp& op) {
  const NirValue& weight = r.need("weight");
  if (weight.shape.size() != 2) r.fail("weight must be a matrix [out, in], found shape " + shape_text(weight.shape));
  const int64_t out = weight.shape[0], in = weight.shape[1];
  if (input != nullptr && (input->empty() || input->back() != in))
    r.fail("receives shape " + shape_text(*input) + " but its weight " + shape_text(weight.shape) + " takes " + std::to_string(in) +
           " values (the last dimension; a Flatten node before it flattens more)");
  op.input_shape = input != nullptr ? *input : TensorShape{in};
  op.output_shape = op.input_shape;
  op.output_shape.back() = out;
  op.arrays["weight"] = r.floats("weight");
  if (op.kind == NirOpKind::kAffine) op.arrays["bias"] = r.per_neuron("bias", out);
}

void make_flatten(const NodeReader& r, const TensorShape* input, NirOp& op) {
  TensorShape shape;
  if (input != nullptr) shape = *input;
  else if (r.has("input_type")) shape = r.shape("input_type");
  else r.fail("no edge brings it an input and it has no input_type: its input shape is unknown");
  const int64_t rank = static_cast<int64_t>(shape.size());
  int64_t start = r.integer("start_dim"), end = r.integer("end_dim");
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  if (start < 0 || end >= rank || start > end)
    r.fail("start_dim " + std::to_string(r.integer("start_dim")) + " and end_dim " + std::to_string(r.integer("end_dim")) +
           " do not select dimensions of its input " + shape_text(shape) + " (NIR counts them without the batch)");
  op.input_shape = shape;
  op.output_shape.assign(shape.begin(), shape.begin() + start);
  int64_t merged = 1;
  for (int64_t d = start; d <= end; ++d) merged *= shape[d];
  op.output_shape.push_back(merged);
  op.output_shape.insert(op.output_shape.end(), shape.begin() + end + 1, shape.end());
}

// An element-wise node: its shape from its input, or from its first parameter.
void make_elementwise(const NodeReader& r, const TensorShape* input, NirOp& op, const std::string& shaping_key) {
  op.input_shape = input != nullptr ? *input : r.need(shaping_key).shape;
  if (op.input_shape.empty()) op.input_shape = {1};
  op.output_shape = op.input_shape;
}

void make_delay(const NodeReader& r, double dt, NirOp& op) {
  for (double delay : r.need("delay").numbers) {
    const double steps = std::round(delay / dt);
    if (!(delay >= 0) || steps > kLongestDelaySteps) r.fail("a delay of " + std::to_string(delay) + " s: delays must be 0 to " + std::to_string(kLongestDelaySteps) + " steps");
  }
  const std::vector<float> delays = r.per_neuron("delay", op.output_size());
  for (float delay : delays) op.delay_steps.push_back(static_cast<int32_t>(std::lround(static_cast<double>(delay) / dt)));
}

void make_neuron(const NodeReader& r, NirOp& op) {
  const int64_t size = op.output_size();
  const NeuronParameters p = neuron_parameters(op.kind);
  for (const char* key : p.time_constants) op.arrays[key] = r.positive_per_neuron(key, size);
  for (const char* key : p.others) op.arrays[key] = r.per_neuron(key, size);
  if (p.v_reset) op.arrays["v_reset"] = r.has("v_reset") ? r.per_neuron("v_reset", size) : std::vector<float>(size, 0.0f);
  if (p.w_in) op.arrays["w_in"] = r.has("w_in") ? r.per_neuron("w_in", size) : std::vector<float>(size, 1.0f);
}

}  // namespace

NirOpKind nir_op_kind(const NirNode& node, const std::string& where) {
  const auto it = kinds_by_type().find(node.type);
  if (it != kinds_by_type().end()) return it->second;
  std::string known;
  for (const auto& [type, kind] : kinds_by_type()) known += (known.empty() ? "" : ", ") + type;
  throw NirError(where + ": " + node.describe() + ": a node type this engine does not know (it runs NIR 1.0's " + known + " and nested NIRGraph)");
}

NirOp make_nir_op(const NirNode& node, const TensorShape* input_shape, double dt, const std::string& where) {
  const NodeReader r{node, where};
  NirOp op;
  op.kind = nir_op_kind(node, where);
  op.path = node.path;
  op.type = node.type;
  switch (op.kind) {
    case NirOpKind::kInput:
    case NirOpKind::kOutput: {
      const char* key = node.has("shape") ? "shape" : (op.kind == NirOpKind::kInput ? "input_type" : "output_type");
      TensorShape declared = node.has(key) ? r.shape(key) : TensorShape{};
      if (input_shape != nullptr && !declared.empty() && element_count(declared) != element_count(*input_shape))
        r.fail("declares shape " + shape_text(declared) + " but receives " + shape_text(*input_shape));
      if (declared.empty() && input_shape == nullptr) r.fail("has no shape and nothing flows into it");
      op.input_shape = op.output_shape = declared.empty() ? *input_shape : declared;
      break;
    }
    case NirOpKind::kAffine:
    case NirOpKind::kLinear: make_dense(r, input_shape, op); break;
    case NirOpKind::kConv: make_conv(r, input_shape, op); break;
    case NirOpKind::kFlatten: make_flatten(r, input_shape, op); break;
    case NirOpKind::kSumPool:
    case NirOpKind::kAvgPool: make_pool(r, input_shape, op); break;
    case NirOpKind::kScale:
    case NirOpKind::kThreshold: {
      const std::string key = op.kind == NirOpKind::kScale ? "scale" : "threshold";
      make_elementwise(r, input_shape, op, key);
      op.arrays[key] = r.per_neuron(key, op.output_size());
      break;
    }
    case NirOpKind::kDelay:
      make_elementwise(r, input_shape, op, "delay");
      make_delay(r, dt, op);
      break;
    default:  // the neurons
      make_elementwise(r, input_shape, op, neuron_parameters(op.kind).others.front());
      make_neuron(r, op);
      break;
  }
  return op;
}

}  // namespace snn
