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

#include "neurons/parameter_table.hpp"
#include "neurons/synaptic_drive.hpp"

namespace snn {

inline constexpr ParameterInfo kIzhikevichParameters[] = {
    {"a", 0.02, "1/ms", "recovery time scale"},
    {"b", 0.2, "1", "sensitivity of u to v"},
    {"c", -65.0, "mV", "reset value of v"},
    {"d", 8.0, "mV/ms", "increment of u at a spike"},
    {"v_peak", 30.0, "mV", "spike cut-off"},
    {"I_e", 0.0, "mV/ms", "constant bias input (the model's current units)"},
};
inline constexpr ParameterInfo kIzhikevichState[] = {
    {"v", -65.0, "mV", "membrane potential"},
    {"u", 0.0, "mV/ms", "recovery variable (default: b v)"},
};

struct IzhikevichView {
  float* v;
  float* u;
  const float* a;
  const float* b;
  const float* c;
  const float* d;
  const float* v_peak;
  const float* I_e;
};

SNN_HD bool izhikevich_step(const IzhikevichView& n, uint32_t i, const SynapticDrive& drive, float dt,
                            int32_t substeps) {
  float v = n.v[i];
  float u = n.u[i];
  const float input = drive.current + n.I_e[i] + drive.voltage_jump / dt;
  const float h = dt / static_cast<float>(substeps);
  for (int32_t k = 0; k < substeps; ++k) {
    const float synaptic = drive.conductance_reversal - drive.conductance * v;
    v = v + h * (0.04f * v * v + 5.0f * v + 140.0f - u + input + synaptic);
  }
  u = u + dt * (n.a[i] * (n.b[i] * v - u));
  // !(v < peak) also catches a v that ran off to infinity or NaN within the step.
  if (!(v < n.v_peak[i])) {
    n.v[i] = n.c[i];
    n.u[i] = u + n.d[i];
    return true;
  }
  n.v[i] = v;
  n.u[i] = u;
  return false;
}

}  // namespace snn
