#include "models/token_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace snn {

int32_t sample_token(const std::vector<float>& logits, const SamplingSettings& settings, std::mt19937_64& random) {
  const auto best = std::max_element(logits.begin(), logits.end());
  if (settings.greedy || settings.temperature <= 0.0f) return static_cast<int32_t>(best - logits.begin());
  // Softmax at the temperature, shifted by the largest logit so that nothing overflows.
  std::vector<double> p(logits.size());
  double total = 0.0;
  for (size_t k = 0; k < logits.size(); ++k) total += p[k] = std::exp((logits[k] - *best) / settings.temperature);
  for (double& x : p) x /= total;
  std::vector<int32_t> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
  double kept = 0.0;
  size_t nucleus = 0;
  while (nucleus < order.size() && (nucleus == 0 || kept < settings.top_p)) kept += p[order[nucleus++]];
  const double u = std::uniform_real_distribution<double>(0.0, kept)(random);
  double running = 0.0;
  for (size_t k = 0; k < nucleus; ++k) {
    running += p[order[k]];
    if (u < running) return order[k];
  }
  return order[nucleus - 1];
}

}  // namespace snn
