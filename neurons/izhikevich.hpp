#pragma once
// Izhikevich (2003) neuron:
//   dv/dt = 0.04 v^2 + 5 v + 140 - u + I,   du/dt = a (b v - u),   v >= v_peak: v <- c, u <- u + d
// v is integrated by forward Euler in `substeps` sub-steps of dt/substeps, then u by one Euler step
// of dt with the new v: with dt = 1 ms and two sub-steps this is exactly the published scheme.
// Delta-synapse input of w mV arrives as the input w/dt over the step, integrated with the sub-steps
// as the paper integrates its synaptic input. Applied as an instantaneous jump before the Euler steps
// instead, the quadratic term is evaluated at the raised v, and the 2003 network runs away to
// ~200 Hz where the published scheme fires at ~8 Hz.
#include <cstdint>

#include "neurons/neuron_model.hpp"

namespace snn {

struct IzhikevichModel {
  static constexpr const char* kName = "izhikevich";
  static constexpr const char* kSummary = "Izhikevich (2003), Euler sub-steps as published";
  static constexpr NeuronValueInfo kValues[] = {
      {"v", ValueRole::kState, -65.0, "mV", "membrane potential (default: -65)"},
      {"u", ValueRole::kState, 0.0, "mV/ms", "recovery variable (default: b v)"},
      {"a", ValueRole::kParameter, 0.02, "1/ms", "recovery time scale"},
      {"b", ValueRole::kParameter, 0.2, "1", "sensitivity of u to v"},
      {"c", ValueRole::kParameter, -65.0, "mV", "reset value of v"},
      {"d", ValueRole::kParameter, 8.0, "mV/ms", "increment of u at a spike"},
      {"v_peak", ValueRole::kParameter, 30.0, "mV", "spike cut-off"},
      {"I_e", ValueRole::kParameter, 0.0, "mV/ms", "constant bias input (the model's current units)"},
  };
  static constexpr bool kTakesSubsteps = true;
  static constexpr bool kOffersForwardEuler = false;
  static constexpr bool kExactCurrentPorts = false;  // no current_port_response
  static constexpr const char* kCompartments[] = {"soma"};

  static constexpr int kv = slot_of(kValues, "v"), ku = slot_of(kValues, "u"), ka = slot_of(kValues, "a"),
                       kb = slot_of(kValues, "b"), kc = slot_of(kValues, "c"), kd = slot_of(kValues, "d"),
                       kPeak = slot_of(kValues, "v_peak"), kIe = slot_of(kValues, "I_e");

  static float default_state(int slot, const NeuronValuesOf& n) { return slot == kv ? -65.0f : n[kb] * n[kv]; }
  static void derive(const NeuronValuesOf&, double) {}

  SNN_HD static bool step(const NeuronArrays& n, uint32_t i, const SynapticDrive& drive, const ModelStep& s) {
    float* const* values = n.values;
    float v = values[kv][i];
    float u = values[ku][i];
    const float dt = s.dt;
    const float input = drive.current + values[kIe][i] + drive.voltage_jump / dt;
    const float h = dt / static_cast<float>(s.substeps);
    for (int32_t k = 0; k < s.substeps; ++k) {
      const float synaptic = drive.conductance_reversal - drive.conductance * v;
      v = v + h * (0.04f * v * v + 5.0f * v + 140.0f - u + input + synaptic);
    }
    u = u + dt * (values[ka][i] * (values[kb][i] * v - u));
    // !(v < peak) also catches a v that ran off to infinity or NaN within the step.
    if (!(v < values[kPeak][i])) {
      values[kv][i] = values[kc][i];
      values[ku][i] = u + values[kd][i];
      return true;
    }
    values[kv][i] = v;
    values[ku][i] = u;
    return false;
  }
};

}  // namespace snn
