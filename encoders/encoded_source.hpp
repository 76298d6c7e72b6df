#pragma once
// A population that turns data into spikes: item after item (an image, a frame of a movie, a
// feature vector), each shown for a presentation window and encoded
//   - by rate or latency: one neuron per value;
//   - by Gaussian population coding: `population.neurons` neurons per value, rate-coded responses;
//   - by delta (event) coding: an ON and an OFF neuron per value, firing when the value has risen or
//     fallen by more than a threshold since that channel's last event (each channel keeps its own
//     reference, so the two never write the same state).
// Used through the population model `encoded_source` in experiment files, on both engines.
#include <cstdint>

#include "encoders/delta_encoder.hpp"
#include "encoders/latency_encoder.hpp"
#include "encoders/population_encoder.hpp"
#include "encoders/rate_encoder.hpp"

namespace snn {

enum class SourceEncoding : uint32_t { kRate, kLatency, kPopulation, kDelta };

struct EncodedSourceView {
  const float* item_values;  // items x values
  uint32_t item_count;
  uint32_t values_per_item;
  uint64_t presentation_steps;
  SourceEncoding encoding;
  RateEncoder rate;
  LatencyEncoder latency;
  GaussianPopulation population;
  float delta_threshold;
  float* delta_reference;  // one per neuron (delta coding)
};

// Whether neuron i fires in `step`. A population neuron fires at most once a step, so Poisson rate
// coding fires when the step's Poisson count is at least one.
SNN_HD bool encoded_source_fires(const EncodedSourceView& s, uint32_t i, uint64_t step, const RandomStream& stream) {
  const uint64_t item = (step / s.presentation_steps) % s.item_count;
  const float* values = s.item_values + item * s.values_per_item;
  if (s.encoding == SourceEncoding::kPopulation) {
    const uint32_t k = i % s.population.neurons;
    return rate_spikes(s.rate, s.population.response(k, values[i / s.population.neurons]), stream, i, step) > 0;
  }
  if (s.encoding == SourceEncoding::kDelta) {
    const bool on = i < s.values_per_item;
    const float x = values[on ? i : i - s.values_per_item];
    float& reference = s.delta_reference[i];
    const int32_t events = delta_events(reference, x, s.delta_threshold);
    // This channel follows changes of its own sign only: the other sign moves its reference silently.
    return on ? events > 0 : events < 0;
  }
  const float x = values[i];
  if (s.encoding == SourceEncoding::kRate) return rate_spikes(s.rate, x, stream, i, step) > 0;
  const float t = latency_ms(s.latency, x);
  if (t < 0.0f) return false;
  const uint64_t fire_step = static_cast<uint64_t>(det_round(t / s.rate.dt_ms));
  return step % s.presentation_steps == fire_step;
}

}  // namespace snn
