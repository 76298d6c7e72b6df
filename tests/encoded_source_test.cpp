// Populations fed from data: rate and latency coding of items shown one after another.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>

#include "encoders/moving_pattern.hpp"
#include "encoders/population_encoder.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"
#include "io/idx_reader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

TEST(EncodedSource, RateCodingFollowsEachItemsValues) {
  // Two items of four values, 2 s each at dt = 1 ms, up to 100 Hz (Bernoulli, p = 0.1 x a step).
  const RunResult r = run_yaml(R"(
simulation: {dt: 1.0, duration: 4000, seed: 3}
populations:
  in:
    model: encoded_source
    size: 4
    data: {values: [[0, 0.25, 0.5, 1.0], [1.0, 0.5, 0.25, 0]]}
    encoding: {type: rate, max_rate: 100}
    presentation: 2000
)");
  const double values[2][4] = {{0, 0.25, 0.5, 1.0}, {1.0, 0.5, 0.25, 0}};
  for (int item = 0; item < 2; ++item)
    for (uint32_t i = 0; i < 4; ++i) {
      size_t count = 0;
      for (const Spike& s : r.spikes[0])
        if (s.neuron == i && s.step / 2000 == static_cast<uint64_t>(item)) ++count;
      const double p = values[item][i] * 0.1, expected = p * 2000, sd = std::sqrt(2000 * p * (1 - p));
      EXPECT_NEAR(count, expected, 5 * sd + 1e-9) << "item " << item << " neuron " << i;
    }
}

TEST(EncodedSource, LatencyCodingFiresOnceAtTheEncodedTime) {
  const RunResult r = run_yaml(R"(
simulation: {dt: 0.1, duration: 300, seed: 3}
populations:
  in:
    model: encoded_source
    size: 3
    data: {values: [[1.0, 0.5, 0.01]]}
    encoding: {type: latency, window: 40, threshold: 0.1}
    presentation: 100
)");
  // Linear latency: t = 40 (1 - x) / 0.9 ms; 1.0 fires at 0, 0.5 at 22.2 ms; 0.01 is below threshold.
  ASSERT_EQ(r.spikes[0].size(), 6u);  // two neurons, three presentations
  for (size_t k = 0; k < r.spikes[0].size(); ++k) {
    const Spike& s = r.spikes[0][k];
    const uint64_t offset = s.step % 1000;
    if (s.neuron == 0) EXPECT_EQ(offset, 0u);
    else EXPECT_EQ(offset, static_cast<uint64_t>(std::lround(40 * 0.5 / 0.9 / 0.1)));
    EXPECT_NE(s.neuron, 2u);
  }
}

TEST(EncodedSource, FashionMnistImageDrivesItsPixels) {
  const std::string images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
  struct stat info {};
  if (stat(images.c_str(), &info) != 0) GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  const RunResult r = run_yaml(read_text(source_path("experiments/fashion_mnist_rate.yaml")), {"simulation.duration=100"});
  const IdxArray x = read_idx(images);
  // One image for 100 ms at up to 100 Hz: each pixel fires Binomial(100, 0.1 x) times; the total
  // over the image is within five standard deviations of its expectation, and dark pixels are silent.
  std::vector<uint32_t> counts(784, 0);
  for (const Spike& s : r.spikes[0]) counts[s.neuron] += 1;
  double expected = 0, variance = 0, total = 0;
  for (uint32_t i = 0; i < 784; ++i) {
    const double p = x.data[i] / 255.0 * 0.1;
    expected += 100 * p;
    variance += 100 * p * (1 - p);
    total += counts[i];
    if (x.data[i] == 0) {
      EXPECT_EQ(counts[i], 0u) << "pixel " << i;
    }
  }
  EXPECT_NEAR(total, expected, 5 * std::sqrt(variance));
  EXPECT_GT(r.summaries[1].spikes, 0u) << "the hidden layer should respond";
}

TEST(EncodedSource, ItemsOfTheWrongSizeAreRejected) {
  try {
    load_experiment_text(R"(simulation: {dt: 1, duration: 10}
populations:
  in: {model: encoded_source, size: 3, data: {values: [[0.1, 0.2]]}, encoding: {type: rate, max_rate: 10}, presentation: 5}
)", "bad.yaml");
    FAIL();
  } catch (const ExperimentError& e) {
    EXPECT_EQ(e.line(), 3);
    EXPECT_NE(e.message().find("an item needs 3 values (size 3), got 2"), std::string::npos) << e.what();
  }
}


TEST(MovingPattern, ABarMovesAtItsSpeedAndStaysInRange) {
  MovingPattern bar;
  bar.width = 32;
  bar.height = 8;
  bar.frames = 12;
  bar.speed = 1.5;
  const std::vector<float> frames = render_moving_pattern(bar);
  ASSERT_EQ(frames.size(), 12u * 32 * 8);
  for (float v : frames) ASSERT_TRUE(v >= 0.0f && v <= 1.0f);
  // Once the bar is inside the frame its intensity-weighted column moves by `speed` a frame.
  auto centroid = [&](uint32_t f) {
    double weighted = 0, total = 0;
    for (uint32_t y = 0; y < 8; ++y)
      for (uint32_t x = 0; x < 32; ++x) {
        const double v = frames[(size_t(f) * 8 + y) * 32 + x];
        weighted += v * x;
        total += v;
      }
    return weighted / total;
  };
  for (uint32_t f = 9; f + 1 < 12; ++f) EXPECT_NEAR(centroid(f + 1) - centroid(f), 1.5, 1e-6) << "frame " << f;
  EXPECT_NEAR(centroid(10) - 15.5, moving_pattern_position(bar, 10), 1e-6);
}

TEST(EncodedSource, DeltaCodingSignalsTheLeadingAndTrailingEdges) {
  // A 2-pixel bar moving right across a 24 x 4 frame, 1 pixel per 10 ms frame; ON neurons are
  // 0..95, OFF neurons 96..191.
  const RunResult r = run_yaml(R"(
simulation: {dt: 1.0, duration: 300, seed: 1}
populations:
  retina:
    model: encoded_source
    size: 192
    data: {moving: {shape: bar, width: 24, height: 4, frames: 30, speed: 1, size: 2}}
    encoding: {type: delta, threshold: 0.4}
    presentation: 10
)");
  double on_x = 0, off_x = 0;
  size_t on = 0, off = 0;
  for (const Spike& s : r.spikes[0]) {
    EXPECT_EQ(s.step % 10, 0u) << "events come when a frame changes";
    const bool is_on = s.neuron < 96;
    const uint32_t pixel = is_on ? s.neuron : s.neuron - 96;
    const double x = pixel % 24, bar = moving_pattern_position(MovingPattern{MovingPattern::Shape::kBar, 24, 4, 30, 1, 0, 2}, s.step / 10) + 11.5;
    (is_on ? on_x : off_x) += x - bar;  // where, relative to the bar's centre
    (is_on ? on : off) += 1;
  }
  ASSERT_GT(on, 20u);
  ASSERT_GT(off, 20u);
  EXPECT_GT(on_x / on, 0.5);    // brightening ahead of the bar
  EXPECT_LT(off_x / off, -0.5); // darkening behind it
}

TEST(EncodedSource, PopulationCodedValuesDecodeBack) {
  const RunResult r = run_yaml(R"(
simulation: {dt: 1.0, duration: 2000, seed: 5}
populations:
  values:
    model: encoded_source
    size: 40
    data: {values: [[-0.6, 0.35]]}
    encoding: {type: population, neurons: 20, low: -1, high: 1, max_rate: 200}
    presentation: 2000
)");
  std::vector<uint32_t> counts(40, 0);
  for (const Spike& s : r.spikes[0]) counts[s.neuron] += 1;
  const GaussianPopulation population{-1.0f, 1.0f, 20, 1.5f};
  // Two values, twenty neurons each; within a quarter of the spacing of the preferred values.
  EXPECT_NEAR(decode_population(population, counts.data()), -0.6f, 0.026f);
  EXPECT_NEAR(decode_population(population, counts.data() + 20), 0.35f, 0.026f);
}


TEST(DirectInput, DataValuesBecomeCurrentsItemAfterItem) {
  // gain 500 pA: a value of 1 drives the LIF of the analytic test (first spike after 13.9 ms, then
  // every 15.9 ms); 0.5 (250 pA) keeps V below threshold.
  const RunResult r = run_yaml(R"(
simulation: {dt: 0.1, duration: 200, seed: 1}
populations:
  layer: {model: lif, size: 3, parameters: {tau_m: 10, C_m: 250, E_L: -65, V_th: -50, V_reset: -65, t_ref: 2}}
inputs:
  - {type: direct, target: layer, data: {values: [[0, 0.5, 1.0], [1.0, 0.5, 0]]}, gain: 500, presentation: 100}
)");
  std::vector<std::vector<uint64_t>> steps(3);
  for (const Spike& s : r.spikes[0]) steps[s.neuron].push_back(s.step);
  EXPECT_TRUE(steps[1].empty());
  ASSERT_FALSE(steps[2].empty());
  EXPECT_EQ(steps[2].front(), 138u);  // ceil(13.86 ms / 0.1 ms) - 1
  for (uint64_t step : steps[2]) EXPECT_LT(step, 1000u);  // only while the first item is shown
  ASSERT_FALSE(steps[0].empty());
  EXPECT_GE(steps[0].front(), 1000u);  // only from the second item on
}

}  // namespace
}  // namespace snn::testing
