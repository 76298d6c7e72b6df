#pragma once
// The synapses of one projection, grouped by source neuron (compressed sparse rows): when a neuron
// fires, its row is the only part of the table that spike delivery reads. Within a row, targets are
// in ascending order (engines rely on it to split a row between threads).
#include <cstdint>
#include <vector>

namespace snn {

struct SynapseTable {
  std::vector<uint64_t> row_offsets;  // n_source + 1 entries; row i is [row_offsets[i], row_offsets[i+1])
  std::vector<uint32_t> targets;
  std::vector<float> weights;
  std::vector<uint16_t> delay_steps;  // at least 1

  uint64_t size() const { return targets.size(); }
  uint32_t source_count() const { return row_offsets.empty() ? 0 : static_cast<uint32_t>(row_offsets.size() - 1); }

  // The source neuron of every synapse, in table order (the rows written out).
  std::vector<uint32_t> sources() const {
    std::vector<uint32_t> of(size());
    for (uint32_t i = 0; i < source_count(); ++i)
      for (uint64_t k = row_offsets[i]; k < row_offsets[i + 1]; ++k) of[k] = i;
    return of;
  }
};

}  // namespace snn
