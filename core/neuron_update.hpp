#pragma once
// One neuron, one time step: read and clear this step's ring slot of every port, advance the port
// states, and step the neuron model. Both engines call update_neuron for every neuron every step.
#include "core/fixed_point.hpp"
#include "core/input_update.hpp"
#include "core/population_view.hpp"

namespace snn {

// Collects what the ports deliver to neuron i in this step and advances each port. The order of
// operations follows NEST's iaf_psc_exp: the membrane sees the synaptic current as it was at the
// start of the step, then the current decays and the newly arrived input is added.
SNN_HD SynapticDrive gather_drive(const PopulationView& p, uint32_t i, uint32_t slot, float external) {
  SynapticDrive drive;
  drive.current = external;
  drive.external_current = external;
  for (int32_t k = 0; k < p.port_count; ++k) {
    const PortView& port = p.ports[k];
    int64_t& cell = port.ring[static_cast<uint64_t>(slot) * p.size + i];
    const float arrived = from_fixed_point(cell);
    cell = 0;
    if (port.kind == SynapseKind::kDelta) {
      drive.voltage_jump += arrived;
      continue;
    }
    const float value = port.value[i];
    if (port.kind == SynapseKind::kExponentialCurrent) {
      drive.current += value;
      if (port.lif_propagator != nullptr) drive.filtered_voltage += port.lif_propagator[i] * value;
    } else {
      drive.conductance += value;
      drive.conductance_reversal += value * port.reversal;
    }
    port.value[i] = value * port.decay + arrived;
  }
  return drive;
}

// Advances neuron i by one step, given the external current of its inputs; returns whether it fired.
SNN_HD bool update_neuron(const PopulationView& p, uint32_t i, uint32_t slot, uint64_t step, float dt, float external) {
  switch (p.model) {
    case NeuronModel::kLif: return lif_step(p.lif, i, gather_drive(p, i, slot, external), p.conductance_based);
    case NeuronModel::kIzhikevich:
      return izhikevich_step(p.izhikevich, i, gather_drive(p, i, slot, external), dt, p.substeps);
    case NeuronModel::kPoissonSource:
      return uniform_from_bits(p.source_stream.block(i, step).v[0]) < p.fire_probability[i];
    case NeuronModel::kEncodedSource: return encoded_source_fires(p.encoding, i, step, p.source_stream);
    case NeuronModel::kSpikeSourceArray: return false;  // emitted from the schedule, not per neuron
  }
  return false;
}

// The whole step of neuron i: its inputs (Poisson events into this step's ring slot, currents
// summed in the order the experiment lists them), then the neuron itself.
SNN_HD bool step_neuron(const PopulationView& p, const InputView* inputs, uint32_t input_count, uint32_t i,
                        uint32_t slot, uint64_t step, float dt) {
  float external = 0.0f;
  for (uint32_t k = 0; k < input_count; ++k) {
    const InputView& in = inputs[k];
    if (!input_active(in, step)) continue;
    if (in.kind == InputKind::kPoisson)
      p.ports[in.port].ring[static_cast<uint64_t>(slot) * p.size + i] += poisson_input(in, i, step);
    else
      external += input_current(in, i, step);
  }
  return update_neuron(p, i, slot, step, dt, external);
}

}  // namespace snn
