#pragma once
// Leaky integrate-and-fire neuron with refractory period.
//   C dV/dt = -(C/tau_m)(V - E_L) + I_syn + I_e + I_ext
// Current-based synapses: the sub-threshold dynamics are linear and integrated exactly with
// propagators precomputed per neuron (Rotter & Diesmann 1999), as NEST's iaf_psc_* models do.
// Conductance-based synapses: the conductances are held over the step and V relaxes exactly towards
// the resulting steady state (exponential Euler), which is exact for constant conductance; the
// relaxation gain (1 - e^-x)/x comes from its series (core/foundation/deterministic_math.hpp).
#include <cmath>
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"
#include "neurons/neuron_model.hpp"

namespace snn {

struct LifModel {
  static constexpr const char* kName = "lif";
  static constexpr const char* kSummary = "leaky integrate-and-fire, exact integration (NEST iaf_psc_*/iaf_cond_*)";
  static constexpr NeuronValueInfo kValues[] = {
      {"V", ValueRole::kState, 0.0, "mV", "membrane potential (default: E_L)"},
      {"refractory_left", ValueRole::kInternalState, 0.0, "steps", "refractory steps still to serve"},
      {"tau_m", ValueRole::kParameter, 10.0, "ms", "membrane time constant", ValueRange::kPositive},
      {"C_m", ValueRole::kParameter, 250.0, "pF", "membrane capacitance", ValueRange::kPositive},
      {"E_L", ValueRole::kParameter, -65.0, "mV", "resting potential"},
      {"V_th", ValueRole::kParameter, -50.0, "mV", "spike threshold"},
      {"V_reset", ValueRole::kParameter, -65.0, "mV", "reset potential"},
      {"t_ref", ValueRole::kParameter, 2.0, "ms", "absolute refractory period (V clamped at V_reset)",
       ValueRange::kNonNegative},
      {"I_e", ValueRole::kParameter, 0.0, "pA", "constant bias current"},
      {"decay", ValueRole::kDerived, 0.0, "1", "P22 = exp(-dt / tau_m)"},
      {"current_gain", ValueRole::kDerived, 0.0, "mV/pA", "P20 = tau_m / C_m (1 - P22): V per current held over a step"},
      {"leak_conductance", ValueRole::kDerived, 0.0, "nS", "C_m / tau_m"},
      {"step_over_capacitance", ValueRole::kDerived, 0.0, "ms/pF", "dt / C_m"},
      {"refractory_steps", ValueRole::kDerived, 0.0, "steps", "t_ref in whole steps"},
  };
  static constexpr bool kTakesSubsteps = false;
  static constexpr bool kOffersForwardEuler = true;
  static constexpr bool kExactCurrentPorts = true;
  static constexpr const char* kCompartments[] = {"soma"};

  static constexpr int kV = slot_of(kValues, "V"), kRefractoryLeft = slot_of(kValues, "refractory_left"),
                       kTauM = slot_of(kValues, "tau_m"), kCm = slot_of(kValues, "C_m"), kEL = slot_of(kValues, "E_L"),
                       kVth = slot_of(kValues, "V_th"), kVreset = slot_of(kValues, "V_reset"),
                       kTref = slot_of(kValues, "t_ref"), kIe = slot_of(kValues, "I_e"),
                       kDecay = slot_of(kValues, "decay"), kCurrentGain = slot_of(kValues, "current_gain"),
                       kLeakConductance = slot_of(kValues, "leak_conductance"),
                       kStepOverCapacitance = slot_of(kValues, "step_over_capacitance"),
                       kRefractorySteps = slot_of(kValues, "refractory_steps");

  static float default_state(int slot, const NeuronValuesOf& n) { return slot == kV ? n[kEL] : 0.0f; }

  static void derive(const NeuronValuesOf& n, double dt) {
    const double tau = n[kTauM], C = n[kCm];
    const double p22 = std::exp(-dt / tau);
    n[kDecay] = static_cast<float>(p22);
    n[kCurrentGain] = static_cast<float>(tau / C * (1.0 - p22));
    n[kLeakConductance] = static_cast<float>(C / tau);
    n[kStepOverCapacitance] = static_cast<float>(dt / C);
    n[kRefractorySteps] = static_cast<float>(std::llround(n[kTref] / dt));
  }

  // Exact response of V over one step to a synaptic current decaying with tau_s (Rotter & Diesmann
  // 1999), mV per pA of the port's current at the step's start; the limit tau_s -> tau_m apart.
  static float current_port_response(const NeuronValuesOf& n, double tau_s, double dt) {
    const double tau_m = n[kTauM], C = n[kCm];
    const double p21 = std::fabs(tau_m - tau_s) < 1e-9 * tau_m
                           ? dt / C * std::exp(-dt / tau_m)
                           : tau_s * tau_m / (C * (tau_m - tau_s)) * (std::exp(-dt / tau_m) - std::exp(-dt / tau_s));
    return static_cast<float>(p21);
  }

  SNN_HD static bool step(const NeuronArrays& n, uint32_t i, const SynapticDrive& drive, const ModelStep& s) {
    float* const* v = n.values;
    if (v[kRefractoryLeft][i] > 0.0f) {
      v[kRefractoryLeft][i] -= 1.0f;
      v[kV][i] = v[kVreset][i];
      return false;
    }
    float V = v[kV][i];
    const float E_L = v[kEL][i];
    if (s.forward_euler) {
      // One Euler step of C dV/dt = g_L (E_L - V) + sum g (E - V) + I from the step's start (the ports'
      // currents and conductances as they were then): the relaxation above with its gain taken as 1.
      const float g_leak = v[kLeakConductance][i];
      const float g_total = g_leak + drive.conductance;
      const float drive_current = g_leak * E_L + drive.conductance_reversal + drive.current + v[kIe][i];
      V = V + (drive_current - g_total * V) * v[kStepOverCapacitance][i];
    } else if (s.conductance_based) {
      // V relaxes towards V_inf = drive / g_total at rate x = g_total dt / C over the step:
      // V + (drive - g_total V) (dt / C) (1 - e^-x) / x, with no division for the usual small x.
      const float g_leak = v[kLeakConductance][i];
      const float g_total = g_leak + drive.conductance;
      const float drive_current = g_leak * E_L + drive.conductance_reversal + drive.current + v[kIe][i];
      const float step_over_c = v[kStepOverCapacitance][i];
      const float x = g_total * step_over_c;
      V = V + (drive_current - g_total * V) * step_over_c * det_relaxation_gain(x);
    } else {
      V = E_L + (V - E_L) * v[kDecay][i] + v[kCurrentGain][i] * (v[kIe][i] + drive.external_current) +
          drive.filtered_voltage;
    }
    V += drive.voltage_jump;
    if (V >= v[kVth][i]) {
      v[kV][i] = v[kVreset][i];
      v[kRefractoryLeft][i] = v[kRefractorySteps][i];
      return true;
    }
    v[kV][i] = V;
    return false;
  }
};

}  // namespace snn
