#pragma once
// Delta (event) coding as a source's encoding: an ON and an OFF neuron per value, firing when the value
// has risen or fallen by more than `threshold` since that channel's last event (delta_encoder.hpp).
// Each channel keeps its own reference, so the two never write the same state.
#include <array>
#include <cstdint>

#include "encoders/delta_encoder.hpp"
#include "encoders/encoded_source_view.hpp"

namespace snn {

struct DeltaEncoding {
  static constexpr const char* kName = "delta";
  static constexpr const char* kSummary = "an ON and an OFF neuron per value, firing when it moved by more than `threshold`";
  static constexpr std::array<const char*, 1> kKeys{"threshold"};

  double threshold = 0.1;

  template <typename Reader>
  void read(Reader& r) {
    threshold = r.positive("threshold");
  }
  uint32_t neurons_per_value() const { return 2; }
  // Both channels start at the first item's values.
  template <typename Population>
  void build(Population& pop, EncodedSourceView& v, float dt_ms) const {
    v.rate.dt_ms = dt_ms;
    v.delta_threshold = static_cast<float>(threshold);
    for (uint32_t channel = 0; channel < 2; ++channel)
      pop.delta_reference.insert(pop.delta_reference.end(), pop.item_values.begin(), pop.item_values.begin() + v.values_per_item);
  }
  SNN_HD static bool fires(const EncodedSourceView& s, uint32_t i, uint64_t step, const RandomStream&) {
    const bool on = i < s.values_per_item;
    const float x = shown_item(s, step)[on ? i : i - s.values_per_item];
    float& reference = s.delta_reference[i];
    const int32_t events = delta_events(reference, x, s.delta_threshold);
    // This channel follows changes of its own sign only: the other sign moves its reference silently.
    return on ? events > 0 : events < 0;
  }
};

}  // namespace snn
