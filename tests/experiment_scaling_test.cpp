// The scale suggested to a user whose network does not fit: the largest whose expected size fits.
#include "io/experiment_scaling.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "core/network.hpp"
#include "core/memory_estimate.hpp"
#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

uint64_t bytes_at(const std::string& path, double scale) {
  char setting[64];
  std::snprintf(setting, sizeof setting, "constants.scale=%.17g", scale);  // the scale exactly, as suggested
  return expected_state_bytes(load_experiment_file(path, {setting}));
}

TEST(ExperimentScaling, LargestMicrocircuitScaleWithinABudget) {
  const std::string path = source_path("experiments/microcircuit.yaml");
  const uint64_t budget = uint64_t(1) << 30;  // 1 GiB
  const std::optional<double> scale = largest_scale_within(path, {}, budget);
  ASSERT_TRUE(scale.has_value());
  EXPECT_LT(*scale, 1.0);  // the full model needs ~4 GiB
  EXPECT_LE(bytes_at(path, *scale), budget);
  EXPECT_GT(bytes_at(path, *scale * 1.02), budget);  // and not much more would fit
}

TEST(ExperimentScaling, NothingForAnExperimentWithoutScale) {
  EXPECT_FALSE(largest_scale_within(source_path("experiments/coba.yaml"), {}, uint64_t(1) << 20).has_value());
}

}  // namespace
}  // namespace snn::testing
