#include "core/memory_estimate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <variant>

#include "core/connectivity.hpp"
#include "core/foundation/number_text.hpp"
#include "core/device_synapses.hpp"
#include "neurons/neuron_models.hpp"
#include "plasticity/plasticity_rules.hpp"

namespace snn {
namespace {

const PopulationSpec& population(const ExperimentSpec& spec, const std::string& name) {
  return spec.populations[spec.population_index(name)];
}

double synapses_of(const ExperimentSpec& spec, const ProjectionSpec& p) {
  const PopulationSpec& target = population(spec, p.target);
  return expected_synapse_count(p.connector, population(spec, p.source).size, target.size, sheet_area(target));
}

// The longest delay a distribution draws, in ms: a normal one's draws stay below six deviations above
// the mean even a billion times over (infinite for an expression: not known here).
double longest_delay_ms(const ValueDistribution& delay) {
  if (delay.is_constant()) return delay.value;
  if (delay.kind == ValueDistribution::Kind::kExpression) return std::numeric_limits<double>::infinity();
  if (delay.kind == ValueDistribution::Kind::kNormal) return std::min(delay.high, delay.mean + 6 * std::abs(delay.sd));
  return delay.high;
}

}  // namespace

uint64_t expected_synapse_count(const ExperimentSpec& spec) {
  double total = 0;
  for (const ProjectionSpec& p : spec.projections) total += synapses_of(spec, p);
  return static_cast<uint64_t>(total);
}

uint64_t expected_host_bytes(const ExperimentSpec& spec) {
  double bytes = 0;
  const size_t n = spec.populations.size();
  std::vector<std::set<SynapseSpec>> ports(n);  // one state array and one ring per kind of synapse arriving
  std::vector<uint32_t> ring_slots(n, 2);
  std::vector<bool> spike_steps(n, false);       // last spike steps, kept for learning
  for (const ProjectionSpec& p : spec.projections) {
    const int target = spec.population_index(p.target), source = spec.population_index(p.source);
    const double count = synapses_of(spec, p), sources = spec.populations[source].size;
    const double targets = spec.populations[target].size;
    bytes += 8 * (sources + 1) + count * (4 + 4 + 2);  // row offsets; target, weight and delay a synapse
    ports[target].insert(p.synapse);
    const double longest = std::min(longest_delay_ms(p.delay_ms), 65535 * spec.dt_ms);
    ring_slots[target] = std::max<uint32_t>(ring_slots[target], static_cast<uint32_t>(std::llround(longest / spec.dt_ms)) + 1);
    if (!p.plasticity) continue;
    const PlasticityRuleInfo& rule = plasticity_rule_info(p.plasticity->rule);
    bytes += (rule.modulated ? 4 : 12) * count + 8 * (targets + 1) + 8 * (sources * rule.pre_traces + targets * rule.post_traces);
    spike_steps[source] = spike_steps[target] = true;
  }
  for (const InputSpec& in : spec.inputs) {
    const int target = spec.population_index(in.target);
    std::visit(
        [&](const auto& kind) {
          if (const SynapseSpec* synapse = kind.synapse()) ports[target].insert(*synapse);
          bytes += kind.host_bytes(spec.populations[target].size);
        },
        in.settings);
  }
  for (size_t k = 0; k < n; ++k) {
    const PopulationSpec& pop = spec.populations[k];
    const double size = pop.size;
    if (pop.kind == PopulationKind::kNeurons) bytes += 4 * size * neuron_model_info(pop.neuron_model).value_count;
    if (pop.kind == PopulationKind::kPoissonSource) bytes += 4 * size;
    if (pop.kind == PopulationKind::kEncodedSource) bytes += 4.0 * pop.item_values.size() + 4 * size;
    if (pop.kind == PopulationKind::kSpikeSourceArray)
      for (const std::vector<double>& times : pop.spike_times_ms) bytes += 12.0 * times.size();
    if (spike_steps[k]) bytes += 8 * size;
    for (const SynapseSpec& port : ports[k]) {
      bytes += 8.0 * ring_slots[k] * size;                      // the delay ring, 64-bit fixed point
      if (port.kind != SynapseKind::kDelta) bytes += 4 * size;  // the synaptic current or conductance
      if (port.kind == SynapseKind::kExponentialCurrent && neuron_model_info(pop.neuron_model).current_port_response != nullptr)
        bytes += 4 * size;  // its exact voltage response
    }
  }
  return static_cast<uint64_t>(bytes);
}

uint64_t expected_state_bytes(const ExperimentSpec& spec) {
  // Per synapse: as built on the GPU (9 or 10 bytes); per neuron and projection: a row offset (8) and
  // a chunk of the delivery queue (16, plus 16 per 1024 synapses); per neuron: parameters, state and
  // a few delay-ring slots per synapse kind (a generous 256) and learning's traces; every neuron's
  // spike records of two batches; while synapses are built on the GPU, the builder's bounded working
  // space.
  double bytes = static_cast<double>(kBuildWorkingBytes);
  uint64_t neurons = 0;
  for (const PopulationSpec& pop : spec.populations) neurons += pop.size;
  bytes += gpu_recording_bytes(neurons);
  for (const ProjectionSpec& p : spec.projections) {
    const uint32_t sources = population(spec, p.source).size;
    const double count = synapses_of(spec, p);
    bytes += count * (gpu_synapse_bytes(longest_delay_ms(p.delay_ms), spec.dt_ms) + 16.0 / 1024) + 24.0 * sources +
             4.0 * sources;
    // Learning: an eligibility per synapse, or the index by target with its sort's working space.
    if (p.plasticity) bytes += count * gpu_learning_bytes_per_synapse(plasticity_rule_info(p.plasticity->rule).modulated);
  }
  for (const PopulationSpec& pop : spec.populations) bytes += 256.0 * pop.size;
  return static_cast<uint64_t>(bytes);
}

RecordingEstimate expected_recording(const ExperimentSpec& spec) {
  RecordingEstimate e;
  double largest = -1;
  const auto note = [&](double bytes, const std::string& what) {
    e.bytes += bytes;
    if (bytes > largest) largest = bytes, e.largest = what;
  };
  for (size_t k = 0; k < spec.record.state.size(); ++k) {
    const StateRecordSpec& s = spec.record.state[k];
    const double samples = std::floor(spec.duration_ms / s.interval_ms);
    note(samples * (4.0 * s.neurons.size() * s.variables.size() + 8.0),
         "record.state[" + std::to_string(k) + "]: " + number_text(static_cast<double>(s.neurons.size())) + " neurons of '" +
             s.population + "' every " + number_text(s.interval_ms) + " ms");
  }
  for (size_t k = 0; k < spec.record.weights.size(); ++k) {
    const WeightRecordSpec& w = spec.record.weights[k];
    const ProjectionSpec* projection = nullptr;
    for (const ProjectionSpec& p : spec.projections)
      if (p.name == w.projection) projection = &p;
    if (projection == nullptr) continue;
    const double synapses = w.synapses.empty() ? synapses_of(spec, *projection) : static_cast<double>(w.synapses.size());
    const double samples = std::floor(spec.duration_ms / w.interval_ms);
    note(samples * (4.0 * synapses + 8.0), "record.weights[" + std::to_string(k) + "]: " +
                                               (w.synapses.empty() ? "all " : "") + number_text(synapses) + " synapses of '" +
                                               w.projection + "' every " + number_text(w.interval_ms) + " ms");
  }
  return e;
}

}  // namespace snn
