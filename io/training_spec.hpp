#pragma once
// A training run described in YAML (`snn train TRAIN.yaml`, docs/training.md):
//
//   name: fashion_mlp
//   data: {train_images: PATH, train_labels: PATH, test_images: PATH, test_labels: PATH,
//          samples: 0, test_samples: 0, encoding: direct | rate}
//   time_steps: 8
//   layers:
//     - {type: conv, channels: 16, kernel: 3, stride: 1, padding: 1}
//     - {type: batch_norm}                             (after a convolution: folded into it for NIR)
//     - {type: pool, kind: max | average, kernel: 2, stride: 2}
//     - {type: linear, outputs: 256, bias: true}
//     - {type: lif, beta: 0.9, threshold: 1.0, reset: soft | hard, surrogate: fast_sigmoid | arctan,
//        surrogate_scale: 25, detach_reset: true, learn_beta: false}
//     - {type: dropout, p: 0.2}
//     - {type: recurrent_lif, ...the lif settings}     (snnTorch's RLeaky, all to all)
//     - {type: linear, outputs: 10}
//     - {type: lif}                                    (or {type: li, beta: 0.9} with the membrane loss)
//   loss: count_cross_entropy | membrane_cross_entropy
//   optimizer: {type: adam | sgd, learning_rate: 1e-3, momentum: 0, weight_decay: 0}
//   schedule: {type: constant | cosine | step, step_epochs: 10, gamma: 0.1}
//   batch: 128
//   epochs: 5
//   seed: 1
//
// Paths are relative to the YAML file. Errors are located (file:line:column).
#include <cstdint>
#include <string>
#include <vector>

namespace snn {

struct TrainingLayerSpec {
  std::string type;  // linear, conv, pool, batch_norm, dropout, lif, recurrent_lif or li
  int64_t outputs = 0;                       // linear: neurons; conv: channels
  int64_t kernel = 3, stride = 1, padding = 0;  // conv and pool (pool: stride defaults to kernel)
  std::string pool = "max";
  double dropout = 0.5;
  bool bias = true;
  double beta = 0.9, threshold = 1.0, surrogate_scale = 0;  // 0: the surrogate's default
  std::string reset = "soft", surrogate = "fast_sigmoid";
  bool detach_reset = true, learn_beta = false;
};

struct TrainingSpec {
  std::string file, name;
  std::string text;  // the YAML it was read from
  std::string train_images, train_labels, test_images, test_labels, encoding = "direct";
  int64_t samples = 0, test_samples = 0;  // 0: all of them
  int64_t time_steps = 8, batch = 128, epochs = 1;
  uint64_t seed = 1;
  std::vector<TrainingLayerSpec> layers;
  std::string optimizer = "adam", schedule = "constant", loss = "count_cross_entropy";
  double learning_rate = 1e-3, momentum = 0, weight_decay = 0, gamma = 0.1;
  int64_t step_epochs = 10;
  // Where it trains: "cpu" or "cuda" (training/cuda_training_network.hpp). Not in the file: the
  // command line chooses (`snn train --backend`).
  std::string backend = "cpu";
};

TrainingSpec load_training_spec(const std::string& path);
// The same from the file's text (a trained model keeps it: training/trained_classifier.hpp); paths
// in it are relative to `path`.
TrainingSpec training_spec_from_text(const std::string& text, const std::string& path);

}  // namespace snn
