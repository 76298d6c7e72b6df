#include "plasticity/incoming_synapses.hpp"

#include <cstddef>

namespace snn {

// A counting sort by target: one pass counts, a second places each synapse after its target's
// earlier ones, so the lists come out in table (source) order.
IncomingSynapses index_incoming_synapses(const SynapseTable& table, uint32_t target_count) {
  IncomingSynapses in;
  in.offsets.assign(static_cast<size_t>(target_count) + 1, 0);
  for (const uint32_t target : table.targets) ++in.offsets[target + 1];
  for (uint32_t j = 0; j < target_count; ++j) in.offsets[j + 1] += in.offsets[j];
  in.synapses.resize(table.size());
  in.sources.resize(table.size());
  std::vector<uint64_t> next(in.offsets.begin(), in.offsets.end() - 1);
  for (uint32_t source = 0; source < table.source_count(); ++source)
    for (uint64_t k = table.row_offsets[source]; k < table.row_offsets[source + 1]; ++k) {
      const uint64_t place = next[table.targets[k]]++;
      in.synapses[place] = k;
      in.sources[place] = source;
    }
  return in;
}

}  // namespace snn
