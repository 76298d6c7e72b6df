#include "models/rwkv_channel_mix.hpp"

#include <algorithm>

#include "models/tensor_ops.hpp"
#include "models/token_shift.hpp"
#include "models/wkv_recurrence.hpp"

namespace snn {

void rwkv_channel_mix(const RwkvChannelMix& block, const float* x, int64_t tokens, std::vector<float>& previous,
                      float* out) {
  const int64_t d = block.mix_k.size(), hidden = block.key.dim(0);
  std::vector<float> mixed(tokens * d), hidden_units(tokens * hidden), gate(tokens * d);
  mix_with_previous_tokens(x, tokens, d, previous.data(), block.mix_k, mixed.data());
  linear(mixed.data(), tokens, block.key, hidden_units.data());
  for (float& h : hidden_units) {
    const float rectified = std::max(h, 0.0f);
    h = rectified * rectified;
  }
  linear(hidden_units.data(), tokens, block.value, out);
  mix_with_previous_tokens(x, tokens, d, previous.data(), block.mix_r, mixed.data());
  linear(mixed.data(), tokens, block.receptance, gate.data());
  for (int64_t e = 0; e < tokens * d; ++e) out[e] = logistic(gate[e]) * out[e];
  std::copy(x + (tokens - 1) * d, x + tokens * d, previous.begin());
}

}  // namespace snn
