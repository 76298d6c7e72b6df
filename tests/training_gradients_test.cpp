// Backpropagation through time (training/): the surrogates as snnTorch and SpikingJelly define them,
// every layer's gradient against finite differences of a smooth forward pass, and training that learns
// and repeats itself bit for bit.
#include <gtest/gtest.h>

#include <omp.h>

#include <cmath>
#include <functional>
#include <memory>
#include <random>

#include "training/conv2d_layer.hpp"
#include "training/count_loss.hpp"
#include "training/layer_stack.hpp"
#include "training/lif_layer.hpp"
#include "training/linear_layer.hpp"
#include "training/optimizer.hpp"
#include "training/pool2d_layer.hpp"

namespace snn::training {
namespace {

TEST(Surrogate, MatchesTheFrameworksDefinitions) {
  const Surrogate fast = parse_surrogate("fast_sigmoid"), atan = parse_surrogate("arctan");
  EXPECT_DOUBLE_EQ(fast.gradient(0.0), 1.0);
  EXPECT_DOUBLE_EQ(fast.gradient(0.04), 0.25);        // 1 / (25 * 0.04 + 1)^2
  EXPECT_DOUBLE_EQ(fast.gradient(-0.04), 0.25);
  EXPECT_DOUBLE_EQ(atan.gradient(0.0), 1.0);          // alpha / 2 with alpha = 2
  EXPECT_NEAR(atan.gradient(1.0 / M_PI), 0.5, 1e-15);  // 1 / (1 + (pi/2 * 2 * x)^2) at pi x = 1
  for (const Surrogate& s : {fast, atan})
    for (double x : {-0.7, -0.05, 0.0, 0.02, 0.3, 2.0}) {
      const double h = 1e-7, numeric = (s.primitive(x + h) - s.primitive(x - h)) / (2 * h);
      EXPECT_NEAR(numeric, s.gradient(x), 1e-5) << "the primitive's slope at " << x;  // |x| bends at 0: h k of error there
    }
  EXPECT_THROW(parse_surrogate("triangle"), std::invalid_argument);
}

struct Case {
  ResetKind reset;
  SurrogateKind surrogate;
};

LayerStack<double> small_stack(const Case& c, bool detach_reset) {
  LifSettings lif;
  lif.reset = c.reset;
  lif.surrogate = c.surrogate == SurrogateKind::kArctan ? parse_surrogate("arctan") : parse_surrogate("fast_sigmoid", 5);
  lif.detach_reset = detach_reset;
  lif.smooth_forward = true;
  lif.threshold = 0.5;
  LayerStack<double> stack;
  stack.add(std::make_unique<LinearLayer<double>>(6, 5, true, 11));
  stack.add(std::make_unique<LifLayer<double>>(5, lif));
  stack.add(std::make_unique<LinearLayer<double>>(5, 3, false, 12));
  lif.learn_beta = true;
  lif.beta = 0.8;
  stack.add(std::make_unique<LifLayer<double>>(3, lif));
  return stack;
}

Sequence<double> random_input(int64_t steps, int64_t batch, int64_t width, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.5);
  Sequence<double> x(steps, batch, width);
  for (double& v : x.values) v = uniform(random);
  return x;
}

// The backward pass of `stack` under `loss` (which fills the output's gradient when given one) against
// central differences of the loss, for every parameter; returns how many were checked.
int expect_gradients_match(LayerStack<double>& stack, const std::function<double(Sequence<double>*)>& loss, const std::string& label) {
  stack.zero_gradients();
  Sequence<double> gradient;
  loss(&gradient);
  stack.backward(gradient);
  int checked = 0;
  for (Parameter<double>* p : stack.parameters())
    for (size_t i = 0; i < p->value.size(); ++i, ++checked) {
      const double kept = p->value[i], h = 1e-6;
      p->value[i] = kept + h;
      const double up = loss(nullptr);
      p->value[i] = kept - h;
      const double down = loss(nullptr);
      p->value[i] = kept;
      const double numeric = (up - down) / (2 * h);
      EXPECT_NEAR(p->gradient[i], numeric, 1e-7 + 1e-5 * std::fabs(numeric)) << p->name << "[" << i << "], " << label;
    }
  return checked;
}

// The backward pass against central differences of the loss, for every parameter of every layer.
TEST(TrainingGradients, BackwardIsTheGradientOfTheSmoothForward) {
  omp_set_num_threads(1);  // hundreds of tiny passes: threads would only wait on each other
  const std::vector<int> labels = {0, 2, 1, 2};
  const Sequence<double> x = random_input(6, 4, 6, 3);
  for (const Case c : {Case{ResetKind::kSoft, SurrogateKind::kFastSigmoid}, Case{ResetKind::kHard, SurrogateKind::kFastSigmoid},
                       Case{ResetKind::kSoft, SurrogateKind::kArctan}, Case{ResetKind::kHard, SurrogateKind::kArctan}}) {
    LayerStack<double> stack = small_stack(c, false);
    const int checked = expect_gradients_match(
        stack, [&](Sequence<double>* gradient) { return count_cross_entropy(stack.forward(x), labels, gradient); },
        c.reset == ResetKind::kHard ? "hard reset" : "soft reset");
    EXPECT_EQ(checked, 6 * 5 + 5 + 5 * 3 + 3);
  }
  omp_set_num_threads(omp_get_num_procs());
}

// A convolutional stack (convolution with stride and padding, LIF, max or average pooling, linear,
// LIF) against central differences likewise.
TEST(TrainingGradients, ConvolutionAndPoolingBackwardAreGradients) {
  omp_set_num_threads(1);
  const std::vector<int> labels = {1, 0, 2};
  const Sequence<double> x = random_input(4, 3, 2 * 7 * 7, 8);
  for (const PoolKind pool : {PoolKind::kMax, PoolKind::kAverage}) {
    LifSettings lif;
    lif.smooth_forward = true;
    lif.detach_reset = false;
    lif.threshold = 0.3;
    lif.surrogate = parse_surrogate("arctan");
    LayerStack<double> stack;
    auto conv = std::make_unique<Conv2dLayer<double>>(ImageShape{2, 7, 7}, 3, 3, 2, 1, 21);
    const ImageShape conv_out = conv->output_shape();
    EXPECT_EQ(conv_out.height, 4);
    stack.add(std::move(conv));
    stack.add(std::make_unique<LifLayer<double>>(conv_out.size(), lif));
    auto pooling = std::make_unique<Pool2dLayer<double>>(conv_out, pool, 2, 2);
    const ImageShape pooled = pooling->output_shape();
    stack.add(std::move(pooling));
    stack.add(std::make_unique<LinearLayer<double>>(pooled.size(), 3, true, 22));
    stack.add(std::make_unique<LifLayer<double>>(3, lif));
    expect_gradients_match(
        stack, [&](Sequence<double>* gradient) { return count_cross_entropy(stack.forward(x), labels, gradient); },
        pool == PoolKind::kMax ? "max" : "average");
  }
  omp_set_num_threads(omp_get_num_procs());
}

// Detaching the reset leaves out a term: the gradient then differs from the full one.
TEST(TrainingGradients, DetachedResetLeavesOutTheResetsTerm) {
  const std::vector<int> labels = {0, 2, 1, 2};
  const Sequence<double> x = random_input(6, 4, 6, 3);
  std::vector<double> full, detached;
  for (bool detach : {false, true}) {
    LayerStack<double> stack = small_stack({ResetKind::kHard, SurrogateKind::kFastSigmoid}, detach);
    stack.zero_gradients();
    Sequence<double> gradient;
    count_cross_entropy(stack.forward(x), labels, &gradient);
    stack.backward(gradient);
    for (double g : stack.parameters().front()->gradient) (detach ? detached : full).push_back(g);
  }
  double difference = 0;
  for (size_t i = 0; i < full.size(); ++i) difference += std::fabs(full[i] - detached[i]);
  EXPECT_GT(difference, 1e-6);
}

// Three classes of noisy rate-coded patterns: a two-layer spiking network learns them, the same bits
// run after run and for one or two threads.
struct Trained {
  std::vector<float> weights;
  double accuracy = 0;
};

Trained train_patterns(int threads) {
  omp_set_num_threads(threads);
  std::mt19937_64 random(5);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  const int64_t steps = 8, width = 20, classes = 3;
  std::vector<std::vector<float>> prototypes(classes, std::vector<float>(width));
  for (auto& p : prototypes)
    for (float& v : p) v = uniform(random) < 0.3f ? 0.8f : 0.05f;
  auto batch = [&](int64_t size, std::vector<int>& labels) {
    Sequence<float> x(steps, size, width);
    labels.resize(size);
    for (int64_t b = 0; b < size; ++b) {
      labels[b] = static_cast<int>(random() % classes);
      for (int64_t t = 0; t < steps; ++t)
        for (int64_t k = 0; k < width; ++k) x.at(t, b)[k] = uniform(random) < prototypes[labels[b]][k] ? 1.0f : 0.0f;
    }
    return x;
  };
  LifSettings lif;
  lif.surrogate = parse_surrogate("fast_sigmoid");
  LayerStack<float> stack;
  stack.add(std::make_unique<LinearLayer<float>>(width, 16, true, 1));
  stack.add(std::make_unique<LifLayer<float>>(16, lif));
  stack.add(std::make_unique<LinearLayer<float>>(16, classes, true, 2));
  stack.add(std::make_unique<LifLayer<float>>(classes, lif));
  OptimizerSettings adam;
  adam.learning_rate = 1e-2;
  Optimizer<float> optimizer(stack.parameters(), adam);
  std::vector<int> labels, predicted;
  for (int iteration = 0; iteration < 150; ++iteration) {
    const Sequence<float> x = batch(64, labels);  // large enough for the linear layers to run threaded
    stack.zero_gradients();
    Sequence<float> gradient;
    count_cross_entropy(stack.forward(x), labels, &gradient);
    stack.backward(gradient);
    optimizer.step(adam.learning_rate);
  }
  const Sequence<float> test = batch(300, labels);
  count_cross_entropy(stack.forward(test), labels, static_cast<Sequence<float>*>(nullptr), &predicted);
  Trained result;
  for (size_t b = 0; b < labels.size(); ++b) result.accuracy += predicted[b] == labels[b];
  result.accuracy /= static_cast<double>(labels.size());
  for (Parameter<float>* p : stack.parameters()) result.weights.insert(result.weights.end(), p->value.begin(), p->value.end());
  omp_set_num_threads(omp_get_num_procs());
  return result;
}

TEST(Training, LearnsPatternsTheSameWayEveryRun) {
  const Trained once = train_patterns(1), again = train_patterns(1), threaded = train_patterns(2);
  EXPECT_GT(once.accuracy, 0.9);
  EXPECT_EQ(once.weights, again.weights);
  EXPECT_EQ(once.weights, threaded.weights);
}

}  // namespace
}  // namespace snn::training

#include "training/dynamic_confidence.hpp"

namespace snn::training {
namespace {

// Three samples of two classes over four steps, decoded by hand: sample 0 is right from the first
// step and sure of it; sample 1 starts wrong, turns right at step 3; sample 2 is right at step 1 only.
TEST(DynamicConfidence, StopsWhereConfidentAndBoundsByTheOracle) {
  Sequence<float> out(4, 3, 2);
  const float spikes[4][3][2] = {{{3, 0}, {1, 0}, {0, 1}}, {{3, 0}, {1, 0}, {1, 0}}, {{3, 0}, {0, 3}, {1, 0}}, {{3, 0}, {0, 1}, {1, 0}}};
  for (int t = 0; t < 4; ++t)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 2; ++c) out.at(t, b)[c] = spikes[t][b][c];
  const std::vector<int> labels = {0, 1, 1};
  const DynamicConfidenceReport r = dynamic_confidence(out, labels, {0.0, 0.99, 2.0});
  // Counts per step: sample 1: (1,0) (2,0) (2,3) (2,4); sample 2: (0,1) (1,1) (2,1) (3,1).
  EXPECT_EQ(r.fixed_accuracy, (std::vector<double>{2.0 / 3, 1.0 / 3, 2.0 / 3, 2.0 / 3}));
  EXPECT_DOUBLE_EQ(r.dynamic[0].mean_steps, 1.0);  // threshold 0: every sample stops at once
  EXPECT_DOUBLE_EQ(r.dynamic[0].accuracy, 2.0 / 3);
  EXPECT_DOUBLE_EQ(r.dynamic[2].mean_steps, 4.0);  // never confident enough: fixed T
  EXPECT_DOUBLE_EQ(r.dynamic[2].accuracy, r.fixed_accuracy.back());
  // Threshold 0.99: sample 0 is sure at step 1 (softmax of (3,0) = 0.953 < 0.99, (6,0) = 0.9975); sample 1
  // never (largest: (2,4) gives 0.88); sample 2 never ((3,1) gives 0.88).
  EXPECT_DOUBLE_EQ(r.dynamic[1].mean_steps, (2 + 4 + 4) / 3.0);
  EXPECT_DOUBLE_EQ(r.oracle_accuracy, 2.0 / 3);  // sample 2 ends wrong (the tie (1,1) predicts class 0)
  EXPECT_DOUBLE_EQ(r.oracle_mean_steps, (1 + 3 + 4) / 3.0);
}

}  // namespace
}  // namespace snn::training

#include "training/dropout_layer.hpp"
#include "training/li_layer.hpp"
#include "training/recurrent_lif_layer.hpp"

namespace snn::training {
namespace {

// A recurrent LIF layer, dropout (its mask held fixed between the passes) and a leaky-integrator
// readout under the membrane loss, against central differences.
TEST(TrainingGradients, RecurrentDropoutAndMembraneLossAreGradients) {
  omp_set_num_threads(1);
  const std::vector<int> labels = {2, 0, 1};
  const Sequence<double> x = random_input(7, 3, 5, 13);
  for (const ResetKind reset : {ResetKind::kSoft, ResetKind::kHard}) {
    LifSettings lif;
    lif.smooth_forward = true;
    lif.detach_reset = false;
    lif.reset = reset;
    lif.threshold = 0.4;
    lif.surrogate = parse_surrogate("fast_sigmoid", 4);
    LayerStack<double> stack;
    stack.add(std::make_unique<LinearLayer<double>>(5, 6, true, 31));
    stack.add(std::make_unique<RecurrentLifLayer<double>>(6, lif, 32));
    auto dropout = std::make_unique<DropoutLayer<double>>(6, 0.3, 33);
    DropoutLayer<double>* drop = dropout.get();
    stack.add(std::move(dropout));
    stack.add(std::make_unique<LinearLayer<double>>(6, 3, true, 34));
    stack.add(std::make_unique<LiLayer<double>>(3, 0.7));
    auto loss = [&](Sequence<double>* gradient) {
      drop->batches_seen() = 0;  // the same mask on every pass
      return count_cross_entropy(stack.forward(x), labels, gradient, nullptr, true);
    };
    const int checked = expect_gradients_match(stack, loss, reset == ResetKind::kHard ? "hard reset" : "soft reset");
    EXPECT_EQ(checked, 5 * 6 + 6 + 6 * 6 + 6 + 6 * 3 + 3);
  }
  omp_set_num_threads(omp_get_num_procs());
}

TEST(TrainingGradients, DropoutKeepsTheExpectationAndOnlyWhileTraining) {
  DropoutLayer<double> dropout(1000, 0.25, 5);
  Sequence<double> ones(2, 1, 1000, 1.0);
  const Sequence<double> y = dropout.forward(ones);
  double kept = 0;
  for (int64_t k = 0; k < 1000; ++k) {
    EXPECT_EQ(y.at(0, 0)[k], y.at(1, 0)[k]) << "one mask for all steps";
    kept += y.at(0, 0)[k] != 0;
    if (y.at(0, 0)[k] != 0) {
      EXPECT_DOUBLE_EQ(y.at(0, 0)[k], 1.0 / 0.75);
    }
  }
  EXPECT_NEAR(kept / 1000, 0.75, 0.05);
  dropout.set_training(false);
  EXPECT_EQ(dropout.forward(ones).values, ones.values);
}

}  // namespace
}  // namespace snn::training

#include "training/batch_norm_layer.hpp"

namespace snn::training {
namespace {

// Batch norm in training mode (the batch's statistics depend on every input) against central
// differences, behind a convolution and before LIF neurons.
TEST(TrainingGradients, BatchNormBackwardIsTheGradient) {
  omp_set_num_threads(1);
  const std::vector<int> labels = {1, 0, 2};
  const Sequence<double> x = random_input(3, 3, 2 * 5 * 5, 17);
  LifSettings lif;
  lif.smooth_forward = true;
  lif.detach_reset = false;
  lif.threshold = 0.2;
  lif.surrogate = parse_surrogate("arctan");
  LayerStack<double> stack;
  auto conv = std::make_unique<Conv2dLayer<double>>(ImageShape{2, 5, 5}, 3, 3, 1, 1, 41);
  const ImageShape shape = conv->output_shape();
  stack.add(std::move(conv));
  auto norm = std::make_unique<BatchNormLayer<double>>(shape);
  norm->parameters()[0]->value = {1.3, 0.7, 1.1};  // gamma and beta away from their start
  norm->parameters()[1]->value = {0.1, -0.2, 0.3};
  stack.add(std::move(norm));
  stack.add(std::make_unique<LifLayer<double>>(shape.size(), lif));
  stack.add(std::make_unique<LinearLayer<double>>(shape.size(), 3, true, 42));
  stack.add(std::make_unique<LifLayer<double>>(3, lif));
  expect_gradients_match(stack, [&](Sequence<double>* gradient) { return count_cross_entropy(stack.forward(x), labels, gradient); },
                         "batch norm");
  omp_set_num_threads(omp_get_num_procs());
}

}  // namespace
}  // namespace snn::training
