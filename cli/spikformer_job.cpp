#include "cli/spikformer_job.hpp"

#include <stdexcept>

namespace snn {

SpikformerJob load_spikformer_job(const std::string& weights, const std::string& data_path, int64_t patch_size,
                                  int64_t heads, int64_t time_steps) {
  SpikformerJob job;
  job.data = read_safetensors(data_path);
  auto found = job.data.tensors.find("images");
  if (found == job.data.tensors.end() || found->second.shape.size() != 4)
    throw std::runtime_error(data_path + ": expected a tensor \"images\" [n, channels, height, width]");
  job.images = &found->second;
  SpikformerConfig config;
  config.image_height = job.images->dim(2);
  config.image_width = job.images->dim(3);
  config.patch_size = patch_size;
  config.heads = heads;
  config.time_steps = time_steps;
  job.model = load_spikformer(weights, config);
  return job;
}

}  // namespace snn
