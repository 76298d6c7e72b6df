#pragma once
// Reading answers out of spikes and membranes, over [steps][channels] arrays (row-major, one row a
// time step): spike count and rate, first-spike time, and the maximum or mean of a membrane trace.
#include <cstdint>
#include <vector>

namespace snn {

template <typename Spike>
std::vector<uint32_t> spike_counts(const std::vector<Spike>& spikes, uint32_t steps, uint32_t channels) {
  std::vector<uint32_t> counts(channels, 0);
  for (uint32_t t = 0; t < steps; ++t)
    for (uint32_t c = 0; c < channels; ++c) counts[c] += static_cast<uint32_t>(spikes[size_t(t) * channels + c]);
  return counts;
}

inline std::vector<float> spike_rates_hz(const std::vector<uint32_t>& counts, uint32_t steps, float dt_ms) {
  std::vector<float> rates(counts.size());
  for (size_t c = 0; c < counts.size(); ++c) rates[c] = counts[c] / (steps * dt_ms * 1e-3f);
  return rates;
}

// The step of each channel's first spike, or -1.
template <typename Spike>
std::vector<int32_t> first_spike_steps(const std::vector<Spike>& spikes, uint32_t steps, uint32_t channels) {
  std::vector<int32_t> first(channels, -1);
  for (uint32_t t = 0; t < steps; ++t)
    for (uint32_t c = 0; c < channels; ++c)
      if (first[c] < 0 && spikes[size_t(t) * channels + c] != 0) first[c] = static_cast<int32_t>(t);
  return first;
}

enum class MembraneReadout { kMaximum, kMean };

inline std::vector<float> membrane_readout(const std::vector<float>& trace, uint32_t steps, uint32_t channels,
                                           MembraneReadout readout) {
  std::vector<float> out(channels, readout == MembraneReadout::kMaximum ? -3.4e38f : 0.0f);
  for (uint32_t t = 0; t < steps; ++t)
    for (uint32_t c = 0; c < channels; ++c) {
      const float v = trace[size_t(t) * channels + c];
      if (readout == MembraneReadout::kMaximum) out[c] = v > out[c] ? v : out[c];
      else out[c] += v / static_cast<float>(steps);
    }
  return out;
}

// Index of the largest entry: the class a readout layer votes for.
template <typename Score>
uint32_t winner(const std::vector<Score>& scores) {
  uint32_t best = 0;
  for (uint32_t k = 1; k < scores.size(); ++k)
    if (scores[k] > scores[best]) best = k;
  return best;
}

}  // namespace snn
