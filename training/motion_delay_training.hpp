#pragma once
// Training and measuring the heterogeneous-delay layer (training/motion_delay_classifier.hpp) on
// motion clouds labelled by their direction (encoders/motion_cloud.hpp), as Grimaldi & Perrinet
// (2023) do: Adam on the mean binary cross-entropy (cosine-annealed), accuracy as the fraction of (movie, time) whose
// motion the layer names, against the number of delays and the fraction of weights kept after
// pruning the smallest; and the trained layer run as a network of delta synapses with per-synapse
// delays in the event-driven engine (CPU or CUDA), whose spikes are the dense evaluation's threshold
// crossings.
#include <cstdint>
#include <functional>
#include <vector>

#include "core/simulation.hpp"
#include "encoders/motion_cloud.hpp"
#include "training/motion_delay_classifier.hpp"

namespace snn::training {

struct MotionDelaySettings {
  MotionCloud cloud;               // size, frames, speed and texture; each movie's direction and seed its own
  uint32_t directions = 8;         // classes: directions 360 k / n degrees
  float event_threshold = 0.08f;   // intensity step per event
  uint32_t train_movies = 320, test_movies = 96;
  uint32_t kernel = 7, delays = 8;
  double learning_rate = 5e-3;
  uint32_t batch = 16, epochs = 6;
  uint64_t seed = 1;
};

struct MotionDataset {
  std::vector<EventMovie> movies;
  std::vector<uint32_t> labels;
  double event_density() const;  // events per input cell
};

// `count` movies, directions in turn, each cloud drawn from its own stream (first: the first index).
MotionDataset make_motion_dataset(const MotionDelaySettings& settings, uint32_t count, uint64_t first);

struct MotionEpoch {
  uint32_t epoch = 0;
  double loss = 0, test_accuracy = 0, seconds = 0;
};

// Trains a layer of `delays` delays by Adam with the learning rate annealed on a cosine over the
// epochs; deterministic for any thread count (each movie's gradient is summed in movie order).
MotionDelayClassifier train_motion_delays(const MotionDelaySettings& settings, uint32_t delays, const MotionDataset& train,
                                          const MotionDataset& test, const std::function<void(const MotionEpoch&)>& progress = {});

// The fraction of (movie, time) whose decision (MotionDelayClassifier::decisions) is the label.
double motion_accuracy(const MotionDelayClassifier& layer, const MotionDataset& data);

// The layer as a network: the movies' events from a spike-source array of 2 x height x width, two
// populations of memoryless LIF neurons per class (the kernel and its polarity-swapped twin; one neuron
// per grid position, threshold -b_c, so that a position fires where B >= 0), a projection per
// population and delay of the weights kept. Movies follow each other, `delays` empty frames apart.
struct EngineComparison {
  uint32_t movies = 0;
  uint64_t synapses = 0, engine_spikes = 0, dense_spikes = 0, differing = 0;  // per (position, class, time) outputs; differing: fired in one only
  uint64_t decisions = 0, same_decisions = 0, correct = 0;  // per (movie, time): the class with most spikes
  double seconds = 0;  // the engine's run
  const char* backend = "";
};
EngineComparison compare_with_engine(const MotionDelayClassifier& layer, const MotionDataset& data, uint32_t movies, Backend backend);

}  // namespace snn::training
