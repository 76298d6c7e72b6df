#pragma once
// A current (pA) that steps to `amplitudes[k]` at `times[k]` (ms, increasing), the same for every neuron;
// zero before the first time.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/foundation/host_device.hpp"
#include "core/inputs/input_kind_model.hpp"
#include "core/synapse_spec.hpp"

namespace snn {

struct StepCurrentInput {
  static constexpr const char* kName = "step_current";
  static constexpr const char* kSummary = "a current that steps to `amplitudes` (pA) at `times` (ms)";
  static constexpr bool kEvents = false;
  static constexpr std::array<const char*, 2> kKeys{"times", "amplitudes"};

  std::vector<double> times_ms, amplitudes;

  template <typename Reader>
  void read(Reader& r) {
    times_ms = r.numbers("times");
    amplitudes = r.numbers("amplitudes");
    if (times_ms.size() != amplitudes.size()) r.fail("amplitudes", ": times and amplitudes must have the same length");
    for (size_t k = 1; k < times_ms.size(); ++k)
      if (times_ms[k] < times_ms[k - 1]) r.fail("times", ".times: must be increasing");
  }
  template <typename Builder>
  void build(Builder& b) const {
    for (size_t k = 0; k < times_ms.size(); ++k) {
      b.input().step_changes.push_back(b.steps(times_ms[k]));
      b.input().step_amplitudes.push_back(static_cast<float>(amplitudes[k]));
    }
  }
  const SynapseSpec* synapse() const { return nullptr; }
  std::string problem() const { return ""; }
  double host_bytes(uint32_t) const { return 12.0 * times_ms.size(); }

  template <typename View>
  SNN_HD static float current(const View& in, uint32_t, uint64_t step) {
    float value = 0.0f;
    for (uint32_t k = 0; k < in.step_change_count && in.step_changes[k] <= step; ++k) value = in.step_amplitudes[k];
    return value;
  }
  template <typename View>
  SNN_HD static int64_t events(const View&, uint32_t, uint64_t) {
    return 0;
  }
};

}  // namespace snn
