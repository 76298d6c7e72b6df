#pragma once
// The layers a training file describes (io/training_spec.hpp), built for images of a shape and a
// number of classes, initialised from the file's seed as PyTorch initialises them; each parameter
// and buffer named "<layer index>.<name>", as the trained model's safetensors name them.
#include <string>
#include <utility>
#include <vector>

#include "io/training_spec.hpp"
#include "training/conv2d_layer.hpp"
#include "training/layer_stack.hpp"

namespace snn::training {

struct ClassifierLayers {
  LayerStack<float> stack;
  std::vector<std::pair<std::string, Parameter<float>*>> parameters, buffers;  // in the stack's order
};

// Throws, naming the file and the layer, where a layer does not fit what it receives or the last
// layer has fewer neurons than there are classes.
ClassifierLayers build_classifier_layers(const TrainingSpec& spec, ImageShape image, int64_t classes);

}  // namespace snn::training
