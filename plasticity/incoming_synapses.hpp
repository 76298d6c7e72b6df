#pragma once
// A projection's synapses seen from their targets: for each target neuron, the synapses that end on it
// (indices into the source-ordered table) and their sources. A post-synaptic spike's potentiation
// walks its neuron's list, as a pre-synaptic spike walks its row.
#include <cstdint>
#include <vector>

#include "core/foundation/synapse_table.hpp"

namespace snn {

struct IncomingSynapses {
  std::vector<uint64_t> offsets;   // target_count + 1 entries; target j's synapses are [offsets[j], offsets[j+1])
  std::vector<uint64_t> synapses;  // indices into the table, in ascending order within a target
  std::vector<uint32_t> sources;   // the source neuron of each
};

IncomingSynapses index_incoming_synapses(const SynapseTable& table, uint32_t target_count);

}  // namespace snn
