#include "io/training_spec.hpp"

#include "io/yaml_reader.hpp"

namespace snn {
namespace {

TrainingLayerSpec read_layer(const YamlReader& r, const YAML::Node& node, const std::string& what) {
  r.expect_map(node, what);
  TrainingLayerSpec layer;
  layer.type = r.choice<std::string>(r.require(node, "type", what), what + ".type", "layer type",
                                     {{"linear", "linear"}, {"conv", "conv"}, {"pool", "pool"}, {"dropout", "dropout"}, {"batch_norm", "batch_norm"}, {"lif", "lif"},
                                      {"recurrent_lif", "recurrent_lif"}, {"li", "li"}});
  if (layer.type == "dropout") {
    r.expect_keys(node, what, {"type", "p"});
    if (node["p"]) {
      layer.dropout = r.non_negative(node["p"], what + ".p");
      if (layer.dropout >= 1) r.fail(node["p"], what + ".p must be below 1 (the fraction dropped)");
    }
    return layer;
  }
  if (layer.type == "batch_norm") {
    r.expect_keys(node, what, {"type"});
    return layer;
  }
  if (layer.type == "li") {
    r.expect_keys(node, what, {"type", "beta"});
    if (node["beta"]) {
      layer.beta = r.positive(node["beta"], what + ".beta");
      if (layer.beta >= 1) r.fail(node["beta"], what + ".beta must lie between 0 and 1 (the decay per step)");
    }
    return layer;
  }
  if (layer.type == "conv") {
    r.expect_keys(node, what, {"type", "channels", "kernel", "stride", "padding"});
    layer.outputs = static_cast<int64_t>(r.positive_integer(r.require(node, "channels", what), what + ".channels"));
    layer.kernel = static_cast<int64_t>(r.positive_integer(r.require(node, "kernel", what), what + ".kernel"));
    if (node["stride"]) layer.stride = static_cast<int64_t>(r.positive_integer(node["stride"], what + ".stride"));
    if (node["padding"]) layer.padding = static_cast<int64_t>(r.non_negative_integer(node["padding"], what + ".padding"));
    return layer;
  }
  if (layer.type == "pool") {
    r.expect_keys(node, what, {"type", "kind", "kernel", "stride"});
    if (node["kind"]) layer.pool = r.choice<std::string>(node["kind"], what + ".kind", "pooling", {{"max", "max"}, {"average", "average"}});
    layer.kernel = static_cast<int64_t>(r.positive_integer(r.require(node, "kernel", what), what + ".kernel"));
    layer.stride = node["stride"] ? static_cast<int64_t>(r.positive_integer(node["stride"], what + ".stride")) : layer.kernel;
    return layer;
  }
  if (layer.type == "linear") {
    r.expect_keys(node, what, {"type", "outputs", "bias"});
    layer.outputs = static_cast<int64_t>(r.positive_integer(r.require(node, "outputs", what), what + ".outputs"));
    if (node["bias"]) layer.bias = r.boolean(node["bias"], what + ".bias");
    return layer;
  }
  r.expect_keys(node, what, {"type", "beta", "threshold", "reset", "surrogate", "surrogate_scale", "detach_reset", "learn_beta"});
  if (node["beta"]) {
    layer.beta = r.positive(node["beta"], what + ".beta");
    if (layer.beta >= 1) r.fail(node["beta"], what + ".beta must lie between 0 and 1 (the decay per step)");
  }
  if (node["threshold"]) layer.threshold = r.positive(node["threshold"], what + ".threshold");
  if (node["reset"]) layer.reset = r.choice<std::string>(node["reset"], what + ".reset", "reset", {{"soft", "soft"}, {"hard", "hard"}});
  if (node["surrogate"])
    layer.surrogate = r.choice<std::string>(node["surrogate"], what + ".surrogate", "surrogate", {{"fast_sigmoid", "fast_sigmoid"}, {"arctan", "arctan"}});
  if (node["surrogate_scale"]) layer.surrogate_scale = r.positive(node["surrogate_scale"], what + ".surrogate_scale");
  if (node["detach_reset"]) layer.detach_reset = r.boolean(node["detach_reset"], what + ".detach_reset");
  if (node["learn_beta"]) layer.learn_beta = r.boolean(node["learn_beta"], what + ".learn_beta");
  return layer;
}

}  // namespace

TrainingSpec load_training_spec(const std::string& path) { return training_spec_from_text(read_text_file(path, "the training file"), path); }

TrainingSpec training_spec_from_text(const std::string& text, const std::string& path) {
  const YAML::Node root = parse_yaml_text(text, path);
  const YamlReader r(path);
  const std::string top = "the training file";
  r.expect_map(root, top);
  r.expect_keys(root, top, {"name", "description", "data", "time_steps", "layers", "loss", "optimizer", "schedule", "batch", "epochs", "seed"});
  TrainingSpec spec;
  spec.file = path;
  spec.text = text;
  spec.name = root["name"] ? r.string(root["name"], "name") : path;
  const YAML::Node data = r.require(root, "data", top);
  r.expect_keys(data, "data", {"train_images", "train_labels", "test_images", "test_labels", "samples", "test_samples", "encoding"});
  spec.train_images = path_beside(path, r.string(r.require(data, "train_images", "data"), "data.train_images"));
  spec.train_labels = path_beside(path, r.string(r.require(data, "train_labels", "data"), "data.train_labels"));
  spec.test_images = path_beside(path, r.string(r.require(data, "test_images", "data"), "data.test_images"));
  spec.test_labels = path_beside(path, r.string(r.require(data, "test_labels", "data"), "data.test_labels"));
  if (data["samples"]) spec.samples = static_cast<int64_t>(r.non_negative_integer(data["samples"], "data.samples"));
  if (data["test_samples"]) spec.test_samples = static_cast<int64_t>(r.non_negative_integer(data["test_samples"], "data.test_samples"));
  if (data["encoding"]) spec.encoding = r.choice<std::string>(data["encoding"], "data.encoding", "encoding", {{"direct", "direct"}, {"rate", "rate"}});
  if (root["time_steps"]) spec.time_steps = static_cast<int64_t>(r.positive_integer(root["time_steps"], "time_steps"));
  const YAML::Node layers = r.require(root, "layers", top);
  r.expect_sequence(layers, "layers");
  for (size_t k = 0; k < layers.size(); ++k) spec.layers.push_back(read_layer(r, layers[k], "layers[" + std::to_string(k) + "]"));
  if (root["loss"])
    spec.loss = r.choice<std::string>(root["loss"], "loss", "loss",
                                      {{"count_cross_entropy", "count_cross_entropy"}, {"membrane_cross_entropy", "membrane_cross_entropy"}});
  const std::string last = spec.layers.empty() ? "" : spec.layers.back().type;
  if (spec.loss == "count_cross_entropy" && last != "lif" && last != "recurrent_lif")
    r.fail(layers, "layers must end with a lif layer: the count loss counts its spikes per class");
  if (spec.loss == "membrane_cross_entropy" && last != "li")
    r.fail(layers, "layers must end with an li layer: the membrane loss averages its potential per class");
  if (const YAML::Node o = root["optimizer"]) {
    r.expect_keys(o, "optimizer", {"type", "learning_rate", "momentum", "weight_decay"});
    if (o["type"]) spec.optimizer = r.choice<std::string>(o["type"], "optimizer.type", "optimizer", {{"adam", "adam"}, {"sgd", "sgd"}});
    if (o["learning_rate"]) spec.learning_rate = r.positive(o["learning_rate"], "optimizer.learning_rate");
    if (o["momentum"]) spec.momentum = r.non_negative(o["momentum"], "optimizer.momentum");
    if (o["weight_decay"]) spec.weight_decay = r.non_negative(o["weight_decay"], "optimizer.weight_decay");
  }
  if (const YAML::Node s = root["schedule"]) {
    r.expect_keys(s, "schedule", {"type", "step_epochs", "gamma"});
    if (s["type"])
      spec.schedule = r.choice<std::string>(s["type"], "schedule.type", "schedule", {{"constant", "constant"}, {"cosine", "cosine"}, {"step", "step"}});
    if (s["step_epochs"]) spec.step_epochs = static_cast<int64_t>(r.positive_integer(s["step_epochs"], "schedule.step_epochs"));
    if (s["gamma"]) spec.gamma = r.positive(s["gamma"], "schedule.gamma");
  }
  if (root["batch"]) spec.batch = static_cast<int64_t>(r.positive_integer(root["batch"], "batch"));
  if (root["epochs"]) spec.epochs = static_cast<int64_t>(r.positive_integer(root["epochs"], "epochs"));
  if (root["seed"]) spec.seed = r.non_negative_integer(root["seed"], "seed");
  return spec;
}

}  // namespace snn
