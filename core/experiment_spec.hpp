#pragma once
// An experiment as the user describes it: populations, projections, inputs and what to record.
// io/experiment_loader reads it from YAML and validates it; core/network_builder turns it into a
// runnable network. Units: ms, mV, pA, nS, pF, Hz.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/inputs/input_kinds.hpp"
#include "core/neuron_positions.hpp"
#include "core/synapse_spec.hpp"
#include "core/value_distribution.hpp"
#include "encoders/source_encodings.hpp"
#include "neurons/neuron_model.hpp"
#include "plasticity/plasticity_rule_model.hpp"

namespace snn {

// A population is neurons of a model from the model list (neurons/neuron_models.hpp), or a source
// that only emits spikes: it takes no synapses and no inputs.
enum class PopulationKind : uint8_t { kNeurons, kPoissonSource, kSpikeSourceArray, kEncodedSource };
enum class ConnectorKind {
  kAllToAll, kOneToOne, kFixedProbability, kFixedInDegree, kFixedOutDegree, kFixedTotalNumber, kFromList,
  kDistanceGaussian
};
// Every connector kind, in the order the docs and messages list them.
constexpr ConnectorKind kConnectorKinds[] = {
    ConnectorKind::kAllToAll,       ConnectorKind::kOneToOne,          ConnectorKind::kFixedProbability,
    ConnectorKind::kFixedInDegree,  ConnectorKind::kFixedOutDegree,    ConnectorKind::kFixedTotalNumber,
    ConnectorKind::kFromList,       ConnectorKind::kDistanceGaussian};

inline bool is_spike_source(PopulationKind kind) { return kind != PopulationKind::kNeurons; }
const char* connector_kind_name(ConnectorKind kind);

struct PopulationSpec {
  std::string name;
  uint32_t size = 0;
  PopulationKind kind = PopulationKind::kNeurons;
  NeuronModelId neuron_model = 0;                       // kNeurons: the model's place in the model list
  std::map<std::string, ValueDistribution> parameters;  // only those given; the rest take model defaults
  std::map<std::string, ValueDistribution> initial;     // initial state values (V, v, u)
  int32_t substeps = 1;                                 // integration sub-steps per dt (models that take them)
  bool forward_euler = false;                           // `integrator: forward_euler` (models that offer it)
  ValueDistribution rate_hz;                            // Poisson source populations
  std::vector<std::vector<double>> spike_times_ms;      // spike-source arrays, one list per neuron
  // Encoded sources: items x size intensities in [0, 1], shown one after another.
  std::vector<float> item_values;
  uint32_t item_count = 0;
  double presentation_ms = 100.0;
  SourceEncodingSettings encoding;  // an encoding of the list (encoders/source_encodings.hpp) and its settings
  std::optional<PositionSpec> positions;  // where the neurons sit, for distance-dependent connectors
};

struct ConnectorSpec {
  ConnectorKind kind = ConnectorKind::kAllToAll;
  double probability = 0.0;  // fixed_probability
  uint64_t count = 0;        // in-degree, out-degree or total number
  bool allow_autapses = true;
  bool allow_multapses = true;  // fixed in/out-degree and total number
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // from_list: (source, target) neuron pairs
  // distance_gaussian (core/distance_connectivity.hpp): peak probability in `probability`, the
  // profile's width, the distance beyond which nothing connects, and whether the sheet wraps around.
  double sigma = 1.0, cutoff = 0.0;
  bool periodic = false;
};

// How a projection's weights learn: a rule of the list (plasticity/plasticity_rules.hpp) and its
// settings, in the order of the rule's declaration (its defaults where the experiment sets none).
// Amplitudes and bounds are in the weight's unit.
struct PlasticitySpec {
  PlasticityRuleId rule = 0;
  std::vector<double> settings;
  std::string modulator;  // modulated rules: the modulator's (or readout error's) name

  double setting(const std::string& name) const;  // throws where the rule has no such setting
};

// A global neuromodulator (plasticity/modulator.hpp): tonic value, decay, and pulses from a schedule
// and/or a reward condition on two neurons' spikes.
struct RewardSpec {
  std::string pre_population, post_population;
  uint32_t pre_neuron = 0, post_neuron = 0;
  double window_ms = 20.0;                     // the post spike must follow the pre spike by less
  double delay_min_ms = 1000.0, delay_max_ms = 3000.0;
  double amount = 0.5;
};

// A third factor per neuron of `readout`: its error against `target`'s spikes (plasticity/readout_error.hpp),
// times the value of the global modulator `gate` if one is named.
struct ReadoutErrorSpec {
  std::string readout, target;  // populations; target's size is a multiple of readout's
  double tau_ms = 20.0;         // both spike trains' filter
  std::string gate;
};

struct ModulatorSpec {
  std::string name;
  std::optional<ReadoutErrorSpec> readout_error;  // then none of the fields below apply
  double tau_ms = 200.0;
  double tonic = 0.0;
  std::vector<double> pulse_times_ms, pulse_amounts;  // sorted by time
  std::optional<RewardSpec> reward;
};

struct ProjectionSpec {
  std::string name;  // "source->target" unless named
  std::string source, target;
  ConnectorSpec connector;
  SynapseSpec synapse;
  ValueDistribution weight;    // mV (delta), pA (current), nS (conductance)
  ValueDistribution delay_ms;  // rounded to whole steps, at least one
  std::optional<PlasticitySpec> plasticity;
};

// An input to every neuron of `target` while active (`start` to `stop` ms; stop < 0: to the end): a
// kind of the list (core/inputs/input_kinds.hpp) with its settings.
struct InputSpec {
  std::string name;
  std::string target;
  double start_ms = 0.0, stop_ms = -1.0;
  InputSettings settings;
};

struct StateRecordSpec {
  std::string population;
  std::vector<std::string> variables;
  std::vector<uint32_t> neurons;
  double interval_ms = 1.0;
};

// Weights of a plastic projection sampled at an interval: all synapses, or the listed ones (indices in
// the projection's synapse table, which the run's HDF5 file lists with their sources and targets).
struct WeightRecordSpec {
  std::string projection;
  std::vector<uint64_t> synapses;  // empty: all
  double interval_ms = 1000.0;
};

struct RecordSpec {
  std::vector<std::string> spike_populations;  // empty with `all_spikes`: every population
  bool all_spikes = true;
  std::vector<StateRecordSpec> state;
  std::vector<WeightRecordSpec> weights;
};

// "lif", "izhikevich", ...: the model's name, or the source's kind.
std::string population_model_name(const PopulationSpec& population);

// The area of the sheet a population's neurons sit on (0 where it has no positions).
double sheet_area(const PopulationSpec& population);

// The most CPU threads a run may ask for: more only crowd the cores (and can exhaust the OpenMP runtime).
constexpr int kMostThreads = 1024;

struct ExperimentSpec {
  std::string name;
  std::string description;
  double dt_ms = 0.1;
  double duration_ms = 1000.0;
  uint64_t seed = 1;
  int threads = 0;  // 0: all cores
  std::vector<PopulationSpec> populations;
  std::vector<ProjectionSpec> projections;
  std::vector<InputSpec> inputs;
  std::vector<ModulatorSpec> modulators;
  RecordSpec record;
  std::string source_path;  // where it was read from
  std::string source_text;  // the YAML as read
  std::vector<std::string> source_overrides;  // the settings applied to it (snn run --set)

  // What a run's file stores as its experiment: the YAML, and the settings applied as a comment.
  std::string recorded_text() const {
    if (source_overrides.empty()) return source_text;
    std::string text = source_text + "\n# snn --set";
    for (const std::string& setting : source_overrides) text += " " + setting;
    return text + "\n";
  }

  int population_index(const std::string& name) const {
    for (size_t i = 0; i < populations.size(); ++i)
      if (populations[i].name == name) return static_cast<int>(i);
    return -1;
  }
};

}  // namespace snn
