#include "training/trained_nir.hpp"

#include <cmath>

#include "training/batch_norm_layer.hpp"
#include "training/conv2d_layer.hpp"
#include "training/dropout_layer.hpp"
#include "training/li_layer.hpp"
#include "training/recurrent_lif_layer.hpp"
#include "training/lif_layer.hpp"
#include "training/linear_layer.hpp"
#include "training/pool2d_layer.hpp"

namespace snn::training {
namespace {

// The float tau whose step fraction dt/tau gives 1 - dt/tau == beta in float32 arithmetic, and the
// float r with r dt / tau == 1: found among the neighbours of the exact values (many taus give the
// decay; for some no r gives exactly 1, so the taus are tried in turn).
std::pair<float, float> lif_constants(float beta, float dt, const std::string& where) {
  const float exact = static_cast<float>(static_cast<double>(dt) / (1.0 - static_cast<double>(beta)));
  for (int side : {1, -1}) {
    float tau = exact;
    for (int step = 0; step < 4096; ++step, tau = std::nextafter(tau, side > 0 ? INFINITY : 0.0f)) {
      if (1.0f - dt / tau != beta) continue;
      float r = tau / dt;
      for (int tries = 0; tries < 8 && r * dt / tau != 1.0f; ++tries) r = std::nextafter(r, r * dt / tau > 1.0f ? 0.0f : INFINITY);
      if (r * dt / tau == 1.0f) return {tau, r};
    }
  }
  throw NirError(where + ": no float time constant steps with the decay " + std::to_string(beta) + " and an input gain of 1 at this dt");
}

}  // namespace

NirFile trained_network_nir(const ClassificationTrainer& trainer, double dt_seconds) {
  NirFile file;
  file.path = trainer.spec().name + ".nir";
  NirGraph& g = file.graph;
  auto add = [&](const std::string& name, const std::string& type, std::map<std::string, NirValue> parameters) {
    NirNode node;
    node.name = node.path = name;
    node.type = type;
    node.parameters = std::move(parameters);
    if (!g.nodes.empty()) g.edges.emplace_back(g.nodes.back().name, name);
    g.nodes.push_back(std::move(node));
  };
  const ImageShape image = trainer.image_shape();
  const auto& layers = trainer.layers().layers();
  const bool image_input = !layers.empty() && dynamic_cast<const Conv2dLayer<float>*>(layers.front().get()) != nullptr;
  add("input", "Input", {{"shape", image_input ? NirValue::integers({image.channels, image.height, image.width}) : NirValue::integers({image.size()})}});
  bool is_image = image_input;
  const float dt = static_cast<float>(dt_seconds);
  int64_t width = image.size();  // what the last layer put out
  for (size_t k = 0; k < layers.size(); ++k) {
    const std::string name = std::to_string(k), where = trainer.spec().file + ": layers[" + name + "]";
    if (const auto* linear = dynamic_cast<const LinearLayer<float>*>(layers[k].get())) {
      if (is_image) {
        add(name + ".flatten", "Flatten", {{"start_dim", NirValue::integer(0)}, {"end_dim", NirValue::integer(-1)}});
        is_image = false;
      }
      std::map<std::string, NirValue> p = {{"weight", NirValue::floats(linear->weight(), {linear->outputs(), linear->inputs()})}};
      if (linear->has_bias()) p["bias"] = NirValue::floats(linear->bias(), {linear->outputs()});
      add(name, linear->has_bias() ? "Affine" : "Linear", std::move(p));
      width = linear->outputs();
    } else if (const auto* conv = dynamic_cast<const Conv2dLayer<float>*>(layers[k].get())) {
      const ImageShape in = conv->input_shape(), out = conv->output_shape();
      add(name, "Conv2d",
          {{"weight", NirValue::floats(conv->weight(), {out.channels, in.channels, conv->kernel(), conv->kernel()})},
           {"bias", NirValue::floats(conv->bias(), {out.channels})},
           {"stride", NirValue::integers({conv->stride(), conv->stride()})},
           {"padding", NirValue::integers({conv->padding(), conv->padding()})},
           {"dilation", NirValue::integers({1, 1})},
           {"groups", NirValue::integer(1)},
           {"input_shape", NirValue::integers({in.height, in.width})}});
      width = out.size();
    } else if (const auto* pool = dynamic_cast<const Pool2dLayer<float>*>(layers[k].get())) {
      if (pool->kind() == PoolKind::kMax) throw NirError(where + " (max pooling): NIR has no max pooling (train with kind: average to export)");
      add(name, "AvgPool2d", {{"kernel_size", NirValue::integers({pool->kernel(), pool->kernel()})}, {"stride", NirValue::integers({pool->stride(), pool->stride()})},
                              {"padding", NirValue::integers({0, 0})}});
      width = pool->output_shape().size();
    } else if (const auto* norm = dynamic_cast<const BatchNormLayer<float>*>(layers[k].get())) {
      // Folded into the convolution before it (evaluation statistics).
      NirNode& conv_node = g.nodes.back();
      if (conv_node.type != "Conv2d") throw NirError(where + " (batch_norm): folds only into a convolution right before it");
      std::vector<double>& w = conv_node.parameters.at("weight").numbers;
      std::vector<double>& b = conv_node.parameters.at("bias").numbers;
      const size_t channels = b.size(), per_channel = w.size() / channels;
      for (size_t o = 0; o < channels; ++o) {
        const double scale = norm->gamma().value[o] / std::sqrt(static_cast<double>(norm->running_var().value[o]) + norm->epsilon());
        for (size_t i = 0; i < per_channel; ++i) w[o * per_channel + i] = static_cast<float>(w[o * per_channel + i] * scale);
        b[o] = static_cast<float>((b[o] - norm->running_mean().value[o]) * scale + norm->beta().value[o]);
      }
    } else if (dynamic_cast<const DropoutLayer<float>*>(layers[k].get()) != nullptr) {
      continue;  // inference passes values on
    } else if (dynamic_cast<const RecurrentLifLayer<float>*>(layers[k].get()) != nullptr) {
      throw NirError(where + " (recurrent_lif): recurrent layers are not yet written as NIR");
    } else if (const auto* li = dynamic_cast<const LiLayer<float>*>(layers[k].get())) {
      std::vector<float> tau(width), r(width);
      for (int64_t i = 0; i < width; ++i) std::tie(tau[i], r[i]) = lif_constants(li->beta(), dt, where);
      add(name, "LI", {{"tau", NirValue::floats(tau, {width})}, {"r", NirValue::floats(r, {width})}, {"v_leak", NirValue::floats(std::vector<float>(width, 0.0f), {width})}});
    } else if (const auto* lif = dynamic_cast<const LifLayer<float>*>(layers[k].get())) {
      if (lif->settings().reset != ResetKind::kHard)
        throw NirError(where + " (lif, soft reset): NIR's LIF resets to v_reset, not by subtraction (train with reset: hard to export)");
      const int64_t n = lif->width();
      std::vector<float> tau(n), r(n);
      for (int64_t i = 0; i < n; ++i) std::tie(tau[i], r[i]) = lif_constants(lif->beta(i), dt, where);
      add(name, "LIF", {{"tau", NirValue::floats(tau, {n})}, {"r", NirValue::floats(r, {n})}, {"v_leak", NirValue::floats(std::vector<float>(n, 0.0f), {n})},
                        {"v_threshold", NirValue::floats(std::vector<float>(n, static_cast<float>(lif->settings().threshold)), {n})},
                        {"v_reset", NirValue::floats(std::vector<float>(n, 0.0f), {n})}});
      width = n;
    }
  }
  add("output", "Output", {{"shape", NirValue::integers({width})}});
  return file;
}

}  // namespace snn::training
