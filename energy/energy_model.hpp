#pragma once
// The analytical energy model: energy = compute + memory access, for an SNN layer at its input
// firing rate r over T time steps and for the ANN of the same layer at a given precision.
//
// SNN layer (weights at precision w, membrane state at precision s):
//   synaptic accumulates  r T C        each an add at s (one per input spike per target)
//     or, for an analog input, T C multiply-accumulates at s (pixels into the first layer)
//   neuron updates        T N          each a multiply (leak) and two adds (input, threshold) at s
//   weight reads          r T C w bits (event-driven: each accumulate reads its weight; T C w analog)
//   membrane traffic      2 T N s bits (read and written every step)
//   spike traffic         T (I + N) bits (the input spike map read, the output map written)
// ANN layer at precision p (weights and activations at p), each of its P passes (ann_passes):
//   multiply-accumulates  P C          each a multiply and an add at p
//   activation function  P N          an add (compare) at p
//   weight reads          P C p bits
//   activation traffic    P (I + N) p bits
// with I inputs, N outputs, C connections; memory priced per bit at the level the profile places
// weights, membrane potentials and activations in. The SNN's energy is linear in r, so the rate at
// which it equals an ANN's follows in closed form: the break-even firing rate. The synaptic-ops
// method (EnergyMethod::kSynapticOps) prices the accumulates and multiply-accumulates alone.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "energy/architecture.hpp"
#include "energy/hardware_profile.hpp"

namespace snn::energy {

struct LayerEnergy {
  double synaptic_ops = 0;      // SNN: accumulates; ANN: multiply-accumulates
  double dense_ops = 0;         // SNN: multiply-accumulates on analog inputs
  double neuron_updates = 0;    // SNN: membrane updates; ANN: activation functions
  double compute_pj = 0;
  // compute_pj's parts: synaptic (and dense) operations, neuron updates, external input events,
  // plasticity (each weight update a multiply-add; its weight read and written is memory traffic)
  double synaptic_pj = 0, neuron_pj = 0, input_pj = 0, plasticity_pj = 0;
  double weight_bits = 0, state_bits = 0, activation_bits = 0;  // memory traffic
  double memory_pj = 0;
  double weight_pj = 0, state_pj = 0, activation_pj = 0;  // memory_pj's parts
  double total_pj() const { return compute_pj + memory_pj; }
  double memory_bits() const { return weight_bits + state_bits + activation_bits; }
  LayerEnergy& operator+=(const LayerEnergy& o);
};

LayerEnergy snn_layer_energy(const Layer& layer, const Architecture& arch, const HardwareProfile& profile, double rate);
LayerEnergy ann_layer_energy(const Layer& layer, Precision precision, const HardwareProfile& profile,
                             EnergyMethod method = EnergyMethod::kFull, uint32_t passes = 1);

// Where the SNN's energy line E(r) = E(0) + r (E(1) - E(0)) meets an ANN's energy, for r up to
// `max_rate` (1 spike per input per step for a layer; no bound for the network's rate scale).
struct BreakEven {
  enum class Verdict { kSnnWinsBelowRate, kAnnAlwaysWins, kSnnAlwaysWins };
  Verdict verdict;
  double rate;  // spikes per input per time step (or the rate scale); meaningful for kSnnWinsBelowRate
};
BreakEven break_even(double snn_at_zero_pj, double snn_at_one_pj, double ann_pj, double max_rate = 1.0);

struct BaselineEnergy {
  Precision precision;
  LayerEnergy energy;
  BreakEven break_even;
};

struct LayerReport {
  Layer layer;
  LayerEnergy snn;
  std::vector<BaselineEnergy> baselines;  // in the architecture's order
};

struct EnergyReport {
  std::string architecture, profile;
  EnergyMethod method = EnergyMethod::kFull;
  uint32_t time_steps = 1, ann_passes = 1;
  bool simulated_network = false;  // baselines: the network simulated densely (Architecture::simulated_network)
  std::vector<std::string> notes;
  std::optional<PublishedEnergy> published;
  std::vector<LayerReport> layers;
  LayerEnergy snn_total;
  LayerEnergy snn_total_at_zero_rate;  // neuron updates and state traffic alone: E(0) of the network
  std::vector<BaselineEnergy> baseline_totals;  // break-even: the whole network at one common rate scale
};

EnergyReport estimate_energy(const Architecture& arch, const HardwareProfile& profile);

// Reports side by side, each with the label that tells it from the others.
using LabelledReports = std::vector<std::pair<std::string, EnergyReport>>;

}  // namespace snn::energy
