#include "models/spike_gpt_generator.hpp"

namespace snn {

SpikeGptGenerator::SpikeGptGenerator(const SpikeGptModel& model, bool cuda) : model_(model), state_(spike_gpt_start(model)) {
  if (cuda) gpu_ = std::make_unique<CudaSpikeGpt>(model);
}

std::vector<float> SpikeGptGenerator::feed(const std::vector<int32_t>& tokens, SpikeGptActivity* activity) {
  if (gpu_ && tokens.size() == 1) return gpu_->step(tokens[0], activity);
  const Tensor all = gpu_ ? gpu_->forward(tokens, activity) : spike_gpt_forward(model_, tokens, state_, activity);
  return std::vector<float>(all.row(all.dim(0) - 1), all.row(all.dim(0) - 1) + model_.vocabulary);
}

}  // namespace snn
