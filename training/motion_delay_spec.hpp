#pragma once
// A heterogeneous-delay training run described in YAML (`snn train MOTION.yaml`, docs/training.md):
//
//   name: motion_delays
//   stimuli: {size: 24, frames: 30, directions: 8, speed: 1, spatial_frequency: 0.125,
//             frequency_bandwidth: 0.4, orientation_bandwidth: -1, speed_bandwidth: 0.05, gratings: 64,
//             contrast: 0.25, event_threshold: 0.08, train: 320, test: 96}
//   layer: {kernel: 7, delays: 8}
//   delay_sweep: [1, 2, 4, 8]          (layers trained with these numbers of delays)
//   keep: [1, 0.3, 0.1, 0.03, 0.01]    (fractions of the weights kept by pruning the smallest)
//   engine: {movies: 16, keep: 0.1}     (the pruned layer run as a network in the event-driven engine)
//   learning_rate: 5e-3
//   batch: 16
//   epochs: 6
//   seed: 1
//
// A training file is this kind when it has `stimuli`. Errors are located (file:line:column).
#include <string>
#include <vector>

#include "training/motion_delay_training.hpp"

namespace snn {

struct MotionDelaySpec {
  std::string file, name;
  training::MotionDelaySettings settings;
  std::vector<uint32_t> delay_sweep;
  std::vector<double> keep;
  uint32_t engine_movies = 16;
  double engine_keep = 0.1;
};

bool is_motion_delay_file(const std::string& path);
MotionDelaySpec load_motion_delay_spec(const std::string& path);

}  // namespace snn
