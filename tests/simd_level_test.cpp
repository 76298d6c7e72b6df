// Choosing the CPU engine's vector instructions: names, the processor's widest level, refusals.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/simd_level.hpp"

namespace snn {
namespace {

TEST(SimdLevel, NamesReadBackAndUnknownOnesListTheChoices) {
  for (const SimdLevel level : {SimdLevel::kAuto, SimdLevel::kBaseline, SimdLevel::kAvx2, SimdLevel::kAvx512})
    EXPECT_EQ(parse_simd_level(simd_level_name(level)), level);
  try {
    parse_simd_level("sse9");
    FAIL() << "an unknown level was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'sse9' (expected auto, baseline, avx2 or avx512)"), std::string::npos) << e.what();
  }
}

TEST(SimdLevel, AutoIsTheWidestLevelAndWiderOnesAreRefused) {
  const SimdLevel best = best_simd_level();
  EXPECT_EQ(resolve_simd_level(SimdLevel::kAuto), best);
  EXPECT_EQ(resolve_simd_level(SimdLevel::kBaseline), SimdLevel::kBaseline);
  if (best == SimdLevel::kAvx512) GTEST_SKIP() << "this processor has every level: none to refuse";
  try {
    resolve_simd_level(SimdLevel::kAvx512);
    FAIL() << "AVX-512 was accepted on a processor without it";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(std::string("the widest it has: ") + simd_level_name(best)), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace snn
