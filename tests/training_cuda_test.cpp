// Training on the GPU (training/cuda_training_network.hpp) against the CPU layers: in double
// precision the losses, gradients and Adam steps of networks holding every layer kind agree to
// rounding; in float the GPU repeats itself bit for bit; the trainer learns Fashion-MNIST on it and
// resumes from a checkpoint as if it had not stopped.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <random>

#include "core/engine.hpp"
#include "io/training_spec.hpp"
#include "training/batch_norm_layer.hpp"
#include "training/classification_training.hpp"
#include "training/count_loss.hpp"
#include "training/cuda_training_network.hpp"
#include "training/dropout_layer.hpp"
#include "training/li_layer.hpp"
#include "training/lif_layer.hpp"
#include "training/linear_layer.hpp"
#include "training/pool2d_layer.hpp"
#include "training/recurrent_lif_layer.hpp"
#include "training/trained_classifier.hpp"

namespace snn::training {
namespace {

class TrainingCuda : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string reason;
    if (!cuda_device_available(&reason)) GTEST_SKIP() << "training on the GPU is not testable here: " << reason;
  }
};

// Every layer kind: convolution (stride 1, padding 1), batch norm, PLIF (soft reset, arctan), max
// pooling, dropout, linear, recurrent LIF, and a count loss's LIF (hard reset) or a membrane loss's LI.
template <typename Real>
LayerStack<Real> every_kind(bool membrane) {
  LayerStack<Real> stack;
  const ImageShape image{2, 6, 6};
  stack.add(std::make_unique<Conv2dLayer<Real>>(image, 4, 3, 1, 1, 21));
  stack.add(std::make_unique<BatchNormLayer<Real>>(ImageShape{4, 6, 6}));
  LifSettings plif;
  plif.surrogate = parse_surrogate("arctan");
  plif.learn_beta = true;
  plif.threshold = 0.6;
  stack.add(std::make_unique<LifLayer<Real>>(4 * 36, plif));
  stack.add(std::make_unique<Pool2dLayer<Real>>(ImageShape{4, 6, 6}, PoolKind::kMax, 2, 2));
  stack.add(std::make_unique<DropoutLayer<Real>>(36, 0.25, 22));
  stack.add(std::make_unique<LinearLayer<Real>>(36, 12, true, 23));
  LifSettings recurrent;
  recurrent.threshold = 0.4;
  stack.add(std::make_unique<RecurrentLifLayer<Real>>(12, recurrent, 24));
  stack.add(std::make_unique<LinearLayer<Real>>(12, 5, !membrane, 25));
  if (membrane) {
    stack.add(std::make_unique<LiLayer<Real>>(5, 0.8));
  } else {
    LifSettings out;
    out.reset = ResetKind::kHard;
    out.threshold = 0.3;
    stack.add(std::make_unique<LifLayer<Real>>(5, out));
  }
  return stack;
}

template <typename Real>
Sequence<Real> random_input(int64_t steps, int64_t batch, int64_t width, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.5);
  Sequence<Real> x(steps, batch, width);
  for (Real& v : x.values) v = static_cast<Real>(uniform(random));
  return x;
}

double largest_magnitude(const std::vector<double>& values) {
  double m = 0;
  for (const double v : values) m = std::max(m, std::fabs(v));
  return m;
}

int64_t nonzero(const Sequence<double>& s) {
  int64_t n = 0;
  for (const double v : s.values) n += v != 0;
  return n;
}

TEST_F(TrainingCuda, GradientsAndStepsAreTheCpusInDoublePrecision) {
  for (const bool membrane : {false, true}) {
    SCOPED_TRACE(membrane ? "membrane loss" : "count loss");
    LayerStack<double> cpu = every_kind<double>(membrane), gpu = every_kind<double>(membrane);
    OptimizerSettings adam;
    adam.learning_rate = 0.01;
    adam.weight_decay = 1e-3;
    Optimizer<double> cpu_adam(cpu.parameters(), adam), gpu_adam(gpu.parameters(), adam);
    CudaTrainingNetwork<double> device(gpu, gpu_adam);
    const std::vector<int> labels = {0, 3, 1, 4, 2, 2, 0};
    for (int step = 0; step < 3; ++step) {
      const Sequence<double> x = random_input<double>(5, 7, 72, 40 + step);
      cpu.zero_gradients();
      Sequence<double> gradient;
      std::vector<int> cpu_classes, gpu_classes;
      const Sequence<double> out = cpu.forward(x);
      if (step == 0 && !membrane) {
        EXPECT_GT(nonzero(out), 3) << "the output layer hardly fired: the check would show little";
      }
      const double cpu_loss = count_cross_entropy(out, labels, &gradient, &cpu_classes, membrane);
      cpu.backward(gradient);
      cpu_adam.step(0.01);
      const double gpu_loss = device.train_batch(x, x.steps, labels, membrane, 0.01, &gpu_classes);
      device.download();
      EXPECT_NEAR(gpu_loss, cpu_loss, 1e-12 * std::max(1.0, cpu_loss)) << "step " << step;
      EXPECT_EQ(gpu_classes, cpu_classes);
      const auto cpu_parameters = cpu.parameters(), gpu_parameters = gpu.parameters();
      ASSERT_EQ(cpu_parameters.size(), gpu_parameters.size());
      double scale = 0;  // the largest gradient of all: rounding is relative to it
      for (const Parameter<double>* p : cpu_parameters) scale = std::max(scale, largest_magnitude(p->gradient));
      for (size_t k = 0; k < cpu_parameters.size(); ++k) {
        // The convolution's bias (parameter 1) reaches the loss only through batch norm, which
        // subtracts the mean again: its gradient is zero but for rounding. Every other one learns.
        if (k == 1) {
          EXPECT_LT(largest_magnitude(cpu_parameters[k]->gradient), 1e-12 * scale);
        } else {
          EXPECT_GT(largest_magnitude(cpu_parameters[k]->gradient), 1e-6 * scale) << "parameter " << k << " (" << cpu_parameters[k]->name << ") learns nothing";
        }
        for (size_t i = 0; i < cpu_parameters[k]->gradient.size(); ++i)
          ASSERT_NEAR(gpu_parameters[k]->gradient[i], cpu_parameters[k]->gradient[i], 1e-9 * scale)
              << "step " << step << ", parameter " << k << " (" << cpu_parameters[k]->name << "), element " << i;
      }
      for (size_t k = 0; k < cpu_parameters.size(); ++k)
        for (size_t i = 0; i < cpu_parameters[k]->value.size(); ++i)
          ASSERT_NEAR(gpu_parameters[k]->value[i], cpu_parameters[k]->value[i], 1e-9 * std::max(1.0, std::fabs(cpu_parameters[k]->value[i])))
              << "after step " << step << ", parameter " << k << ", element " << i;
    }
  }
}

TEST_F(TrainingCuda, HeldInputIsTheRepeatedSequenceAndEvaluationSkipsDropout) {
  LayerStack<double> gpu = every_kind<double>(true), cpu = every_kind<double>(true);
  Optimizer<double> adam(gpu.parameters(), {});
  CudaTrainingNetwork<double> device(gpu, adam);
  const Sequence<double> one = random_input<double>(1, 3, 72, 9);
  Sequence<double> repeated(4, 3, 72);
  for (int64_t t = 0; t < 4; ++t) std::copy(one.values.begin(), one.values.end(), repeated.values.begin() + t * one.values.size());
  cpu.set_training(false);
  const Sequence<double> expected = cpu.forward(repeated), held = device.evaluate(one, 4), whole = device.evaluate(repeated, 4);
  ASSERT_EQ(held.values.size(), expected.values.size());
  for (size_t i = 0; i < expected.values.size(); ++i) {
    EXPECT_NEAR(held.values[i], expected.values[i], 1e-9 * std::max(1.0, std::fabs(expected.values[i]))) << i;
    EXPECT_EQ(held.values[i], whole.values[i]) << i;
  }
}

TEST_F(TrainingCuda, FloatTrainingRepeatsBitForBit) {
  std::vector<std::vector<float>> weights;
  for (int run = 0; run < 2; ++run) {
    LayerStack<float> stack = every_kind<float>(false);
    Optimizer<float> adam(stack.parameters(), {});
    CudaTrainingNetwork<float> device(stack, adam);
    for (int step = 0; step < 4; ++step) device.train_batch(random_input<float>(6, 16, 72, 70 + step), 6, std::vector<int>(16, step % 5), false, 1e-2, nullptr);
    device.download();
    std::vector<float> all;
    for (Parameter<float>* p : stack.parameters()) all.insert(all.end(), p->value.begin(), p->value.end());
    weights.push_back(all);
  }
  EXPECT_EQ(weights[0], weights[1]);
}

TEST_F(TrainingCuda, NoGpuTwinIsRefusedClearly) {
  LayerStack<double> stack;
  LifSettings smooth;
  smooth.smooth_forward = true;
  stack.add(std::make_unique<LifLayer<double>>(3, smooth));
  Optimizer<double> adam(stack.parameters(), {});
  EXPECT_THROW(CudaTrainingNetwork<double>(stack, adam), std::invalid_argument);
}

const std::string kData = "/usr/share/datasets/fashion-mnist/";

TEST_F(TrainingCuda, TrainerLearnsFashionAndResumesBitForBit) {
  struct stat info {};
  if (stat((kData + "train-images-idx3-ubyte.gz").c_str(), &info) != 0) GTEST_SKIP() << "Fashion-MNIST not installed";
  const std::string path = ::testing::TempDir() + "/cuda_fashion.yaml";
  std::ofstream(path) << "name: cuda_fashion\ndata:\n  train_images: " << kData << "train-images-idx3-ubyte.gz\n  train_labels: " << kData
                      << "train-labels-idx1-ubyte.gz\n  test_images: " << kData << "t10k-images-idx3-ubyte.gz\n  test_labels: " << kData
                      << "t10k-labels-idx1-ubyte.gz\n  samples: 3000\n  test_samples: 1000\ntime_steps: 6\nlayers:\n"
                      << "  - {type: conv, channels: 8, kernel: 3, padding: 1}\n  - {type: lif, reset: hard}\n  - {type: pool, kind: average, kernel: 2}\n"
                      << "  - {type: dropout, p: 0.1}\n  - {type: linear, outputs: 10}\n  - {type: lif, reset: hard}\n"
                      << "optimizer: {type: adam, learning_rate: 0.002}\nschedule: {type: cosine}\nbatch: 64\nepochs: 2\nseed: 5\n";
  TrainingSpec spec = load_training_spec(path);
  spec.backend = "cuda";
  ClassificationTrainer straight(spec);
  straight.train_epoch();
  const EpochReport last = straight.train_epoch();
  EXPECT_GT(last.test_accuracy, 0.7) << "two epochs of 3000 images";
  ClassificationTrainer first(spec);
  first.train_epoch();
  const std::string checkpoint = ::testing::TempDir() + "/cuda_fashion.checkpoint";
  first.save_checkpoint(checkpoint);
  ClassificationTrainer resumed(spec);
  resumed.load_checkpoint(checkpoint);
  resumed.train_epoch();
  EXPECT_EQ(resumed.history()[1].test_accuracy, straight.history()[1].test_accuracy);
  const auto expected = straight.weights(), got = resumed.weights();
  for (const auto& [name, tensor] : expected) EXPECT_EQ(got.at(name).values, tensor.values) << name;
  // Saved and loaded (`snn classify`), the model classifies the test set on the GPU as the trainer did.
  const std::string model = ::testing::TempDir() + "/cuda_fashion.safetensors";
  straight.save_model(model);
  TrainedClassifier loaded(model);
  const LabelledImages test = read_labelled_images(spec.test_images, spec.test_labels, 1000);
  const std::vector<int> classes = loaded.classify(test, "cuda", 64);
  int64_t correct = 0;
  for (int64_t k = 0; k < test.count; ++k) correct += classes[k] == test.labels[k];
  EXPECT_EQ(correct / 1000.0, last.test_accuracy);
  // The same file on the CPU: the same network to rounding, so about as good.
  spec.backend = "cpu";
  ClassificationTrainer cpu(spec);
  cpu.train_epoch();
  const EpochReport cpu_last = cpu.train_epoch();
  EXPECT_NEAR(cpu_last.test_accuracy, last.test_accuracy, 0.03);
}

}  // namespace
}  // namespace snn::training
