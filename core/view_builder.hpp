#pragma once
// Builds the plain-pointer views of a population and of an input. `place` maps a host vector to the
// pointer the engine's kernels will read: the vector's own data for the CPU engine, a device copy for
// the CUDA engine. Both engines thus describe their state with the same code.
#include "core/input_update.hpp"
#include "core/network.hpp"
#include "core/population_view.hpp"
#include "plasticity/modulator.hpp"
#include "plasticity/readout_error.hpp"

namespace snn {

template <typename Place>
PopulationView make_population_view(Population& pop, uint64_t seed, uint32_t index, Place&& place) {
  PopulationView v{};
  v.kind = pop.kind;
  v.neuron_model = pop.neuron_model;
  v.size = pop.size;
  v.ring_slots = pop.ring_slots;
  v.substeps = pop.substeps;
  v.forward_euler = pop.forward_euler;
  v.conductance_based = pop.conductance_based;
  v.port_count = static_cast<int32_t>(pop.ports.size());
  for (size_t k = 0; k < pop.ports.size(); ++k) {
    SynapticPort& port = pop.ports[k];
    v.ports[k] = PortView{port.synapse.kind,
                          port.synapse.compartment,
                          port.decay,
                          static_cast<float>(port.synapse.reversal_mV),
                          place(port.value),
                          port.lif_propagator.empty() ? nullptr : place(port.lif_propagator),
                          place(port.ring)};
  }
  for (size_t k = 0; k < pop.values.size(); ++k) v.neuron.values[k] = place(pop.values[k]);
  v.fire_probability = pop.fire_probability.empty() ? nullptr : place(pop.fire_probability);
  v.encoding = pop.encoding;
  if (!pop.item_values.empty()) v.encoding.item_values = place(pop.item_values);
  if (!pop.delta_reference.empty()) v.encoding.delta_reference = place(pop.delta_reference);
  v.source_stream = make_stream(seed, index, StreamPurpose::kPoissonSource);
  return v;
}

template <typename Place>
InputView make_input_view(Input& in, uint32_t target_size, uint64_t seed, Place&& place) {
  const bool events = input_kind_info(in.kind).events;
  const StreamPurpose purpose = events ? StreamPurpose::kPoissonInput : StreamPurpose::kNoiseCurrent;
  auto optional = [&](auto& vector) { return vector.empty() ? nullptr : place(vector); };
  return InputView{in.kind,
                   events,
                   in.target_port,
                   in.start_step,
                   in.stop_step,
                   optional(in.mean_events),
                   optional(in.exp_minus_mean),
                   optional(in.weight),
                   optional(in.amplitude),
                   optional(in.step_changes),
                   optional(in.step_amplitudes),
                   static_cast<uint32_t>(in.step_changes.size()),
                   in.mean,
                   in.sd,
                   make_stream(seed, in.stream_owner, purpose, 1),
                   optional(in.item_values),
                   in.item_count,
                   target_size,
                   in.presentation_steps};
}

// `spike_steps[p]`: where the engine keeps population p's last spike steps (the same array its neuron
// update writes).
template <typename Place>
ModulatorView make_modulator_view(Modulator& m, const std::vector<uint64_t*>& spike_steps, uint64_t seed, Place&& place) {
  ModulatorView v{};
  v.decay = m.decay;
  v.tonic = m.tonic;
  v.pulse_steps = m.pulse_steps.empty() ? nullptr : place(m.pulse_steps);
  v.pulse_amounts = m.pulse_amounts.empty() ? nullptr : place(m.pulse_amounts);
  v.pulse_count = static_cast<uint32_t>(m.pulse_steps.size());
  v.due_slots = static_cast<uint32_t>(m.due.size());
  if (m.rewarded)
    v.reward = RewardView{spike_steps[m.pre_population],
                          spike_steps[m.post_population],
                          m.pre_neuron,
                          m.post_neuron,
                          m.window_steps,
                          m.delay_min_steps,
                          m.delay_span_steps,
                          m.amount,
                          make_stream(seed, m.stream_owner, StreamPurpose::kReward)};
  v.level = place(m.level);
  v.next_pulse = place(m.next_pulse);
  v.due = m.due.empty() ? nullptr : place(m.due);
  v.rewards = place(m.rewards);
  return v;
}

// `gates`: where the engine keeps the views of the global modulators, one of which may gate the error.
template <typename Place>
ReadoutErrorView make_readout_error_view(ReadoutError& r, const std::vector<uint64_t*>& spike_steps,
                                         const ModulatorView* gates, Place&& place) {
  return ReadoutErrorView{static_cast<uint32_t>(r.readout_trace.size()),
                          r.group,
                          r.decay,
                          spike_steps[r.readout_population],
                          spike_steps[r.target_population],
                          r.gate >= 0 ? gates + r.gate : nullptr,
                          place(r.readout_trace),
                          place(r.target_trace),
                          place(r.value)};
}

}  // namespace snn
