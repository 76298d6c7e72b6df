#include "training/image_encoding.hpp"

#include <algorithm>
#include <random>

namespace snn::training {

uint64_t stream_seed(uint64_t seed, uint64_t what, uint64_t index) {
  uint64_t x = seed * 0x9E3779B97F4A7C15ull ^ (what + 1) * 0xBF58476D1CE4E5B9ull ^ (index + 1) * 0x94D049BB133111EBull;
  x ^= x >> 31;
  return x * 0xD6E8FEB86659FD93ull;
}

Sequence<float> encode_images(const std::vector<float>& pixels, int64_t width, const std::vector<int64_t>& order, int64_t first, int64_t size,
                              const ImageCoding& coding, bool held) {
  Sequence<float> x(held && !coding.rate ? 1 : coding.steps, size, width);
  for (int64_t b = 0; b < size; ++b) {
    const int64_t item = order[first + b];
    const float* image = pixels.data() + item * width;
    std::mt19937_64 random(stream_seed(coding.seed, coding.stream, static_cast<uint64_t>(item) + (coding.epoch << 32)));
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (int64_t t = 0; t < x.steps; ++t) {
      float* row = x.at(t, b);
      if (coding.rate)
        for (int64_t k = 0; k < width; ++k) row[k] = uniform(random) < image[k] ? 1.0f : 0.0f;
      else
        std::copy(image, image + width, row);
    }
  }
  return x;
}

}  // namespace snn::training
