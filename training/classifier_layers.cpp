#include "training/classifier_layers.hpp"

#include <stdexcept>

#include "training/batch_norm_layer.hpp"
#include "training/dropout_layer.hpp"
#include "training/image_encoding.hpp"
#include "training/li_layer.hpp"
#include "training/lif_layer.hpp"
#include "training/linear_layer.hpp"
#include "training/pool2d_layer.hpp"
#include "training/recurrent_lif_layer.hpp"

namespace snn::training {

ClassifierLayers build_classifier_layers(const TrainingSpec& spec, ImageShape image, int64_t classes) {
  ClassifierLayers layers;
  int64_t width = image.size();  // image: what the layer receives, while it is an image
  for (size_t k = 0; k < spec.layers.size(); ++k) {
    const TrainingLayerSpec& layer = spec.layers[k];
    const std::string where = spec.file + ": layers[" + std::to_string(k) + "] (" + layer.type + ")";
    if (layer.type == "linear") {
      layers.stack.add(std::make_unique<LinearLayer<float>>(width, layer.outputs, layer.bias, stream_seed(spec.seed, 10, k)));
      width = layer.outputs;
      image = {width, 1, 1};
    } else if (layer.type == "conv" || layer.type == "pool") {
      if (image.size() != width || image.height < layer.kernel || image.width < layer.kernel - 2 * layer.padding)
        throw std::runtime_error(where + ": receives " + std::to_string(image.channels) + " x " + std::to_string(image.height) + " x " +
                                 std::to_string(image.width) + ", too small for its " + std::to_string(layer.kernel) + " x " +
                                 std::to_string(layer.kernel) + " window");
      if (layer.type == "conv") {
        auto conv = std::make_unique<Conv2dLayer<float>>(image, layer.outputs, layer.kernel, layer.stride, layer.padding, stream_seed(spec.seed, 10, k));
        image = conv->output_shape();
        layers.stack.add(std::move(conv));
      } else {
        auto pool = std::make_unique<Pool2dLayer<float>>(image, layer.pool == "max" ? PoolKind::kMax : PoolKind::kAverage, layer.kernel, layer.stride);
        image = pool->output_shape();
        layers.stack.add(std::move(pool));
      }
      width = image.size();
    } else if (layer.type == "batch_norm") {
      if (image.size() != width) throw std::runtime_error(where + ": normalises images: put it after a convolution");
      layers.stack.add(std::make_unique<BatchNormLayer<float>>(image));
    } else if (layer.type == "dropout") {
      layers.stack.add(std::make_unique<DropoutLayer<float>>(width, layer.dropout, stream_seed(spec.seed, 11, k)));
    } else if (layer.type == "li") {
      layers.stack.add(std::make_unique<LiLayer<float>>(width, layer.beta));
    } else {
      LifSettings lif;
      lif.beta = layer.beta;
      lif.threshold = layer.threshold;
      lif.reset = layer.reset == "hard" ? ResetKind::kHard : ResetKind::kSoft;
      lif.surrogate = parse_surrogate(layer.surrogate, layer.surrogate_scale);
      lif.detach_reset = layer.detach_reset;
      lif.learn_beta = layer.learn_beta;
      if (layer.type == "recurrent_lif") layers.stack.add(std::make_unique<RecurrentLifLayer<float>>(width, lif, stream_seed(spec.seed, 10, k)));
      else layers.stack.add(std::make_unique<LifLayer<float>>(width, lif));
    }
    for (Parameter<float>* p : layers.stack.layers().back()->parameters()) layers.parameters.emplace_back(std::to_string(k) + "." + p->name, p);
    for (Parameter<float>* b : layers.stack.layers().back()->buffers()) layers.buffers.emplace_back(std::to_string(k) + "." + b->name, b);
  }
  if (width < classes)
    throw std::runtime_error(spec.file + ": the last layer has " + std::to_string(width) + " neurons for " + std::to_string(classes) + " classes");
  return layers;
}

}  // namespace snn::training
