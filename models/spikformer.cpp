#include "models/spikformer.hpp"

#include <cmath>
#include <stdexcept>

#include "models/tensor_ops.hpp"
#include "models/safetensors.hpp"
#include "models/parameter_binding.hpp"

namespace snn {
namespace {

constexpr float kBatchNormEpsilon = 1e-5f;  // PyTorch's default
constexpr float kAttentionScale = 0.125f;   // the reference's fixed scale of Q K^T

// Takes a layer's weight (and bias, when it has one) and its batch norm, folded together.
FoldedLayer take_folded(ParameterBinding& binding, const std::string& layer, const std::string& norm,
                        const TensorShape& weight_shape, bool has_bias) {
  const int64_t out = weight_shape[0];
  FoldedLayer folded;
  folded.weight = binding.take(layer + ".weight", weight_shape);
  const Tensor bias = has_bias ? binding.take(layer + ".bias", {out}) : Tensor({out});
  const Tensor gamma = binding.take(norm + ".weight", {out}), beta = binding.take(norm + ".bias", {out});
  const Tensor mean = binding.take(norm + ".running_mean", {out}), variance = binding.take(norm + ".running_var", {out});
  if (binding.has(norm + ".num_batches_tracked")) binding.take(norm + ".num_batches_tracked", {});
  folded.bias = Tensor({out});
  const int64_t per_output = folded.weight.size() / out;
  for (int64_t o = 0; o < out; ++o) {
    const float scale = gamma.values[o] / std::sqrt(variance.values[o] + kBatchNormEpsilon);
    for (int64_t k = 0; k < per_output; ++k) folded.weight.values[o * per_output + k] *= scale;
    folded.bias.values[o] = (bias.values[o] - mean.values[o]) * scale + beta.values[o];
  }
  return folded;
}

const Tensor& require(const std::map<std::string, Tensor>& tensors, const std::string& name, size_t rank,
                      const std::string& origin) {
  auto it = tensors.find(name);
  if (it == tensors.end() || it->second.shape.size() != rank)
    throw std::runtime_error(origin + ": not a Spikformer model (expected \"" + name + "\" with " + std::to_string(rank) +
                             " dimensions)");
  return it->second;
}

std::string stem_suffix(size_t stage) { return stage == 0 ? "" : std::to_string(stage); }

// A layer (linear, or 3x3 convolution) applied at each of the T steps, then the LIF over the steps;
// returns the spikes [T, positions x out] and records them under the reference module's `name`.
class LayerRunner {
 public:
  LayerRunner(const SpikformerModel& model, SpikformerActivity* activity) : model_(model), activity_(activity) {}

  std::vector<float> linear_lif(const std::vector<float>& x, const FoldedLayer& layer, const MultiStepLif& neuron,
                                const std::string& name) const {
    count_input(x, name);
    const int64_t rows = static_cast<int64_t>(x.size()) / layer.weight.dim(1);
    std::vector<float> pre(rows * layer.weight.dim(0));
    linear(x.data(), rows, layer.weight, pre.data());
    add_bias(pre, layer.bias);
    return fire(pre, neuron, name);
  }

  std::vector<float> conv_lif(const std::vector<float>& x, int64_t height, int64_t width, const FoldedLayer& layer,
                              const std::string& name) const {
    count_input(x, name);
    const int64_t T = model_.config.time_steps, in = layer.weight.dim(1), out = layer.weight.dim(0);
    std::vector<float> pre(T * height * width * out);
    for (int64_t t = 0; t < T; ++t)
      conv3x3(x.data() + t * height * width * in, height, width, in, layer.weight, layer.bias,
              pre.data() + t * height * width * out);
    return fire(pre, model_.neuron, name);
  }

  // The LIF over the T steps of every element of `pre` ([T, elements]).
  std::vector<float> fire(const std::vector<float>& pre, const MultiStepLif& neuron, const std::string& name) const {
    const int64_t T = model_.config.time_steps, elements = static_cast<int64_t>(pre.size()) / T;
    std::vector<float> spikes(pre.size());
    for (int64_t e = 0; e < elements; ++e) {
      float v = neuron.v_reset;
      multistep_lif_run(neuron, v, pre.data(), spikes.data(), static_cast<uint32_t>(T), static_cast<uint64_t>(elements),
                        static_cast<uint64_t>(e));
    }
    if (activity_ != nullptr) {
      NonzeroCount& fired = activity_->outputs[name];
      fired.total += spikes.size();
      for (float s : spikes) fired.nonzero += s != 0.0f;
      if (activity_->keep_spikes) {
        auto& record = activity_->spikes[name];
        record.insert(record.end(), spikes.begin(), spikes.end());
      }
    }
    return spikes;
  }

  void count_input(const std::vector<float>& x, const std::string& name) const {
    if (activity_ == nullptr) return;
    NonzeroCount& input = activity_->product_inputs[name];
    input.total += x.size();
    for (float v : x) input.nonzero += v != 0.0f;
  }

  static void add_bias(std::vector<float>& rows, const Tensor& bias) {
    const int64_t out = bias.size();
    for (size_t e = 0; e < rows.size(); ++e) rows[e] += bias.values[e % out];
  }

 private:
  const SpikformerModel& model_;
  SpikformerActivity* activity_;
};

// Spiking self-attention's core for one step: per head, (Q K^T * 0.125) V over the tokens. Q, K and V
// are spikes, so every sum is of small multiples of 1/8 and exact in any order.
void attention_step(const float* q, const float* k, const float* v, int64_t tokens, int64_t width, int64_t heads,
                    float* out) {
  const int64_t per_head = width / heads;
  std::vector<float> scores(tokens);
  for (int64_t h = 0; h < heads; ++h) {
    const int64_t first = h * per_head;
    for (int64_t i = 0; i < tokens; ++i) {
      for (int64_t j = 0; j < tokens; ++j) {
        float s = 0.0f;
        for (int64_t c = first; c < first + per_head; ++c) s += q[i * width + c] * k[j * width + c];
        scores[j] = s * kAttentionScale;
      }
      for (int64_t c = first; c < first + per_head; ++c) {
        float s = 0.0f;
        for (int64_t j = 0; j < tokens; ++j) s += scores[j] * v[j * width + c];
        out[i * width + c] = s;
      }
    }
  }
}

}  // namespace

SpikformerModel spikformer_from_tensors(std::map<std::string, Tensor> tensors, const SpikformerConfig& config,
                                        const std::string& origin) {
  SpikformerModel model;
  model.config = config;
  model.attention_neuron.v_threshold = 0.5f;
  const Tensor& first = require(tensors, "patch_embed.proj_conv.weight", 4, origin);
  model.channels = first.dim(1);
  size_t stages = 1;
  while (tensors.count("patch_embed.proj_conv" + stem_suffix(stages) + ".weight")) ++stages;
  model.width = require(tensors, "patch_embed.rpe_conv.weight", 4, origin).dim(0);
  model.classes = require(tensors, "head.weight", 2, origin).dim(0);
  size_t block_count = 0;
  while (tensors.count("block." + std::to_string(block_count) + ".attn.q_linear.weight")) ++block_count;
  if (block_count > 0) model.hidden = require(tensors, "block.0.mlp.fc1_linear.weight", 2, origin).dim(0);
  int64_t pools = 0;
  for (int64_t p = config.patch_size; p > 1; p /= 2) ++pools;
  if (config.patch_size < 1 || (int64_t{1} << pools) != config.patch_size || pools > static_cast<int64_t>(stages))
    throw std::runtime_error(origin + ": patch size " + std::to_string(config.patch_size) + " must be a power of two up to 2^" +
                             std::to_string(stages) + " (one max-pool per stem stage)");
  if (config.heads < 1 || model.width % config.heads != 0)
    throw std::runtime_error(origin + ": the width " + std::to_string(model.width) + " does not split into " +
                             std::to_string(config.heads) + " heads");

  ParameterBinding binding(std::move(tensors), origin);
  const int64_t d = model.width;
  int64_t in = model.channels;
  for (size_t s = 0; s < stages; ++s) {
    const std::string suffix = stem_suffix(s);
    const Tensor* weight = binding.find("patch_embed.proj_conv" + suffix + ".weight");
    const int64_t out = weight != nullptr && weight->shape.size() == 4 ? weight->dim(0) : d;
    model.stem.push_back(take_folded(binding, "patch_embed.proj_conv" + suffix, "patch_embed.proj_bn" + suffix,
                                     {out, in, 3, 3}, false));
    model.stem_pools.push_back(static_cast<int64_t>(s) >= static_cast<int64_t>(stages) - pools);
    in = out;
  }
  model.position = take_folded(binding, "patch_embed.rpe_conv", "patch_embed.rpe_bn", {d, in, 3, 3}, false);
  for (size_t i = 0; i < block_count; ++i) {
    const std::string b = "block." + std::to_string(i);
    SpikformerBlock block;
    block.q = take_folded(binding, b + ".attn.q_linear", b + ".attn.q_bn", {d, d}, true);
    block.k = take_folded(binding, b + ".attn.k_linear", b + ".attn.k_bn", {d, d}, true);
    block.v = take_folded(binding, b + ".attn.v_linear", b + ".attn.v_bn", {d, d}, true);
    block.projection = take_folded(binding, b + ".attn.proj_linear", b + ".attn.proj_bn", {d, d}, true);
    block.fc1 = take_folded(binding, b + ".mlp.fc1_linear", b + ".mlp.fc1_bn", {model.hidden, d}, true);
    block.fc2 = take_folded(binding, b + ".mlp.fc2_linear", b + ".mlp.fc2_bn", {d, model.hidden}, true);
    // The reference's blocks own layer norms that their forward never uses.
    for (const char* unused : {".norm1.weight", ".norm1.bias", ".norm2.weight", ".norm2.bias"})
      if (binding.has(b + unused)) binding.take(b + unused, {d});
    model.blocks.push_back(std::move(block));
  }
  model.head_weight = binding.take("head.weight", {model.classes, d});
  model.head_bias = binding.take("head.bias", {model.classes});
  binding.finish();
  return model;
}

SpikformerModel load_spikformer(const std::string& safetensors_path, const SpikformerConfig& config) {
  return spikformer_from_tensors(read_safetensors(safetensors_path).tensors, config, safetensors_path);
}

std::vector<std::string> spikformer_lif_names(const SpikformerModel& model) {
  std::vector<std::string> names;
  for (size_t s = 0; s < model.stem.size(); ++s) names.push_back("patch_embed.proj_lif" + stem_suffix(s));
  names.push_back("patch_embed.rpe_lif");
  for (size_t i = 0; i < model.blocks.size(); ++i)
    for (const char* lif : {".attn.q_lif", ".attn.k_lif", ".attn.v_lif", ".attn.attn_lif", ".attn.proj_lif", ".mlp.fc1_lif", ".mlp.fc2_lif"})
      names.push_back("block." + std::to_string(i) + lif);
  return names;
}

Tensor spikformer_forward(const SpikformerModel& model, const Tensor& images, SpikformerActivity* activity) {
  const SpikformerConfig& config = model.config;
  if (images.shape.size() != 4 || images.dim(1) != model.channels || images.dim(2) != config.image_height ||
      images.dim(3) != config.image_width)
    throw std::invalid_argument("spikformer_forward: images " + shape_text(images.shape) + ", expected [n, " +
                                std::to_string(model.channels) + ", " + std::to_string(config.image_height) + ", " +
                                std::to_string(config.image_width) + "]");
  const int64_t T = config.time_steps, d = model.width;
  const LayerRunner run(model, activity);
  Tensor scores({images.dim(0), model.classes});
  for (int64_t n = 0; n < images.dim(0); ++n) {
    // Direct encoding: the image, channel-last, at every step.
    int64_t height = config.image_height, width = config.image_width;
    std::vector<float> x(T * height * width * model.channels);
    const float* image = images.data() + n * model.channels * height * width;
    for (int64_t t = 0; t < T; ++t)
      for (int64_t c = 0; c < model.channels; ++c)
        for (int64_t p = 0; p < height * width; ++p) x[(t * height * width + p) * model.channels + c] = image[c * height * width + p];

    for (size_t s = 0; s < model.stem.size(); ++s) {
      x = run.conv_lif(x, height, width, model.stem[s], "patch_embed.proj_lif" + stem_suffix(s));
      if (!model.stem_pools[s]) continue;
      const int64_t channels = model.stem[s].weight.dim(0);
      const int64_t pooled_height = (height + 1) / 2, pooled_width = (width + 1) / 2;
      std::vector<float> pooled(T * pooled_height * pooled_width * channels);
      for (int64_t t = 0; t < T; ++t)
        max_pool3x3_stride2(x.data() + t * height * width * channels, height, width, channels,
                            pooled.data() + t * pooled_height * pooled_width * channels);
      x.swap(pooled);
      height = pooled_height;
      width = pooled_width;
    }
    const std::vector<float> position = run.conv_lif(x, height, width, model.position, "patch_embed.rpe_lif");
    for (size_t e = 0; e < x.size(); ++e) x[e] += position[e];

    const int64_t tokens = height * width, rows = T * tokens;
    for (size_t i = 0; i < model.blocks.size(); ++i) {
      const SpikformerBlock& block = model.blocks[i];
      const std::string b = "block." + std::to_string(i);
      const std::vector<float> q = run.linear_lif(x, block.q, model.neuron, b + ".attn.q_lif");
      const std::vector<float> k = run.linear_lif(x, block.k, model.neuron, b + ".attn.k_lif");
      const std::vector<float> v = run.linear_lif(x, block.v, model.neuron, b + ".attn.v_lif");
      std::vector<float> mixed(rows * d);
      for (int64_t t = 0; t < T; ++t)
        attention_step(q.data() + t * tokens * d, k.data() + t * tokens * d, v.data() + t * tokens * d, tokens, d,
                       config.heads, mixed.data() + t * tokens * d);
      const std::vector<float> attended = run.fire(mixed, model.attention_neuron, b + ".attn.attn_lif");
      const std::vector<float> projected = run.linear_lif(attended, block.projection, model.neuron, b + ".attn.proj_lif");
      for (size_t e = 0; e < x.size(); ++e) x[e] += projected[e];
      const std::vector<float> hidden = run.linear_lif(x, block.fc1, model.neuron, b + ".mlp.fc1_lif");
      const std::vector<float> out = run.linear_lif(hidden, block.fc2, model.neuron, b + ".mlp.fc2_lif");
      for (size_t e = 0; e < x.size(); ++e) x[e] += out[e];
    }
    // The mean over tokens at each step, then over the steps, then the classifier.
    std::vector<float> pooled(d, 0.0f);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t c = 0; c < d; ++c) {
        float sum = 0.0f;
        for (int64_t j = 0; j < tokens; ++j) sum += x[(t * tokens + j) * d + c];
        pooled[c] += sum / static_cast<float>(tokens);
      }
    for (float& value : pooled) value /= static_cast<float>(T);
    linear(pooled.data(), 1, model.head_weight, scores.row(n));
    for (int64_t c = 0; c < model.classes; ++c) scores.row(n)[c] += model.head_bias.values[c];
  }
  return scores;
}

}  // namespace snn
