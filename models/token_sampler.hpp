#pragma once
// Picks the next token from a language model's logits: greedily, or by nucleus (top-p) sampling at
// a temperature, as SpikeGPT's and RWKV's generation scripts do (the smallest set of most likely
// tokens whose probability reaches top_p keeps its share; the rest get none).
#include <cstdint>
#include <random>
#include <vector>

namespace snn {

struct SamplingSettings {
  bool greedy = false;
  float temperature = 1.0f;
  float top_p = 0.85f;
};

int32_t sample_token(const std::vector<float>& logits, const SamplingSettings& settings, std::mt19937_64& random);

}  // namespace snn
