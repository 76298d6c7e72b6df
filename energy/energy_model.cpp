#include "energy/energy_model.hpp"

#include <limits>

namespace snn::energy {

LayerEnergy& LayerEnergy::operator+=(const LayerEnergy& o) {
  synaptic_ops += o.synaptic_ops;
  dense_ops += o.dense_ops;
  neuron_updates += o.neuron_updates;
  compute_pj += o.compute_pj;
  synaptic_pj += o.synaptic_pj;
  neuron_pj += o.neuron_pj;
  input_pj += o.input_pj;
  plasticity_pj += o.plasticity_pj;
  weight_bits += o.weight_bits;
  state_bits += o.state_bits;
  activation_bits += o.activation_bits;
  memory_pj += o.memory_pj;
  weight_pj += o.weight_pj;
  state_pj += o.state_pj;
  activation_pj += o.activation_pj;
  return *this;
}

LayerEnergy snn_layer_energy(const Layer& layer, const Architecture& arch, const HardwareProfile& profile, double rate) {
  const double steps = layer.time_steps ? layer.time_steps : arch.time_steps, inputs = static_cast<double>(layer.inputs),
               outputs = static_cast<double>(layer.outputs), connections = static_cast<double>(layer.connections);
  const Precision s = arch.snn_state;
  LayerEnergy e;
  if (layer.analog_input) e.dense_ops = steps * connections;
  else e.synaptic_ops = rate * steps * connections;
  e.synaptic_pj = e.compute_pj = e.synaptic_ops * profile.add_pj(s) + e.dense_ops * profile.mac_pj(s);
  if (arch.method == EnergyMethod::kSynapticOps) return e;
  e.neuron_updates = steps * outputs;
  e.neuron_pj = e.neuron_updates * (profile.multiply_pj(s) + 2 * profile.add_pj(s));
  // A simulated network's external events and learning: plastic updates follow the spikes, so they
  // scale with the rate as the accumulates do; a modulated rule's per-step updates do not.
  const double updates =
      layer.modulated_updates + (layer.input_rate > 0 ? layer.plastic_updates * rate / layer.input_rate : 0.0);
  e.input_pj = layer.input_events * profile.add_pj(s);
  e.plasticity_pj = updates * profile.mac_pj(s);
  e.compute_pj += e.neuron_pj + e.input_pj + e.plasticity_pj;
  // Each update reads and writes its weight (on a presynaptic spike the read is the accumulate's own:
  // an upper bound by one read per event).
  e.weight_bits = (e.synaptic_ops + e.dense_ops + 2 * updates) * precision_bits(arch.snn_weights);
  e.state_bits = 2 * e.neuron_updates * precision_bits(s);
  // Spike maps are one bit per value; an analog input is read at the state precision.
  e.activation_bits = steps * (inputs * (layer.analog_input ? precision_bits(s) : 1) + outputs);
  e.weight_pj = e.weight_bits * profile.weight_pj_per_bit;
  e.state_pj = e.state_bits * profile.membrane_pj_per_bit;
  e.activation_pj = e.activation_bits * profile.activation_pj_per_bit;
  e.memory_pj = e.weight_pj + e.state_pj + e.activation_pj;
  return e;
}

LayerEnergy ann_layer_energy(const Layer& layer, Precision p, const HardwareProfile& profile, EnergyMethod method,
                             uint32_t passes) {
  LayerEnergy e;
  e.synaptic_ops = static_cast<double>(passes) * layer.connections;
  e.synaptic_pj = e.compute_pj = e.synaptic_ops * profile.mac_pj(p);
  if (method == EnergyMethod::kSynapticOps) return e;
  e.neuron_updates = static_cast<double>(passes) * layer.outputs;
  e.neuron_pj = e.neuron_updates * profile.add_pj(p);
  // The dense simulation of a network driven from outside takes that drive as a rate: a
  // multiply-accumulate per neuron and step.
  if (layer.input_events > 0) e.input_pj = static_cast<double>(passes) * layer.outputs * profile.mac_pj(p);
  e.compute_pj += e.neuron_pj + e.input_pj;
  e.weight_bits = e.synaptic_ops * precision_bits(p);
  e.activation_bits = static_cast<double>(passes) * (layer.inputs + layer.outputs) * precision_bits(p);
  e.weight_pj = e.weight_bits * profile.weight_pj_per_bit;
  e.activation_pj = e.activation_bits * profile.activation_pj_per_bit;
  e.memory_pj = e.weight_pj + e.activation_pj;
  return e;
}

BreakEven break_even(double snn_at_zero_pj, double snn_at_one_pj, double ann_pj, double max_rate) {
  if (ann_pj <= snn_at_zero_pj) return {BreakEven::Verdict::kAnnAlwaysWins, 0.0};
  const double slope = snn_at_one_pj - snn_at_zero_pj;
  const double rate = slope > 0 ? (ann_pj - snn_at_zero_pj) / slope : max_rate;
  if (rate >= max_rate) return {BreakEven::Verdict::kSnnAlwaysWins, max_rate};
  return {BreakEven::Verdict::kSnnWinsBelowRate, rate};
}

EnergyReport estimate_energy(const Architecture& arch, const HardwareProfile& profile) {
  EnergyReport report;
  report.architecture = arch.name;
  report.profile = profile.name;
  report.method = arch.method;
  report.time_steps = arch.time_steps;
  report.ann_passes = arch.ann_passes;
  report.simulated_network = arch.simulated_network;
  report.notes = arch.notes;
  report.published = arch.published;
  // Network totals at rates scaled by one factor k (every layer at k times its given rate): the
  // break-even k says how much sparser (k < 1) or denser the whole network may fire.
  LayerEnergy snn_at_zero;
  for (Precision p : arch.baselines) report.baseline_totals.push_back(BaselineEnergy{p, {}, {}});
  for (const Layer& layer : arch.layers) {
    LayerReport lr{layer, snn_layer_energy(layer, arch, profile, layer.input_rate), {}};
    const LayerEnergy at_zero = snn_layer_energy(layer, arch, profile, 0.0);
    const LayerEnergy at_one = snn_layer_energy(layer, arch, profile, 1.0);
    for (size_t b = 0; b < arch.baselines.size(); ++b) {
      const LayerEnergy ann = ann_layer_energy(layer, arch.baselines[b], profile, arch.method, arch.ann_passes);
      lr.baselines.push_back(BaselineEnergy{arch.baselines[b], ann, break_even(at_zero.total_pj(), at_one.total_pj(), ann.total_pj())});
      report.baseline_totals[b].energy += ann;
    }
    report.snn_total += lr.snn;
    snn_at_zero += at_zero;
    report.layers.push_back(lr);
  }
  // E(k) = E(0) + k (E(given rates) - E(0)): the break-even "rate" is the scale factor k, which may
  // exceed 1 (the network may fire more than it does and still win).
  for (BaselineEnergy& total : report.baseline_totals)
    total.break_even = break_even(snn_at_zero.total_pj(), report.snn_total.total_pj(), total.energy.total_pj(),
                                  std::numeric_limits<double>::infinity());
  report.snn_total_at_zero_rate = snn_at_zero;
  return report;
}

}  // namespace snn::energy
