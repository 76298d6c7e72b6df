// The CPU trainer's batch of examples/training/fashion_conv.yaml's network (forward, count loss,
// backward; 8 steps x 128 images of half-zero pixels), with this tree's convolution, linear and LIF
// layers and with a base revision's (namespace snn::training::base, extracted by
// benchmarks/training_cpu_layers.sh), in one run. Prints samples per second of each.
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <utility>

#include "base/conv2d_layer.hpp"
#include "base/linear_layer.hpp"
#include "base/lif_layer.hpp"
#include "training/conv2d_layer.hpp"
#include "training/count_loss.hpp"
#include "training/layer_stack.hpp"
#include "training/lif_layer.hpp"
#include "training/linear_layer.hpp"
#include "training/pool2d_layer.hpp"

namespace t = snn::training;

template <template <typename> class Conv, template <typename> class Linear, template <typename> class Lif, typename Settings>
double samples_per_second(const Settings& lif, int batches) {
  using Shape = decltype(std::declval<Conv<float>&>().input_shape());  // each tree's own image shape
  t::LayerStack<float> stack;
  stack.add(std::make_unique<Conv<float>>(Shape{1, 28, 28}, 16, 3, 1, 1, 1));
  stack.add(std::make_unique<Lif<float>>(16 * 784, lif));
  stack.add(std::make_unique<t::Pool2dLayer<float>>(t::ImageShape{16, 28, 28}, t::PoolKind::kMax, 2, 2));
  stack.add(std::make_unique<Conv<float>>(Shape{16, 14, 14}, 32, 3, 1, 1, 2));
  stack.add(std::make_unique<Lif<float>>(32 * 196, lif));
  stack.add(std::make_unique<t::Pool2dLayer<float>>(t::ImageShape{32, 14, 14}, t::PoolKind::kMax, 2, 2));
  stack.add(std::make_unique<Linear<float>>(1568, 128, true, 3));
  stack.add(std::make_unique<Lif<float>>(128, lif));
  stack.add(std::make_unique<Linear<float>>(128, 10, true, 4));
  stack.add(std::make_unique<Lif<float>>(10, lif));
  std::mt19937 random(1);
  std::uniform_real_distribution<float> uniform(0, 1);
  t::Sequence<float> x(8, 128, 784);
  for (float& v : x.values) v = uniform(random) < 0.5f ? 0.0f : uniform(random);
  std::vector<int> labels(128);
  for (int b = 0; b < 128; ++b) labels[b] = b % 10;
  auto batch = [&] {
    stack.zero_gradients();
    t::Sequence<float> gradient;
    t::count_cross_entropy(stack.forward(x), labels, &gradient);
    stack.backward(gradient);
  };
  batch();  // warm-up: buffers allocated
  const auto start = std::chrono::steady_clock::now();
  for (int k = 0; k < batches; ++k) batch();
  return 128.0 * batches / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int main(int argc, char** argv) {
  const int batches = argc > 1 ? std::atoi(argv[1]) : 3;
  t::LifSettings lif;
  lif.reset = t::ResetKind::kHard;
  lif.surrogate = t::parse_surrogate("arctan");
  t::base::LifSettings base_lif;
  base_lif.reset = t::base::ResetKind::kHard;
  base_lif.surrogate = lif.surrogate;
  const double before = samples_per_second<t::base::Conv2dLayer, t::base::LinearLayer, t::base::LifLayer>(base_lif, batches);
  const double after = samples_per_second<t::Conv2dLayer, t::LinearLayer, t::LifLayer>(lif, batches);
  std::printf("samples/s: base %.1f, this tree %.1f (%.2fx)\n", before, after, after / before);
}
