#pragma once
// Where each thread's part of every row of a projection begins. Spike delivery gives each thread a
// contiguous range of the target population; rows are sorted by target, so a thread's part of a row
// is contiguous too. Finding it by binary search on every spike costs two chains of dependent loads
// per thread, as much as delivering the part itself once 16 threads share a row of a few hundred
// synapses; so the boundaries are found once, when the thread count is known.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/foundation/synapse_table.hpp"

namespace snn {

class RowSplits {
 public:
  RowSplits() = default;

  // The boundaries of `threads` ranges of a target population of `target_size` neurons in every row
  // of `table` (the ranges of CpuEngine's thread_range: thread t owns [size*t/T, size*(t+1)/T)).
  RowSplits(const SynapseTable& table, uint32_t target_size, int threads)
      : stride_(static_cast<uint32_t>(threads) + 1) {
    const uint32_t sources = table.source_count();
    offsets_.resize(static_cast<size_t>(sources) * stride_);
    const uint32_t* targets = table.targets.data();
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int64_t s = 0; s < static_cast<int64_t>(sources); ++s) {
      const uint64_t row_begin = table.row_offsets[s], row_end = table.row_offsets[s + 1];
      uint32_t* split = &offsets_[static_cast<size_t>(s) * stride_];
      const uint32_t* from = targets + row_begin;
      for (uint32_t t = 0; t < stride_; ++t) {
        const uint32_t first_target = static_cast<uint32_t>(static_cast<uint64_t>(target_size) * t / (stride_ - 1));
        from = std::lower_bound(from, targets + row_end, first_target);
        split[t] = static_cast<uint32_t>(from - (targets + row_begin));
      }
    }
  }

  int threads() const { return static_cast<int>(stride_) - 1; }

  // Thread `thread`'s part of row `source` starts this many synapses after the row's start (the next
  // thread's part starts at the entry after it).
  const uint32_t* of(uint32_t source, int thread) const {
    return &offsets_[static_cast<size_t>(source) * stride_ + static_cast<uint32_t>(thread)];
  }

 private:
  uint32_t stride_ = 1;            // entries per row: one per thread and the row's end
  std::vector<uint32_t> offsets_;  // [source][thread], relative to the row's start
};

}  // namespace snn
