#include "training/trained_classifier.hpp"

#include <sstream>
#include <stdexcept>

#include "models/safetensors.hpp"
#include "training/count_loss.hpp"
#include "training/cuda_training_network.hpp"
#include "training/image_encoding.hpp"
#include "training/optimizer.hpp"

namespace snn::training {
bool TrainedClassifier::is_trained_classifier(const std::string& path) {
  return read_safetensors_metadata(path).count("training_yaml") > 0;
}

TrainedClassifier::TrainedClassifier(const std::string& path) {
  const SafetensorsFile file = read_safetensors(path);
  auto meta = [&](const std::string& key) {
    const auto found = file.metadata.find(key);
    if (found == file.metadata.end())
      throw std::runtime_error(path + ": no \"" + key + "\" in its metadata: not a model written by snn train (a Spikformer's weights go with --patch, --heads)");
    return found->second;
  };
  spec_ = training_spec_from_text(meta("training_yaml"), meta("training_file"));
  std::istringstream shape(meta("image"));
  if (!(shape >> image_.channels >> image_.height >> image_.width)) throw std::runtime_error(path + ": its \"image\" metadata is not three sizes");
  classes_ = std::stoll(meta("classes"));
  description_ = spec_.name + ", " + meta("epochs") + " epochs: " + meta("layers");
  layers_ = build_classifier_layers(spec_, image_, classes_);
  auto all = layers_.parameters;
  all.insert(all.end(), layers_.buffers.begin(), layers_.buffers.end());
  for (const auto& [name, p] : all) {
    const auto found = file.tensors.find(name);
    if (found == file.tensors.end() || found->second.values.size() != p->value.size())
      throw std::runtime_error(path + ": no tensor '" + name + "' of " + std::to_string(p->value.size()) + " values, which its training file's layers need");
    p->value = found->second.values;
  }
  layers_.stack.set_training(false);
}

std::vector<int> TrainedClassifier::classify(const LabelledImages& images, const std::string& backend, int64_t batch) {
  if (images.shape.size() != image_.size())
    throw std::runtime_error("the images are " + std::to_string(images.shape.channels) + " x " + std::to_string(images.shape.height) + " x " +
                             std::to_string(images.shape.width) + "; the model was trained on " + std::to_string(image_.channels) + " x " +
                             std::to_string(image_.height) + " x " + std::to_string(image_.width));
  std::unique_ptr<Optimizer<float>> unused;
  std::unique_ptr<CudaTrainingNetwork<float>> gpu;
  if (backend == "cuda") {
    unused = std::make_unique<Optimizer<float>>(layers_.stack.parameters(), OptimizerSettings{});
    gpu = std::make_unique<CudaTrainingNetwork<float>>(layers_.stack, *unused);
  }
  std::vector<int64_t> order(static_cast<size_t>(images.count));
  for (int64_t k = 0; k < images.count; ++k) order[k] = k;
  const ImageCoding coding{spec_.encoding == "rate", spec_.time_steps, spec_.seed, kRateTest, 0};
  std::vector<int> classes, predicted;
  for (int64_t first = 0; first < images.count; first += batch) {
    const int64_t size = std::min(batch, images.count - first);
    const Sequence<float> x = encode_images(images.pixels, image_.size(), order, first, size, coding, gpu != nullptr);
    const Sequence<float> out = gpu ? gpu->evaluate(x, spec_.time_steps) : layers_.stack.forward(x);
    count_cross_entropy(out, std::vector<int>(static_cast<size_t>(size), 0), static_cast<Sequence<float>*>(nullptr), &predicted,
                        spec_.loss == "membrane_cross_entropy");
    classes.insert(classes.end(), predicted.begin(), predicted.end());
  }
  return classes;
}

}  // namespace snn::training
