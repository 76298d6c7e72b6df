#include "training/motion_delay_spec.hpp"

#include "io/yaml_reader.hpp"

namespace snn {

bool is_motion_delay_file(const std::string& path) {
  const YAML::Node root = parse_yaml_text(read_text_file(path, "the training file"), path);
  return root.IsMap() && root["stimuli"];
}

MotionDelaySpec load_motion_delay_spec(const std::string& path) {
  const YAML::Node root = parse_yaml_text(read_text_file(path, "the training file"), path);
  const YamlReader r(path);
  const std::string top = "the training file";
  r.expect_map(root, top);
  r.expect_keys(root, top, {"name", "description", "stimuli", "layer", "delay_sweep", "keep", "engine", "learning_rate", "batch", "epochs", "seed"});
  MotionDelaySpec spec;
  spec.file = path;
  spec.name = root["name"] ? r.string(root["name"], "name") : path;
  training::MotionDelaySettings& s = spec.settings;
  const YAML::Node stimuli = r.require(root, "stimuli", top);
  r.expect_map(stimuli, "stimuli");
  r.expect_keys(stimuli, "stimuli", {"size", "frames", "directions", "speed", "spatial_frequency", "frequency_bandwidth", "orientation",
                                      "orientation_bandwidth", "speed_bandwidth", "gratings", "contrast", "event_threshold", "train", "test"});
  const auto count = [&](const YAML::Node& map, const char* key, uint32_t& into, const std::string& at) {
    if (map[key]) into = static_cast<uint32_t>(r.positive_integer(map[key], at + "." + key));
  };
  uint32_t size = s.cloud.width;
  count(stimuli, "size", size, "stimuli");
  s.cloud.width = s.cloud.height = size;
  count(stimuli, "frames", s.cloud.frames, "stimuli");
  count(stimuli, "directions", s.directions, "stimuli");
  count(stimuli, "gratings", s.cloud.gratings, "stimuli");
  count(stimuli, "train", s.train_movies, "stimuli");
  count(stimuli, "test", s.test_movies, "stimuli");
  if (s.directions < 2) r.fail(stimuli["directions"], "stimuli.directions: at least 2 directions are needed to tell apart");
  if (stimuli["speed"]) s.cloud.speed = r.positive(stimuli["speed"], "stimuli.speed");
  if (stimuli["spatial_frequency"]) {
    s.cloud.spatial_frequency = r.positive(stimuli["spatial_frequency"], "stimuli.spatial_frequency");
    if (s.cloud.spatial_frequency > 0.5) r.fail(stimuli["spatial_frequency"], "stimuli.spatial_frequency: at most 0.5 cycles per pixel (Nyquist)");
  }
  if (stimuli["frequency_bandwidth"]) s.cloud.frequency_bandwidth = r.non_negative(stimuli["frequency_bandwidth"], "stimuli.frequency_bandwidth");
  if (stimuli["orientation"]) s.cloud.orientation_deg = r.number(stimuli["orientation"], "stimuli.orientation");
  if (stimuli["orientation_bandwidth"]) s.cloud.orientation_bandwidth_deg = r.number(stimuli["orientation_bandwidth"], "stimuli.orientation_bandwidth");
  if (stimuli["speed_bandwidth"]) s.cloud.speed_bandwidth = r.non_negative(stimuli["speed_bandwidth"], "stimuli.speed_bandwidth");
  if (stimuli["contrast"]) s.cloud.contrast = r.positive(stimuli["contrast"], "stimuli.contrast");
  if (stimuli["event_threshold"]) s.event_threshold = static_cast<float>(r.positive(stimuli["event_threshold"], "stimuli.event_threshold"));
  if (const YAML::Node layer = root["layer"]) {
    r.expect_map(layer, "layer");
    r.expect_keys(layer, "layer", {"kernel", "delays"});
    count(layer, "kernel", s.kernel, "layer");
    count(layer, "delays", s.delays, "layer");
  }
  if (s.kernel > s.cloud.width) r.fail(root["layer"], "layer.kernel (" + std::to_string(s.kernel) + ") is larger than the stimuli (" + std::to_string(size) + ")");
  if (s.delays > s.cloud.frames) r.fail(root["layer"], "layer.delays (" + std::to_string(s.delays) + ") exceed the stimuli's frames (" + std::to_string(s.cloud.frames) + ")");
  if (root["delay_sweep"])
    for (double d : r.numbers(root["delay_sweep"], "delay_sweep")) {
      if (d < 1 || d != static_cast<uint32_t>(d) || d > s.cloud.frames)
        r.fail(root["delay_sweep"], "delay_sweep: " + std::to_string(d) + " is not a whole number of delays between 1 and the frames");
      spec.delay_sweep.push_back(static_cast<uint32_t>(d));
    }
  if (root["keep"])
    for (double k : r.numbers(root["keep"], "keep")) {
      if (!(k > 0 && k <= 1)) r.fail(root["keep"], "keep: " + std::to_string(k) + " is not a fraction of the weights in (0, 1]");
      spec.keep.push_back(k);
    }
  if (const YAML::Node engine = root["engine"]) {
    r.expect_map(engine, "engine");
    r.expect_keys(engine, "engine", {"movies", "keep"});
    if (engine["movies"]) spec.engine_movies = static_cast<uint32_t>(r.non_negative_integer(engine["movies"], "engine.movies"));
    if (engine["keep"]) {
      spec.engine_keep = r.positive(engine["keep"], "engine.keep");
      if (spec.engine_keep > 1) r.fail(engine["keep"], "engine.keep: a fraction of the weights, at most 1");
    }
  }
  if (root["learning_rate"]) s.learning_rate = r.positive(root["learning_rate"], "learning_rate");
  count(root, "batch", s.batch, top);
  count(root, "epochs", s.epochs, top);
  if (root["seed"]) s.seed = r.non_negative_integer(root["seed"], "seed");
  return spec;
}

}  // namespace snn
