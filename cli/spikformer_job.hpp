#pragma once
// What `snn classify` and `snn run LAYER_MODEL.yaml` both start from: a Spikformer's weights and the
// images it runs on (a safetensors file with "images" [n, c, h, w], maybe "labels" and "logits").
#include <cstdint>
#include <string>

#include "models/safetensors.hpp"
#include "models/spikformer.hpp"

namespace snn {

struct SpikformerJob {
  SafetensorsFile data;
  const Tensor* images = nullptr;  // in `data`
  SpikformerModel model;
};

// The image size comes from the data; throws naming the file when it has no images.
SpikformerJob load_spikformer_job(const std::string& weights, const std::string& data_path, int64_t patch_size,
                                  int64_t heads, int64_t time_steps);

}  // namespace snn
