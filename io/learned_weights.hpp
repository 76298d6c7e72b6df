#pragma once
// Learned weights carried from one run to the next (`snn run --load-weights RUN.h5`): each projection
// of the network named in the file's /weights starts from the weights that run ended with, whether it
// learns here too or is only evaluated. The synapses must be the same ones (same seed and connectivity):
// their sources and targets are compared, so weights never land on other synapses silently.
#include <string>

#include "core/network.hpp"

namespace snn {

// Throws std::runtime_error naming the file and the projection when a projection is missing from the
// network, its synapses differ, or a learned weight lies outside its plasticity's bounds. Projections
// built on the GPU cannot be compared: build the network on the host (build_network without deferral).
// Returns the number of projections loaded.
size_t load_learned_weights(const std::string& path, Network& net);

}  // namespace snn
