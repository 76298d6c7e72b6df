// The counter-based draws: right distributions, and a pure function of (seed, owner, index, step).
#include "core/foundation/random_stream.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace snn {
namespace {

TEST(Philox, KnownAnswerFromTheRandom123Specification) {
  // Philox4x32-10 test vector (Salmon et al. 2011, Random123 kat_vectors): counter and key all ones.
  const PhiloxBlock b = philox4x32(PhiloxCounter{0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu},
                                   PhiloxKey{0xFFFFFFFFu, 0xFFFFFFFFu});
  EXPECT_EQ(b.v[0], 0x408f276du);
  EXPECT_EQ(b.v[1], 0x41c83b0eu);
  EXPECT_EQ(b.v[2], 0xa20bc7c6u);
  EXPECT_EQ(b.v[3], 0x6d5451fdu);
}

TEST(RandomStream, UniformAndNormalMoments) {
  const RandomStream s = make_stream(7, 3, StreamPurpose::kParameter, 1);
  const int n = 200000;
  double u_sum = 0, z_sum = 0, z_square = 0;
  for (int i = 0; i < n; ++i) {
    const PhiloxBlock b = s.block(i, 0);
    const float u = uniform_from_bits(b.v[0]);
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    u_sum += u;
    const float z = normal_from_bits(b.v[1], b.v[2]);
    z_sum += z;
    z_square += z * z;
  }
  // Five standard errors: fails by chance about once in two million runs.
  EXPECT_NEAR(u_sum / n, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(z_sum / n, 0.0, 5 * std::sqrt(1.0 / n));
  EXPECT_NEAR(z_square / n, 1.0, 5 * std::sqrt(2.0 / n));
}

TEST(RandomStream, PoissonCountsHaveMeanAndVarianceLambda) {
  const RandomStream s = make_stream(11, 0, StreamPurpose::kPoissonInput, 1);
  for (float lambda : {0.05f, 1.6f, 12.0f, 150.0f}) {
    const int n = 100000;
    double sum = 0, square = 0;
    for (int i = 0; i < n; ++i) {
      const double k = poisson_count(s, i, 17, lambda);
      sum += k;
      square += k * k;
    }
    const double mean = sum / n, variance = square / n - mean * mean;
    EXPECT_NEAR(mean, lambda, 5 * std::sqrt(lambda / n)) << "lambda " << lambda;
    EXPECT_NEAR(variance, lambda, 0.05 * lambda + 5 * lambda * std::sqrt(2.0 / n)) << "lambda " << lambda;
  }
}

TEST(RandomStream, DrawsDependOnlyOnTheirCoordinates) {
  const RandomStream a = make_stream(5, 1, StreamPurpose::kConnectivity);
  const RandomStream b = make_stream(5, 1, StreamPurpose::kConnectivity);
  const RandomStream other_owner = make_stream(5, 2, StreamPurpose::kConnectivity);
  const RandomStream other_seed = make_stream(6, 1, StreamPurpose::kConnectivity);
  EXPECT_EQ(a.block(123, 9).v[0], b.block(123, 9).v[0]);
  EXPECT_NE(a.block(123, 9).v[0], a.block(124, 9).v[0]);
  EXPECT_NE(a.block(123, 9).v[0], a.block(123, 10).v[0]);
  EXPECT_NE(a.block(123, 9).v[0], other_owner.block(123, 9).v[0]);
  EXPECT_NE(a.block(123, 9).v[0], other_seed.block(123, 9).v[0]);
}

TEST(DeterministicMath, CloseToTheLibraryFunctions) {
  for (float x = -80.0f; x < 80.0f; x += 0.37f) EXPECT_NEAR(det_exp(x) / std::exp(x), 1.0, 3e-7) << x;
  for (float x = 1e-30f; x < 1e30f; x *= 3.7f) EXPECT_NEAR(det_log(x), std::log(x), 3e-7 * (1 + std::fabs(std::log(x)))) << x;
  for (float u = -1.0f; u < 2.0f; u += 0.013f) EXPECT_NEAR(det_cos_2pi(u), std::cos(2 * M_PI * u), 3e-7) << u;
  for (double x = 1e-4; x < 20; x *= 1.13) {
    const double exact = -std::expm1(-x) / x;
    EXPECT_NEAR(det_relaxation_gain(static_cast<float>(x)) / exact, 1.0, 4e-7) << x;
  }
}

}  // namespace
}  // namespace snn
