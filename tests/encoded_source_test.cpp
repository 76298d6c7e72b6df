// Populations fed from data: rate and latency coding of items shown one after another.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>

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
    if (x.data[i] == 0) EXPECT_EQ(counts[i], 0u) << "pixel " << i;
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
    EXPECT_NE(e.message().find("an item needs 3 values, got 2"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snn::testing
