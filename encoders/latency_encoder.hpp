#pragma once
// Latency (time-to-first-spike) coding: the stronger the input, the earlier its single spike.
// Inputs in [threshold, 1] map onto spike times in [0, window]: linearly, or logarithmically
// (t = window ln(1/x) / ln(1/threshold), which spreads weak inputs further apart, as the membrane
// of a LIF neuron charging towards threshold would). x = 1 fires at 0 and x = threshold at the window
// exactly; weaker inputs stay silent.
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"

namespace snn {

enum class LatencyCoding { kLinear, kLogarithmic };

struct LatencyEncoder {
  LatencyCoding coding = LatencyCoding::kLinear;
  float window_ms = 50.0f;
  float threshold = 0.01f;  // in (0, 1): the weakest input that still fires
};

// Spike time in ms, or a negative value for no spike.
SNN_HD float latency_ms(const LatencyEncoder& e, float x) {
  if (!(x >= e.threshold)) return -1.0f;
  if (x >= 1.0f) return 0.0f;
  if (e.coding == LatencyCoding::kLinear) return e.window_ms * (1.0f - x) / (1.0f - e.threshold);
  return e.window_ms * (det_log(x) / det_log(e.threshold));
}

// The inverse, for decoding a first-spike time back into an intensity.
SNN_HD float intensity_from_latency(const LatencyEncoder& e, float t_ms) {
  if (t_ms < 0.0f) return 0.0f;
  if (e.coding == LatencyCoding::kLinear) return 1.0f - t_ms / e.window_ms * (1.0f - e.threshold);
  return det_exp(t_ms / e.window_ms * det_log(e.threshold));
}

}  // namespace snn
