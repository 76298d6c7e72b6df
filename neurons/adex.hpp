#pragma once
// Adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005, J. Neurophysiol. 94:3637):
//   C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th) / Delta_T) - w + I_syn + I_e + I_ext
//   tau_w dw/dt = a (V - E_L) - w
//   V >= V_peak: a spike, V <- V_reset, w <- w + b, V clamped at V_reset for t_ref (w evolves on).
// Conductance synapses make it NEST's aeif_cond_exp, current synapses aeif_psc_exp, delta synapses
// aeif_psc_delta (V jumps on arrival, at the start of the step). Integrated by Heun's method (second
// order) in `substeps` sub-steps of dt, conductances held over the step; the exponential's argument
// is taken at min(V, V_peak), as NEST does, so that the upstroke cannot overflow within a sub-step.
// A spike ends the step's integration (the reset holds to its end).
#include <cmath>
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"
#include "neurons/neuron_model.hpp"

namespace snn {

struct AdExModel {
  static constexpr const char* kName = "adex";
  static constexpr const char* kSummary = "adaptive exponential integrate-and-fire (Brette & Gerstner 2005), Heun sub-steps";
  static constexpr NeuronValueInfo kValues[] = {
      {"V", ValueRole::kState, 0.0, "mV", "membrane potential (default: E_L)"},
      {"w", ValueRole::kState, 0.0, "pA", "adaptation current (default: 0)"},
      {"refractory_left", ValueRole::kInternalState, 0.0, "steps", "refractory steps still to serve"},
      {"C_m", ValueRole::kParameter, 281.0, "pF", "membrane capacitance", ValueRange::kPositive},
      {"g_L", ValueRole::kParameter, 30.0, "nS", "leak conductance", ValueRange::kPositive},
      {"E_L", ValueRole::kParameter, -70.6, "mV", "leak reversal potential"},
      {"V_th", ValueRole::kParameter, -50.4, "mV", "threshold of the exponential term (V_T)"},
      {"Delta_T", ValueRole::kParameter, 2.0, "mV", "slope factor", ValueRange::kPositive},
      {"tau_w", ValueRole::kParameter, 144.0, "ms", "adaptation time constant", ValueRange::kPositive},
      {"a", ValueRole::kParameter, 4.0, "nS", "sub-threshold adaptation"},
      {"b", ValueRole::kParameter, 80.5, "pA", "spike-triggered adaptation"},
      {"V_reset", ValueRole::kParameter, -60.0, "mV", "reset potential"},
      {"V_peak", ValueRole::kParameter, 0.0, "mV", "spike detection (cut-off) potential"},
      {"t_ref", ValueRole::kParameter, 0.0, "ms", "refractory period (V clamped at V_reset)", ValueRange::kNonNegative},
      {"I_e", ValueRole::kParameter, 0.0, "pA", "constant bias current"},
      {"refractory_steps", ValueRole::kDerived, 0.0, "steps", "t_ref in whole steps"},
  };
  static constexpr bool kTakesSubsteps = true;
  static constexpr bool kOffersForwardEuler = false;
  static constexpr bool kExactCurrentPorts = false;  // no current_port_response
  static constexpr const char* kCompartments[] = {"soma"};

  static constexpr int kV = slot_of(kValues, "V"), kW = slot_of(kValues, "w"),
                       kRefractoryLeft = slot_of(kValues, "refractory_left"), kCm = slot_of(kValues, "C_m"),
                       kgL = slot_of(kValues, "g_L"), kEL = slot_of(kValues, "E_L"), kVth = slot_of(kValues, "V_th"),
                       kDeltaT = slot_of(kValues, "Delta_T"), kTauW = slot_of(kValues, "tau_w"),
                       ka = slot_of(kValues, "a"), kb = slot_of(kValues, "b"), kVreset = slot_of(kValues, "V_reset"),
                       kVpeak = slot_of(kValues, "V_peak"), kTref = slot_of(kValues, "t_ref"),
                       kIe = slot_of(kValues, "I_e"), kRefractorySteps = slot_of(kValues, "refractory_steps");

  static float default_state(int slot, const NeuronValuesOf& n) { return slot == kV ? n[kEL] : 0.0f; }
  static void derive(const NeuronValuesOf& n, double dt) {
    n[kRefractorySteps] = static_cast<float>(std::llround(n[kTref] / dt));
  }

  // One neuron's constants for a step, read once.
  struct Constants {
    float C, g_L, E_L, V_th, Delta_T, tau_w, a, V_peak, I;  // I: bias, inputs and current synapses
    float g_syn, g_syn_E;                                   // conductance synapses: sum g, sum g E
  };

  // dV/dt (unless `clamped`, with V held) and dw/dt at (V, w). Both read V no higher than V_peak, as
  // NEST's aeif models do: a sub-step's trial value far past the peak would otherwise throw w off.
  SNN_HD static void derivatives(const Constants& c, float V_trial, float w, bool clamped, float& dV, float& dw) {
    const float V = V_trial < c.V_peak ? V_trial : c.V_peak;
    const float spike_current = c.g_L * c.Delta_T * det_exp((V - c.V_th) / c.Delta_T);
    const float synaptic = c.g_syn_E - c.g_syn * V;
    dV = clamped ? 0.0f : (-c.g_L * (V - c.E_L) + spike_current - w + c.I + synaptic) / c.C;
    dw = (c.a * (V - c.E_L) - w) / c.tau_w;
  }

  SNN_HD static bool step(const NeuronArrays& n, uint32_t i, const SynapticDrive& drive, const ModelStep& s) {
    float* const* v = n.values;
    const Constants c{v[kCm][i],  v[kgL][i],    v[kEL][i],    v[kVth][i],
                      v[kDeltaT][i], v[kTauW][i], v[ka][i],   v[kVpeak][i],
                      drive.current + v[kIe][i], drive.conductance, drive.conductance_reversal};
    const bool refractory = v[kRefractoryLeft][i] > 0.0f;
    float V = refractory ? v[kVreset][i] : v[kV][i] + drive.voltage_jump;
    float w = v[kW][i];
    if (refractory) v[kRefractoryLeft][i] -= 1.0f;
    const float h = s.dt / static_cast<float>(s.substeps);
    for (int32_t k = 0; k < s.substeps; ++k) {
      float dV1, dw1, dV2, dw2;
      derivatives(c, V, w, refractory, dV1, dw1);
      derivatives(c, V + h * dV1, w + h * dw1, refractory, dV2, dw2);
      V = V + 0.5f * h * (dV1 + dV2);
      w = w + 0.5f * h * (dw1 + dw2);
      if (!refractory && !(V < c.V_peak)) {  // !(V < peak) also catches a V that ran off to NaN
        v[kV][i] = v[kVreset][i];
        v[kW][i] = w + v[kb][i];
        v[kRefractoryLeft][i] = v[kRefractorySteps][i];
        return true;
      }
    }
    v[kV][i] = V;
    v[kW][i] = w;
    return false;
  }
};

}  // namespace snn
