#pragma once
// What the synapses of one neuron deliver to it during one time step, gathered from its synaptic
// ports (delta, exponential current, exponential conductance) before the neuron model steps.
#include "core/foundation/host_device.hpp"

namespace snn {

struct SynapticDrive {
  float current = 0.0f;            // pA: exponential-current ports at the start of the step plus external input
  float external_current = 0.0f;   // pA: the part of `current` that is constant over the step (inputs, I_e excluded)
  float filtered_voltage = 0.0f;   // mV: exact LIF response to the exponential-current ports over the step
  float voltage_jump = 0.0f;       // mV: delta synapses arriving this step
  float conductance = 0.0f;        // nS: sum of conductance-port conductances
  float conductance_reversal = 0.0f;  // nS*mV: sum of conductance times reversal potential
};

}  // namespace snn
