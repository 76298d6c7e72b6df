#pragma once
// What an encoded source's neurons read on either engine: the items (an image, a frame of a movie, a
// feature vector) shown one after another for a presentation window each, the encoding (its place in
// the list, source_encodings.hpp) and the settings of every encoder, of which the encoding uses its own.
#include <cstdint>

#include "encoders/latency_encoder.hpp"
#include "encoders/population_encoder.hpp"
#include "encoders/rate_encoder.hpp"

namespace snn {

// Which encoding a source uses: its place in the list of encodings.
using SourceEncodingId = uint32_t;

struct EncodedSourceView {
  const float* item_values;  // items x values
  uint32_t item_count;
  uint32_t values_per_item;
  uint64_t presentation_steps;
  SourceEncodingId encoding;
  RateEncoder rate;  // its dt_ms is the step of every encoding
  LatencyEncoder latency;
  GaussianPopulation population;
  float delta_threshold;
  float* delta_reference;  // one per neuron (delta coding)
};

// The values of the item shown in `step`.
SNN_HD const float* shown_item(const EncodedSourceView& s, uint64_t step) {
  const uint64_t item = (step / s.presentation_steps) % s.item_count;
  return s.item_values + item * s.values_per_item;
}

}  // namespace snn
