// Our backward passes against PyTorch autograd on the same equations (the fixture written by
// tests/reference/training_autograd_reference.py on the GPU machine, where PyTorch is): the same
// networks, parameters and input, in float64, give the same loss and every parameter's gradient.
#include <gtest/gtest.h>

#include <omp.h>

#include <cmath>
#include <memory>

#include "models/safetensors.hpp"
#include "test_support.hpp"
#include "training/conv2d_layer.hpp"
#include "training/count_loss.hpp"
#include "training/layer_stack.hpp"
#include "training/li_layer.hpp"
#include "training/lif_layer.hpp"
#include "training/linear_layer.hpp"
#include "training/pool2d_layer.hpp"
#include "training/recurrent_lif_layer.hpp"

namespace snn::training {
namespace {

constexpr int64_t kSteps = 6, kBatch = 4;
const char* kFixture = "tests/fixtures/training/autograd.safetensors";

class AgainstAutograd : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = read_safetensors(testing::source_path(kFixture));
    omp_set_num_threads(1);
  }

  const Tensor& tensor(const std::string& name) const { return file_.tensors.at(name); }

  // The image held for every step, flattened per sample.
  Sequence<double> held_image() const {
    const Tensor& image = tensor("input");
    const int64_t width = image.size() / kBatch;
    Sequence<double> x(kSteps, kBatch, width);
    for (int64_t t = 0; t < kSteps; ++t)
      for (int64_t b = 0; b < kBatch; ++b)
        for (int64_t k = 0; k < width; ++k) x.at(t, b)[k] = image.values[b * width + k];
    return x;
  }
  std::vector<int> labels(const std::string& name) const {
    std::vector<int> out;
    for (float v : tensor(name).values) out.push_back(static_cast<int>(v));
    return out;
  }

  // Sets the stack's parameters to "<net>.p<k>", runs it, and compares the loss and "<net>.g<k>".
  void expect_autograd(LayerStack<double>& stack, const std::string& net, const std::string& label_name, bool membrane) {
    std::vector<Parameter<double>*> parameters = stack.parameters();
    for (size_t k = 0; k < parameters.size(); ++k) {
      const Tensor& value = tensor(net + ".p" + std::to_string(k));
      ASSERT_EQ(value.values.size(), parameters[k]->value.size()) << net << " parameter " << k;
      parameters[k]->value.assign(value.values.begin(), value.values.end());
    }
    stack.zero_gradients();
    const Sequence<double> out = stack.forward(held_image());
    double spikes = 0;
    for (double v : out.values) spikes += v;
    Sequence<double> gradient;
    const double loss = count_cross_entropy(out, labels(label_name), &gradient, nullptr, membrane);
    EXPECT_NEAR(loss, tensor(net + ".loss").values[0], 1e-5 * std::fabs(loss));
    stack.backward(gradient);
    for (size_t k = 0; k < parameters.size(); ++k) {
      const Tensor& expected = tensor(net + ".g" + std::to_string(k));
      double largest = 0, worst = 0;
      for (size_t i = 0; i < expected.values.size(); ++i) {
        largest = std::max(largest, std::fabs(double(expected.values[i])));
        worst = std::max(worst, std::fabs(parameters[k]->gradient[i] - expected.values[i]));
      }
      EXPECT_GT(largest, 0.0) << net << " parameter " << k << ": autograd found no gradient to compare";
      EXPECT_LE(worst, 1e-5 * largest + 1e-9) << net << " parameter " << k << " (largest gradient " << largest << ")";
    }
  }

  SafetensorsFile file_;
};

TEST_F(AgainstAutograd, ConvolutionalNetworkWithCountLoss) {
  LifSettings lif;
  lif.beta = 0.9;
  lif.reset = ResetKind::kHard;
  lif.surrogate = parse_surrogate("fast_sigmoid");
  LayerStack<double> stack;
  auto conv = std::make_unique<Conv2dLayer<double>>(ImageShape{1, 8, 8}, 4, 3, 1, 1, 1);
  const ImageShape convolved = conv->output_shape();
  stack.add(std::move(conv));
  stack.add(std::make_unique<LifLayer<double>>(convolved.size(), lif));
  auto pool = std::make_unique<Pool2dLayer<double>>(convolved, PoolKind::kAverage, 2, 2);
  const int64_t pooled = pool->output_shape().size();
  stack.add(std::move(pool));
  stack.add(std::make_unique<LinearLayer<double>>(pooled, 10, true, 2));
  stack.add(std::make_unique<LifLayer<double>>(10, lif));
  expect_autograd(stack, "conv", "labels_conv", false);
}

TEST_F(AgainstAutograd, RecurrentNetworkWithMembraneLoss) {
  LifSettings lif;
  lif.beta = 0.8;
  lif.reset = ResetKind::kSoft;
  lif.surrogate = parse_surrogate("arctan");
  LayerStack<double> stack;
  stack.add(std::make_unique<LinearLayer<double>>(64, 16, true, 1));
  stack.add(std::make_unique<RecurrentLifLayer<double>>(16, lif, 2));
  stack.add(std::make_unique<LinearLayer<double>>(16, 5, true, 3));
  stack.add(std::make_unique<LiLayer<double>>(5, 0.7));
  expect_autograd(stack, "recurrent", "labels_recurrent", true);
}

}  // namespace
}  // namespace snn::training
