#pragma once
// Data injected as current: items of one value per target neuron (an image, a feature vector), each
// shown for `presentation` ms as `gain` x value (pA), item after item, from the start again after the last.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/foundation/host_device.hpp"
#include "core/inputs/input_kind_model.hpp"
#include "core/synapse_spec.hpp"

namespace snn {

struct DirectInput {
  static constexpr const char* kName = "direct";
  static constexpr const char* kSummary = "items of `data` (a value per neuron) as current `gain` x value, each for `presentation` ms";
  static constexpr bool kEvents = false;
  static constexpr std::array<const char*, 3> kKeys{"data", "gain", "presentation"};

  std::vector<float> item_values;  // items x target neurons
  uint32_t item_count = 0;
  double presentation_ms = 100.0, gain = 1.0;

  template <typename Reader>
  void read(Reader& r) {
    r.items("data", item_values, item_count);
    gain = r.number("gain");
    presentation_ms = r.positive("presentation");
  }
  template <typename Builder>
  void build(Builder& b) const {
    for (float v : item_values) b.input().item_values.push_back(static_cast<float>(v * gain));
    b.input().item_count = item_count;
    b.input().presentation_steps = b.steps(presentation_ms) > 0 ? b.steps(presentation_ms) : 1;
  }
  const SynapseSpec* synapse() const { return nullptr; }
  std::string problem() const { return ""; }
  double host_bytes(uint32_t) const { return 4.0 * item_values.size(); }

  template <typename View>
  SNN_HD static float current(const View& in, uint32_t i, uint64_t step) {
    const uint64_t item = (step / in.presentation_steps) % in.item_count;
    return in.item_values[item * in.size + i];
  }
  template <typename View>
  SNN_HD static int64_t events(const View&, uint32_t, uint64_t) {
    return 0;
  }
};

}  // namespace snn
