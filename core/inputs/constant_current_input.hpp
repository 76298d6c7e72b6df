#pragma once
// A current (pA) per target neuron, constant while the input is active.
#include <array>
#include <cstdint>
#include <string>

#include "core/foundation/host_device.hpp"
#include "core/inputs/input_kind_model.hpp"
#include "core/synapse_spec.hpp"
#include "core/value_distribution.hpp"

namespace snn {

struct ConstantCurrentInput {
  static constexpr const char* kName = "constant_current";
  static constexpr const char* kSummary = "a current `amplitude` (pA) per neuron, constant while active";
  static constexpr bool kEvents = false;
  static constexpr std::array<const char*, 1> kKeys{"amplitude"};

  ValueDistribution amplitude;

  template <typename Reader>
  void read(Reader& r) {
    amplitude = r.distribution("amplitude");
  }
  template <typename Builder>
  void build(Builder& b) const {
    b.input().amplitude = b.sample(amplitude, "amplitude");
  }
  const SynapseSpec* synapse() const { return nullptr; }
  std::string problem() const { return ""; }
  double host_bytes(uint32_t neurons) const { return 4.0 * neurons; }

  template <typename View>
  SNN_HD static float current(const View& in, uint32_t i, uint64_t) {
    return in.amplitude[i];
  }
  template <typename View>
  SNN_HD static int64_t events(const View&, uint32_t, uint64_t) {
    return 0;
  }
};

}  // namespace snn
