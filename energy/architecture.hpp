#pragma once
// A network as the energy estimator sees it: layers with their numbers of inputs, outputs and
// connections (one connection = one multiply-accumulate of the ANN, one accumulate per input spike
// of the SNN), the firing rate of each layer's input, the number of time steps and the SNN's
// precisions. Read from an architecture YAML file (docs/energy.md), so that published models can be
// estimated without running them.
#include <cstdint>
#include <string>
#include <vector>

#include "energy/precision.hpp"

namespace snn::energy {

struct Layer {
  std::string name;
  std::string kind;       // fc, conv or custom
  uint64_t inputs = 0;    // input values (spiking neurons of the layer below, or pixels)
  uint64_t outputs = 0;   // neurons of the layer
  uint64_t connections = 0;
  double input_rate = 0;  // spikes per input per time step, 0..1
};

struct Architecture {
  std::string name;
  uint32_t time_steps = 1;
  // How often the ANN evaluates each layer while the SNN runs its time steps: 1 for a feed-forward
  // network that classifies a static input once; time_steps for a recurrent rate network stepped at the
  // SNN's resolution (what a simulated run compares with).
  uint32_t ann_passes = 1;
  Precision snn_weights = Precision::kFp32;
  Precision snn_state = Precision::kFp32;  // membrane potential and the accumulates into it
  std::vector<Precision> baselines;        // the ANNs of the same architecture to compare with
  std::vector<Layer> layers;
};

Architecture parse_architecture(const std::string& yaml_text, const std::string& file_name);
Architecture load_architecture(const std::string& path);

}  // namespace snn::energy
