#include "io/experiment_loader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "core/foundation/number_text.hpp"
#include "core/network.hpp"
#include "core/spec_validation.hpp"
#include "core/weight_checks.hpp"
#include "encoders/cued_trials.hpp"
#include "encoders/moving_pattern.hpp"
#include "io/idx_reader.hpp"
#include "io/spike_times_file.hpp"
#include "io/yaml_reader.hpp"
#include "neurons/neuron_models.hpp"
#include "plasticity/plasticity_rules.hpp"

namespace snn {
namespace {

// The shortest step and the longest run, in steps, an experiment may ask for.
constexpr double kShortestStepMs = 1e-4;
constexpr double kMostSteps = 1e12;

// Applies "a.b.0.c=value": map keys by name, list entries by index. The new value is a plain
// scalar, so errors about it are reported as coming from --set.
void apply_override(YAML::Node root, const std::string& setting, const std::string& file) {
  const size_t equals = setting.find('=');
  if (equals == std::string::npos || equals == 0)
    throw ExperimentError(file, 0, 0, "--set '" + setting + "': expected path.to.key=value");
  const std::string path = setting.substr(0, equals), value = setting.substr(equals + 1);
  std::vector<std::string> parts;
  std::stringstream stream(path);
  for (std::string part; std::getline(stream, part, '.');) parts.push_back(part);
  YAML::Node node = root;
  for (size_t k = 0; k + 1 < parts.size(); ++k) {
    YAML::Node next;
    if (node.IsSequence()) {
      char* end = nullptr;
      const unsigned long index = std::strtoul(parts[k].c_str(), &end, 10);
      if (*end != '\0' || index >= node.size())
        throw ExperimentError(file, 0, 0, "--set '" + path + "': '" + parts[k] + "' is not an index of that list");
      next = node[index];
    } else if (node.IsMap() && node[parts[k]]) {
      next = node[parts[k]];
    } else if (node.IsMap() || node.IsNull()) {
      node[parts[k]] = YAML::Node(YAML::NodeType::Map);
      next = node[parts[k]];
    } else {
      throw ExperimentError(file, 0, 0, "--set '" + path + "': '" + parts[k] + "' is not a mapping or list");
    }
    node.reset(next);
  }
  if (node.IsSequence()) {
    char* end = nullptr;
    const unsigned long index = std::strtoul(parts.back().c_str(), &end, 10);
    if (*end != '\0' || index >= node.size())
      throw ExperimentError(file, 0, 0, "--set '" + path + "': '" + parts.back() + "' is not an index of that list");
    node[index] = YAML::Node(value);
  } else {
    node[parts.back()] = YAML::Node(value);
  }
}

class ExperimentReader {
 public:
  ExperimentReader(const std::string& file) : r_(file) {}

  ExperimentSpec read(const YAML::Node& root) {
    r_.expect_keys(root, "the experiment",
                   {"name", "description", "constants", "simulation", "populations", "modulators", "projections", "inputs",
                    "readouts", "record", "reference"});
    ExperimentSpec spec;
    if (root["name"]) spec.name = r_.string(root["name"], "name");
    if (root["description"]) spec.description = r_.string(root["description"], "description");
    read_constants(root["constants"]);
    read_simulation(r_.require(root, "simulation", "the experiment"), spec);
    seed_ = spec.seed;
    const YAML::Node populations = r_.require(root, "populations", "the experiment");
    r_.expect_map(populations, "populations");
    for (const auto& entry : populations) spec.populations.push_back(read_population(entry.first, entry.second, spec));
    if (spec.populations.empty()) r_.fail(populations, "populations: at least one population is required");
    if (root["modulators"] && !root["modulators"].IsNull()) {
      r_.expect_map(root["modulators"], "modulators");
      for (const auto& entry : root["modulators"]) spec.modulators.push_back(read_modulator(entry.first, entry.second, spec));
      check_gates(root["modulators"], spec);
    }
    if (root["projections"] && !root["projections"].IsNull()) {
      r_.expect_sequence(root["projections"], "projections");
      for (size_t k = 0; k < root["projections"].size(); ++k)
        spec.projections.push_back(read_projection(root["projections"][k], k, spec));
    }
    if (root["inputs"] && !root["inputs"].IsNull()) {
      r_.expect_sequence(root["inputs"], "inputs");
      for (size_t k = 0; k < root["inputs"].size(); ++k) spec.inputs.push_back(read_input(root["inputs"][k], k, spec));
    }
    if (root["readouts"] && !root["readouts"].IsNull()) {
      r_.expect_map(root["readouts"], "readouts");
      for (const auto& entry : root["readouts"]) tasks_.readouts.push_back(read_readout(entry.first, entry.second, spec));
    }
    if (root["record"]) read_record(root["record"], spec);
    if (root["reference"] && !root["reference"].IsNull()) read_reference(root["reference"], spec);
    return spec;
  }
  const ExperimentTasks& tasks() const { return tasks_; }

 private:
  void read_constants(const YAML::Node& node) {
    if (!node || node.IsNull()) return;
    r_.expect_map(node, "constants");
    std::map<std::string, double> constants;
    for (const auto& entry : node) {
      const std::string name = entry.first.Scalar();
      for (const auto& reserved : per_item_variables())
        if (name == reserved) r_.fail(entry.first, "constants: '" + name + "' is reserved for per-item draws");
      r_.set_constants(constants);  // a constant may use the ones defined before it
      constants[name] = r_.number(entry.second, "constants." + name);
    }
    r_.set_constants(constants);
  }

  void read_simulation(const YAML::Node& node, ExperimentSpec& spec) {
    r_.expect_keys(node, "simulation", {"dt", "duration", "seed", "threads"});
    spec.dt_ms = r_.positive(r_.require(node, "dt", "simulation"), "simulation.dt");
    spec.duration_ms = r_.positive(r_.require(node, "duration", "simulation"), "simulation.duration");
    // A step count that a run could not reach (or that would overflow) is a mistake, not a plan.
    if (spec.dt_ms < kShortestStepMs)
      r_.fail(node["dt"], "simulation.dt: at least " + number_text(kShortestStepMs) + " ms, got " + number_text(spec.dt_ms));
    if (spec.duration_ms / spec.dt_ms > kMostSteps)
      r_.fail(node["duration"], "simulation.duration: " + number_text(spec.duration_ms) + " ms is " +
                                    number_text(spec.duration_ms / spec.dt_ms) + " steps of " + number_text(spec.dt_ms) +
                                    " ms, more than the " + number_text(kMostSteps) + " a run takes");
    if (node["seed"]) spec.seed = r_.non_negative_integer(node["seed"], "simulation.seed");
    if (node["threads"]) {
      const uint64_t threads = r_.non_negative_integer(node["threads"], "simulation.threads");
      if (threads > kMostThreads)
        r_.fail(node["threads"], "simulation.threads: at most " + std::to_string(kMostThreads) + " (0: all cores)");
      spec.threads = static_cast<int>(threads);
    }
    dt_node_ = node["dt"];
  }

  // model: a neuron model of the list (neurons/neuron_models.hpp) or a kind of spike source.
  void read_model(const YAML::Node& node, const std::string& what, PopulationSpec& pop) {
    std::vector<std::pair<std::string, int>> choices;
    const std::vector<std::string> models = neuron_model_names();
    for (size_t k = 0; k < models.size(); ++k) choices.emplace_back(models[k], static_cast<int>(k));
    choices.insert(choices.end(), {{"poisson_source", -1}, {"spike_source_array", -2}, {"encoded_source", -3}});
    const int chosen = r_.choice<int>(node, what + ".model", "model", choices);
    pop.kind = chosen == -1   ? PopulationKind::kPoissonSource
               : chosen == -2 ? PopulationKind::kSpikeSourceArray
               : chosen == -3 ? PopulationKind::kEncodedSource
                              : PopulationKind::kNeurons;
    if (chosen >= 0) pop.neuron_model = static_cast<NeuronModelId>(chosen);
  }

  // The models for which `has` holds, by name.
  static std::string models_that(bool NeuronModelInfo::*has) {
    std::string names;
    for (NeuronModelId id = 0; id < NeuronModels::kCount; ++id)
      if (neuron_model_info(id).*has) names += (names.empty() ? "" : ", ") + std::string(neuron_model_info(id).name);
    return names;
  }

  PopulationSpec read_population(const YAML::Node& key, const YAML::Node& node, const ExperimentSpec& spec) {
    PopulationSpec pop;
    pop.name = r_.name(key, "populations");
    if (spec.population_index(pop.name) >= 0) r_.fail(key, "population '" + pop.name + "' is defined twice");
    const std::string what = "population '" + pop.name + "'";
    r_.expect_keys(node, what, {"model", "size", "parameters", "initial", "substeps", "integrator", "rate", "spike_times", "spike_file",
                                "data", "encoding", "presentation", "positions"});
    read_model(r_.require(node, "model", what), what, pop);
    const uint64_t size = r_.positive_integer(r_.require(node, "size", what), what + ".size");
    if (size > 0xFFFFFFFFull) r_.fail(node["size"], what + ".size: at most 4294967295 neurons per population");
    pop.size = static_cast<uint32_t>(size);
    const bool neurons = pop.kind == PopulationKind::kNeurons;
    const NeuronModelInfo* model = neurons ? &neuron_model_info(pop.neuron_model) : nullptr;
    read_values(node["parameters"], what + ".parameters", neurons ? model->names(ValueRole::kParameter) : std::vector<std::string>{},
                pop.parameters);
    read_values(node["initial"], what + ".initial", neurons ? model->names(ValueRole::kState) : std::vector<std::string>{},
                pop.initial);
    if (node["substeps"]) {
      if (!neurons || !model->takes_substeps)
        r_.fail(node["substeps"], what + ": substeps does not apply to " + population_model_name(pop) + " (models that take it: " +
                                      models_that(&NeuronModelInfo::takes_substeps) + ")");
      pop.substeps = static_cast<int32_t>(r_.positive_integer(node["substeps"], what + ".substeps"));
    }
    if (node["integrator"]) {
      if (!neurons || !model->offers_forward_euler)
        r_.fail(node["integrator"], what + ": integrator does not apply to " + population_model_name(pop) +
                                        " (models that offer a choice: " + models_that(&NeuronModelInfo::offers_forward_euler) + ")");
      const std::string integrator = r_.string(node["integrator"], what + ".integrator");
      if (integrator != "exact" && integrator != "forward_euler")
        r_.fail(node["integrator"], what + ".integrator: expected exact (the default) or forward_euler, not '" + integrator + "'");
      pop.forward_euler = integrator == "forward_euler";
    }
    if (pop.kind == PopulationKind::kPoissonSource) {
      pop.rate_hz = r_.distribution(r_.require(node, "rate", what), what + ".rate");
      if (pop.rate_hz.is_constant() && pop.rate_hz.value < 0) r_.fail(node["rate"], what + ".rate: must be >= 0 Hz");
    } else if (node["rate"]) {
      r_.fail(node["rate"], what + ": rate applies to poisson_source only");
    }
    if (pop.kind == PopulationKind::kSpikeSourceArray) {
      read_spike_times(node, what, pop);
    } else if (node["spike_times"] || node["spike_file"]) {
      r_.fail(node, what + ": spike_times and spike_file apply to spike_source_array only");
    }
    if (node["positions"]) pop.positions = read_positions(node["positions"], what + ".positions", pop.size);
    if (pop.kind == PopulationKind::kEncodedSource) {
      read_encoded_source(node, what, pop);
    } else {
      for (const char* key : {"data", "encoding", "presentation"})
        if (node[key]) r_.fail(node[key], what + ": '" + key + "' applies to encoded_source only");
    }
    return pop;
  }

  // A file named in the experiment: absolute, or relative to the experiment file's folder.
  std::string resolve_path(const std::string& path) const {
    const std::string base = r_.file().find('/') == std::string::npos ? "" : r_.file().substr(0, r_.file().rfind('/') + 1);
    return path.empty() || path[0] == '/' ? path : base + path;
  }

  void read_spike_times(const YAML::Node& node, const std::string& what, PopulationSpec& pop) {
    if (node["spike_times"] && node["spike_file"]) r_.fail(node, what + ": give spike_times or spike_file, not both");
    if (node["spike_file"]) {
      pop.spike_times_ms = read_spike_times_file(resolve_path(r_.string(node["spike_file"], what + ".spike_file")), pop.size);
      return;
    }
    const YAML::Node lists = r_.require(node, "spike_times", what);
    r_.expect_sequence(lists, what + ".spike_times");
    if (lists.size() > pop.size) r_.fail(lists, what + ".spike_times: " + std::to_string(lists.size()) +
                                                    " lists for " + std::to_string(pop.size) + " neurons");
    pop.spike_times_ms.resize(pop.size);
    for (size_t i = 0; i < lists.size(); ++i) {
      const std::string at = what + ".spike_times[" + std::to_string(i) + "]";
      pop.spike_times_ms[i] = lists[i].IsMap() ? regular_train(lists[i], at) : r_.numbers(lists[i], at);
      for (double t : pop.spike_times_ms[i])
        if (t < 0) r_.fail(lists[i], what + ": spike times must be >= 0 ms");
    }
  }

  // A regular train, {first: ms, interval: ms, count: n}: spikes at first + k * interval, k < n.
  std::vector<double> regular_train(const YAML::Node& node, const std::string& what) {
    r_.expect_keys(node, what, {"first", "interval", "count"});
    const double first = r_.non_negative(r_.require(node, "first", what), what + ".first");
    const double interval = r_.positive(r_.require(node, "interval", what), what + ".interval");
    const uint64_t count = r_.non_negative_integer(r_.require(node, "count", what), what + ".count");
    if (count > 100000000) r_.fail(node["count"], what + ".count: at most 100000000 spikes a train");
    std::vector<double> times(count);
    for (uint64_t k = 0; k < count; ++k) times[k] = first + static_cast<double>(k) * interval;
    return times;
  }

  // encoding: rate, latency, population or delta with their parameters; data: {idx: FILE, first,
  // count, scale} or {values: [[...], ...]}; presentation: ms per item.
  void read_encoded_source(const YAML::Node& node, const std::string& what, PopulationSpec& pop) {
    pop.presentation_ms = r_.positive(r_.require(node, "presentation", what), what + ".presentation");
    const uint32_t neurons_per_value = read_encoding(r_.require(node, "encoding", what), what, pop);
    if (pop.size % neurons_per_value != 0)
      r_.fail(node["size"], what + ": this encoding needs a size that is a multiple of " + std::to_string(neurons_per_value));
    const uint32_t values = pop.size / neurons_per_value;
    const YAML::Node data = r_.require(node, "data", what);
    if (data.IsMap() && data["cued_trials"]) {
      read_cued_trials(data, what + ".data", values, pop);
      return;
    }
    const std::string per_item = std::to_string(values) + " values (size " + std::to_string(pop.size) +
                                 (neurons_per_value > 1 ? " / " + std::to_string(neurons_per_value) + " neurons per value)" : ")");
    read_items(data, what, values, per_item, pop.item_values, pop.item_count);
  }

  // data: {cued_trials: {trial, cue, stimulus, phases: [{trials, delay, probabilities}]}, show: cue|stimuli}
  // (encoders/cued_trials.hpp), one item per `presentation` ms. The cue's and the stimuli's populations
  // name the same trials (a YAML anchor saves writing them twice) and draw the same stimuli.
  void read_cued_trials(const YAML::Node& data, const std::string& what, uint32_t values, PopulationSpec& pop) {
    r_.expect_keys(data, what, {"cued_trials", "show"});
    const YAML::Node node = data["cued_trials"];
    const std::string w = what + ".cued_trials";
    r_.expect_keys(node, w, {"trial", "cue", "stimulus", "phases"});
    CuedTrials t;
    t.seed = seed_;
    t.bin_ms = pop.presentation_ms;
    t.trial_ms = r_.positive(r_.require(node, "trial", w), w + ".trial");
    if (node["cue"]) t.cue_ms = r_.positive(node["cue"], w + ".cue");
    if (node["stimulus"]) t.stimulus_ms = r_.positive(node["stimulus"], w + ".stimulus");
    if (t.cue_ms > t.trial_ms) r_.fail(node["cue"], w + ".cue: the cue must fit in the trial");
    const YAML::Node phases = r_.require(node, "phases", w);
    r_.expect_sequence(phases, w + ".phases");
    for (size_t k = 0; k < phases.size(); ++k) {
      const std::string pw = w + ".phases[" + std::to_string(k) + "]";
      r_.expect_keys(phases[k], pw, {"trials", "delay", "probabilities"});
      CuedTrialPhase phase;
      phase.trials = static_cast<uint32_t>(r_.positive_integer(r_.require(phases[k], "trials", pw), pw + ".trials"));
      phase.delay_ms = r_.non_negative(r_.require(phases[k], "delay", pw), pw + ".delay");
      if (phase.delay_ms + t.stimulus_ms > t.trial_ms + 1e-9)
        r_.fail(phases[k]["delay"], pw + ".delay: the stimulus (delay + stimulus) must end within the trial of " +
                                        number_text(t.trial_ms) + " ms");
      const YAML::Node p = r_.require(phases[k], "probabilities", pw);
      phase.probabilities = r_.numbers(p, pw + ".probabilities");
      double sum = 0.0;
      for (double q : phase.probabilities) {
        if (!(q >= 0.0)) r_.fail(p, pw + ".probabilities: must be >= 0");
        sum += q;
      }
      if (sum > 1.0 + 1e-9) r_.fail(p, pw + ".probabilities: sum to " + number_text(sum) + ", more than 1");
      if (phase.probabilities.empty() || (k > 0 && phase.probabilities.size() != t.phases[0].probabilities.size()))
        r_.fail(p, pw + ".probabilities: every phase gives one probability per stimulus (" +
                       std::to_string(k > 0 ? t.phases[0].probabilities.size() : 1) + " or more)");
      t.phases.push_back(phase);
    }
    if (t.phases.empty()) r_.fail(phases, w + ".phases: at least one phase is needed");
    const CuedTrialChannel channel = r_.choice<CuedTrialChannel>(
        r_.require(data, "show", what), what + ".show", "channel",
        {{"cue", CuedTrialChannel::kCue}, {"stimuli", CuedTrialChannel::kStimuli}});
    if (channel == CuedTrialChannel::kStimuli && values % t.stimulus_count() != 0)
      r_.fail(data["show"], what + ".show: the stimuli's population needs a size that is a multiple of the " +
                                std::to_string(t.stimulus_count()) + " stimuli (one group of neurons each)");
    pop.item_values = render_cued_trials(t, channel, values);
    pop.item_count = t.trial_count() * t.bins_per_trial();
    tasks_.cued_trials = t;
  }

  // data: {idx: FILE, first, count, scale}, {values: [[...], ...]} or {moving: {...}}: items of
  // `values` values each, appended to `item_values`.
  void read_items(const YAML::Node& data, const std::string& what, uint32_t values, const std::string& per_item,
                  std::vector<float>& item_values, uint32_t& item_count) {
    r_.expect_keys(data, what + ".data", {"idx", "first", "count", "scale", "values", "moving"});
    if (int(bool(data["idx"])) + int(bool(data["values"])) + int(bool(data["moving"])) != 1)
      r_.fail(data, what + ".data: give exactly one of idx, values and moving");
    if (data["moving"]) {
      read_moving_pattern(data["moving"], what + ".data.moving", values, item_values, item_count);
      return;
    }
    const double scale = data["scale"] ? r_.positive(data["scale"], what + ".data.scale") : 1.0;
    if (data["idx"]) {
      std::string path = r_.string(data["idx"], what + ".data.idx");
      if (!path.empty() && path[0] != '/' && r_.file().find('/') != std::string::npos)
        path = r_.file().substr(0, r_.file().rfind('/') + 1) + path;
      IdxArray array;
      try {
        array = read_idx(path);
      } catch (const std::runtime_error& e) {
        r_.fail(data["idx"], what + ".data.idx: " + e.what());
      }
      if (array.item_size() != values)
        r_.fail(data["idx"], what + ": the items of " + path + " have " + std::to_string(array.item_size()) +
                                 " values, the population takes " + per_item);
      const uint64_t first = data["first"] ? r_.non_negative_integer(data["first"], what + ".data.first") : 0;
      const uint64_t count = data["count"] ? r_.positive_integer(data["count"], what + ".data.count") : 1;
      if (first > array.dims[0] || count > array.dims[0] - first)  // (first + count could wrap)
        r_.fail(data, what + ".data: items " + std::to_string(first) + ".." + std::to_string(first + count - 1) +
                          " asked, the file has " + std::to_string(array.dims[0]));
      item_count = static_cast<uint32_t>(count);
      for (uint64_t k = first * values; k < (first + count) * values; ++k)
        item_values.push_back(static_cast<float>(array.data[k] / scale));
      return;
    }
    const YAML::Node items = r_.require(data, "values", what + ".data");
    r_.expect_sequence(items, what + ".data.values");
    for (size_t k = 0; k < items.size(); ++k) {
      const std::vector<double> item = r_.numbers(items[k], what + ".data.values[" + std::to_string(k) + "]");
      if (item.size() != values)
        r_.fail(items[k], what + ": an item needs " + per_item + ", got " + std::to_string(item.size()));
      for (double v : item) item_values.push_back(static_cast<float>(v / scale));
    }
    item_count = static_cast<uint32_t>(items.size());
    if (item_count == 0) r_.fail(items, what + ".data.values: at least one item is needed");
  }

  // A synthetic moving bar or dot (encoders/moving_pattern.hpp), one frame per item.
  void read_moving_pattern(const YAML::Node& node, const std::string& w, uint32_t values, std::vector<float>& item_values,
                           uint32_t& item_count) {
    r_.expect_keys(node, w, {"shape", "width", "height", "frames", "speed", "angle", "size"});
    MovingPattern pattern;
    const std::string shape = node["shape"] ? r_.string(node["shape"], w + ".shape") : "bar";
    if (shape != "bar" && shape != "dot") r_.fail(node["shape"], w + ".shape: expected bar or dot");
    pattern.shape = shape == "bar" ? MovingPattern::Shape::kBar : MovingPattern::Shape::kDot;
    pattern.width = static_cast<uint32_t>(r_.positive_integer(r_.require(node, "width", w), w + ".width"));
    pattern.height = static_cast<uint32_t>(r_.positive_integer(r_.require(node, "height", w), w + ".height"));
    pattern.frames = static_cast<uint32_t>(r_.positive_integer(r_.require(node, "frames", w), w + ".frames"));
    if (node["speed"]) pattern.speed = r_.number(node["speed"], w + ".speed");
    if (node["angle"]) pattern.angle_deg = r_.number(node["angle"], w + ".angle");
    if (node["size"]) pattern.size = r_.positive(node["size"], w + ".size");
    if (uint64_t(pattern.width) * pattern.height != values)
      r_.fail(node, w + ": frames of " + std::to_string(pattern.width) + " x " + std::to_string(pattern.height) +
                        " pixels, the population takes " + std::to_string(values) + " values per item");
    item_values = render_moving_pattern(pattern);
    item_count = pattern.frames;
  }

  // Reads `encoding` (one of the list, encoders/source_encodings.hpp) into `pop`; returns how many
  // neurons each value of an item takes.
  uint32_t read_encoding(const YAML::Node& encoding, const std::string& what, PopulationSpec& pop) {
    const std::string w = what + ".encoding";
    r_.expect_map(encoding, w);
    const YAML::Node type_node = r_.require(encoding, "type", w);
    const std::string type = r_.string(type_node, w + ".type");
    if (!source_encoding_named(type, pop.encoding)) fail_unknown_kind(type_node, w, "encoding", type, source_encoding_names());
    std::vector<std::string> keys{"type"};
    for (const char* key : source_encoding_info(source_encoding_id(pop.encoding)).keys) keys.emplace_back(key);
    r_.expect_keys(encoding, w + " (" + type + ")", keys);
    SettingsReader reader(*this, encoding, w, nullptr, pop.presentation_ms);
    std::visit([&](auto& e) { e.read(reader); }, pop.encoding);
    return std::visit([](const auto& e) { return e.neurons_per_value(); }, pop.encoding);
  }

  void read_values(const YAML::Node& node, const std::string& what, const std::vector<std::string>& allowed,
                   std::map<std::string, ValueDistribution>& out) {
    if (!node || node.IsNull()) return;
    r_.expect_keys(node, what, allowed);
    for (const auto& entry : node) out[entry.first.Scalar()] = r_.distribution(entry.second, what + "." + entry.first.Scalar());
  }

  // `target`: the population the synapse reaches, whose model names the compartments it may choose.
  SynapseSpec read_synapse(const YAML::Node& node, const std::string& what, const PopulationSpec& target) {
    const std::string w = what + ".synapse";
    r_.expect_keys(node, w, {"type", "tau", "E_rev", "compartment"});
    SynapseSpec s;
    s.kind = r_.choice<SynapseKind>(r_.require(node, "type", w), w + ".type", "synapse type",
                                    {{"delta", SynapseKind::kDelta},
                                     {"exponential_current", SynapseKind::kExponentialCurrent},
                                     {"exponential_conductance", SynapseKind::kExponentialConductance}});
    if (s.kind != SynapseKind::kDelta) s.tau_ms = r_.positive(r_.require(node, "tau", w), w + ".tau");
    else if (node["tau"]) r_.fail(node["tau"], w + ": a delta synapse has no tau");
    if (s.kind == SynapseKind::kExponentialConductance) s.reversal_mV = r_.number(r_.require(node, "E_rev", w), w + ".E_rev");
    else if (node["E_rev"]) r_.fail(node["E_rev"], w + ": E_rev applies to exponential_conductance only");
    if (node["compartment"] && target.kind == PopulationKind::kNeurons) {
      const NeuronModelInfo& model = neuron_model_info(target.neuron_model);
      const std::string name = r_.string(node["compartment"], w + ".compartment");
      const int compartment = model.compartment(name);
      if (compartment < 0) {
        std::string names;
        for (uint32_t c = 0; c < model.compartment_count; ++c) names += (c ? ", " : "") + std::string(model.compartments[c]);
        r_.fail(node["compartment"], w + ".compartment: " + model.name + " has no compartment '" + name +
                                         "' (compartments: " + names + ")");
      }
      s.compartment = static_cast<uint8_t>(compartment);
    }
    return s;
  }

  std::string population_reference(const YAML::Node& node, const std::string& what, const ExperimentSpec& spec) {
    const std::string name = r_.string(node, what);
    if (spec.population_index(name) >= 0) return name;
    r_.fail(node, what + ": " + no_population_named(spec, name));
  }

  ConnectorSpec read_connector(const YAML::Node& node, const std::string& what) {
    const std::string w = what + ".connector";
    r_.expect_keys(node, w, {"rule", "p", "k", "n", "autapses", "multapses", "pairs", "sigma", "cutoff", "periodic"});
    ConnectorSpec c;
    std::vector<std::pair<std::string, ConnectorKind>> kinds;
    for (const ConnectorKind kind : kConnectorKinds) kinds.emplace_back(connector_kind_name(kind), kind);
    c.kind = r_.choice<ConnectorKind>(r_.require(node, "rule", w), w + ".rule", "rule", kinds);
    auto forbid = [&](const char* key) {
      if (node[key]) r_.fail(node[key], w + ": '" + key + "' does not apply to " + connector_kind_name(c.kind));
    };
    if (c.kind == ConnectorKind::kFixedProbability || c.kind == ConnectorKind::kDistanceGaussian) {
      const YAML::Node p = r_.require(node, "p", w);
      c.probability = r_.number(p, w + ".p");
      if (!(c.probability >= 0.0 && c.probability <= 1.0))
        r_.fail(p, w + ".p: a probability must lie in [0, 1], got " + p.Scalar());
    } else {
      forbid("p");
    }
    if (c.kind == ConnectorKind::kFixedInDegree || c.kind == ConnectorKind::kFixedOutDegree)
      c.count = r_.positive_integer(r_.require(node, "k", w), w + ".k");
    else
      forbid("k");
    if (c.kind == ConnectorKind::kFixedTotalNumber) c.count = r_.positive_integer(r_.require(node, "n", w), w + ".n");
    else forbid("n");
    if (c.kind == ConnectorKind::kFromList) c.pairs = read_pairs(r_.require(node, "pairs", w), w + ".pairs");
    else forbid("pairs");
    if (c.kind == ConnectorKind::kDistanceGaussian) {
      c.sigma = r_.positive(r_.require(node, "sigma", w), w + ".sigma");
      c.cutoff = node["cutoff"] ? r_.positive(node["cutoff"], w + ".cutoff") : 4.0 * c.sigma;
      if (node["periodic"]) c.periodic = r_.boolean(node["periodic"], w + ".periodic");
    } else {
      for (const char* key : {"sigma", "cutoff", "periodic"}) forbid(key);
    }
    if (node["autapses"]) c.allow_autapses = r_.boolean(node["autapses"], w + ".autapses");
    if (node["multapses"]) {
      if (c.kind != ConnectorKind::kFixedInDegree && c.kind != ConnectorKind::kFixedOutDegree) forbid("multapses");
      c.allow_multapses = r_.boolean(node["multapses"], w + ".multapses");
    }
    return c;
  }

  // A distance-dependent connector needs both populations placed; on a periodic sheet, the same sheet.
  void check_sheets(const YAML::Node& node, const std::string& what, const ProjectionSpec& p, const ExperimentSpec& spec) {
    for (const std::string& name : {p.source, p.target})
      if (!spec.populations[spec.population_index(name)].positions)
        r_.fail(node, what + ".connector: distance_gaussian needs positions for population '" + name +
                          "' (add positions: {grid: {columns, spacing}} or {uniform: {width, height}})");
    const PopulationSpec &source = spec.populations[spec.population_index(p.source)],
                         &target = spec.populations[spec.population_index(p.target)];
    const SheetExtent a = sheet_extent(*source.positions, source.size), b = sheet_extent(*target.positions, target.size);
    const auto text = [](const SheetExtent& e) {
      char out[64];
      std::snprintf(out, sizeof out, "%g x %g", e.width, e.height);
      return std::string(out);
    };
    if (p.connector.periodic && (a.width != b.width || a.height != b.height))
      r_.fail(node["periodic"], what + ".connector.periodic: '" + p.source + "' and '" + p.target +
                                    "' lie on sheets of different extents (" + text(a) + " and " + text(b) +
                                    "); a periodic sheet needs one extent");
  }

  // positions: {grid: {columns, spacing}} or {uniform: {width, height}}.
  PositionSpec read_positions(const YAML::Node& node, const std::string& what, uint32_t size) {
    r_.expect_map(node, what);
    r_.expect_keys(node, what, {"grid", "uniform"});
    if (node.size() != 1) r_.fail(node, what + ": give one layout, grid or uniform");
    PositionSpec p;
    if (node["grid"]) {
      const YAML::Node grid = node["grid"];
      r_.expect_keys(grid, what + ".grid", {"columns", "spacing"});
      const uint64_t columns = r_.positive_integer(r_.require(grid, "columns", what + ".grid"), what + ".grid.columns");
      if (columns > size) r_.fail(grid["columns"], what + ".grid.columns: more columns than the " + std::to_string(size) + " neurons");
      p.columns = static_cast<uint32_t>(columns);
      if (grid["spacing"]) p.spacing = r_.positive(grid["spacing"], what + ".grid.spacing");
      return p;
    }
    const YAML::Node uniform = node["uniform"];
    r_.expect_keys(uniform, what + ".uniform", {"width", "height"});
    p.layout = PositionSpec::Layout::kUniform;
    p.width = r_.positive(r_.require(uniform, "width", what + ".uniform"), what + ".uniform.width");
    p.height = r_.positive(r_.require(uniform, "height", what + ".uniform"), what + ".uniform.height");
    return p;
  }

  // [[source, target], ...] neuron index pairs.
  std::vector<std::pair<uint32_t, uint32_t>> read_pairs(const YAML::Node& node, const std::string& what) {
    r_.expect_sequence(node, what);
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    for (size_t k = 0; k < node.size(); ++k) {
      if (!node[k].IsSequence() || node[k].size() != 2) r_.fail(node[k], what + ": expected a [source, target] pair");
      uint32_t ends[2];
      for (int e = 0; e < 2; ++e) {
        const auto index = r_.non_negative_integer(node[k][e], what);
        if (index > UINT32_MAX) r_.fail(node[k][e], what + ": a neuron index beyond any population (at most 2^32 - 1)");
        ends[e] = static_cast<uint32_t>(index);
      }
      pairs.emplace_back(ends[0], ends[1]);
    }
    return pairs;
  }

  // Delays must be at least one step; checked here for every distribution whose range is known.
  void check_delay(const ValueDistribution& d, const YAML::Node& node, const std::string& what, double dt) {
    const double half_step = 0.5 * dt;
    auto too_short = [&](const std::string& detail) {
      r_.fail(node, what + ": delays must be at least one time step (dt = " + dt_node_.Scalar() + " ms), " + detail);
    };
    switch (d.kind) {
      case ValueDistribution::Kind::kConstant:
        if (d.value < half_step) too_short("got " + node.Scalar());
        break;
      case ValueDistribution::Kind::kUniform:
        if (d.low < half_step) too_short("but the uniform range starts at " + std::to_string(d.low));
        break;
      case ValueDistribution::Kind::kNormal:
        if (d.low < half_step) too_short("so a normal delay needs low >= dt");
        break;
      case ValueDistribution::Kind::kExpression: break;  // checked per synapse when the network is built
    }
  }

  ProjectionSpec read_projection(const YAML::Node& node, size_t index, const ExperimentSpec& spec) {
    std::string what = "projections[" + std::to_string(index) + "]";
    r_.expect_keys(node, what, {"name", "source", "target", "connector", "synapse", "weight", "delay", "plasticity"});
    ProjectionSpec p;
    p.source = population_reference(r_.require(node, "source", what), what + ".source", spec);
    p.target = population_reference(r_.require(node, "target", what), what + ".target", spec);
    p.name = node["name"] ? r_.name(node["name"], what + ".name") : p.source + "->" + p.target;
    what += " (" + p.name + ")";
    const PopulationSpec& target = spec.populations[spec.population_index(p.target)];
    if (is_spike_source(target.kind))
      r_.fail(node["target"], what + ": population '" + p.target + "' is a spike source and cannot receive synapses");
    p.connector = read_connector(r_.require(node, "connector", what), what);
    const uint32_t source_size = spec.populations[spec.population_index(p.source)].size;
    for (const auto& [source, target_neuron] : p.connector.pairs)
      if (source >= source_size || target_neuron >= target.size)
        r_.fail(node["connector"]["pairs"], what + ".connector.pairs: (" + std::to_string(source) + ", " +
                                                std::to_string(target_neuron) + ") is not a pair of neurons of '" + p.source +
                                                "' (" + std::to_string(source_size) + ") and '" + p.target + "' (" +
                                                std::to_string(target.size) + ")");
    if (p.connector.kind == ConnectorKind::kDistanceGaussian) check_sheets(node["connector"], what, p, spec);
    p.synapse = read_synapse(r_.require(node, "synapse", what), what, target);
    p.weight = r_.distribution(r_.require(node, "weight", what), what + ".weight");
    const YAML::Node delay = r_.require(node, "delay", what);
    p.delay_ms = r_.distribution(delay, what + ".delay");
    check_delay(p.delay_ms, delay, what + ".delay", spec.dt_ms);
    const std::string conductance = conductance_weight_problem(p.weight, p.synapse);
    if (!conductance.empty()) r_.fail(node["weight"], what + conductance);
    if (node["plasticity"]) {
      p.plasticity = read_plasticity(node["plasticity"], what + ".plasticity", spec);
      const std::string bounds =
          plastic_weight_problem(p.weight, p.plasticity->setting("w_min"), p.plasticity->setting("w_max"));
      if (!bounds.empty()) r_.fail(node["weight"], what + bounds);
      for (const ModulatorSpec& m : spec.modulators)  // a readout's error teaches the synapses onto it
        if (m.readout_error && m.name == p.plasticity->modulator && m.readout_error->readout != p.target)
          r_.fail(node["plasticity"]["modulator"], what + ".plasticity.modulator: '" + m.name + "' is the error of readout '" +
                                                       m.readout_error->readout + "', but this projection targets '" +
                                                       p.target + "'");
    }
    return p;
  }

  // A rule of the list (plasticity/plasticity_rules.hpp), each setting read and checked as the rule
  // declares it; a modulated rule names its third factor.
  PlasticitySpec read_plasticity(const YAML::Node& node, const std::string& what, const ExperimentSpec& spec) {
    PlasticitySpec s;
    std::vector<std::pair<std::string, PlasticityRuleId>> rules;
    for (const std::string& name : plasticity_rule_names())
      rules.emplace_back(name, static_cast<PlasticityRuleId>(rules.size()));
    s.rule = r_.choice<PlasticityRuleId>(r_.require(node, "rule", what), what + ".rule", "plasticity rule", rules);
    const PlasticityRuleInfo& rule = plasticity_rule_info(s.rule);
    std::vector<std::string> keys{"rule"};
    for (uint32_t k = 0; k < rule.setting_count; ++k) keys.push_back(rule.settings[k].name);
    if (rule.modulated) keys.push_back("modulator");
    r_.expect_keys(node, what, keys);
    s.settings = rule.defaults();
    for (uint32_t k = 0; k < rule.setting_count; ++k) {
      const RuleSetting& setting = rule.settings[k];
      const YAML::Node value = node[setting.name];
      if (value) s.settings[k] = read_rule_setting(value, what + "." + setting.name, setting);
    }
    const int low = rule.setting("w_min"), high = rule.setting("w_max");
    if (!(s.settings[low] < s.settings[high])) r_.fail(node["w_max"] ? node["w_max"] : node, what + ": w_min must be below w_max");
    if (rule.modulated) {
      const YAML::Node modulator = r_.require(node, "modulator", what);
      s.modulator = r_.string(modulator, what + ".modulator");
      std::vector<std::string> names;
      for (const ModulatorSpec& m : spec.modulators) names.push_back(m.name);
      if (std::find(names.begin(), names.end(), s.modulator) == names.end()) {
        std::string all;
        for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
        r_.fail(modulator, what + ".modulator: no modulator named '" + s.modulator + "' (modulators: " +
                               (all.empty() ? "none; define them under 'modulators'" : all) + ")");
      }
    }
    return s;
  }

  // A number within the setting's range, or the index of one of its options.
  double read_rule_setting(const YAML::Node& node, const std::string& what, const RuleSetting& setting) {
    if (setting.options != nullptr) {
      std::vector<std::pair<std::string, double>> options;
      for (const std::string& name : setting_options(setting)) options.emplace_back(name, static_cast<double>(options.size()));
      std::string noun = setting.name;
      std::replace(noun.begin(), noun.end(), '_', ' ');
      return r_.choice<double>(node, what, noun, options);
    }
    const double value = r_.number(node, what);
    if (!within_range(value, setting.range))
      r_.fail(node, what + ": must be " + (setting.range == ValueRange::kAny ? "a finite number" : range_text(setting.range)));
    return value;
  }

  ModulatorSpec read_modulator(const YAML::Node& name, const YAML::Node& node, const ExperimentSpec& spec) {
    ModulatorSpec m;
    m.name = r_.name(name, "modulators");
    const std::string what = "modulators." + m.name;
    if (node["readout_error"]) {
      r_.expect_keys(node, what, {"readout_error"});
      m.readout_error = read_readout_error(node["readout_error"], what + ".readout_error", spec);
      return m;
    }
    r_.expect_keys(node, what, {"tau", "tonic", "pulses", "pulses_file", "reward"});
    m.tau_ms = r_.positive(r_.require(node, "tau", what), what + ".tau");
    if (node["tonic"]) m.tonic = r_.number(node["tonic"], what + ".tonic");
    if (node["pulses"]) read_pulses(node["pulses"], what + ".pulses", spec, m);
    if (node["pulses_file"]) read_pulses_file(node["pulses_file"], what + ".pulses_file", m);
    for (size_t k = 1; k < m.pulse_times_ms.size(); ++k)
      if (m.pulse_times_ms[k] < m.pulse_times_ms[k - 1])
        r_.fail(node["pulses"] ? node["pulses"] : node["pulses_file"], what + ": pulse times must be increasing");
    if (node["reward"]) m.reward = read_reward(node["reward"], what + ".reward", spec);
    return m;
  }

  // Listed pulses ({times, amounts}) or a periodic train ({every, amount, first, until}: pulses at
  // first, first + every, ... up to `until`, by default the end of the run).
  void read_pulses(const YAML::Node& pulses, const std::string& what, const ExperimentSpec& spec, ModulatorSpec& m) {
    if (pulses.IsMap() && pulses["every"]) {
      r_.expect_keys(pulses, what, {"every", "amount", "first", "until"});
      const double every = r_.positive(pulses["every"], what + ".every");
      const double amount = r_.number(r_.require(pulses, "amount", what), what + ".amount");
      const double first = pulses["first"] ? r_.non_negative(pulses["first"], what + ".first") : 0.0;
      const double until = pulses["until"] ? r_.non_negative(pulses["until"], what + ".until") : spec.duration_ms;
      for (uint64_t k = 0; first + k * every <= until; ++k) {  // times by index: no rounding piles up
        m.pulse_times_ms.push_back(first + k * every);
        m.pulse_amounts.push_back(amount);
      }
      return;
    }
    r_.expect_keys(pulses, what, {"times", "amounts"});
    m.pulse_times_ms = r_.numbers(r_.require(pulses, "times", what), what + ".times");
    m.pulse_amounts = r_.numbers(r_.require(pulses, "amounts", what), what + ".amounts");
    if (m.pulse_amounts.size() != m.pulse_times_ms.size())
      r_.fail(pulses["amounts"], what + ": times and amounts must have the same length");
  }

  // The readout and its teacher must exist and match in size; the gate is checked once every modulator
  // is known (check_gates).
  ReadoutErrorSpec read_readout_error(const YAML::Node& node, const std::string& what, const ExperimentSpec& spec) {
    r_.expect_keys(node, what, {"readout", "target", "tau", "gate"});
    ReadoutErrorSpec e;
    e.readout = population_reference(r_.require(node, "readout", what), what + ".readout", spec);
    e.target = population_reference(r_.require(node, "target", what), what + ".target", spec);
    const PopulationSpec& readout = spec.populations[spec.population_index(e.readout)];
    const PopulationSpec& target = spec.populations[spec.population_index(e.target)];
    if (is_spike_source(readout.kind))
      r_.fail(node["readout"], what + ".readout: '" + e.readout + "' is a spike source; a readout learns, so it must be " +
                                   "a population of neurons");
    if (target.size % readout.size != 0)
      r_.fail(node["target"], what + ".target: '" + e.target + "' has " + std::to_string(target.size) +
                                  " neurons, not a multiple of the readout's " + std::to_string(readout.size) +
                                  " (each readout neuron is taught by an equal group of target neurons)");
    if (node["tau"]) e.tau_ms = r_.positive(node["tau"], what + ".tau");
    if (node["gate"]) e.gate = r_.string(node["gate"], what + ".gate");
    return e;
  }

  // A readout error's gate names a global modulator.
  void check_gates(const YAML::Node& modulators, const ExperimentSpec& spec) {
    for (const ModulatorSpec& m : spec.modulators) {
      if (!m.readout_error || m.readout_error->gate.empty()) continue;
      const std::string& gate = m.readout_error->gate;
      std::string globals;
      bool found = false;
      for (const ModulatorSpec& g : spec.modulators) {
        if (g.readout_error) continue;
        globals += (globals.empty() ? "" : ", ") + g.name;
        found = found || g.name == gate;
      }
      if (!found)
        r_.fail(modulators[m.name]["readout_error"]["gate"],
                "modulators." + m.name + ".readout_error.gate: no global modulator named '" + gate + "' (global modulators: " +
                    (globals.empty() ? "none" : globals) + ")");
    }
  }

  // A CSV file of "time_ms,amount" lines ('#' starts a comment), relative to the experiment's folder.
  void read_pulses_file(const YAML::Node& node, const std::string& what, ModulatorSpec& m) {
    const std::string path = resolve_path(r_.string(node, what));
    std::ifstream in(path);
    if (!in) r_.fail(node, what + ": cannot open '" + path + "'");
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      const size_t hash = line.find('#');
      if (hash != std::string::npos) line.resize(hash);
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      double time = 0, amount = 0;
      char comma = 0, rest = 0;
      std::istringstream fields(line);
      if (!(fields >> time >> comma >> amount) || comma != ',' || (fields >> rest))
        throw ExperimentError(path, number, 1, "expected 'time_ms,amount', got '" + line + "'");
      if (!m.pulse_times_ms.empty() && time < m.pulse_times_ms.back())
        throw ExperimentError(path, number, 1, "pulse times must be increasing");
      m.pulse_times_ms.push_back(time);
      m.pulse_amounts.push_back(amount);
    }
  }

  RewardSpec read_reward(const YAML::Node& node, const std::string& what, const ExperimentSpec& spec) {
    r_.expect_keys(node, what, {"pre", "post", "window", "delay", "amount"});
    RewardSpec r;
    auto neuron = [&](const char* key, std::string& population, uint32_t& index) {
      const YAML::Node n = r_.require(node, key, what);
      const std::string w = what + "." + key;
      r_.expect_keys(n, w, {"population", "neuron"});
      population = population_reference(r_.require(n, "population", w), w + ".population", spec);
      const YAML::Node id = r_.require(n, "neuron", w);
      index = static_cast<uint32_t>(r_.non_negative_integer(id, w + ".neuron"));
      const uint32_t size = spec.populations[spec.population_index(population)].size;
      if (index >= size)
        r_.fail(id, w + ".neuron: " + std::to_string(index) + " is not a neuron of '" + population + "' (0.." +
                        std::to_string(size - 1) + ")");
    };
    neuron("pre", r.pre_population, r.pre_neuron);
    neuron("post", r.post_population, r.post_neuron);
    r.window_ms = r_.positive(r_.require(node, "window", what), what + ".window");
    const YAML::Node delay = r_.require(node, "delay", what);
    const std::vector<double> range = r_.numbers(delay, what + ".delay");
    if (range.size() != 2 || !(range[0] >= spec.dt_ms * 0.999) || !(range[1] >= range[0]))
      r_.fail(delay, what + ".delay: expected [min, max] in ms with dt <= min <= max");
    r.delay_min_ms = range[0];
    r.delay_max_ms = range[1];
    r.amount = r_.number(r_.require(node, "amount", what), what + ".amount");
    return r;
  }

  // {source, rates: {population: spikes/s, ...}}: what the run's figures set its rates against.
  void read_reference(const YAML::Node& node, const ExperimentSpec& spec) {
    r_.expect_map(node, "reference");
    r_.expect_keys(node, "reference", {"source", "rates"});
    ReferenceRates reference;
    reference.source = r_.string(r_.require(node, "source", "reference"), "reference.source");
    const YAML::Node rates = r_.require(node, "rates", "reference");
    r_.expect_map(rates, "reference.rates");
    for (const auto& entry : rates) {
      const std::string population = population_reference(entry.first, "reference.rates", spec);
      reference.rates.emplace_back(population, r_.non_negative(entry.second, "reference.rates." + population));
    }
    tasks_.reference = std::move(reference);
  }

  // {population, outputs, tau, interval} or {force: {from, target, alpha, update}, outputs, tau, interval}.
  ReadoutSpec read_readout(const YAML::Node& name, const YAML::Node& node, const ExperimentSpec& spec) {
    ReadoutSpec r;
    r.name = r_.name(name, "readouts");
    const std::string what = "readouts." + r.name;
    r_.expect_map(node, what);
    r.force = bool(node["force"]);
    r_.expect_keys(node, what, {r.force ? "force" : "population", "outputs", "tau", "interval"});
    YAML::Node population = r.force ? YAML::Node() : r_.require(node, "population", what);
    if (r.force) {
      const YAML::Node force = node["force"];
      const std::string w = what + ".force";
      r_.expect_keys(force, w, {"from", "target", "alpha", "update"});
      r.source = population_reference(r_.require(force, "from", w), w + ".from", spec);
      population = r_.require(force, "target", w);
      if (force["alpha"]) r.alpha = r_.positive(force["alpha"], w + ".alpha");
      if (force["update"]) r.update_ms = r_.positive(force["update"], w + ".update");
    }
    r.population = population_reference(population, what + (r.force ? ".force.target" : ".population"), spec);
    const uint32_t size = spec.populations[spec.population_index(r.population)].size;
    r.outputs = node["outputs"] ? static_cast<uint32_t>(r_.positive_integer(node["outputs"], what + ".outputs")) : size;
    if (size % r.outputs != 0)
      r_.fail(node["outputs"], what + ".outputs: '" + r.population + "' has " + std::to_string(size) +
                                   " neurons, not a multiple of " + std::to_string(r.outputs) + " outputs");
    if (node["tau"]) r.tau_ms = r_.positive(node["tau"], what + ".tau");
    if (node["interval"]) r.interval_ms = r_.positive(node["interval"], what + ".interval");
    if (node["interval"]) check_on_grid(node["interval"], what + ".interval", r.interval_ms, spec.dt_ms);
    return r;
  }

  // What an input kind's or an encoding's `read` (core/inputs/, encoders/) is given: its keys in the
  // node, each read with the located errors of the rest of the file; the input's target population
  // (for its synapse and data) or the source's presentation (for the encoding's window).
  class SettingsReader {
   public:
    SettingsReader(ExperimentReader& loader, const YAML::Node& node, const std::string& what,
                   const PopulationSpec* target, double presentation_ms = 0.0)
        : l_(loader), node_(node), what_(what), target_(target), presentation_ms_(presentation_ms) {}
    ValueDistribution distribution(const char* key) { return l_.r_.distribution(require(key), path(key)); }
    double number(const char* key) { return l_.r_.number(require(key), path(key)); }
    double optional_number(const char* key, double fallback) {
      return node_[key] ? l_.r_.number(node_[key], path(key)) : fallback;
    }
    double positive(const char* key) { return l_.r_.positive(require(key), path(key)); }
    double optional_positive(const char* key, double fallback) {
      return node_[key] ? l_.r_.positive(node_[key], path(key)) : fallback;
    }
    uint64_t positive_integer(const char* key) { return l_.r_.positive_integer(require(key), path(key)); }
    std::vector<double> numbers(const char* key) { return l_.r_.numbers(require(key), path(key)); }
    // One of two words, the first where the key is absent.
    std::string choice(const char* key, const std::string& first, const std::string& second) {
      const std::string word = node_[key] ? l_.r_.string(node_[key], path(key)) : first;
      if (word != first && word != second) fail(key, "." + std::string(key) + ": expected " + first + " or " + second);
      return word;
    }
    SynapseSpec synapse(const char* key) { return l_.read_synapse(require(key), what_, *target_); }
    // Items of one value per target neuron.
    void items(const char* key, std::vector<float>& values, uint32_t& count) {
      l_.read_items(require(key), what_, target_->size, std::to_string(target_->size) + " values (one per neuron)", values,
                    count);
    }
    double presentation_ms() const { return presentation_ms_; }
    // Fails at `key` with the node's path followed by `message` (".key: ..." or ": ...").
    [[noreturn]] void fail(const char* key, const std::string& message) { l_.r_.fail(node_[key], what_ + message); }

   private:
    YAML::Node require(const char* key) { return l_.r_.require(node_, key, what_); }
    std::string path(const char* key) const { return what_ + "." + key; }

    ExperimentReader& l_;
    const YAML::Node& node_;
    const std::string& what_;
    const PopulationSpec* target_;
    double presentation_ms_;
  };

  // A sampling interval is a whole number of steps: one off the grid would be rounded silently.
  void check_on_grid(const YAML::Node& node, const std::string& what, double ms, double dt_ms) {
    const double steps = ms / dt_ms;
    if (std::abs(steps - std::round(steps)) > 1e-6 * std::max(1.0, steps))
      r_.fail(node, what + ": " + number_text(ms) + " ms is not a whole number of steps of " + number_text(dt_ms) + " ms");
  }

  // "a, b, c" of `names`, and the one nearest `word` as a suggestion.
  [[noreturn]] void fail_unknown_kind(const YAML::Node& node, const std::string& what, const std::string& noun,
                                      const std::string& word, const std::vector<std::string>& names) {
    const std::string near = nearest_name(word, names);
    std::string known;
    for (const std::string& n : names) known += (known.empty() ? "" : ", ") + n;
    r_.fail(node, what + ": unknown " + noun + " '" + word + "'" + (near.empty() ? "" : " (did you mean '" + near + "'?)") +
                      "; known: " + known);
  }

  InputSpec read_input(const YAML::Node& node, size_t index, const ExperimentSpec& spec) {
    std::string what = "inputs[" + std::to_string(index) + "]";
    r_.expect_map(node, what);
    InputSpec in;
    const YAML::Node type = r_.require(node, "type", what);
    const std::string name = r_.string(type, what + ".type");
    if (!input_settings_named(name, in.settings)) fail_unknown_kind(type, what, "input type", name, input_kind_names());
    std::vector<std::string> keys{"type", "name", "target", "start", "stop"};
    for (const char* key : input_kind_info(input_kind_id(in.settings)).keys) keys.emplace_back(key);
    r_.expect_keys(node, what + " (" + name + ")", keys);
    in.target = population_reference(r_.require(node, "target", what), what + ".target", spec);
    in.name = node["name"] ? r_.name(node["name"], what + ".name") : name + "->" + in.target;
    const PopulationSpec& target = spec.populations[spec.population_index(in.target)];
    if (is_spike_source(target.kind))
      r_.fail(node["target"], what + ": population '" + in.target + "' is a spike source and takes no input");
    if (node["start"]) in.start_ms = r_.number(node["start"], what + ".start");
    if (node["stop"]) in.stop_ms = r_.number(node["stop"], what + ".stop");
    SettingsReader reader(*this, node, what, &target);
    std::visit([&](auto& kind) { kind.read(reader); }, in.settings);
    return in;
  }

  void read_record(const YAML::Node& node, ExperimentSpec& spec) {
    r_.expect_keys(node, "record", {"spikes", "state", "weights"});
    if (node["weights"] && !node["weights"].IsNull()) read_weight_records(node["weights"], spec);
    const YAML::Node spikes = node["spikes"];
    if (spikes) {
      if (spikes.IsScalar() && spikes.Scalar() == "all") {
        spec.record.all_spikes = true;
      } else if (spikes.IsScalar() && spikes.Scalar() == "none") {
        spec.record.all_spikes = false;
      } else {
        if (!spikes.IsSequence()) r_.fail(spikes, "record.spikes: expected all, none or a list of populations");
        spec.record.all_spikes = false;
        for (size_t k = 0; k < spikes.size(); ++k)
          spec.record.spike_populations.push_back(population_reference(spikes[k], "record.spikes", spec));
      }
    }
    const YAML::Node state = node["state"];
    if (!state || state.IsNull()) return;
    r_.expect_sequence(state, "record.state");
    for (size_t k = 0; k < state.size(); ++k) {
      const std::string what = "record.state[" + std::to_string(k) + "]";
      const YAML::Node entry = state[k];
      r_.expect_keys(entry, what, {"population", "variables", "neurons", "interval"});
      StateRecordSpec s;
      s.population = population_reference(r_.require(entry, "population", what), what + ".population", spec);
      const PopulationSpec& pop = spec.populations[spec.population_index(s.population)];
      const std::vector<std::string> valid = recordable_variables(pop);
      const YAML::Node variables = r_.require(entry, "variables", what);
      r_.expect_sequence(variables, what + ".variables");
      for (size_t v = 0; v < variables.size(); ++v) {
        const std::string name = r_.string(variables[v], what + ".variables");
        if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
          std::string list;
          for (const auto& n : valid) list += (list.empty() ? "" : ", ") + n;
          r_.fail(variables[v], what + ": '" + name + "' is not a state variable of " + population_model_name(pop) +
                                    " (recordable: " + (list.empty() ? "none" : list) + ")");
        }
        s.variables.push_back(name);
      }
      const YAML::Node neurons = r_.require(entry, "neurons", what);
      for (double id : r_.numbers(neurons, what + ".neurons")) {
        if (id < 0 || id >= pop.size || id != std::floor(id))
          r_.fail(neurons, what + ".neurons: " + std::to_string(static_cast<long long>(id)) +
                               " is not a neuron of '" + pop.name + "' (0.." + std::to_string(pop.size - 1) + ")");
        s.neurons.push_back(static_cast<uint32_t>(id));
      }
      s.interval_ms = entry["interval"] ? r_.positive(entry["interval"], what + ".interval") : spec.dt_ms;
      if (s.interval_ms < spec.dt_ms * 0.999) r_.fail(entry["interval"], what + ".interval: must be at least dt");
      check_on_grid(entry["interval"], what + ".interval", s.interval_ms, spec.dt_ms);
      spec.record.state.push_back(s);
    }
  }

  void read_weight_records(const YAML::Node& node, ExperimentSpec& spec) {
    r_.expect_sequence(node, "record.weights");
    for (size_t k = 0; k < node.size(); ++k) {
      const std::string what = "record.weights[" + std::to_string(k) + "]";
      const YAML::Node entry = node[k];
      r_.expect_keys(entry, what, {"projection", "synapses", "interval"});
      WeightRecordSpec w;
      const YAML::Node name = r_.require(entry, "projection", what);
      w.projection = r_.string(name, what + ".projection");
      std::vector<std::string> names;
      for (const ProjectionSpec& p : spec.projections) names.push_back(p.name);
      if (std::find(names.begin(), names.end(), w.projection) == names.end()) {
        const std::string near = nearest_name(w.projection, names);
        r_.fail(name, what + ".projection: no projection named '" + w.projection + "'" +
                          (near.empty() ? "" : " (did you mean '" + near + "'?)"));
      }
      const YAML::Node synapses = entry["synapses"];
      if (synapses && !(synapses.IsScalar() && synapses.Scalar() == "all")) {
        if (!synapses.IsSequence()) r_.fail(synapses, what + ".synapses: expected all or a list of synapse indices");
        for (size_t j = 0; j < synapses.size(); ++j)
          w.synapses.push_back(r_.non_negative_integer(synapses[j], what + ".synapses"));
      }
      w.interval_ms = r_.positive(r_.require(entry, "interval", what), what + ".interval");
      if (w.interval_ms < spec.dt_ms * 0.999) r_.fail(entry["interval"], what + ".interval: must be at least dt");
      check_on_grid(entry["interval"], what + ".interval", w.interval_ms, spec.dt_ms);
      spec.record.weights.push_back(w);
    }
  }

  YamlReader r_;
  ExperimentTasks tasks_;
  uint64_t seed_ = 1;  // the experiment seed, for data drawn while reading (cued trials)
  YAML::Node dt_node_;
};

}  // namespace

ExperimentSpec load_experiment_text(const std::string& text, const std::string& file_name,
                                    const std::vector<std::string>& overrides, ExperimentTasks* tasks) {
  YAML::Node root = parse_yaml_text(text, file_name);
  if (!root.IsMap()) throw ExperimentError(file_name, 1, 1, "expected a mapping with simulation, populations, ...");
  for (const auto& setting : overrides) apply_override(root, setting, file_name);
  ExperimentReader reader(file_name);
  ExperimentSpec spec = reader.read(root);
  if (tasks != nullptr) *tasks = reader.tasks();
  try {  // the library's checks, which the reader has made value by value at their places in the file
    validate_experiment(spec);
  } catch (const SpecError& e) {
    throw ExperimentError(file_name, 0, 0, e.what());
  }
  spec.source_path = file_name;
  spec.source_text = text;
  spec.source_overrides = overrides;
  return spec;
}

YAML::Node read_experiment_document(const std::string& path, const std::vector<std::string>& overrides) {
  YAML::Node root = parse_yaml_text(read_text_file(path, "the experiment file"), path);
  if (!root.IsMap()) throw ExperimentError(path, 1, 1, "expected a mapping with simulation, populations, ...");
  for (const auto& setting : overrides) apply_override(root, setting, path);
  return root;
}

ExperimentSpec load_experiment_file(const std::string& path, const std::vector<std::string>& overrides,
                                    ExperimentTasks* tasks) {
  return load_experiment_text(read_text_file(path, "the experiment file"), path, overrides, tasks);
}

}  // namespace snn
