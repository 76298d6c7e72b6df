#pragma once
// The random choices of the connectivity rules, as functions both the CPU builder and the GPU builder
// call, so that both draw the very same synapses from the same seed.
#include <cstdint>

#include "core/foundation/random_stream.hpp"

namespace snn {

// The draws of one row (a source, a target, or one pair of fixed_total_number): the k-th 32-bit
// draw is word k % 4 of Philox block k / 4 of the row's counter space.
struct RowDraws {
  RandomStream stream;
  uint64_t row;
  uint64_t next = 0;

  SNN_HD uint32_t bits() {
    const PhiloxBlock b = stream.block(row, next / 4);
    return b.v[next++ % 4];
  }
  // Uniform in [0, n) by a multiply-shift of 32 random bits.
  SNN_HD uint32_t below(uint32_t n) { return static_cast<uint32_t>((static_cast<uint64_t>(bits()) * n) >> 32); }
};

// fixed_probability by geometric skipping: the gap to the next connected target is geometric with
// parameter p, so a row costs O(p N) draws rather than N. Targets come out in ascending order.
struct ProbabilityRow {
  RowDraws draws;
  float probability;
  float inverse_log_miss;  // 1 / log(1 - p), computed once on the host
  uint32_t target_count;
  int64_t current = -1;

  // The next connected target, or -1 when the row is complete (autapses are not removed here).
  SNN_HD int64_t next() {
    if (probability <= 0.0f) return -1;
    if (probability >= 1.0f) {
      current += 1;
    } else {
      const float gap = det_log(open_uniform_from_bits(draws.bits())) * inverse_log_miss;
      if (gap >= static_cast<float>(target_count)) return -1;
      current += 1 + static_cast<int64_t>(gap);
    }
    return current < static_cast<int64_t>(target_count) ? current : -1;
  }
};

// The next accepted member of a row of fixed in- or out-degree: not `excluded` (an autapse) and,
// without multapses, not among the `chosen_count` members already in `chosen`.
SNN_HD uint32_t next_member(RowDraws& draws, uint32_t n, int64_t excluded, bool allow_multapses, const uint32_t* chosen,
                            uint64_t chosen_count) {
  for (;;) {
    const uint32_t candidate = draws.below(n);
    if (static_cast<int64_t>(candidate) == excluded) continue;
    bool repeated = false;
    for (uint64_t k = 0; !allow_multapses && k < chosen_count && !repeated; ++k) repeated = chosen[k] == candidate;
    if (!repeated) return candidate;
  }
}

// Pair m of fixed_total_number: a uniform (source, target), redrawn while it is an excluded autapse.
SNN_HD void total_number_pair(const RandomStream& stream, uint64_t m, uint32_t source_count, uint32_t target_count,
                              bool skip_autapses, uint32_t& source, uint32_t& target) {
  RowDraws draws{stream, m};
  do {
    source = draws.below(source_count);
    target = draws.below(target_count);
  } while (skip_autapses && source == target);
}

}  // namespace snn
