#pragma once
// Spikformer (Zhou et al., ICLR 2023, github.com/ZK-Zhou/spikformer): a spiking vision transformer.
// The image is repeated over T time steps (direct encoding) and split into patches by the spiking
// patch splitting stem: 3x3 convolutions with batch norm and LIF, max-pooled on the last log2(patch)
// stages, then a convolutional relative position embedding added to its input. Each block is
//   x = x + SSA(x);  x = x + MLP(x)
// with spiking self-attention SSA: Q, K, V = LIF(BN(linear(x))), per head Q K^T V * 0.125 with no
// softmax, a LIF of threshold 0.5, then LIF(BN(linear)); and the MLP LIF(BN(fc2(LIF(BN(fc1(x)))))).
// The classifier averages over tokens and time steps. Every batch norm is folded into the layer
// before it for inference. Weights load from a safetensors file with the reference's parameter names.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/tensor.hpp"
#include "neurons/multistep_lif.hpp"

namespace snn {

// What the weights do not say.
struct SpikformerConfig {
  int64_t image_height = 32, image_width = 32;
  int64_t patch_size = 4;  // a power of two: the stem's last log2(patch_size) stages max-pool
  int64_t heads = 12;
  int64_t time_steps = 4;
};

// A linear layer or 3x3 convolution with its batch norm folded in: BN(W x + b) = W' x + b'.
struct FoldedLayer {
  Tensor weight;  // [out, in] or [out, in, 3, 3]
  Tensor bias;    // [out]
};

struct SpikformerBlock {
  FoldedLayer q, k, v, projection, fc1, fc2;
};

struct SpikformerModel {
  SpikformerConfig config;
  int64_t channels = 0, width = 0, hidden = 0, classes = 0;
  std::vector<FoldedLayer> stem;  // patch_embed.proj_conv, proj_conv1, ...
  std::vector<bool> stem_pools;   // whether each stem stage max-pools after its LIF
  FoldedLayer position;           // patch_embed.rpe_conv
  std::vector<SpikformerBlock> blocks;
  Tensor head_weight, head_bias;  // [classes, width], [classes]
  MultiStepLif neuron;            // tau 2, threshold 1, hard reset to 0 (the reference's every LIF)
  MultiStepLif attention_neuron;  // the same with threshold 0.5, after Q K^T V
};

// Throws listing every missing, mis-shaped or unexpected tensor (the unused norm1/norm2 of the
// reference's blocks are accepted and ignored).
SpikformerModel spikformer_from_tensors(std::map<std::string, Tensor> tensors, const SpikformerConfig& config,
                                        const std::string& origin);
SpikformerModel load_spikformer(const std::string& safetensors_path, const SpikformerConfig& config);

struct NonzeroCount {
  uint64_t nonzero = 0, total = 0;
  double rate() const { return total > 0 ? static_cast<double>(nonzero) / static_cast<double>(total) : 0.0; }
};

// What the layers did, under the reference module name of each LIF layer ("patch_embed.proj_lif",
// "block.0.attn.q_lif", ...): its spikes (kept only with keep_spikes, appended image by image as
// [T, positions, channels], channel-last), how many it fired, and the non-zero inputs of the product
// that feeds it (a convolution's input is its input map). The energy estimator takes its rates from here.
struct SpikformerActivity {
  bool keep_spikes = true;
  std::map<std::string, std::vector<float>> spikes;
  std::map<std::string, NonzeroCount> outputs;
  std::map<std::string, NonzeroCount> product_inputs;
};

// The names of the model's LIF layers in the order they run (the reference's module names).
std::vector<std::string> spikformer_lif_names(const SpikformerModel& model);

// Class scores [images, classes] for images [images, channels, height, width] (PyTorch's layout).
Tensor spikformer_forward(const SpikformerModel& model, const Tensor& images, SpikformerActivity* activity = nullptr);

}  // namespace snn
