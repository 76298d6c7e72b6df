// Turns an ExperimentSpec into a Network: per-neuron values, propagators, ports, synapses, inputs.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <variant>

#include "core/connectivity.hpp"
#include "core/device_synapses.hpp"
#include "core/network.hpp"
#include "core/network_changes.hpp"
#include "neurons/neuron_models.hpp"
#include "plasticity/modulator.hpp"

namespace snn {
namespace {

uint64_t to_steps(double time_ms, double dt_ms) { return static_cast<uint64_t>(std::llround(time_ms / dt_ms)); }

// A population of a neuron model, from the model's declaration: its parameters drawn (the given
// distribution, or the default), checked against their ranges, the derived constants computed, then
// the state: given initial values, or the model's defaults, in the declaration's order (a default
// may read the parameters and the state before it, as Izhikevich's u = b v does).
void build_neurons(Population& pop, const PopulationSpec& spec, double dt, uint64_t seed, uint32_t owner) {
  const NeuronModelInfo& model = neuron_model_info(spec.neuron_model);
  pop.values.assign(model.value_count, std::vector<float>(pop.size, 0.0f));
  const RandomStream shared = make_stream(seed, owner, StreamPurpose::kParameter, 0);
  for (uint32_t k = 0; k < model.value_count; ++k) {
    const NeuronValueInfo& info = model.values[k];
    if (info.role != ValueRole::kParameter) continue;
    const auto given = spec.parameters.find(info.name);
    const ValueDistribution d = given != spec.parameters.end() ? given->second : ValueDistribution::constant(info.default_value);
    const RandomStream own = make_stream(seed, owner, StreamPurpose::kParameter, name_slot(info.name));
    pop.values[k] = sample_values(d, own, shared, pop.size);
    for (uint32_t i = 0; i < pop.size; ++i)
      if (!within_range(pop.values[k][i], info.range))
        throw std::invalid_argument("population '" + pop.name + "': " + info.name + " must be finite" +
                                    (info.range == ValueRange::kAny ? "" : std::string(" and ") + range_text(info.range)) +
                                    ", neuron " + std::to_string(i) + " has " + std::to_string(pop.values[k][i]));
  }
  for (uint32_t i = 0; i < pop.size; ++i) model.derive(NeuronValuesOf(pop.values, i), dt);
  for (uint32_t k = 0; k < model.value_count; ++k) {
    const NeuronValueInfo& info = model.values[k];
    if (info.role != ValueRole::kState && info.role != ValueRole::kInternalState) continue;
    const auto given = spec.initial.find(info.name);
    if (given != spec.initial.end()) {
      const RandomStream own = make_stream(seed, owner, StreamPurpose::kInitialState, name_slot(info.name));
      pop.values[k] = sample_values(given->second, own, shared, pop.size);
      continue;
    }
    for (uint32_t i = 0; i < pop.size; ++i) pop.values[k][i] = model.default_state(static_cast<int>(k), NeuronValuesOf(pop.values, i));
  }
}

void build_sources(Population& pop, const PopulationSpec& spec, double dt, uint64_t seed, uint32_t owner) {
  if (spec.kind == PopulationKind::kEncodedSource) {
    pop.item_values = spec.item_values;
    EncodedSourceView& e = pop.encoding;
    e.item_count = spec.item_count;
    e.values_per_item = spec.item_count > 0 ? static_cast<uint32_t>(spec.item_values.size() / spec.item_count) : 0;
    e.presentation_steps = std::max<uint64_t>(1, to_steps(spec.presentation_ms, dt));
    e.encoding = source_encoding_id(spec.encoding);
    std::visit([&](const auto& encoding) { encoding.build(pop, e, static_cast<float>(dt)); }, spec.encoding);
    return;
  }
  if (spec.kind == PopulationKind::kPoissonSource) {
    const RandomStream shared = make_stream(seed, owner, StreamPurpose::kParameter, 0);
    const RandomStream own = make_stream(seed, owner, StreamPurpose::kParameter, name_slot("rate"));
    const std::vector<float> rates = sample_values(spec.rate_hz, own, shared, pop.size);
    pop.fire_probability.resize(pop.size);
    for (uint32_t i = 0; i < pop.size; ++i)
      pop.fire_probability[i] = static_cast<float>(-std::expm1(-std::max(0.0f, rates[i]) * dt * 1e-3));
    return;
  }
  std::vector<std::pair<uint64_t, uint32_t>> events;
  for (uint32_t i = 0; i < spec.spike_times_ms.size(); ++i)
    for (double t : spec.spike_times_ms[i]) {
      // A spike at time t is emitted by the step that ends at t (step t/dt - 1), as neurons' spikes are.
      const uint64_t end_step = to_steps(t, dt);
      events.emplace_back(end_step == 0 ? 0 : end_step - 1, i);
    }
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  for (const auto& [step, neuron] : events) {
    pop.scheduled_steps.push_back(step);
    pop.scheduled_neurons.push_back(neuron);
  }
}

// The port of `pop` for `synapse`, created on first use.
uint32_t port_for(Population& pop, const SynapseSpec& synapse) {
  const int found = pop.find_port(synapse);
  if (found >= 0) return static_cast<uint32_t>(found);
  if (pop.is_source_only())
    throw std::invalid_argument("population '" + pop.name + "' is a spike source and cannot receive input");
  pop.ports.push_back(SynapticPort{synapse, 0.0f, {}, {}, {}});
  if (synapse.kind == SynapseKind::kExponentialConductance) pop.conductance_based = true;
  return static_cast<uint32_t>(pop.ports.size() - 1);
}

void finish_ports(Population& pop, double dt) {
  if (pop.ports.empty()) return;  // sources and neurons without synapses
  for (SynapticPort& port : pop.ports) {
    port.ring.assign(static_cast<size_t>(pop.ring_slots) * pop.size, 0);
    if (port.synapse.kind == SynapseKind::kDelta) continue;
    const double tau_s = port.synapse.tau_ms;
    // Forward Euler: g <- g - dt g / tau, as Brian2 steps the synaptic variables of the same equations.
    port.decay = static_cast<float>(pop.forward_euler ? 1.0 - dt / tau_s : std::exp(-dt / tau_s));
    port.value.assign(pop.size, 0.0f);
  }
  // Models integrated exactly take a current port's exact voltage response per neuron (ports are
  // only ever made for populations of neurons).
  derive_port_propagators(pop, dt);
}

void sample_synapse_values(SynapseTable& table, const ProjectionSpec& spec, double dt, uint64_t seed, uint32_t owner) {
  const RandomStream shared = make_stream(seed, owner, StreamPurpose::kSynapseValue, 0);
  const RandomStream weight_stream = make_stream(seed, owner, StreamPurpose::kSynapseValue, name_slot("weight"));
  const RandomStream delay_stream = make_stream(seed, owner, StreamPurpose::kSynapseValue, name_slot("delay"));
  table.weights.resize(table.size());
  table.delay_steps.resize(table.size());
  const uint32_t rows = table.source_count();
  // Drawn and computed values are checked as constants are by the loader: an expression may give what
  // no file could state (a negative delay, an infinite weight), which is refused, never clamped.
  bool delay_too_long = false, delay_too_short = false, weight_not_finite = false;
#pragma omp parallel for schedule(dynamic, 256) reduction(|| : delay_too_long, delay_too_short, weight_not_finite)
  for (int64_t i = 0; i < static_cast<int64_t>(rows); ++i) {
    for (uint64_t s = table.row_offsets[i]; s < table.row_offsets[i + 1]; ++s) {
      const uint64_t k = s - table.row_offsets[i];
      table.weights[s] = static_cast<float>(sample_value(spec.weight, weight_stream, shared, i, k, rows));
      if (!std::isfinite(table.weights[s])) weight_not_finite = true;
      const double delay = sample_value(spec.delay_ms, delay_stream, shared, i, k, rows);
      if (!(delay >= 0.5 * dt)) {  // NaN too
        delay_too_short = true;
        continue;
      }
      const double steps = std::max(1.0, std::round(delay / dt));
      if (steps > 65535) delay_too_long = true;
      table.delay_steps[s] = static_cast<uint16_t>(std::min(steps, 65535.0));
    }
  }
  if (weight_not_finite)
    throw std::invalid_argument("projection '" + spec.name + "': a weight is infinite or not a number");
  if (delay_too_short)
    throw std::invalid_argument("projection '" + spec.name + "': a delay is shorter than one time step (" +
                                std::to_string(dt) + " ms), negative or not a number");
  if (delay_too_long)
    throw std::invalid_argument("projection '" + spec.name + "': a delay exceeds 65535 time steps");
}

// What an input kind's build (core/inputs/) is given: the input being made, per-neuron draws from the
// input's own streams (one per setting name, as for neuron parameters), its target's ports and the
// step grid.
class InputBuild {
 public:
  InputBuild(Input& input, Population& target, const Network& net, uint32_t owner)
      : input_(input), target_(target), dt_ms_(net.dt_ms), seed_(net.seed), owner_(owner) {}
  Input& input() { return input_; }
  double dt_ms() const { return dt_ms_; }
  uint64_t steps(double ms) const { return to_steps(ms, dt_ms_); }
  uint32_t port_for(const SynapseSpec& synapse) { return snn::port_for(target_, synapse); }
  std::vector<float> sample(const ValueDistribution& d, const char* name) const {
    const RandomStream shared = make_stream(seed_, owner_, StreamPurpose::kPoissonInput, 0);
    return sample_values(d, make_stream(seed_, owner_, StreamPurpose::kPoissonInput, name_slot(name)), shared, target_.size);
  }

 private:
  Input& input_;
  Population& target_;
  double dt_ms_;
  uint64_t seed_;
  uint32_t owner_;
};

Input build_input(const InputSpec& spec, Network& net, uint32_t owner) {
  Input input;
  input.name = spec.name;
  input.kind = input_kind_id(spec.settings);
  input.stream_owner = owner;
  input.target = static_cast<uint32_t>(std::max(0, [&] {
    for (size_t i = 0; i < net.populations.size(); ++i)
      if (net.populations[i].name == spec.target) return static_cast<int>(i);
    throw std::invalid_argument("input '" + spec.name + "' targets unknown population '" + spec.target + "'");
  }()));
  Population& pop = net.populations[input.target];
  if (pop.is_source_only())
    throw std::invalid_argument("input '" + spec.name + "': population '" + pop.name + "' is a spike source");
  input.start_step = to_steps(spec.start_ms, net.dt_ms);
  input.stop_step = spec.stop_ms < 0 ? UINT64_MAX : to_steps(spec.stop_ms, net.dt_ms);
  InputBuild build(input, pop, net, owner);
  std::visit([&](const auto& kind) { kind.build(build); }, spec.settings);
  return input;
}

}  // namespace

int Population::find_port(const SynapseSpec& synapse) const {
  for (size_t k = 0; k < ports.size(); ++k) {
    const SynapseSpec& s = ports[k].synapse;
    if (!(s < synapse) && !(synapse < s)) return static_cast<int>(k);
  }
  return -1;
}

uint64_t Network::synapse_count() const {
  uint64_t total = 0;
  for (const auto& p : projections) total += p.synapses.size();
  return total;
}

uint64_t Network::neuron_count() const {
  uint64_t total = 0;
  for (const auto& p : populations) total += p.size;
  return total;
}

namespace {
template <typename T>
uint64_t bytes_of(const std::vector<T>& v) {
  return v.size() * sizeof(T);
}
}  // namespace

uint64_t Network::state_bytes() const {
  uint64_t total = 0;
  for (const Population& pop : populations) {
    for (const std::vector<float>& values : pop.values) total += bytes_of(values);
    total += bytes_of(pop.fire_probability) + bytes_of(pop.scheduled_steps) + bytes_of(pop.scheduled_neurons) +
             bytes_of(pop.item_values) + bytes_of(pop.delta_reference) + bytes_of(pop.last_spike_step);
    for (const SynapticPort& port : pop.ports)
      total += bytes_of(port.value) + bytes_of(port.lif_propagator) + bytes_of(port.ring);
  }
  for (const Projection& proj : projections) {
    total += bytes_of(proj.synapses.row_offsets) + bytes_of(proj.synapses.targets) + bytes_of(proj.synapses.weights) +
             bytes_of(proj.synapses.delay_steps);
    // Learning: an eligibility per synapse (modulated rules), or the synapses indexed by target
    // (offsets, synapse and source: 12 bytes a synapse); each side's traces, twice.
    if (proj.plasticity) {
      const PlasticityRuleInfo& rule = plasticity_rule_info(proj.plasticity->id);
      total += (rule.modulated ? 4 : 12) * proj.synapses.size() + 8 * (uint64_t(populations[proj.target].size) + 1) +
               8 * (uint64_t(populations[proj.source].size) * rule.pre_traces +
                    uint64_t(populations[proj.target].size) * rule.post_traces);
    }
  }
  for (const Input& in : inputs)
    total += bytes_of(in.mean_events) + bytes_of(in.exp_minus_mean) + bytes_of(in.weight) + bytes_of(in.amplitude) +
             bytes_of(in.item_values);
  for (const ReadoutError& e : readout_errors)
    total += bytes_of(e.readout_trace) + bytes_of(e.target_trace) + bytes_of(e.value);
  return total;
}

std::vector<std::string> recordable_variables(const PopulationSpec& population) {
  if (population.kind != PopulationKind::kNeurons) return {};
  return neuron_model_info(population.neuron_model).recordable();
}

void size_plastic_state(Projection& proj, uint32_t source_count, uint32_t target_count, uint64_t synapses) {
  const PlasticityRuleInfo& rule = plasticity_rule_info(proj.plasticity->id);
  for (int parity = 0; parity < 2; ++parity) {
    proj.learning.pre_trace[parity].assign(size_t(source_count) * rule.pre_traces, 0.0f);
    proj.learning.post_trace[parity].assign(size_t(target_count) * rule.post_traces, 0.0f);
  }
  proj.learning.eligibility.assign(rule.modulated ? synapses : 0, 0.0f);
}

const std::vector<float>& Population::value(const std::string& name) const {
  const int slot = kind == PopulationKind::kNeurons ? neuron_model_info(neuron_model).slot(name) : -1;
  if (slot < 0) throw std::out_of_range("population '" + this->name + "' has no value '" + name + "'");
  return values[slot];
}

namespace {

// Where the network keeps the modulator named `name`: global modulators and readout errors are
// numbered apart, each in the experiment's order (Network::modulators, Network::readout_errors).
struct ModulatorSlot {
  bool per_target = false;
  uint32_t index = 0;
};

ModulatorSlot modulator_slot(const ExperimentSpec& experiment, const std::string& name) {
  uint32_t globals = 0, errors = 0;
  for (const ModulatorSpec& m : experiment.modulators) {
    if (m.name == name) return ModulatorSlot{m.readout_error.has_value(), m.readout_error ? errors : globals};
    ++(m.readout_error ? errors : globals);
  }
  throw std::invalid_argument("no modulator named '" + name + "'");
}

// Whether every weight a distribution can draw lies within a plastic projection's bounds (then its
// synapses may be built on the GPU, where they are not checked one by one).
bool within_bounds(const SimpleDistribution& weight, const PlasticitySpec& plasticity) {
  const double low = plasticity.setting("w_min"), high = plasticity.setting("w_max");
  if (weight.kind == SimpleDistribution::kConstant) return weight.value >= low && weight.value <= high;
  if (weight.kind == SimpleDistribution::kUniform) return weight.low >= low && weight.high <= high;
  return false;
}

// Learning, rewards and readout errors read the last spike steps of the populations they watch.
void keep_spike_steps(Network& net, std::initializer_list<uint32_t> populations) {
  for (const uint32_t p : populations) net.populations[p].last_spike_step.assign(net.populations[p].size, kNeverFired);
}

Modulator build_modulator(const ModulatorSpec& spec, const ExperimentSpec& experiment, uint32_t index) {
  const double dt = experiment.dt_ms;
  Modulator m;
  m.name = spec.name;
  m.decay = static_cast<float>(std::exp(-dt / spec.tau_ms));
  m.tonic = static_cast<float>(spec.tonic);
  for (size_t k = 0; k < spec.pulse_times_ms.size(); ++k) {
    // A pulse at t ms is given in the step that ends at t, as spike times are.
    const uint64_t steps = to_steps(spec.pulse_times_ms[k], dt);
    m.pulse_steps.push_back(steps > 0 ? steps - 1 : 0);
    m.pulse_amounts.push_back(static_cast<float>(spec.pulse_amounts[k]));
  }
  m.stream_owner = index;
  if (spec.reward) {
    const RewardSpec& r = *spec.reward;
    m.rewarded = true;
    m.pre_population = static_cast<uint32_t>(experiment.population_index(r.pre_population));
    m.post_population = static_cast<uint32_t>(experiment.population_index(r.post_population));
    m.pre_neuron = r.pre_neuron;
    m.post_neuron = r.post_neuron;
    m.window_steps = static_cast<uint32_t>(to_steps(r.window_ms, dt));
    m.delay_min_steps = static_cast<uint32_t>(std::max<uint64_t>(1, to_steps(r.delay_min_ms, dt)));
    m.delay_span_steps = static_cast<uint32_t>(std::max<uint64_t>(m.delay_min_steps, to_steps(r.delay_max_ms, dt)) - m.delay_min_steps);
    m.amount = static_cast<float>(r.amount);
    m.due.assign(m.delay_min_steps + m.delay_span_steps + 1, 0.0f);
  }
  return m;
}

ReadoutError build_readout_error(const ModulatorSpec& spec, const ExperimentSpec& experiment) {
  const ReadoutErrorSpec& r = *spec.readout_error;
  ReadoutError e;
  e.name = spec.name;
  e.readout_population = static_cast<uint32_t>(experiment.population_index(r.readout));
  e.target_population = static_cast<uint32_t>(experiment.population_index(r.target));
  const uint32_t readouts = experiment.populations[e.readout_population].size;
  e.group = experiment.populations[e.target_population].size / readouts;
  e.decay = static_cast<float>(std::exp(-experiment.dt_ms / r.tau_ms));
  if (!r.gate.empty()) e.gate = static_cast<int>(modulator_slot(experiment, r.gate).index);  // a global one (loader checked)
  e.readout_trace.assign(readouts, 0.0f);
  e.target_trace.assign(readouts, 0.0f);
  e.value.assign(readouts, 0.0f);
  return e;
}

}  // namespace

PlasticityRule make_plasticity_rule(const PlasticitySpec& spec, const SynapseTable& synapses, const std::string& name,
                                    const ExperimentSpec& experiment) {
  PlasticityRule rule = plasticity_rule_info(spec.rule).make(spec.rule, spec.settings, experiment.dt_ms);
  if (plasticity_rule_info(spec.rule).modulated) {
    const ModulatorSlot slot = modulator_slot(experiment, spec.modulator);
    rule.third_factor = ThirdFactorSource{slot.per_target, slot.index};
  }
  const WeightBounds bounds = weight_bounds(rule);
  for (const float w : synapses.weights)
    if (!(w >= bounds.low && w <= bounds.high))
      throw std::invalid_argument("projection '" + name + "': initial weight " + std::to_string(w) +
                                  " lies outside the plasticity's bounds [" + std::to_string(bounds.low) + ", " +
                                  std::to_string(bounds.high) + "]");
  return rule;
}


Network build_network(const ExperimentSpec& spec, bool defer_synapses_to_gpu) {
  Network net;
  net.dt_ms = spec.dt_ms;
  net.seed = spec.seed;
  for (uint32_t p = 0; p < spec.populations.size(); ++p) {
    const PopulationSpec& ps = spec.populations[p];
    Population pop;
    pop.name = ps.name;
    pop.kind = ps.kind;
    pop.neuron_model = ps.kind == PopulationKind::kNeurons ? ps.neuron_model : kNoNeuronModel;
    pop.size = ps.size;
    pop.substeps = ps.substeps;
    pop.forward_euler = ps.forward_euler;
    if (ps.positions) pop.positions = place_neurons(*ps.positions, ps.size, spec.seed, p);
    if (ps.kind == PopulationKind::kNeurons) build_neurons(pop, ps, spec.dt_ms, spec.seed, p);
    else build_sources(pop, ps, spec.dt_ms, spec.seed, p);
    net.populations.push_back(std::move(pop));
  }
  for (uint32_t k = 0; k < spec.modulators.size(); ++k) {
    if (spec.modulators[k].readout_error) {
      const ReadoutError& e = net.readout_errors.emplace_back(build_readout_error(spec.modulators[k], spec));
      keep_spike_steps(net, {e.readout_population, e.target_population});
      continue;
    }
    const Modulator& m = net.modulators.emplace_back(build_modulator(spec.modulators[k], spec, k));
    if (m.rewarded) keep_spike_steps(net, {m.pre_population, m.post_population});
  }
  for (uint32_t k = 0; k < spec.projections.size(); ++k) {
    const ProjectionSpec& ps = spec.projections[k];
    Projection proj;
    proj.name = ps.name;
    proj.source = static_cast<uint32_t>(spec.population_index(ps.source));
    proj.target = static_cast<uint32_t>(spec.population_index(ps.target));
    Population& target = net.populations[proj.target];
    proj.target_port = port_for(target, ps.synapse);
    const auto weight = as_simple(ps.weight), delay = as_simple(ps.delay_ms);
    if (defer_synapses_to_gpu && weight && delay && ps.connector.kind != ConnectorKind::kFromList &&
        (!ps.plasticity || within_bounds(*weight, *ps.plasticity))) {
      proj.deferred = DeferredSynapses{ps.connector, *weight, *delay, proj.source == proj.target,
                                       net.populations[proj.source].size, target.size, spec.seed, k, spec.dt_ms,
                                       net.populations[proj.source].positions, target.positions};
      if (ps.plasticity) {
        proj.plasticity = make_plasticity_rule(*ps.plasticity, proj.synapses, ps.name, spec);
        keep_spike_steps(net, {proj.source, proj.target});
      }
      net.projections.push_back(std::move(proj));
      continue;
    }
    try {
      proj.synapses = connect(ps.connector, net.populations[proj.source].size, target.size, proj.source == proj.target,
                              spec.seed, k, &net.populations[proj.source].positions, &target.positions);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("projection '" + ps.name + "': " + e.what());
    }
    sample_synapse_values(proj.synapses, ps, spec.dt_ms, spec.seed, k);
    for (uint16_t d : proj.synapses.delay_steps) target.ring_slots = std::max<uint32_t>(target.ring_slots, d + 1u);
    if (ps.plasticity) {
      proj.plasticity = make_plasticity_rule(*ps.plasticity, proj.synapses, ps.name, spec);
      keep_spike_steps(net, {proj.source, proj.target});
    }
    net.projections.push_back(std::move(proj));
  }
  for (uint32_t k = 0; k < spec.inputs.size(); ++k) net.inputs.push_back(build_input(spec.inputs[k], net, k));
  for (Population& pop : net.populations) finish_ports(pop, spec.dt_ms);
  return net;
}

std::vector<WeightProbe> make_weight_probes(const ExperimentSpec& spec, const Network& net) {
  std::vector<WeightProbe> probes;
  for (const WeightRecordSpec& w : spec.record.weights) {
    uint32_t j = 0;
    while (j < net.projections.size() && net.projections[j].name != w.projection) ++j;
    const Projection& proj = net.projections.at(j);
    if (!proj.plasticity)
      throw std::invalid_argument("record.weights: projection '" + w.projection + "' does not learn; its weights never change");
    for (const uint64_t k : w.synapses)
      if (!proj.deferred && k >= proj.synapses.size())  // deferred: checked once built on the GPU
        throw std::invalid_argument("record.weights: projection '" + w.projection + "' has " +
                                    std::to_string(proj.synapses.size()) + " synapses, no synapse " + std::to_string(k));
    probes.push_back(WeightProbe{j, w.synapses, std::max<uint64_t>(1, to_steps(w.interval_ms, spec.dt_ms))});
  }
  return probes;
}

}  // namespace snn
