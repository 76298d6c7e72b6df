#pragma once
// One neuron, one time step: read and clear this step's ring slot of every port, advance the port
// states, and step the neuron model. Both engines call update_neuron for every neuron every step.
#include <iterator>
#include <type_traits>

#include "core/foundation/fixed_point.hpp"
#include "core/input_update.hpp"
#include "core/population_view.hpp"
#include "neurons/neuron_models.hpp"

namespace snn {

// A ring cell receives other threads' atomic additions up to the step before it is read. On the GPU
// it is read from L2, where those additions happen: within the persistent kernel no kernel boundary
// clears the SM's L1 between steps, and an L1 line from an earlier read would be stale.
SNN_HD int64_t read_ring_cell(const int64_t* cell) {
#ifdef __CUDA_ARCH__
  return __ldcg(reinterpret_cast<const long long*>(cell));
#else
  return *cell;
#endif
}

// Adds what one port brings in this step (`value`: its current or conductance at the step's start,
// `propagator`: its exact voltage response where the model has one) to a compartment's drive.
SNN_HD void add_port(SynapticDrive& drive, const PortView& port, float arrived, float value, float propagator) {
  if (port.kind == SynapseKind::kDelta) {
    drive.voltage_jump += arrived;
  } else if (port.kind == SynapseKind::kExponentialCurrent) {
    drive.current += value;
    if (port.lif_propagator != nullptr) drive.filtered_voltage += propagator * value;
  } else {
    drive.conductance += value;
    drive.conductance_reversal += value * port.reversal;
  }
}

// What the ports deliver to a point neuron i in this step (external current included), each port
// advanced. The order of operations follows NEST's iaf_psc_exp: the membrane sees the synaptic current
// as it was at the start of the step, then the current decays and the newly arrived input is added.
// Every port is read before any is written: a store to one port's arrays could alias the next port's,
// and its loads would then wait for the store instead of all going out together.
SNN_HD SynapticDrive gather_point_drive(const PopulationView& p, uint32_t i, uint32_t slot, float external) {
  const uint64_t cell = static_cast<uint64_t>(slot) * p.size + i;
  float arrived[kMaxPortsPerPopulation], value[kMaxPortsPerPopulation], propagator[kMaxPortsPerPopulation];
  SNN_UNROLL
  for (int32_t k = 0; k < kMaxPortsPerPopulation; ++k) {
    if (k >= p.port_count) break;
    arrived[k] = from_fixed_point(read_ring_cell(p.ports[k].ring + cell));
    value[k] = p.ports[k].kind == SynapseKind::kDelta ? 0.0f : p.ports[k].value[i];
    propagator[k] = p.ports[k].lif_propagator != nullptr ? p.ports[k].lif_propagator[i] : 0.0f;
  }
  SynapticDrive drive;
  drive.current = external;
  drive.external_current = external;
  SNN_UNROLL
  for (int32_t k = 0; k < kMaxPortsPerPopulation; ++k) {
    if (k >= p.port_count) break;
    const PortView& port = p.ports[k];
    port.ring[cell] = 0;
    add_port(drive, port, arrived[k], value[k], propagator[k]);
    if (port.kind != SynapseKind::kDelta) port.value[i] = value[k] * port.decay + arrived[k];
  }
  return drive;
}

// The same for a neuron of two compartments, each port adding to the compartment it reaches (the
// external current to the first). Port by port: both drives and every port's values at once would
// crowd the registers of the kernels that step every model (one port's loads still go out together).
SNN_HD CompartmentDrives<2> gather_compartment_drives(const PopulationView& p, uint32_t i, uint32_t slot, float external) {
  static_assert(kMaxCompartments == 2, "one drive a compartment, chosen by constant index");
  const uint64_t cell = static_cast<uint64_t>(slot) * p.size + i;
  CompartmentDrives<2> drives;
  drives.compartment[0].current = external;
  drives.compartment[0].external_current = external;
  for (int32_t k = 0; k < p.port_count; ++k) {
    const PortView& port = p.ports[k];
    const float arrived = from_fixed_point(read_ring_cell(port.ring + cell));
    const float value = port.kind == SynapseKind::kDelta ? 0.0f : port.value[i];
    const float propagator = port.lif_propagator != nullptr ? port.lif_propagator[i] : 0.0f;
    port.ring[cell] = 0;
    // By constant index: a run-time index would put the drives in local memory.
    if (port.compartment == 0) add_port(drives.compartment[0], port, arrived, value, propagator);
    else add_port(drives.compartment[1], port, arrived, value, propagator);
    if (port.kind != SynapseKind::kDelta) port.value[i] = value * port.decay + arrived;
  }
  return drives;
}

// A source population's neuron i in this step (spike-source arrays emit from their schedule instead).
SNN_HD bool update_source(const PopulationView& p, uint32_t i, uint64_t step) {
  switch (p.kind) {
    case PopulationKind::kNeurons: break;  // update_neuron steps their model
    case PopulationKind::kPoissonSource:
      return uniform_from_bits(p.source_stream.block(i, step).v[0]) < p.fire_probability[i];
    case PopulationKind::kEncodedSource: return encoded_source_fires(p.encoding, i, step, p.source_stream);
    case PopulationKind::kSpikeSourceArray: return false;  // emitted from the schedule, not per neuron
  }
  return false;
}

// Which update a loop over neurons runs: AnyModel chooses per neuron by the population's model id
// (the GPU kernels, whose blocks learn their population at run time); a model type runs that
// model's step alone (the CPU engine chooses once per population, so that its loop holds the code of
// one model only).
struct AnyModel {};

// Advances neuron i by one step, given the external current of its inputs; returns whether it fired.
template <typename Model = AnyModel>
SNN_HD bool update_neuron(const PopulationView& p, uint32_t i, uint32_t slot, uint64_t step, float dt, float external) {
  if constexpr (!std::is_same_v<Model, AnyModel>) {
    const ModelStep settings{dt, p.substeps, p.conductance_based, p.forward_euler};
    if constexpr (sizeof(Model::kCompartments) == sizeof(const char*))  // one compartment
      return Model::step(p.neuron, i, gather_point_drive(p, i, slot, external), settings);
    else
      return Model::step(p.neuron, i, gather_compartment_drives(p, i, slot, external), settings);
  } else {
    // The model id alone tells neurons (and which model) from sources: one load before the model's
    // own step, as a single switch would cost.
    if (p.neuron_model != kNoNeuronModel)
      return visit_neuron_model(p.neuron_model, [&](auto model) {
        return update_neuron<decltype(model)>(p, i, slot, step, dt, external);
      });
    return update_source(p, i, step);
  }
}

// The whole step of neuron i: its inputs (Poisson events into this step's ring slot, currents
// summed in the order the experiment lists them), then the neuron itself.
template <typename Model = AnyModel>
SNN_HD bool step_neuron(const PopulationView& p, const InputView* inputs, uint32_t input_count, uint32_t i,
                        uint32_t slot, uint64_t step, float dt) {
  float external = 0.0f;
  for (uint32_t k = 0; k < input_count; ++k) {
    const InputView& in = inputs[k];
    if (!input_active(in, step)) continue;
    if (in.events) {
      int64_t* cell = p.ports[in.port].ring + static_cast<uint64_t>(slot) * p.size + i;
      *cell = read_ring_cell(cell) + input_events(in, i, step);
    } else {
      external += input_current(in, i, step);
    }
  }
  return update_neuron<Model>(p, i, slot, step, dt, external);
}

}  // namespace snn
