#pragma once
// SpikeGPT's (RWKV-4's) channel-mixing block (its "RFFN"): token shift, then
//   sigmoid(R x_r) * (V relu(K x_k)^2)
// with a hidden width of usually 4 d. Like the time mix, one function serves a sequence and a token.
#include <cstdint>
#include <vector>

#include "models/tensor.hpp"

namespace snn {

struct RwkvChannelMix {
  Tensor mix_k, mix_r;  // [d]
  Tensor key;           // [hidden, d]
  Tensor receptance;    // [d, d]
  Tensor value;         // [d, hidden]
};

// x: [tokens, d]; out: [tokens, d]; `previous` is the last token's input (zero before the first).
void rwkv_channel_mix(const RwkvChannelMix& block, const float* x, int64_t tokens, std::vector<float>& previous,
                      float* out);

}  // namespace snn
