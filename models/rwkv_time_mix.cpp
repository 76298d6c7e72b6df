#include "models/rwkv_time_mix.hpp"

#include "models/tensor_ops.hpp"
#include "models/token_shift.hpp"

namespace snn {

void rwkv_time_mix(const RwkvTimeMix& block, const float* x, int64_t tokens, RwkvTimeMixState& state, float* out) {
  const int64_t d = block.mix_k.size();
  std::vector<float> mixed(tokens * d), keys(tokens * d), values(tokens * d), receptance(tokens * d);
  mix_with_previous_tokens(x, tokens, d, state.previous.data(), block.mix_k, mixed.data());
  linear(mixed.data(), tokens, block.key, keys.data());
  mix_with_previous_tokens(x, tokens, d, state.previous.data(), block.mix_v, mixed.data());
  linear(mixed.data(), tokens, block.value, values.data());
  mix_with_previous_tokens(x, tokens, d, state.previous.data(), block.mix_r, mixed.data());
  linear(mixed.data(), tokens, block.receptance, receptance.data());
  // The scan: channels are independent, tokens follow each other.
#pragma omp parallel for schedule(static) if (tokens * d > (1 << 14))
  for (int64_t c = 0; c < d; ++c) {
    WkvState& wkv = state.wkv[c];
    const float w = block.decay.values[c], u = block.first.values[c];
    for (int64_t t = 0; t < tokens; ++t) {
      const int64_t e = t * d + c;
      const float y = wkv_output(wkv, u, keys[e], values[e]);
      wkv_advance(wkv, w, keys[e], values[e]);
      mixed[e] = logistic(receptance[e]) * y;
    }
  }
  linear(mixed.data(), tokens, block.output, out);
  std::copy(x + (tokens - 1) * d, x + tokens * d, state.previous.begin());
}

}  // namespace snn
