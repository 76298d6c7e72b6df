#pragma once
// Rate coding as a source's encoding: one neuron per value, firing at value x max_rate (rate_encoder.hpp);
// a neuron fires at most once a step, so Poisson coding fires where the step's count is at least one.
#include <array>
#include <cstdint>
#include <string>

#include "encoders/encoded_source_view.hpp"

namespace snn {

struct RateEncoding {
  static constexpr const char* kName = "rate";
  static constexpr const char* kSummary = "one neuron per value, firing at value x `max_rate` (Hz), `coding` bernoulli or poisson";
  static constexpr std::array<const char*, 2> kKeys{"max_rate", "coding"};

  double max_rate_hz = 100.0;
  bool bernoulli = true;

  template <typename Reader>
  void read(Reader& r) {
    max_rate_hz = r.positive("max_rate");
    bernoulli = r.choice("coding", "bernoulli", "poisson") == "bernoulli";
  }
  uint32_t neurons_per_value() const { return 1; }
  template <typename Population>
  void build(Population&, EncodedSourceView& v, float dt_ms) const {
    v.rate = RateEncoder{bernoulli ? RateCoding::kBernoulli : RateCoding::kPoisson, static_cast<float>(max_rate_hz), dt_ms};
  }
  SNN_HD static bool fires(const EncodedSourceView& s, uint32_t i, uint64_t step, const RandomStream& stream) {
    return rate_spikes(s.rate, shown_item(s, step)[i], stream, i, step) > 0;
  }
};

}  // namespace snn
