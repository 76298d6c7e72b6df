// The heterogeneous-delay layer (Grimaldi & Perrinet 2023) and its stimuli: motion clouds move
// rigidly at their speed, the layer's gradient is its loss's slope, training tells directions apart,
// and the trained layer run as delayed delta synapses in the event-driven engine fires exactly where
// the dense evaluation crosses threshold.
#include <gtest/gtest.h>

#include <omp.h>

#include <cmath>
#include <memory>
#include <random>

#include "core/engine.hpp"
#include "encoders/motion_cloud.hpp"
#include "training/motion_delay_training.hpp"

namespace snn {
namespace {

using training::MotionDelayClassifier;

TEST(MotionCloud, MovesRigidlyAtItsSpeedAndDirection) {
  for (const double direction : {0.0, 90.0, 180.0}) {
    MotionCloud cloud;
    cloud.width = cloud.height = 16;
    cloud.frames = 6;
    cloud.speed = 2;
    cloud.speed_bandwidth = 0;  // every grating on the speed plane: the texture translates exactly
    cloud.direction_deg = direction;
    const std::vector<float> frames = render_motion_cloud(cloud);
    const int dx = direction == 0 ? 2 : direction == 180 ? -2 : 0, dy = direction == 90 ? 2 : 0;
    double worst = 0, spread = 0;
    for (uint32_t t = 0; t + 1 < cloud.frames; ++t)
      for (int y = 2; y < 14; ++y)
        for (int x = 2; x < 14; ++x) {
          const float now = frames[(t * 16 + y) * 16 + x], next = frames[((t + 1) * 16 + y + dy) * 16 + x + dx];
          worst = std::max(worst, std::fabs(double(now) - next));
          spread = std::max(spread, std::fabs(double(now) - 0.5));
        }
    EXPECT_LT(worst, 1e-5) << "the frame after is the frame shifted by the velocity, direction " << direction;
    EXPECT_GT(spread, 0.2) << "a texture, not a flat field";
  }
}

TEST(MotionDelayLayer, GradientIsTheLossSlope) {
  MotionCloud cloud;
  cloud.width = cloud.height = 9;
  cloud.frames = 8;
  const EventMovie movie = movie_events(render_motion_cloud(cloud), cloud.frames, cloud.height, cloud.width, 0.08f);
  ASSERT_GT(movie.events.size(), 20u);
  MotionDelayClassifier layer(3, 3, 4);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> draw(-0.3f, 0.3f);
  for (float& w : layer.weights()) w = draw(rng);
  for (float& b : layer.bias()) b = draw(rng);
  std::vector<double> gw(layer.weights().size(), 0.0), gb(layer.bias().size(), 0.0);
  layer.add_gradient(movie, 1, gw, gb);
  const auto loss = [&](MotionDelayClassifier& l) {
    std::vector<double> w(l.weights().size()), b(l.bias().size());
    return l.add_gradient(movie, 1, w, b);
  };
  const float h = 1e-2f;
  for (size_t i : {size_t(0), size_t(17), size_t(100), layer.weights().size() - 1}) {
    MotionDelayClassifier up = layer, down = layer;
    up.weights()[i] += h;
    down.weights()[i] -= h;
    EXPECT_NEAR((loss(up) - loss(down)) / (2 * h), gw[i], 1e-4 + 1e-2 * std::fabs(gw[i])) << "weight " << i;
  }
  for (size_t c = 0; c < 3; ++c) {
    MotionDelayClassifier up = layer, down = layer;
    up.bias()[c] += h;
    down.bias()[c] -= h;
    EXPECT_NEAR((loss(up) - loss(down)) / (2 * h), gb[c], 1e-4 + 1e-2 * std::fabs(gb[c])) << "bias " << c;
  }
}

// Small enough for the sanitizer job: 4 directions on 14x14 pixels, 14 frames.
training::MotionDelaySettings small_task() {
  training::MotionDelaySettings s;
  s.cloud.width = s.cloud.height = 14;
  s.cloud.frames = 14;
  s.directions = 4;
  s.train_movies = 48;
  s.test_movies = 24;
  s.kernel = 5;
  s.delays = 4;
  s.learning_rate = 0.02;
  s.batch = 8;
  s.epochs = 12;
  return s;
}

class TrainedMotionLayer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    settings_ = small_task();
    train_ = training::make_motion_dataset(settings_, settings_.train_movies, 0);
    test_ = training::make_motion_dataset(settings_, settings_.test_movies, 1000);
    layer_ = std::make_unique<MotionDelayClassifier>(training::train_motion_delays(settings_, settings_.delays, train_, test_));
  }
  static training::MotionDelaySettings settings_;
  static training::MotionDataset train_, test_;
  static std::unique_ptr<MotionDelayClassifier> layer_;
};
training::MotionDelaySettings TrainedMotionLayer::settings_;
training::MotionDataset TrainedMotionLayer::train_, TrainedMotionLayer::test_;
std::unique_ptr<MotionDelayClassifier> TrainedMotionLayer::layer_;

TEST_F(TrainedMotionLayer, DelaysTellDirectionsApartWhereOneDelayCannot) {
  const double with_delays = training::motion_accuracy(*layer_, test_);
  const double one_delay = training::motion_accuracy(training::train_motion_delays(settings_, 1, train_, test_), test_);
  EXPECT_GT(with_delays, 0.6) << "chance is 0.25";
  EXPECT_GT(with_delays, one_delay + 0.15) << "one delay sees orientation, not direction";
}

TEST_F(TrainedMotionLayer, TrainingIsTheSameForAnyThreadCount) {
  training::MotionDelaySettings s = settings_;
  s.epochs = 2;
  omp_set_num_threads(1);
  const MotionDelayClassifier one = training::train_motion_delays(s, s.delays, train_, test_);
  omp_set_num_threads(2);
  const MotionDelayClassifier two = training::train_motion_delays(s, s.delays, train_, test_);
  EXPECT_EQ(one.weights(), two.weights());
  EXPECT_EQ(one.bias(), two.bias());
}

TEST_F(TrainedMotionLayer, PruningKeepsTheLargestWeights) {
  MotionDelayClassifier pruned = *layer_;
  const size_t kept = pruned.prune(0.1);
  EXPECT_EQ(kept, static_cast<size_t>(std::llround(0.1 * layer_->weights().size())));
  float smallest_kept = 1e30f, largest_removed = 0;
  for (size_t i = 0; i < pruned.weights().size(); ++i)
    if (pruned.weights()[i] != 0) smallest_kept = std::min(smallest_kept, std::fabs(pruned.weights()[i]));
    else largest_removed = std::max(largest_removed, std::fabs(layer_->weights()[i]));
  EXPECT_GE(smallest_kept, largest_removed);
}

void expect_engine_fires_where_the_layer_crosses(const MotionDelayClassifier& layer, const training::MotionDataset& test, Backend backend) {
  MotionDelayClassifier pruned = layer;
  pruned.prune(0.2);
  const training::EngineComparison c = training::compare_with_engine(pruned, test, 6, backend);
  EXPECT_GT(c.engine_spikes, 100u) << "too few output spikes for the comparison to mean much";
  EXPECT_EQ(c.engine_spikes, c.dense_spikes);
  EXPECT_EQ(c.differing, 0u);
  EXPECT_EQ(c.same_decisions, c.decisions);
  EXPECT_GT(c.synapses, 1000u);
}

TEST_F(TrainedMotionLayer, EventDrivenCpuEngineFiresWhereTheLayerCrossesThreshold) {
  expect_engine_fires_where_the_layer_crosses(*layer_, test_, Backend::kCpu);
}

TEST_F(TrainedMotionLayer, EventDrivenCudaEngineFiresWhereTheLayerCrossesThreshold) {
  std::string reason;
  if (!cuda_device_available(&reason)) GTEST_SKIP() << "CUDA engine not testable here: " << reason;
  expect_engine_fires_where_the_layer_crosses(*layer_, test_, Backend::kCuda);
}

}  // namespace
}  // namespace snn
