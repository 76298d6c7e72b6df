#pragma once
// A population that turns data into spikes: item after item (an image, a feature vector), one value
// per neuron, each shown for a presentation window and encoded by rate or by latency. Used through
// the population model `encoded_source` in experiment files, on both engines.
#include <cstdint>

#include "encoders/latency_encoder.hpp"
#include "encoders/rate_encoder.hpp"

namespace snn {

enum class SourceEncoding : uint32_t { kRate, kLatency };

struct EncodedSourceView {
  const float* item_values;  // items x neurons, intensities in [0, 1]
  uint32_t item_count;
  uint64_t presentation_steps;
  SourceEncoding encoding;
  RateEncoder rate;
  LatencyEncoder latency;
};

// Whether neuron i fires in `step`. A population neuron fires at most once a step, so Poisson rate
// coding fires when the step's Poisson count is at least one.
SNN_HD bool encoded_source_fires(const EncodedSourceView& s, uint32_t size, uint32_t i, uint64_t step,
                                 const RandomStream& stream) {
  const uint64_t item = (step / s.presentation_steps) % s.item_count;
  const float x = s.item_values[item * size + i];
  if (s.encoding == SourceEncoding::kRate) return rate_spikes(s.rate, x, stream, i, step) > 0;
  const float t = latency_ms(s.latency, x);
  if (t < 0.0f) return false;
  const uint64_t fire_step = static_cast<uint64_t>(det_round(t / s.rate.dt_ms));
  return step % s.presentation_steps == fire_step;
}

}  // namespace snn
