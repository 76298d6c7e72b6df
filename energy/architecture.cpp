#include "energy/architecture.hpp"

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

Layer read_layer(const YamlReader& r, const YAML::Node& node, size_t index) {
  const std::string where = "layers[" + std::to_string(index) + "]";
  r.expect_map(node, where);
  Layer layer;
  layer.kind = r.string(r.require(node, "type", where), where + ".type");
  layer.name = node["name"] ? r.string(node["name"], where + ".name") : layer.kind + std::to_string(index + 1);
  const YAML::Node rate = r.require(node, "rate", where);
  layer.input_rate = r.number(rate, where + ".rate");
  if (layer.input_rate < 0 || layer.input_rate > 1)
    r.fail(rate, where + ".rate: expected spikes per input per time step, between 0 and 1");
  if (layer.kind == "fc") {
    r.expect_keys(node, where, {"name", "type", "inputs", "outputs", "rate"});
    layer.inputs = r.positive_integer(r.require(node, "inputs", where), where + ".inputs");
    layer.outputs = r.positive_integer(r.require(node, "outputs", where), where + ".outputs");
    layer.connections = layer.inputs * layer.outputs;
  } else if (layer.kind == "conv") {
    r.expect_keys(node, where, {"name", "type", "input", "out_channels", "kernel", "stride", "padding", "rate"});
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
  } else if (layer.kind == "custom") {
    r.expect_keys(node, where, {"name", "type", "inputs", "outputs", "connections", "rate"});
    layer.inputs = r.positive_integer(r.require(node, "inputs", where), where + ".inputs");
    layer.outputs = r.positive_integer(r.require(node, "outputs", where), where + ".outputs");
    layer.connections = r.positive_integer(r.require(node, "connections", where), where + ".connections");
  } else {
    r.fail(node["type"], where + ".type: unknown layer type '" + layer.kind + "' (expected fc, conv or custom)");
  }
  return layer;
}

}  // namespace

Architecture parse_architecture(const std::string& yaml_text, const std::string& file_name) {
  YamlReader r(file_name);
  const YAML::Node root = parse_yaml_text(yaml_text, file_name);
  r.expect_map(root, "the architecture");
  r.expect_keys(root, "the architecture", {"name", "time_steps", "ann_passes", "snn", "baselines", "layers"});
  Architecture arch;
  arch.name = root["name"] ? r.string(root["name"], "name") : file_name;
  arch.time_steps = static_cast<uint32_t>(r.positive_integer(r.require(root, "time_steps", "the architecture"), "time_steps"));
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
  return arch;
}

Architecture load_architecture(const std::string& path) {
  return parse_architecture(read_text_file(path, "the architecture file"), path);
}

}  // namespace snn::energy
