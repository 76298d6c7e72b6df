#pragma once
// Latency coding as a source's encoding: one neuron per value, firing once in each presentation, the
// earlier the stronger the value (latency_encoder.hpp); values below the threshold stay silent.
#include <array>
#include <cstdint>

#include "core/foundation/deterministic_math.hpp"
#include "encoders/encoded_source_view.hpp"

namespace snn {

struct LatencyEncoding {
  static constexpr const char* kName = "latency";
  static constexpr const char* kSummary =
      "one neuron per value, one spike a presentation within `window` (ms), earlier for stronger values, "
      "`coding` linear or logarithmic; values below `threshold` stay silent";
  static constexpr std::array<const char*, 3> kKeys{"window", "threshold", "coding"};

  double window_ms = 50.0, threshold = 0.05;
  bool logarithmic = false;

  template <typename Reader>
  void read(Reader& r) {
    window_ms = r.positive("window");
    if (window_ms > r.presentation_ms()) r.fail("window", ".window: must fit in the presentation");
    threshold = r.optional_number("threshold", threshold);
    if (!(threshold > 0 && threshold < 1)) r.fail("threshold", ".threshold: must lie in (0, 1)");
    logarithmic = r.choice("coding", "linear", "logarithmic") == "logarithmic";
  }
  uint32_t neurons_per_value() const { return 1; }
  template <typename Population>
  void build(Population&, EncodedSourceView& v, float dt_ms) const {
    v.rate.dt_ms = dt_ms;
    v.latency = LatencyEncoder{logarithmic ? LatencyCoding::kLogarithmic : LatencyCoding::kLinear,
                               static_cast<float>(window_ms), static_cast<float>(threshold)};
  }
  SNN_HD static bool fires(const EncodedSourceView& s, uint32_t i, uint64_t step, const RandomStream&) {
    const float t = latency_ms(s.latency, shown_item(s, step)[i]);
    if (t < 0.0f) return false;
    const uint64_t fire_step = static_cast<uint64_t>(det_round(t / s.rate.dt_ms));
    return step % s.presentation_steps == fire_step;
  }
};

}  // namespace snn
