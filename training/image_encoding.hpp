#pragma once
// Images as a classifier's input over time (training/classification_training.hpp): direct coding
// (each pixel's value at every step) or rate coding (a spike with the pixel's value as probability),
// whose draws come from a generator seeded by the run's seed, the stream, the epoch and the image, so
// that training and a trained model's classification (trained_classifier.hpp) draw alike.
#include <cstdint>
#include <vector>

#include "training/sequence.hpp"

namespace snn::training {

// The seed of one stream of draws, from the run's seed, what the stream is for and an index.
uint64_t stream_seed(uint64_t seed, uint64_t what, uint64_t index);

// The streams: each epoch's shuffle, the training images' and the test images' rate coding.
constexpr uint64_t kShuffle = 1, kRateTrain = 2, kRateTest = 3;

struct ImageCoding {
  bool rate = false;
  int64_t steps = 1;
  uint64_t seed = 0, stream = kRateTest, epoch = 0;
};

// Images order[first..first+size) of `pixels` ([count, width], in [0, 1]) as [steps, size, width];
// with `held` and direct coding, one step (for the GPU to hold over the steps).
Sequence<float> encode_images(const std::vector<float>& pixels, int64_t width, const std::vector<int64_t>& order, int64_t first, int64_t size,
                              const ImageCoding& coding, bool held = false);

}  // namespace snn::training
