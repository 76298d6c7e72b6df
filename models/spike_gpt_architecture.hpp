#pragma once
// A SpikeGPT model as the energy estimator reads it (the architecture YAML of docs/energy.md), per
// token. In SpikeGPT (src/model.py) every projection reads a layer norm's output or a product of
// analog values, never spikes: the LIF layers' spikes enter the residual stream, which is normalised
// before the next projection. So each projection is priced as multiply-accumulates on analog inputs;
// the LIF layers' measured firing rates go into the file as comments. The WKV recurrence, layer
// norms and token shifts (element-wise, a few operations a channel) are not priced.
#include <string>

#include "models/spike_gpt.hpp"

namespace snn {

std::string spike_gpt_energy_architecture(const SpikeGptModel& model, const SpikeGptActivity& measured,
                                          const std::string& name);

}  // namespace snn
