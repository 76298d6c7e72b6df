// Encoders and decoders: statistics of rate coding, exact ends of latency coding, reconstruction by
// delta coding, and encode -> decode round trips.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "encoders/batch_encoding.hpp"
#include "encoders/delta_encoder.hpp"
#include "encoders/latency_encoder.hpp"
#include "encoders/population_encoder.hpp"
#include "encoders/rate_encoder.hpp"
#include "encoders/spike_decoders.hpp"

namespace snn {
namespace {

TEST(RateEncoder, MeanCountMatchesTheRateWithinStatisticalBounds) {
  const RandomStream stream = make_stream(3, 0, StreamPurpose::kPoissonSource, 9);
  for (RateCoding coding : {RateCoding::kPoisson, RateCoding::kBernoulli}) {
    const RateEncoder e{coding, 200.0f, 1.0f};
    for (float x : {0.0f, 0.1f, 0.5f, 1.0f}) {
      const int items = 2000, steps = 100;
      double total = 0;
      for (int i = 0; i < items; ++i)
        for (int t = 0; t < steps; ++t) total += rate_spikes(e, x, stream, i, t);
      // Expected count per item: x * 200 Hz * 0.1 s; per-step variance p for Poisson, p(1-p) for
      // Bernoulli; five standard errors of the mean over all items.
      const double p = x * 200.0 * 1e-3, expected = p * steps;
      const double variance = steps * (coding == RateCoding::kPoisson ? p : p * (1 - p));
      EXPECT_NEAR(total / items, expected, 5 * std::sqrt(variance / items) + 1e-9) << "x = " << x;
    }
  }
}

TEST(RateEncoder, RateDecodingRecoversTheIntensity) {
  // Encode, count over 1 s at up to 400 Hz, decode as rate / max_rate: the stated error is five
  // binomial standard deviations of the count, sqrt(n p (1 - p)) / n / 0.4 with n = 1000 steps.
  const RateEncoder e{RateCoding::kBernoulli, 400.0f, 1.0f};
  const RandomStream stream = make_stream(8, 0, StreamPurpose::kPoissonSource, 4);
  for (float x : {0.05f, 0.3f, 0.62f, 0.9f}) {
    std::vector<uint8_t> spikes(1000);
    for (uint32_t t = 0; t < 1000; ++t) spikes[t] = static_cast<uint8_t>(rate_spikes(e, x, stream, 0, t));
    const float decoded = spike_rates_hz(spike_counts(spikes, 1000, 1), 1000, 1.0f)[0] / 400.0f;
    const double p = 0.4 * x, error = 5 * std::sqrt(1000 * p * (1 - p)) / 1000 / 0.4;
    EXPECT_NEAR(decoded, x, error) << "x = " << x;
  }
}

TEST(RateEncoder, BernoulliNeverFiresTwiceAStepPoissonCan) {
  const RandomStream stream = make_stream(1, 0, StreamPurpose::kPoissonSource, 1);
  const RateEncoder poisson{RateCoding::kPoisson, 1000.0f, 1.0f}, bernoulli{RateCoding::kBernoulli, 1000.0f, 1.0f};
  uint32_t most_poisson = 0, most_bernoulli = 0;
  for (int i = 0; i < 1000; ++i) {
    most_poisson = std::max(most_poisson, rate_spikes(poisson, 1.0f, stream, i, 0));
    most_bernoulli = std::max(most_bernoulli, rate_spikes(bernoulli, 1.0f, stream, i, 0));
  }
  EXPECT_GT(most_poisson, 1u);
  EXPECT_EQ(most_bernoulli, 1u);
}

TEST(LatencyEncoder, MonotoneAndExactAtTheEnds) {
  for (LatencyCoding coding : {LatencyCoding::kLinear, LatencyCoding::kLogarithmic}) {
    const LatencyEncoder e{coding, 50.0f, 0.05f};
    EXPECT_EQ(latency_ms(e, 1.0f), 0.0f);
    EXPECT_FLOAT_EQ(latency_ms(e, 0.05f), 50.0f);
    EXPECT_LT(latency_ms(e, 0.04f), 0.0f);  // below threshold: silent
    float previous = -1.0f;
    for (float x = 1.0f; x >= 0.05f; x -= 0.01f) {
      const float t = latency_ms(e, x);
      EXPECT_GT(t, previous) << "x = " << x;  // weaker input, later spike
      previous = t;
      EXPECT_NEAR(intensity_from_latency(e, t), x, 1e-5f) << "round trip at x = " << x;
    }
  }
}

TEST(DeltaEncoder, EventsReconstructTheSignalWithinTheThreshold) {
  const float threshold = 0.05f;
  float reference = 0.3f, reconstruction = 0.3f;
  int on = 0, off = 0;
  for (int t = 0; t < 2000; ++t) {
    const float x = 0.3f + 0.25f * std::sin(t * 0.01f) + 0.1f * std::sin(t * 0.13f);
    const int32_t events = delta_events(reference, x, threshold);
    (events > 0 ? on : off) += std::abs(events);
    reconstruction += events * threshold;
    ASSERT_LE(std::fabs(reconstruction - x), threshold + 1e-5f) << "step " << t;
  }
  EXPECT_GT(on, 10);
  EXPECT_GT(off, 10);
}

TEST(PopulationEncoder, RateCodedValuesDecodeBack) {
  const GaussianPopulation population{-1.0f, 1.0f, 21, 1.5f};
  const RateEncoder e{RateCoding::kPoisson, 200.0f, 1.0f};
  const RandomStream stream = make_stream(5, 0, StreamPurpose::kPoissonSource, 2);
  const uint32_t steps = 500;
  for (float x : {-0.8f, -0.33f, 0.0f, 0.41f, 0.77f}) {
    std::vector<uint32_t> spikes(size_t(steps) * population.neurons);
    for (uint32_t t = 0; t < steps; ++t)
      for (uint32_t k = 0; k < population.neurons; ++k)
        spikes[size_t(t) * population.neurons + k] = rate_spikes(e, population.response(k, x), stream, k, t);
    const std::vector<uint32_t> counts = spike_counts(spikes, steps, population.neurons);
    // Stated error: a quarter of the spacing of the preferred values (0.1), covering the Poisson noise
    // of 0.5 s at 200 Hz and the population vector's own bias between centers and near the ends.
    EXPECT_NEAR(decode_population(population, counts.data()), x, 0.025f) << "x = " << x;
  }
}

TEST(SpikeDecoders, CountsFirstSpikesAndMembranes) {
  // Three channels, four steps.
  const std::vector<uint8_t> spikes{0, 1, 0,  //
                                    1, 1, 0,  //
                                    0, 0, 0,  //
                                    1, 0, 0};
  EXPECT_EQ(spike_counts(spikes, 4, 3), (std::vector<uint32_t>{2, 2, 0}));
  EXPECT_EQ(first_spike_steps(spikes, 4, 3), (std::vector<int32_t>{1, 0, -1}));
  EXPECT_FLOAT_EQ(spike_rates_hz(spike_counts(spikes, 4, 3), 4, 1.0f)[0], 500.0f);
  const std::vector<float> trace{1, -2, 0, 3, 4, 0, -1, 0, 0, 1, 2, 0};
  EXPECT_EQ(membrane_readout(trace, 4, 3, MembraneReadout::kMaximum), (std::vector<float>{3, 4, 0}));
  EXPECT_EQ(membrane_readout(trace, 4, 3, MembraneReadout::kMean), (std::vector<float>{1, 1, 0}));
  EXPECT_EQ(winner(std::vector<float>{0.1f, 0.7f, 0.2f}), 1u);
}


TEST(BatchEncoding, EachSampleEncodesAsOnItsOwnAndDecodesBack) {
  const uint32_t batch = 3, channels = 5, steps = 40;
  std::vector<float> values(batch * channels);
  for (size_t k = 0; k < values.size(); ++k) values[k] = static_cast<float>(k) / values.size();
  const RateEncoder rate{RateCoding::kPoisson, 300.0f, 1.0f};
  const RandomStream stream = make_stream(21, 0, StreamPurpose::kPoissonSource, 5);
  const std::vector<uint8_t> all = encode_rate_batch(values, batch, channels, steps, rate, stream);
  // Sample 2 alone, encoded as sample number 2, gives the same spikes as within the batch.
  const std::vector<float> third(values.begin() + 2 * channels, values.end());
  const std::vector<uint8_t> alone = encode_rate_batch(third, 1, channels, steps, rate, stream, 2);
  EXPECT_TRUE(std::equal(alone.begin(), alone.end(), all.begin() + 2 * steps * channels));
  EXPECT_EQ(all, encode_rate_batch(values, batch, channels, steps, rate, stream));  // same seed, same batch

  const LatencyEncoder latency{LatencyCoding::kLinear, 30.0f, 0.1f};
  const std::vector<uint8_t> first = encode_latency_batch(values, batch, channels, steps, 1.0f, latency);
  for (uint32_t b = 0; b < batch; ++b) {
    const std::vector<uint8_t> sample(first.begin() + b * steps * channels, first.begin() + (b + 1) * steps * channels);
    const std::vector<int32_t> spike_steps = first_spike_steps(sample, steps, channels);
    for (uint32_t c = 0; c < channels; ++c) {
      const float x = values[b * channels + c];
      if (x < 0.1f) {
        EXPECT_EQ(spike_steps[c], -1);
        continue;
      }
      // Decoded from the spike step: within half a step of latency, i.e. 0.5 / 30 * 0.9 in intensity.
      EXPECT_NEAR(intensity_from_latency(latency, static_cast<float>(spike_steps[c])), x, 0.5f / 30.0f * 0.9f + 1e-5f);
    }
  }
}

}  // namespace
}  // namespace snn
