// SpikingBrain's spike coding: counts from the adaptive threshold, and trains that decode to them.
#include "neurons/spike_count_coding.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace snn {
namespace {

TEST(SpikeCountCoding, AdaptiveThresholdCountsApproximateTheActivations) {
  // mean |x| = 2.5, k = 2: V_th = 1.25; x / V_th = 0.8, -1.6, 2.4, -3.2, 2.5 (a tie: to even).
  const std::vector<float> x = {1.0f, -2.0f, 3.0f, -4.0f, 3.125f};
  const float threshold = adaptive_threshold(x.data(), 4, 2.0f);
  EXPECT_FLOAT_EQ(threshold, 1.25f);
  const std::vector<int32_t> expected = {1, -2, 2, -3, 2};
  for (size_t i = 0; i < x.size(); ++i) {
    const int32_t s = spike_count(x[i], threshold);
    EXPECT_EQ(s, expected[i]) << i;
    EXPECT_LE(std::fabs(x[i] - s * threshold), threshold / 2 + 1e-6f) << "x ~ s V_th to within half a threshold";
  }
  const std::vector<float> silent(3, 0.0f);
  EXPECT_EQ(spike_count(1.0f, adaptive_threshold(silent.data(), 3, 2.0f)), 0);
}

TEST(SpikeCountCoding, EveryCodeDecodesToItsCount) {
  for (SpikeCountCode code : {SpikeCountCode::kBinary, SpikeCountCode::kTernary, SpikeCountCode::kBitwise}) {
    for (int32_t s = code == SpikeCountCode::kBinary ? 0 : -13; s <= 13; ++s) {
      const uint32_t T = steps_for_count(code, s) + 1;  // one step to spare
      std::vector<float> train(T);
      uint32_t spikes = 0;
      for (uint32_t t = 0; t < T; ++t) {
        train[t] = count_spike(code, s, t, T);
        spikes += train[t] != 0.0f;
        if (train[t] != 0.0f) {
          EXPECT_EQ(train[t], s < 0 ? -1.0f : 1.0f);
        }
      }
      EXPECT_EQ(decode_count(code, train.data(), T), s) << static_cast<int>(code) << " count " << s;
      if (code != SpikeCountCode::kBitwise) {
        EXPECT_EQ(spikes, static_cast<uint32_t>(std::abs(s)));  // rate = |s| / T
      }
    }
  }
  // Bitwise: 13 = 1101 in four steps, most significant first.
  const std::vector<float> thirteen = {count_spike(SpikeCountCode::kBitwise, 13, 0, 4), count_spike(SpikeCountCode::kBitwise, 13, 1, 4),
                                       count_spike(SpikeCountCode::kBitwise, 13, 2, 4), count_spike(SpikeCountCode::kBitwise, 13, 3, 4)};
  EXPECT_EQ(thirteen, (std::vector<float>{1, 1, 0, 1}));
  EXPECT_EQ(steps_for_count(SpikeCountCode::kBitwise, 13), 4u);
}

}  // namespace
}  // namespace snn
