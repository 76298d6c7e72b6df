#pragma once
// A two-compartment pyramidal neuron with a dendritic calcium spike (Naud & Sprekeler 2018, PNAS
// 115:E6329, after Larkum's BAC firing): a somatic compartment that spikes, and an apical dendrite
// whose sigmoidal calcium nonlinearity f(V_d) = 1 / (1 + exp(-(V_d - E_d) / D_d)) drives both.
//   C_s dV_s/dt = -(C_s/tau_s)(V_s - E_L) + g_s f(V_d) + w_s + I_soma
//   C_d dV_d/dt = -(C_d/tau_d)(V_d - E_L) + g_d f(V_d) + c_d [a somatic spike in the last t_bap] + w_d + I_dendrite
//   tau_ws dw_s/dt = -w_s            (w_s += b_s at each somatic spike; b_s < 0 adapts)
//   tau_wd dw_d/dt = a_wd (V_d - E_L) - w_d
//   tau_theta dtheta/dt = V_th - theta; V_s >= theta: a spike, V_s <- V_reset, theta += theta_jump.
// A somatic spike back-propagates as the current c_d into the dendrite for t_bap. Basal input
// (synapses on the soma, current inputs, I_e) alone gives single spikes; apical input (synapses with
// `compartment: dendrite`) that coincides with back-propagating spikes ignites the calcium spike, and
// the soma then fires a burst: the dendrite gates the gain of the basal drive. Forward Euler in
// `substeps` sub-steps of dt, conductances held over the step, as the authors' simulations step it.
// Parameters are the paper's.
#include <cmath>
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"
#include "neurons/neuron_model.hpp"

namespace snn {

struct TwoCompartmentModel {
  static constexpr const char* kName = "two_compartment";
  static constexpr const char* kSummary =
      "pyramidal neuron with soma and apical dendrite, dendritic calcium spikes and bursts (Naud & Sprekeler 2018)";
  static constexpr NeuronValueInfo kValues[] = {
      {"V_s", ValueRole::kState, 0.0, "mV", "somatic membrane potential (default: E_L)"},
      {"V_d", ValueRole::kState, 0.0, "mV", "dendritic membrane potential (default: E_L)"},
      {"w_s", ValueRole::kState, 0.0, "pA", "somatic adaptation current (default: 0)"},
      {"w_d", ValueRole::kState, 0.0, "pA", "dendritic adaptation current (default: 0)"},
      {"theta", ValueRole::kInternalState, 0.0, "mV", "moving spike threshold (starts at V_th)"},
      {"bap_left", ValueRole::kInternalState, 0.0, "steps", "steps of back-propagating current still to come"},
      {"C_s", ValueRole::kParameter, 370.0, "pF", "somatic capacitance", ValueRange::kPositive},
      {"tau_s", ValueRole::kParameter, 16.0, "ms", "somatic membrane time constant", ValueRange::kPositive},
      {"C_d", ValueRole::kParameter, 170.0, "pF", "dendritic capacitance", ValueRange::kPositive},
      {"tau_d", ValueRole::kParameter, 7.0, "ms", "dendritic membrane time constant", ValueRange::kPositive},
      {"E_L", ValueRole::kParameter, -70.0, "mV", "resting potential of both compartments"},
      {"V_reset", ValueRole::kParameter, -70.0, "mV", "somatic reset potential"},
      {"V_th", ValueRole::kParameter, -50.0, "mV", "spike threshold at rest"},
      {"theta_jump", ValueRole::kParameter, 2.0, "mV", "threshold increase at a spike", ValueRange::kNonNegative},
      {"tau_theta", ValueRole::kParameter, 27.0, "ms", "threshold relaxation time constant", ValueRange::kPositive},
      {"g_s", ValueRole::kParameter, 1300.0, "pA", "dendritic calcium current into the soma at full activation"},
      {"g_d", ValueRole::kParameter, 1200.0, "pA", "dendritic calcium current into the dendrite at full activation"},
      {"E_d", ValueRole::kParameter, -38.0, "mV", "half-activation of the calcium nonlinearity"},
      {"D_d", ValueRole::kParameter, 6.0, "mV", "slope of the calcium nonlinearity", ValueRange::kPositive},
      {"tau_ws", ValueRole::kParameter, 100.0, "ms", "somatic adaptation time constant", ValueRange::kPositive},
      {"b_s", ValueRole::kParameter, -200.0, "pA", "somatic adaptation per spike"},
      {"tau_wd", ValueRole::kParameter, 30.0, "ms", "dendritic adaptation time constant", ValueRange::kPositive},
      {"a_wd", ValueRole::kParameter, -13.0, "nS", "dendritic sub-threshold adaptation"},
      {"c_d", ValueRole::kParameter, 2600.0, "pA", "back-propagating current into the dendrite after a spike"},
      {"t_bap", ValueRole::kParameter, 2.0, "ms", "duration of the back-propagating current", ValueRange::kNonNegative},
      {"I_e", ValueRole::kParameter, 0.0, "pA", "constant somatic bias current"},
      {"bap_steps", ValueRole::kDerived, 0.0, "steps", "t_bap in whole steps"},
  };
  static constexpr bool kTakesSubsteps = true;
  static constexpr bool kOffersForwardEuler = false;
  static constexpr bool kExactCurrentPorts = false;  // no current_port_response
  static constexpr const char* kCompartments[] = {"soma", "dendrite"};

  static constexpr int kVs = slot_of(kValues, "V_s"), kVd = slot_of(kValues, "V_d"), kWs = slot_of(kValues, "w_s"),
                       kWd = slot_of(kValues, "w_d"), kTheta = slot_of(kValues, "theta"),
                       kBapLeft = slot_of(kValues, "bap_left"), kCs = slot_of(kValues, "C_s"),
                       kTauS = slot_of(kValues, "tau_s"), kCd = slot_of(kValues, "C_d"), kTauD = slot_of(kValues, "tau_d"),
                       kEL = slot_of(kValues, "E_L"), kVreset = slot_of(kValues, "V_reset"),
                       kVth = slot_of(kValues, "V_th"), kThetaJump = slot_of(kValues, "theta_jump"),
                       kTauTheta = slot_of(kValues, "tau_theta"), kGs = slot_of(kValues, "g_s"),
                       kGd = slot_of(kValues, "g_d"), kEd = slot_of(kValues, "E_d"), kDd = slot_of(kValues, "D_d"),
                       kTauWs = slot_of(kValues, "tau_ws"), kBs = slot_of(kValues, "b_s"),
                       kTauWd = slot_of(kValues, "tau_wd"), kAwd = slot_of(kValues, "a_wd"), kCdBap = slot_of(kValues, "c_d"),
                       kTbap = slot_of(kValues, "t_bap"), kIe = slot_of(kValues, "I_e"),
                       kBapSteps = slot_of(kValues, "bap_steps");

  static float default_state(int slot, const NeuronValuesOf& n) {
    if (slot == kVs || slot == kVd) return n[kEL];
    if (slot == kTheta) return n[kVth];
    return 0.0f;
  }
  static void derive(const NeuronValuesOf& n, double dt) { n[kBapSteps] = static_cast<float>(std::llround(n[kTbap] / dt)); }

  SNN_HD static bool step(const NeuronArrays& n, uint32_t i, const CompartmentDrives<2>& drives, const ModelStep& s) {
    float* const* v = n.values;
    const SynapticDrive& soma = drives.compartment[0];
    const SynapticDrive& dendrite = drives.compartment[1];
    const float E_L = v[kEL][i], C_s = v[kCs][i], C_d = v[kCd][i], tau_s = v[kTauS][i], tau_d = v[kTauD][i];
    const float g_s = v[kGs][i], g_d = v[kGd][i], E_d = v[kEd][i], D_d = v[kDd][i];
    const float tau_ws = v[kTauWs][i], tau_wd = v[kTauWd][i], a_wd = v[kAwd][i], V_th = v[kVth][i], tau_theta = v[kTauTheta][i];
    const float I_soma = soma.current + v[kIe][i];
    const float bap = v[kBapLeft][i] > 0.0f ? v[kCdBap][i] : 0.0f;
    float V_s = v[kVs][i] + soma.voltage_jump, V_d = v[kVd][i] + dendrite.voltage_jump;
    float w_s = v[kWs][i], w_d = v[kWd][i], theta = v[kTheta][i];
    if (bap > 0.0f) v[kBapLeft][i] -= 1.0f;
    const float h = s.dt / static_cast<float>(s.substeps);
    for (int32_t k = 0; k < s.substeps; ++k) {
      const float calcium = 1.0f / (1.0f + det_exp(-(V_d - E_d) / D_d));
      const float synaptic_s = soma.conductance_reversal - soma.conductance * V_s;
      const float synaptic_d = dendrite.conductance_reversal - dendrite.conductance * V_d + dendrite.current;
      const float dV_s = -(V_s - E_L) / tau_s + (g_s * calcium + w_s + I_soma + synaptic_s) / C_s;
      const float dV_d = -(V_d - E_L) / tau_d + (g_d * calcium + bap + w_d + synaptic_d) / C_d;
      const float dw_d = (a_wd * (V_d - E_L) - w_d) / tau_wd;
      V_s = V_s + h * dV_s;
      V_d = V_d + h * dV_d;
      w_s = w_s - h * w_s / tau_ws;
      w_d = w_d + h * dw_d;
      theta = theta + h * (V_th - theta) / tau_theta;
    }
    const bool fired = !(V_s < theta);  // also a V_s that ran off to NaN
    if (fired) {
      V_s = v[kVreset][i];
      theta = theta + v[kThetaJump][i];
      w_s = w_s + v[kBs][i];
      v[kBapLeft][i] = v[kBapSteps][i];
    }
    v[kVs][i] = V_s;
    v[kVd][i] = V_d;
    v[kWs][i] = w_s;
    v[kWd][i] = w_d;
    v[kTheta][i] = theta;
    return fired;
  }
};

}  // namespace snn
