#pragma once
// A SpikeGPT language model (Zhu et al. 2023, github.com/ridgerchu/SpikeGPT, src/model.py): a binary
// embedding (the sign of the learned embedding: 1 where it is >= 0), then blocks of
//   x = x + LIF(time_mix(LN1(x)));  x = x + LIF(channel_mix(LN2(x)))
// (the first block normalises its input first), then a layer norm and the language-model head. The
// LIF neurons run over the tokens of the sequence (tau 2, threshold 1, hard reset to 0), so the
// residual stream receives spikes. Weights load from a safetensors file with the reference's
// parameter names ("emb.weight", "blocks.0.att.key.weight", ...).
//
// spike_gpt_forward takes any number of tokens from a state: a whole sequence at once (its matrix
// products over all tokens) or one token at a time for generation, with O(1) state per layer. Both
// give the same logits, bit for bit.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/tensor.hpp"
#include "models/rwkv_channel_mix.hpp"
#include "models/rwkv_time_mix.hpp"
#include "neurons/multistep_lif.hpp"

namespace snn {

struct LayerNormWeights {
  Tensor weight, bias;
};

struct SpikeGptBlock {
  bool normalizes_input = false;  // the first block: LN0 before anything else
  LayerNormWeights ln0, ln1, ln2;
  RwkvTimeMix attention;
  RwkvChannelMix feed_forward;
};

struct SpikeGptModel {
  int64_t vocabulary = 0, width = 0, hidden = 0;
  Tensor embedding;  // [vocabulary, width]; its sign is the token's spike pattern
  std::vector<SpikeGptBlock> blocks;
  LayerNormWeights ln_out;
  Tensor head;       // [vocabulary, width]
  MultiStepLif neuron;  // both LIF layers of every block (the reference's fixed tau 2, threshold 1)
};

// Tensors named as in SpikeGPT's src/model.py (GPT with model_type 'RWKV'); the sizes are read from
// them. Throws listing every missing, mis-shaped or unexpected tensor.
SpikeGptModel spike_gpt_from_tensors(std::map<std::string, Tensor> tensors, const std::string& origin);
SpikeGptModel load_spike_gpt(const std::string& safetensors_path);

struct SpikeGptBlockState {
  RwkvTimeMixState attention;
  std::vector<float> feed_forward_previous;
  std::vector<float> attention_potential, feed_forward_potential;  // the two LIF layers
};

struct SpikeGptState {
  std::vector<SpikeGptBlockState> blocks;
};

SpikeGptState spike_gpt_start(const SpikeGptModel& model);

// What the spiking layers did, appended token by token: for the tests and the energy estimator.
struct SpikeGptActivity {
  std::vector<std::vector<float>> attention_spikes, feed_forward_spikes;  // per block: [tokens, width]
  uint64_t tokens = 0;
};

// Logits [tokens.size(), vocabulary]. Token ids must lie in [0, vocabulary).
Tensor spike_gpt_forward(const SpikeGptModel& model, const std::vector<int32_t>& tokens, SpikeGptState& state,
                         SpikeGptActivity* activity = nullptr);

}  // namespace snn
