#pragma once
// The architecture of a simulated run, for `snn energy RUN.h5`: one layer per population that receives
// synapses, with all its incoming projections (inputs: their source neurons; connections: their
// synapses) and the measured input rate, defined so that the model's accumulates r T C equal the
// synaptic events the engine counted. The ANN baselines are rate networks of the same connectivity
// evaluated at every time step (ann_passes = T). Populations without incoming synapses or external
// input (sources) are inputs, not layers. From the experiment as it ran, each layer also gets its
// expected Poisson input events (rate x active time x neurons) and its plastic synapses' updates: one
// per synaptic event and one per synapse onto a neuron when it fires, and for modulated rules one per
// synapse and step.
#include "energy/architecture.hpp"
#include "io/hdf5_reader.hpp"

namespace snn::energy {

// Throws std::runtime_error when the run has no counts (a run killed before its end).
Architecture architecture_from_run(const RecordedRun& run, const std::string& path);

}  // namespace snn::energy
