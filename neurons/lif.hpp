#pragma once
// Leaky integrate-and-fire neuron with refractory period.
//   C dV/dt = -(C/tau_m)(V - E_L) + I_syn + I_e + I_ext
// Current-based synapses: the sub-threshold dynamics are linear and integrated exactly with
// propagators precomputed per neuron (Rotter & Diesmann 1999), as NEST's iaf_psc_* models do.
// Conductance-based synapses: the conductances are held over the step and V relaxes exactly towards
// the resulting steady state (exponential Euler), which is exact for constant conductance; the
// relaxation gain (1 - e^-x)/x comes from its series (core/deterministic_math.hpp).
#include <cstdint>

#include "core/deterministic_math.hpp"
#include "neurons/parameter_table.hpp"
#include "neurons/synaptic_drive.hpp"

namespace snn {

inline constexpr ParameterInfo kLifParameters[] = {
    {"tau_m", 10.0, "ms", "membrane time constant"},
    {"C_m", 250.0, "pF", "membrane capacitance"},
    {"E_L", -65.0, "mV", "resting potential"},
    {"V_th", -50.0, "mV", "spike threshold"},
    {"V_reset", -65.0, "mV", "reset potential"},
    {"t_ref", 2.0, "ms", "absolute refractory period (V clamped at V_reset)"},
    {"I_e", 0.0, "pA", "constant bias current"},
};
inline constexpr ParameterInfo kLifState[] = {{"V", -65.0, "mV", "membrane potential (default: E_L)"}};

// Structure-of-arrays view of a LIF population; every array has one entry per neuron.
struct LifView {
  float* V;
  int32_t* refractory_left;     // steps of refractoriness still to serve
  const float* E_L;
  const float* V_th;
  const float* V_reset;
  const float* I_e;
  const float* decay;           // P22 = exp(-dt / tau_m)
  const float* current_gain;    // P20 = tau_m / C_m (1 - P22): mV per pA held over one step
  const float* leak_conductance;  // C_m / tau_m, nS
  const float* step_over_capacitance;  // dt / C_m, ms/pF
  const int32_t* refractory_steps;
};

// One time step of neuron i; returns whether it fired. `conductance_based` selects the integrator.
SNN_HD bool lif_step(const LifView& n, uint32_t i, const SynapticDrive& drive, bool conductance_based) {
  if (n.refractory_left[i] > 0) {
    n.refractory_left[i] -= 1;
    n.V[i] = n.V_reset[i];
    return false;
  }
  float V = n.V[i];
  if (conductance_based) {
    // V relaxes towards V_inf = drive / g_total at rate x = g_total dt / C over the step:
    // V + (drive - g_total V) (dt / C) (1 - e^-x) / x, with no division for the usual small x.
    const float g_leak = n.leak_conductance[i];
    const float g_total = g_leak + drive.conductance;
    const float drive_current = g_leak * n.E_L[i] + drive.conductance_reversal + drive.current + n.I_e[i];
    const float x = g_total * n.step_over_capacitance[i];
    V = V + (drive_current - g_total * V) * n.step_over_capacitance[i] * det_relaxation_gain(x);
  } else {
    V = n.E_L[i] + (V - n.E_L[i]) * n.decay[i] + n.current_gain[i] * (n.I_e[i] + drive.external_current) +
        drive.filtered_voltage;
  }
  V += drive.voltage_jump;
  if (V >= n.V_th[i]) {
    n.V[i] = n.V_reset[i];
    n.refractory_left[i] = n.refractory_steps[i];
    return true;
  }
  n.V[i] = V;
  return false;
}

}  // namespace snn
