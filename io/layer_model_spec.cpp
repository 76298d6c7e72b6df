#include "io/layer_model_spec.hpp"

#include "io/yaml_reader.hpp"

namespace snn {

bool is_layer_model_text(const std::string& yaml_text) {
  try {
    const YAML::Node root = YAML::Load(yaml_text);
    return root.IsMap() && root["layer_model"];
  } catch (const YAML::Exception&) {
    return false;  // the experiment loader reports the syntax error with its location
  }
}

LayerModelSpec load_layer_model(const std::string& path) {
  const YAML::Node root = parse_yaml_text(read_text_file(path, "the layer model file"), path);
  const YamlReader r(path);
  r.expect_map(root, "the layer model file");
  r.expect_keys(root, "the layer model file", {"name", "description", "layer_model", "data", "batch"});
  LayerModelSpec spec;
  spec.file = path;
  spec.name = root["name"] ? r.string(root["name"], "name") : path;
  const YAML::Node model = r.require(root, "layer_model", "the layer model file");
  r.expect_keys(model, "layer_model", {"kind", "weights", "heads", "patch", "time_steps"});
  spec.kind = r.choice<std::string>(r.require(model, "kind", "layer_model"), "layer_model.kind", "layer model",
                                    {{"spikformer", "spikformer"}, {"spike_gpt", "spike_gpt"}});
  spec.weights = path_beside(path, r.string(r.require(model, "weights", "layer_model"), "layer_model.weights"));
  if (model["heads"]) spec.heads = static_cast<int64_t>(r.positive_integer(model["heads"], "layer_model.heads"));
  if (model["patch"]) spec.patch = static_cast<int64_t>(r.positive_integer(model["patch"], "layer_model.patch"));
  if (model["time_steps"])
    spec.time_steps = static_cast<int64_t>(r.positive_integer(model["time_steps"], "layer_model.time_steps"));
  spec.data = path_beside(path, r.string(r.require(root, "data", "the layer model file"), "data"));
  if (root["batch"]) spec.batch = static_cast<int64_t>(r.positive_integer(root["batch"], "batch"));
  return spec;
}

}  // namespace snn
