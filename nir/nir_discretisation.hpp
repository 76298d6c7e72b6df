#pragma once
// How the NIR neurons' continuous-time equations become steps of dt (docs/nir.md has the equations).
// Every neuron is stepped as
//     current:  I <- syn_decay * I + syn_gain * x                     (CubaLIF, CubaLI)
//     voltage:  v <- decay * v + input_gain * x + current_gain * I + leak
//     spike:    z = v > threshold; where z, v <- reset                   (IF, LIF, CubaLIF)
// in float32, each operation rounded in the order written, with x the step's summed input. The two
// schemes differ in the coefficients, in whether the voltage sees the current before or after its
// update, and in the units v is kept in (volts_per_unit converts back for recording):
//   kExact:    the input held constant over the step, the linear equations solved exactly (the NIR
//              paper's reference solution); v in the node's own units; the old current.
//   kSnnTorch: forward Euler as snnTorch's NIR import steps it, in its arithmetic: v kept divided by
//              the input's gain (r*dt/tau), so that the step is beta*v + x with beta = 1 - dt/tau and
//              the threshold divided by that gain; the new current. Spike for spike what
//              snntorch.import_nir gives where it runs a graph (v_leak 0, reset to 0).
// IF and the integrator I add r*x per step in both (v <- v + r*x: how every framework steps them).
#include <string>
#include <vector>

#include "nir/nir_neuron_step.hpp"
#include "nir/nir_program.hpp"

namespace snn {

enum class NirDiscretisation { kExact, kSnnTorch };

NirDiscretisation parse_nir_discretisation(const std::string& name);  // "exact" | "snntorch"
std::string nir_discretisation_name(NirDiscretisation scheme);

struct NeuronSteps {
  std::vector<float> decay, input_gain, current_gain, leak, syn_decay, syn_gain, threshold, reset, volts_per_unit;
  bool has_current = false, spikes = false;
  bool voltage_sees_new_current = false;

  // The arrays' own data, for step_nir_neuron.
  NirNeuronCoefficients coefficients() const {
    return {decay.data(), input_gain.data(), current_gain.data(), leak.data(), syn_decay.data(), syn_gain.data(),
            threshold.data(), reset.data(), volts_per_unit.data(), has_current, spikes, voltage_sees_new_current};
  }
};

// The coefficients of a neuron op (kIF, kLIF, kCubaLIF, kLI, kCubaLI, kIntegrator) for steps of dt.
NeuronSteps neuron_steps(const NirOp& op, double dt, NirDiscretisation scheme);

}  // namespace snn
