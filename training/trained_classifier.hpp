#pragma once
// A classifier trained by `snn train`, loaded from its safetensors, which keep the training file's
// text and the images' shape beside the weights: the layers rebuilt as the file describes them, the
// weights and buffers set, images classified in evaluation mode on the CPU or the GPU, encoded as
// the trainer encoded its test images (so the trainer's test set gives its reported accuracy).
#include <cstdint>
#include <string>
#include <vector>

#include "io/training_spec.hpp"
#include "training/classifier_layers.hpp"
#include "training/labelled_images.hpp"

namespace snn::training {

class TrainedClassifier {
 public:
  // Throws, naming the file, where it is not a model written by snn train or a tensor does not fit.
  explicit TrainedClassifier(const std::string& path);
  // Whether the safetensors file holds a model written by snn train.
  static bool is_trained_classifier(const std::string& path);

  const TrainingSpec& spec() const { return spec_; }
  ImageShape image() const { return image_; }
  int64_t classes() const { return classes_; }
  const std::string& description() const { return description_; }

  // Each image's class (the largest spike count or mean potential), in batches, on "cpu" or "cuda".
  std::vector<int> classify(const LabelledImages& images, const std::string& backend, int64_t batch);

 private:
  TrainingSpec spec_;
  ImageShape image_;
  int64_t classes_ = 0;
  std::string description_;
  ClassifierLayers layers_;
};

}  // namespace snn::training
