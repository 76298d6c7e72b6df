#pragma once
// A Spikformer as the energy estimator reads it (the architecture YAML of docs/energy.md), with the
// firing rates a run measured: each convolution and linear layer with its input's rate, each spiking
// self-attention with the rates of its Q, K and V spikes, and the classifier reading the output
// averaged over the time steps (analog values, once). `snn classify --energy-architecture` writes it
// for `snn energy`.
#include <string>

#include "models/spikformer.hpp"

namespace snn {

std::string spikformer_energy_architecture(const SpikformerModel& model, const SpikformerActivity& measured,
                                           const std::string& name);

}  // namespace snn
