#include "models/spike_gpt.hpp"

#include <cmath>
#include <stdexcept>

#include "models/tensor_ops.hpp"
#include "models/safetensors.hpp"
#include "models/parameter_binding.hpp"

namespace snn {
namespace {

LayerNormWeights take_layer_norm(ParameterBinding& binding, const std::string& prefix, int64_t width) {
  return {binding.take(prefix + ".weight", {width}), binding.take(prefix + ".bias", {width})};
}

RwkvTimeMix take_time_mix(ParameterBinding& binding, const std::string& prefix, int64_t d) {
  RwkvTimeMix block;
  block.decay = binding.take(prefix + ".time_decay", {d});
  for (float& w : block.decay.values) w = -std::exp(w);
  block.first = binding.take(prefix + ".time_first", {d});
  block.mix_k = binding.take(prefix + ".time_mix_k", {d});
  block.mix_v = binding.take(prefix + ".time_mix_v", {d});
  block.mix_r = binding.take(prefix + ".time_mix_r", {d});
  block.key = binding.take(prefix + ".key.weight", {d, d});
  block.value = binding.take(prefix + ".value.weight", {d, d});
  block.receptance = binding.take(prefix + ".receptance.weight", {d, d});
  block.output = binding.take(prefix + ".output.weight", {d, d});
  return block;
}

RwkvChannelMix take_channel_mix(ParameterBinding& binding, const std::string& prefix, int64_t d, int64_t hidden) {
  RwkvChannelMix block;
  block.mix_k = binding.take(prefix + ".time_mix_k", {d});
  block.mix_r = binding.take(prefix + ".time_mix_r", {d});
  block.key = binding.take(prefix + ".key.weight", {hidden, d});
  block.receptance = binding.take(prefix + ".receptance.weight", {d, d});
  block.value = binding.take(prefix + ".value.weight", {d, hidden});
  return block;
}

// Adds the spikes of a LIF layer driven by `input` ([tokens, width]) to the residual stream.
void add_lif_spikes(const MultiStepLif& neuron, const std::vector<float>& input, int64_t tokens, int64_t width,
                    std::vector<float>& potential, std::vector<float>& stream, std::vector<float>* record) {
  std::vector<float> spikes(input.size());
  for (int64_t c = 0; c < width; ++c)
    multistep_lif_run(neuron, potential[c], input.data(), spikes.data(), static_cast<uint32_t>(tokens),
                      static_cast<uint64_t>(width), static_cast<uint64_t>(c));
  for (size_t e = 0; e < stream.size(); ++e) stream[e] += spikes[e];
  if (record != nullptr) record->insert(record->end(), spikes.begin(), spikes.end());
}

}  // namespace

SpikeGptModel spike_gpt_from_tensors(std::map<std::string, Tensor> tensors, const std::string& origin) {
  SpikeGptModel model;
  auto embedding = tensors.find("emb.weight");
  if (embedding == tensors.end() || embedding->second.shape.size() != 2)
    throw std::runtime_error(origin + ": not a SpikeGPT model (expected a matrix \"emb.weight\" [vocabulary, width])");
  model.vocabulary = embedding->second.dim(0);
  model.width = embedding->second.dim(1);
  auto hidden = tensors.find("blocks.0.ffn.key.weight");
  model.hidden = hidden != tensors.end() && hidden->second.shape.size() == 2 ? hidden->second.dim(0) : 4 * model.width;
  size_t block_count = 0;
  while (tensors.count("blocks." + std::to_string(block_count) + ".ln1.weight")) ++block_count;
  if (block_count == 0) throw std::runtime_error(origin + ": not a SpikeGPT model (no \"blocks.0.ln1.weight\")");

  ParameterBinding binding(std::move(tensors), origin);
  const int64_t d = model.width;
  model.embedding = binding.take("emb.weight", {model.vocabulary, d});
  for (size_t i = 0; i < block_count; ++i) {
    const std::string prefix = "blocks." + std::to_string(i);
    SpikeGptBlock block;
    block.normalizes_input = i == 0;
    if (i == 0) block.ln0 = take_layer_norm(binding, prefix + ".ln0", d);
    block.ln1 = take_layer_norm(binding, prefix + ".ln1", d);
    block.ln2 = take_layer_norm(binding, prefix + ".ln2", d);
    block.attention = take_time_mix(binding, prefix + ".att", d);
    block.feed_forward = take_channel_mix(binding, prefix + ".ffn", d, model.hidden);
    model.blocks.push_back(std::move(block));
  }
  model.ln_out = take_layer_norm(binding, "ln_out", d);
  model.head = binding.take("head.weight", {model.vocabulary, d});
  binding.finish();
  return model;
}

SpikeGptModel load_spike_gpt(const std::string& safetensors_path) {
  return spike_gpt_from_tensors(read_safetensors(safetensors_path).tensors, safetensors_path);
}

SpikeGptState spike_gpt_start(const SpikeGptModel& model) {
  SpikeGptState state;
  const int64_t d = model.width;
  for (size_t i = 0; i < model.blocks.size(); ++i) {
    SpikeGptBlockState block;
    block.attention = RwkvTimeMixState(d);
    block.feed_forward_previous.assign(d, 0.0f);
    block.attention_potential.assign(d, model.neuron.v_reset);
    block.feed_forward_potential.assign(d, model.neuron.v_reset);
    state.blocks.push_back(std::move(block));
  }
  return state;
}

Tensor spike_gpt_forward(const SpikeGptModel& model, const std::vector<int32_t>& tokens, SpikeGptState& state,
                         SpikeGptActivity* activity) {
  const int64_t count = static_cast<int64_t>(tokens.size()), d = model.width;
  if (state.blocks.size() != model.blocks.size()) throw std::invalid_argument("spike_gpt_forward: the state belongs to another model");
  if (activity != nullptr) {
    activity->attention_spikes.resize(model.blocks.size());
    activity->feed_forward_spikes.resize(model.blocks.size());
    activity->tokens += static_cast<uint64_t>(count);
  }
  std::vector<float> stream(count * d), normalized(count * d), layer_out(count * d);
  for (int64_t t = 0; t < count; ++t) {
    if (tokens[t] < 0 || tokens[t] >= model.vocabulary)
      throw std::out_of_range("token " + std::to_string(tokens[t]) + " lies outside the vocabulary of " +
                              std::to_string(model.vocabulary));
    const float* e = model.embedding.row(tokens[t]);
    for (int64_t c = 0; c < d; ++c) stream[t * d + c] = e[c] >= 0.0f ? 1.0f : 0.0f;
  }
  if (count == 0) return Tensor({0, model.vocabulary});
  for (size_t i = 0; i < model.blocks.size(); ++i) {
    const SpikeGptBlock& block = model.blocks[i];
    SpikeGptBlockState& s = state.blocks[i];
    if (block.normalizes_input) {
      layer_norm(stream.data(), count, d, block.ln0.weight, block.ln0.bias, normalized.data());
      stream.swap(normalized);
    }
    layer_norm(stream.data(), count, d, block.ln1.weight, block.ln1.bias, normalized.data());
    rwkv_time_mix(block.attention, normalized.data(), count, s.attention, layer_out.data());
    add_lif_spikes(model.neuron, layer_out, count, d, s.attention_potential, stream,
                   activity ? &activity->attention_spikes[i] : nullptr);
    layer_norm(stream.data(), count, d, block.ln2.weight, block.ln2.bias, normalized.data());
    rwkv_channel_mix(block.feed_forward, normalized.data(), count, s.feed_forward_previous, layer_out.data());
    add_lif_spikes(model.neuron, layer_out, count, d, s.feed_forward_potential, stream,
                   activity ? &activity->feed_forward_spikes[i] : nullptr);
  }
  layer_norm(stream.data(), count, d, model.ln_out.weight, model.ln_out.bias, normalized.data());
  Tensor logits({count, model.vocabulary});
  linear(normalized.data(), count, model.head, logits.data());
  return logits;
}

}  // namespace snn
