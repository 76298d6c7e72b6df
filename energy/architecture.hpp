#pragma once
// A network as the energy estimator sees it: layers with their numbers of inputs, outputs and
// connections (one connection = one multiply-accumulate of the ANN, one accumulate per input spike
// of the SNN), the firing rate of each layer's input, the number of time steps and the SNN's
// precisions. Read from an architecture YAML file (docs/energy.md), so that published models can be
// estimated without running them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "energy/precision.hpp"

namespace snn::energy {

struct Layer {
  std::string name;
  std::string kind;       // fc, conv, attention or custom
  uint64_t inputs = 0;    // input values (spiking neurons of the layer below, or pixels)
  uint64_t outputs = 0;   // neurons of the layer
  uint64_t connections = 0;  // multiply-accumulates of one ANN evaluation
  // Spikes per input per time step, 0..1: the SNN makes input_rate * connections accumulates a step.
  // For spiking attention, the mean rate of the operands of its two products.
  double input_rate = 0;
  // Real-valued input (pixels, or the time-averaged output read by a classifier head): the SNN
  // multiplies and accumulates every connection at every evaluation instead of accumulating spikes.
  bool analog_input = false;
  uint32_t time_steps = 0;  // evaluations of the layer in the SNN; 0: the architecture's time_steps
  // A simulated network's other work (energy/run_architecture.hpp); 0 for layer models.
  double input_events = 0;       // external (Poisson) events into the layer's neurons over the run: an add each
  double plastic_updates = 0;    // weight updates of its plastic synapses over the run, at input_rate (scale with it)
  double modulated_updates = 0;  // updates of modulated rules at every step, whatever the rates
};

// What an estimate prices. kFull: compute (accumulates, multiply-accumulates and neuron updates) and
// memory traffic. kSynapticOps: the method of Spikformer and its successors (Zhou et al., ICLR 2023,
// Appendix C.2): accumulates and multiply-accumulates only, no neuron updates, no memory, which is
// what their published figures use.
enum class EnergyMethod { kFull, kSynapticOps };

// A figure the architecture's paper publishes for it, shown beside the estimate.
struct PublishedEnergy {
  std::string source;
  double energy_pj = 0;     // the SNN's energy per inference as published
  double synaptic_ops = 0;  // its synaptic operations (accumulates), 0 if not published
  EnergyMethod method = EnergyMethod::kSynapticOps;  // how the paper counted
};

struct Architecture {
  std::string name;
  uint32_t time_steps = 1;
  // How often the ANN evaluates each layer while the SNN runs its time steps: 1 for a feed-forward
  // network that classifies a static input once; time_steps for a recurrent rate network stepped at the
  // SNN's resolution (what a simulated run compares with).
  uint32_t ann_passes = 1;
  EnergyMethod method = EnergyMethod::kFull;
  Precision snn_weights = Precision::kFp32;
  Precision snn_state = Precision::kFp32;  // membrane potential and the accumulates into it
  std::vector<Precision> baselines;        // the ANNs of the same architecture to compare with
  std::vector<Layer> layers;
  std::optional<PublishedEnergy> published;
  // A simulated network's run (energy/run_architecture.hpp) rather than a layer model: its baselines are
  // the same network simulated densely, not an ANN classifier.
  bool simulated_network = false;
  std::vector<std::string> notes;  // what the estimate leaves out, said in every report
};

const char* method_name(EnergyMethod method);
std::optional<EnergyMethod> method_from_name(const std::string& name);

Architecture parse_architecture(const std::string& yaml_text, const std::string& file_name);
Architecture load_architecture(const std::string& path);

}  // namespace snn::energy
