#pragma once
// Whole batches at once, for spiking layers that run T steps over B samples: values [batch][channels]
// in, spikes [batch][steps][channels] out. Sample b's channel c is item b * channels + c of the
// stream, so a sample encodes to the same spikes in any batch position it has the same index in,
// and the same seed gives the same batch.
#include <cstdint>
#include <vector>

#include "encoders/latency_encoder.hpp"
#include "encoders/rate_encoder.hpp"

namespace snn {

inline std::vector<uint8_t> encode_rate_batch(const std::vector<float>& values, uint32_t batch, uint32_t channels,
                                              uint32_t steps, const RateEncoder& encoder, const RandomStream& stream,
                                              uint64_t first_sample = 0) {
  std::vector<uint8_t> spikes(size_t(batch) * steps * channels);
  for (uint32_t b = 0; b < batch; ++b)
    for (uint32_t t = 0; t < steps; ++t)
      for (uint32_t c = 0; c < channels; ++c) {
        const uint64_t item = (first_sample + b) * channels + c;
        const uint32_t count = rate_spikes(encoder, values[size_t(b) * channels + c], stream, item, t);
        spikes[(size_t(b) * steps + t) * channels + c] = static_cast<uint8_t>(count > 255 ? 255 : count);
      }
  return spikes;
}

// One spike per channel at its latency (rounded to a step), none below threshold or past the steps.
inline std::vector<uint8_t> encode_latency_batch(const std::vector<float>& values, uint32_t batch, uint32_t channels,
                                                 uint32_t steps, float dt_ms, const LatencyEncoder& encoder) {
  std::vector<uint8_t> spikes(size_t(batch) * steps * channels, 0);
  for (uint32_t b = 0; b < batch; ++b)
    for (uint32_t c = 0; c < channels; ++c) {
      const float t = latency_ms(encoder, values[size_t(b) * channels + c]);
      if (t < 0.0f) continue;
      const uint64_t step = static_cast<uint64_t>(det_round(t / dt_ms));
      if (step < steps) spikes[(size_t(b) * steps + step) * channels + c] = 1;
    }
  return spikes;
}

}  // namespace snn
