#pragma once
// SpikeGPT's (RWKV-4's) time-mixing block: token shift, then receptance, key and value projections,
// the WKV recurrence gated by sigmoid(receptance), and the output projection. One function serves a
// whole sequence (its projections as one matrix product over all tokens, WKV as a scan) and one token
// at a time (T = 1): each token's arithmetic is the same, so both give the same bits.
#include <cstdint>
#include <vector>

#include "models/tensor.hpp"
#include "models/wkv_recurrence.hpp"

namespace snn {

struct RwkvTimeMix {
  Tensor decay;  // w = -exp(time_decay), [d]
  Tensor first;  // u = time_first, [d]
  Tensor mix_k, mix_v, mix_r;                  // [d]
  Tensor key, value, receptance, output;      // [d, d]
};

struct RwkvTimeMixState {
  std::vector<float> previous;  // the last token's input (zero before the first)
  std::vector<WkvState> wkv;    // per channel
  explicit RwkvTimeMixState(int64_t width = 0) : previous(width, 0.0f), wkv(width) {}
};

// x: [tokens, d] in time order; out: [tokens, d]. The state carries the sequence on.
void rwkv_time_mix(const RwkvTimeMix& block, const float* x, int64_t tokens, RwkvTimeMixState& state, float* out);

}  // namespace snn
