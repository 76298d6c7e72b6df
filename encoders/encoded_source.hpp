#pragma once
// A population that turns data into spikes: item after item (an image, a frame of a movie, a feature
// vector), each shown for a presentation window and encoded by one of the encodings of the list
// (source_encodings.hpp: rate, latency, Gaussian population, delta). Used through the population model
// `encoded_source` in experiment files, on both engines.
#include <cstdint>
#include <type_traits>

#include "encoders/encoded_source_view.hpp"
#include "encoders/source_encodings.hpp"

namespace snn {

// Whether neuron i fires in `step`.
SNN_HD bool encoded_source_fires(const EncodedSourceView& s, uint32_t i, uint64_t step, const RandomStream& stream) {
  return visit_source_encoding(s.encoding, [&](auto* encoding) {
    return std::remove_pointer_t<decltype(encoding)>::fires(s, i, step, stream);
  });
}

}  // namespace snn
