#pragma once
// Training a spiking classifier on labelled images (IDX files: MNIST, Fashion-MNIST) by
// backpropagation through time, as a TrainingSpec describes it (io/training_spec.hpp): the images
// encoded over the time steps (direct: each pixel's value at every step; rate: a spike with the pixel's
// value as probability, drawn from a generator seeded by the run's seed, the epoch and the sample), the
// layers stacked, the spike-count cross-entropy minimised by Adam or SGD in shuffled mini-batches.
// Every epoch's order and draws follow from the seed alone, so a run resumed from its checkpoint ends
// with the weights of one that never stopped, bit for bit.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/training_spec.hpp"
#include "models/tensor.hpp"
#include "training/classifier_layers.hpp"
#include "training/conv2d_layer.hpp"
#include "training/cuda_training_network.hpp"
#include "training/labelled_images.hpp"
#include "training/layer_stack.hpp"
#include "training/optimizer.hpp"

namespace snn::training {

struct EpochReport {
  int64_t epoch = 0;  // counted from 1
  double loss = 0, train_accuracy = 0, test_accuracy = 0, learning_rate = 0;
  double samples_per_second = 0, seconds = 0;
  bool stopped = false;  // keep_going said stop: the epoch is incomplete, nothing of it kept
};

struct BatchProgress {
  int64_t epoch = 0, batch = 0, batches = 0;
  double loss = 0, accuracy = 0, samples_per_second = 0;
};

class ClassificationTrainer {
 public:
  // spec.backend "cuda": batches run on the GPU (the host layers keep the weights between epochs).
  explicit ClassificationTrainer(const TrainingSpec& spec);
  ~ClassificationTrainer();

  // Trains the next epoch, then measures the test accuracy. `progress` hears of every batch;
  // `keep_going` is asked before each.
  EpochReport train_epoch(const std::function<void(const BatchProgress&)>& progress = {},
                          const std::function<bool()>& keep_going = {});
  // Accuracy on the test set (the first data.test_samples).
  double test_accuracy();
  int64_t epochs_done() const { return epochs_done_; }
  // Every epoch's report so far (kept in checkpoints too).
  const std::vector<EpochReport>& history() const { return history_; }

  // Weights (safetensors, names "<layer>.weight", "<layer>.bias", "<layer>.beta"; metadata: the
  // training file's name, the epochs done, the layers) and, for checkpoints, the optimizer's moments.
  void save_model(const std::string& path) const;
  void save_checkpoint(const std::string& path) const;
  void load_checkpoint(const std::string& path);
  std::map<std::string, Tensor> weights() const;

  const TrainingSpec& spec() const { return spec_; }
  const LayerStack<float>& layers() const { return layers_.stack; }
  ImageShape image_shape() const { return image_; }
  // The last layer's spikes for the whole test set, [steps, test samples, classes], batch by batch, and
  // the test labels.
  Sequence<float> all_test_outputs();
  const std::vector<int>& test_labels() const { return test_.labels; }
  // The encoded test images first..first+count ([steps, count, width]) and the last layer's spikes for them.
  Sequence<float> test_inputs(int64_t first, int64_t count) const;
  Sequence<float> test_outputs(int64_t first, int64_t count);
  int64_t input_width() const { return width_; }
  // Each layer's input over the whole test set in evaluation mode: the fraction of its values that
  // are not zero (spikes, for the layers after a LIF layer).
  std::vector<double> test_input_rates();

 private:
  // [steps, size, width]; direct coding with held = true gives one step, for the GPU to hold.
  Sequence<float> encode(const LabelledImages& images, const std::vector<int64_t>& order, int64_t first, int64_t size, uint64_t stream,
                         bool held = false) const;
  // The last layer's output for test images first..first+size, in evaluation mode, on the CPU or the GPU.
  Sequence<float> evaluate(int64_t first, int64_t size);
  double learning_rate(int64_t epoch) const;
  bool membrane_loss() const { return spec_.loss == "membrane_cross_entropy"; }

  TrainingSpec spec_;
  int64_t width_ = 0;
  ImageShape image_;  // the images' [1, height, width]
  LabelledImages train_, test_;
  std::vector<int64_t> test_order_;  // 0, 1, 2...: the test images in their order
  ClassifierLayers layers_;
  int64_t classes_ = 0;  // the training labels' largest, plus one
  std::unique_ptr<Optimizer<float>> optimizer_;
  std::unique_ptr<CudaTrainingNetwork<float>> gpu_;  // with the cuda backend
  int64_t epochs_done_ = 0;
  std::vector<EpochReport> history_;
};

}  // namespace snn::training
