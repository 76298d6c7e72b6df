#pragma once
// Gaussian population coding as a source's encoding: `neurons` neurons per value with preferred values
// spread over [low, high] (population_encoder.hpp), each firing at its response x max_rate.
#include <array>
#include <cstdint>

#include "encoders/encoded_source_view.hpp"

namespace snn {

struct PopulationEncoding {
  static constexpr const char* kName = "population";
  static constexpr const char* kSummary =
      "`neurons` neurons per value with Gaussian receptive fields over [`low`, `high`] (width factor `width`), "
      "each rate-coded at its response x `max_rate`";
  static constexpr std::array<const char*, 6> kKeys{"neurons", "low", "high", "width", "max_rate", "coding"};

  uint32_t neurons = 10;
  double low = 0.0, high = 1.0, width = 1.5;
  double max_rate_hz = 100.0;
  bool bernoulli = true;

  template <typename Reader>
  void read(Reader& r) {
    const uint64_t count = r.positive_integer("neurons");
    if (count < 2 || count > 65536) r.fail("neurons", ".neurons: between 2 and 65536 per value");
    neurons = static_cast<uint32_t>(count);
    low = r.number("low");
    high = r.number("high");
    if (!(high > low)) r.fail("high", ".high: must exceed low");
    width = r.optional_positive("width", width);
    max_rate_hz = r.positive("max_rate");
    bernoulli = r.choice("coding", "bernoulli", "poisson") == "bernoulli";
  }
  uint32_t neurons_per_value() const { return neurons; }
  template <typename Population>
  void build(Population&, EncodedSourceView& v, float dt_ms) const {
    v.population = GaussianPopulation{static_cast<float>(low), static_cast<float>(high), neurons, static_cast<float>(width)};
    v.rate = RateEncoder{bernoulli ? RateCoding::kBernoulli : RateCoding::kPoisson, static_cast<float>(max_rate_hz), dt_ms};
  }
  SNN_HD static bool fires(const EncodedSourceView& s, uint32_t i, uint64_t step, const RandomStream& stream) {
    const uint32_t k = i % s.population.neurons;
    return rate_spikes(s.rate, s.population.response(k, shown_item(s, step)[i / s.population.neurons]), stream, i, step) > 0;
  }
};

}  // namespace snn
