#pragma once
// A network built from an ExperimentSpec and ready to run: per-neuron parameters and state in
// structure-of-arrays form, synaptic ports with their delay ring buffers, synapse tables and inputs.
// The CPU engine steps it in place; the CUDA engine copies these arrays to the device.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/device_synapses.hpp"
#include "core/experiment_spec.hpp"
#include "core/run_observer.hpp"
#include "core/foundation/synapse_table.hpp"
#include "encoders/encoded_source.hpp"
#include "plasticity/plasticity_rules.hpp"

namespace snn {

// Where input of one synapse kind arrives at a population. Input with a delay of d steps sent at
// step t lands in ring slot (t + d) mod ring_slots, which the neuron update of step t + d reads and
// clears. Values are fixed-point (core/foundation/fixed_point.hpp) so that summation order cannot matter.
struct SynapticPort {
  SynapseSpec synapse;
  float decay = 0.0f;                // exp(-dt / tau) for exponential kinds
  std::vector<float> value;          // I (pA) or g (nS) per neuron; unused for delta
  std::vector<float> lif_propagator; // LIF current ports: mV per pA of this port's current over one step
  std::vector<int64_t> ring;         // ring_slots x size, slot-major
};

struct Population {
  std::string name;
  PopulationKind kind = PopulationKind::kNeurons;
  NeuronModelId neuron_model = kNoNeuronModel;  // kNeurons: its place in the model list (neurons/neuron_models.hpp)
  uint32_t size = 0;
  uint32_t ring_slots = 2;  // longest incoming delay + 1
  int32_t substeps = 1;
  bool forward_euler = false;  // `integrator: forward_euler`: membrane and ports by forward-Euler steps
  bool conductance_based = false;  // has a conductance port: LIF uses the exponential-Euler update
  // kNeurons: the model's values (state, parameters, derived constants) by their slot in its
  // declaration, one float per neuron.
  std::vector<std::vector<float>> values;
  std::vector<SynapticPort> ports;
  std::vector<float> fire_probability;     // Poisson sources: per step
  // Spike-source arrays: (step, neuron) events sorted by step.
  std::vector<uint64_t> scheduled_steps;
  std::vector<uint32_t> scheduled_neurons;
  // Encoded sources: the items' intensities and how they are turned into spikes.
  std::vector<float> item_values;
  std::vector<float> delta_reference;  // delta coding: each channel's level at its last event
  EncodedSourceView encoding{};
  // Each neuron's last spike step (kNeverFired before its first), kept where plasticity or a reward
  // condition reads it; empty otherwise.
  std::vector<uint64_t> last_spike_step;
  NeuronPositions positions;  // where the experiment places the neurons (empty where it does not)

  int find_port(const SynapseSpec& synapse) const;
  bool is_source_only() const { return is_spike_source(kind); }
  // A model value's per-neuron array by name (kNeurons); throws std::out_of_range if it has none.
  const std::vector<float>& value(const std::string& name) const;
};

// A plastic projection's learning state besides its weights: each side's traces, kept twice by step
// parity (core/cpu/plastic_projection.hpp says why), trace k of neuron i at k * n + i; and modulated
// rules' eligibility per synapse. Sized by the engine that runs it.
struct PlasticState {
  std::vector<float> pre_trace[2], post_trace[2];
  std::vector<float> eligibility;
};

struct Projection {
  std::string name;
  uint32_t source = 0, target = 0;  // population indices
  uint32_t target_port = 0;
  SynapseTable synapses;
  std::optional<DeferredSynapses> deferred;  // to be built on the GPU instead (then `synapses` is empty)
  std::optional<PlasticityRule> plasticity;   // the weights learn
  PlasticState learning;                      // with plasticity
};

// A global neuromodulator and its state (plasticity/modulator.hpp).
struct Modulator {
  std::string name;
  float decay = 0.0f, tonic = 0.0f;
  std::vector<uint64_t> pulse_steps;
  std::vector<float> pulse_amounts;
  bool rewarded = false;  // has a reward condition:
  uint32_t pre_population = 0, pre_neuron = 0, post_population = 0, post_neuron = 0;
  uint32_t window_steps = 0, delay_min_steps = 0, delay_span_steps = 0;
  float amount = 0.0f;
  uint32_t stream_owner = 0;  // Philox owner id of the reward delays
  // State: the level above tonic, the next scheduled pulse, rewards due by step (due_slots of them),
  // and the rewards granted so far.
  std::vector<float> level{0.0f};
  std::vector<uint32_t> next_pulse{0};
  std::vector<float> due;
  std::vector<uint64_t> rewards{0};
};

// A third factor per neuron of a readout population: its error against a teacher population's spikes,
// optionally gated by a global modulator (plasticity/readout_error.hpp), and the error's state.
struct ReadoutError {
  std::string name;
  uint32_t readout_population = 0, target_population = 0;
  uint32_t group = 1;  // target neurons per readout neuron
  float decay = 0.0f;
  int gate = -1;  // index in Network::modulators, or -1
  std::vector<float> readout_trace, target_trace, value;  // per readout neuron
};

struct Input {
  std::string name;
  InputKindId kind = 0;              // its place in the input kinds' list (core/inputs/input_kinds.hpp)
  uint32_t target = 0;
  uint32_t target_port = 0;            // Poisson
  std::vector<float> mean_events;      // Poisson: expected events per step, per neuron
  std::vector<float> exp_minus_mean;   // Poisson: exp(-mean_events), for the inversion
  std::vector<float> weight;           // Poisson: weight per event, per neuron
  std::vector<float> amplitude;        // constant current, per neuron
  std::vector<uint64_t> step_changes;  // step current: steps at which the amplitude changes
  std::vector<float> step_amplitudes;
  float mean = 0.0f, sd = 0.0f;        // noise current
  std::vector<float> item_values;      // direct: items x neurons, already multiplied by the gain
  uint32_t item_count = 0;
  uint64_t presentation_steps = 1;
  uint64_t start_step = 0, stop_step = UINT64_MAX;  // active while start <= step < stop
  uint32_t stream_owner = 0;           // Philox owner id of its per-step draws
};

struct Network {
  double dt_ms = 0.1;
  uint64_t seed = 1;
  std::vector<Population> populations;
  std::vector<Projection> projections;
  std::vector<Input> inputs;
  std::vector<Modulator> modulators;
  std::vector<ReadoutError> readout_errors;

  uint64_t synapse_count() const;
  uint64_t neuron_count() const;
  // Bytes held by every per-neuron and per-synapse array: what an engine must store.
  uint64_t state_bytes() const;
};

// Builds the network of `spec` (connectivity, parameters, initial state), deterministically from
// spec.seed. With `defer_synapses_to_gpu`, projections whose weights and delays are constants or
// uniform or normal draws are left for the CUDA engine to build in device memory (the same synapses).
// Throws std::invalid_argument where the spec cannot be built.
Network build_network(const ExperimentSpec& spec, bool defer_synapses_to_gpu = false);

// The weight probes of spec.record.weights, checked against the built network: each names a plastic
// projection, and synapse indices within its table (for synapses left to the GPU, the CUDA engine checks
// them once built). Throws std::invalid_argument otherwise.
std::vector<WeightProbe> make_weight_probes(const ExperimentSpec& spec, const Network& net);

// The rule of a plastic projection, its constants for the step, after checking that every weight of
// `synapses` lies within its bounds (a weight outside would jump to the bound at its first update).
// Throws std::invalid_argument naming the projection `name` otherwise.
PlasticityRule make_plasticity_rule(const PlasticitySpec& spec, const SynapseTable& synapses, const std::string& name,
                                    const ExperimentSpec& experiment);

// Sizes `proj`'s learning state (zeros) for its rule, `synapses` synapses and its two sides' neurons.
void size_plastic_state(Projection& proj, uint32_t source_count, uint32_t target_count, uint64_t synapses);

// Names of the state variables a population records ("V"; "v", "u"; none for sources), for
// validation and recording.
std::vector<std::string> recordable_variables(const PopulationSpec& population);

}  // namespace snn
