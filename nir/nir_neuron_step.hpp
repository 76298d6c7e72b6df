#pragma once
// One NIR neuron's step (nir_discretisation.hpp gives the scheme): the same code in the CPU runner
// and in the CUDA runner's kernel, so that both round every operation alike and give the same bits.
#include <cstdint>

#include "core/foundation/host_device.hpp"

namespace snn {

// A neuron op's coefficients, one per element, in host or device memory (NeuronSteps' arrays).
struct NirNeuronCoefficients {
  const float *decay = nullptr, *input_gain = nullptr, *current_gain = nullptr, *leak = nullptr, *syn_decay = nullptr,
              *syn_gain = nullptr, *threshold = nullptr, *reset = nullptr, *volts_per_unit = nullptr;
  bool has_current = false, spikes = false, voltage_sees_new_current = false;
};

// Element k's step on its summed input x: updates v (and the current, where the op has one) and
// returns the output, a spike (0 or 1) or the voltage in the node's units.
SNN_HD float step_nir_neuron(const NirNeuronCoefficients& s, int64_t k, float x, float& v, float* current) {
  float charge = 0.0f;
  if (s.has_current) {
    if (s.voltage_sees_new_current) *current = s.syn_decay[k] * *current + s.syn_gain[k] * x;
    charge = s.current_gain[k] * *current;
  }
  float value = s.decay[k] * v + s.input_gain[k] * x + charge + s.leak[k];
  if (s.has_current && !s.voltage_sees_new_current) *current = s.syn_decay[k] * *current + s.syn_gain[k] * x;
  float out;
  if (s.spikes) {
    const bool spike = value > s.threshold[k];
    if (spike) value = s.reset[k];
    out = spike ? 1.0f : 0.0f;
  } else {
    out = value * s.volts_per_unit[k];
  }
  v = value;
  return out;
}

}  // namespace snn
