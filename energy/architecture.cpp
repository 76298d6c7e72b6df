#include "energy/architecture.hpp"

#include <algorithm>

#include "io/yaml_reader.hpp"

namespace snn::energy {
namespace {

Precision read_precision(const YamlReader& r, const YAML::Node& node, const std::string& what) {
  const std::string name = r.string(node, what);
  if (const auto p = precision_from_name(name)) return *p;
  r.fail(node, what + ": unknown precision '" + name + "' (expected fp32, fp16, int32, int8, int4 or binary)");
}

// A convolution's output side for one spatial axis.
uint64_t conv_output(const YamlReader& r, const YAML::Node& at, uint64_t input, uint64_t kernel, uint64_t stride,
                     uint64_t padding) {
  if (input + 2 * padding < kernel) r.fail(at, "the kernel is larger than the padded input");
  return (input + 2 * padding - kernel) / stride + 1;
}

// The keys every layer type has besides its own.
const std::vector<std::string> kCommonKeys = {"name", "type", "rate", "analog_input", "time_steps"};

std::vector<std::string> with_common_keys(std::vector<std::string> keys) {
  keys.insert(keys.end(), kCommonKeys.begin(), kCommonKeys.end());
  return keys;
}

double read_rate(const YamlReader& r, const YAML::Node& node, const std::string& what) {
  const double rate = r.number(node, what);
  if (rate < 0 || rate > 1) r.fail(node, what + ": expected spikes per input per time step, between 0 and 1");
  return rate;
}

// fc: a fully-connected layer, applied to each of `tokens` positions (a transformer's linear layers).
void read_fc(const YamlReader& r, const YAML::Node& node, const std::string& where, Layer& layer) {
  r.expect_keys(node, where, with_common_keys({"inputs", "outputs", "tokens", "bias"}));
  const uint64_t tokens = node["tokens"] ? r.positive_integer(node["tokens"], where + ".tokens") : 1;
  const uint64_t inputs = r.positive_integer(r.require(node, "inputs", where), where + ".inputs");
  const uint64_t outputs = r.positive_integer(r.require(node, "outputs", where), where + ".outputs");
  layer.inputs = tokens * inputs;
  layer.outputs = tokens * outputs;
  layer.connections = tokens * inputs * outputs;
}

void read_conv(const YamlReader& r, const YAML::Node& node, const std::string& where, Layer& layer) {
  r.expect_keys(node, where, with_common_keys({"input", "out_channels", "kernel", "stride", "padding", "bias"}));
  const YAML::Node input = r.require(node, "input", where);
  const std::vector<double> shape = r.numbers(input, where + ".input");
  if (shape.size() != 3 || shape[0] < 1 || shape[1] < 1 || shape[2] < 1)
    r.fail(input, where + ".input: expected [height, width, channels]");
  const uint64_t height = static_cast<uint64_t>(shape[0]), width = static_cast<uint64_t>(shape[1]),
                 channels = static_cast<uint64_t>(shape[2]);
  const uint64_t out_channels = r.positive_integer(r.require(node, "out_channels", where), where + ".out_channels");
  const uint64_t kernel = r.positive_integer(r.require(node, "kernel", where), where + ".kernel");
  const uint64_t stride = node["stride"] ? r.positive_integer(node["stride"], where + ".stride") : 1;
  const uint64_t padding = node["padding"] ? r.non_negative_integer(node["padding"], where + ".padding") : 0;
  const uint64_t out_height = conv_output(r, input, height, kernel, stride, padding);
  const uint64_t out_width = conv_output(r, input, width, kernel, stride, padding);
  layer.inputs = height * width * channels;
  layer.outputs = out_height * out_width * out_channels;
  layer.connections = layer.outputs * kernel * kernel * channels;
}

// Spiking self-attention without softmax over `tokens` positions of width `dim` in `heads` heads,
// evaluated as Q (K^T V), which costs tokens * dim^2 / heads operations per product. The SNN counts
// as Spikingformer's published counter does: K^T V accumulates at min(key, value) rate (an upper bound
// of the coincidences of two spike maps), Q (K^T V) at the query rate; the layer's rate is their mean.
void read_attention(const YamlReader& r, const YAML::Node& node, const std::string& where, Layer& layer) {
  r.expect_keys(node, where, {"name", "type", "tokens", "dim", "heads", "rates", "time_steps"});
  const uint64_t tokens = r.positive_integer(r.require(node, "tokens", where), where + ".tokens");
  const YAML::Node dim_node = r.require(node, "dim", where);
  const uint64_t dim = r.positive_integer(dim_node, where + ".dim");
  const uint64_t heads = r.positive_integer(r.require(node, "heads", where), where + ".heads");
  if (dim % heads != 0) r.fail(dim_node, where + ".dim: expected a multiple of heads (" + std::to_string(heads) + ")");
  const YAML::Node rates = r.require(node, "rates", where);
  r.expect_keys(rates, where + ".rates", {"query", "key", "value"});
  const double query = read_rate(r, r.require(rates, "query", where + ".rates"), where + ".rates.query");
  const double key = read_rate(r, r.require(rates, "key", where + ".rates"), where + ".rates.key");
  const double value = read_rate(r, r.require(rates, "value", where + ".rates"), where + ".rates.value");
  layer.inputs = 3 * tokens * dim;
  layer.outputs = tokens * dim;
  layer.connections = 2 * tokens * dim * (dim / heads);
  layer.input_rate = (std::min(key, value) + query) / 2;
}

void read_custom(const YamlReader& r, const YAML::Node& node, const std::string& where, Layer& layer) {
  r.expect_keys(node, where, with_common_keys({"inputs", "outputs", "connections"}));
  layer.inputs = r.positive_integer(r.require(node, "inputs", where), where + ".inputs");
  layer.outputs = r.positive_integer(r.require(node, "outputs", where), where + ".outputs");
  layer.connections = r.positive_integer(r.require(node, "connections", where), where + ".connections");
}

Layer read_layer(const YamlReader& r, const YAML::Node& node, size_t index) {
  const std::string where = "layers[" + std::to_string(index) + "]";
  r.expect_map(node, where);
  Layer layer;
  layer.kind = r.string(r.require(node, "type", where), where + ".type");
  layer.name = node["name"] ? r.string(node["name"], where + ".name") : layer.kind + std::to_string(index + 1);
  if (layer.kind == "fc") read_fc(r, node, where, layer);
  else if (layer.kind == "conv") read_conv(r, node, where, layer);
  else if (layer.kind == "attention") read_attention(r, node, where, layer);
  else if (layer.kind == "custom") read_custom(r, node, where, layer);
  else r.fail(node["type"], where + ".type: unknown layer type '" + layer.kind + "' (expected fc, conv, attention or custom)");
  // A bias is counted as the published counters count it: one more connection per output.
  if (node["bias"] && r.boolean(node["bias"], where + ".bias")) layer.connections += layer.outputs;
  if (node["time_steps"])
    layer.time_steps = static_cast<uint32_t>(r.positive_integer(node["time_steps"], where + ".time_steps"));
  if (node["analog_input"]) layer.analog_input = r.boolean(node["analog_input"], where + ".analog_input");
  if (layer.kind == "attention") return layer;
  if (layer.analog_input) {
    if (node["rate"]) r.fail(node["rate"], where + ".rate: an analog input has no firing rate");
  } else {
    layer.input_rate = read_rate(r, r.require(node, "rate", where), where + ".rate");
  }
  return layer;
}

}  // namespace

const char* method_name(EnergyMethod method) {
  return method == EnergyMethod::kFull ? "full" : "synaptic_ops";
}

std::optional<EnergyMethod> method_from_name(const std::string& name) {
  for (EnergyMethod m : {EnergyMethod::kFull, EnergyMethod::kSynapticOps})
    if (name == method_name(m)) return m;
  return std::nullopt;
}

Architecture parse_architecture(const std::string& yaml_text, const std::string& file_name) {
  YamlReader r(file_name);
  const YAML::Node root = parse_yaml_text(yaml_text, file_name);
  r.expect_map(root, "the architecture");
  r.expect_keys(root, "the architecture", {"name", "method", "time_steps", "ann_passes", "snn", "baselines", "layers", "published"});
  Architecture arch;
  arch.name = root["name"] ? r.string(root["name"], "name") : file_name;
  arch.time_steps = static_cast<uint32_t>(r.positive_integer(r.require(root, "time_steps", "the architecture"), "time_steps"));
  if (const YAML::Node method = root["method"]) {
    const auto known = method_from_name(r.string(method, "method"));
    if (!known) r.fail(method, "method: expected full or synaptic_ops");
    arch.method = *known;
  }
  if (root["ann_passes"]) arch.ann_passes = static_cast<uint32_t>(r.positive_integer(root["ann_passes"], "ann_passes"));
  if (const YAML::Node snn = root["snn"]) {
    r.expect_keys(snn, "snn", {"weights", "state"});
    if (snn["weights"]) arch.snn_weights = read_precision(r, snn["weights"], "snn.weights");
    if (snn["state"]) arch.snn_state = read_precision(r, snn["state"], "snn.state");
  }
  if (const YAML::Node baselines = root["baselines"]) {
    r.expect_sequence(baselines, "baselines");
    for (size_t k = 0; k < baselines.size(); ++k)
      arch.baselines.push_back(read_precision(r, baselines[k], "baselines[" + std::to_string(k) + "]"));
  } else {
    arch.baselines = {Precision::kFp32, Precision::kFp16, Precision::kInt8, Precision::kInt4, Precision::kBinary};
  }
  const YAML::Node layers = r.require(root, "layers", "the architecture");
  r.expect_sequence(layers, "layers");
  if (layers.size() == 0) r.fail(layers, "layers: expected at least one layer");
  for (size_t k = 0; k < layers.size(); ++k) arch.layers.push_back(read_layer(r, layers[k], k));
  if (const YAML::Node published = root["published"]) {
    r.expect_keys(published, "published", {"source", "energy_mj", "synaptic_ops", "method"});
    PublishedEnergy p;
    p.source = r.string(r.require(published, "source", "published"), "published.source");
    p.energy_pj = 1e9 * r.positive(r.require(published, "energy_mj", "published"), "published.energy_mj");
    if (published["synaptic_ops"]) p.synaptic_ops = r.positive(published["synaptic_ops"], "published.synaptic_ops");
    if (published["method"]) {
      const auto known = method_from_name(r.string(published["method"], "published.method"));
      if (!known) r.fail(published["method"], "published.method: expected full or synaptic_ops");
      p.method = *known;
    }
    arch.published = p;
  }
  return arch;
}

Architecture load_architecture(const std::string& path) {
  return parse_architecture(read_text_file(path, "the architecture file"), path);
}

}  // namespace snn::energy
