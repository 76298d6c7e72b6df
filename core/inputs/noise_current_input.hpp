#pragma once
// A Gaussian white-noise current: `mean` + `sd` N(0, 1) (pA), drawn afresh for every neuron and step.
#include <array>
#include <cstdint>
#include <string>

#include "core/foundation/host_device.hpp"
#include "core/foundation/random_stream.hpp"
#include "core/inputs/input_kind_model.hpp"
#include "core/synapse_spec.hpp"

namespace snn {

struct NoiseCurrentInput {
  static constexpr const char* kName = "noise_current";
  static constexpr const char* kSummary = "a current `mean` + `sd` N(0,1) (pA) drawn per neuron and step";
  static constexpr bool kEvents = false;
  static constexpr std::array<const char*, 2> kKeys{"mean", "sd"};

  double mean = 0.0, sd = 0.0;

  template <typename Reader>
  void read(Reader& r) {
    mean = r.optional_number("mean", 0.0);
    sd = r.number("sd");
    if (sd < 0) r.fail("sd", ".sd: must be >= 0");
  }
  template <typename Builder>
  void build(Builder& b) const {
    b.input().mean = static_cast<float>(mean);
    b.input().sd = static_cast<float>(sd);
  }
  const SynapseSpec* synapse() const { return nullptr; }
  std::string problem() const { return ""; }
  double host_bytes(uint32_t) const { return 0.0; }

  template <typename View>
  SNN_HD static float current(const View& in, uint32_t i, uint64_t step) {
    const PhiloxBlock b = in.stream.block(i, step);
    return in.mean + in.sd * normal_from_bits(b.v[0], b.v[1]);
  }
  template <typename View>
  SNN_HD static int64_t events(const View&, uint32_t, uint64_t) {
    return 0;
  }
};

}  // namespace snn
