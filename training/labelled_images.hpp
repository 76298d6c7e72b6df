#pragma once
// Labelled images for classifiers (MNIST, Fashion-MNIST as IDX files, or safetensors), as pixels in
// [0, 1].
#include <cstdint>
#include <string>
#include <vector>

#include "training/conv2d_layer.hpp"

namespace snn::training {

struct LabelledImages {
  std::vector<float> pixels;  // [count, width], in [0, 1]
  std::vector<int> labels;    // empty where none were given
  int64_t count = 0;
  ImageShape shape;
};

// Images from an IDX file (bytes over 255; labels from a second IDX file, if named) or from
// safetensors ("images" [n, c, h, w] in [0, 1], and "labels" [n] if there); the first `most` of them
// (0: all).
LabelledImages read_labelled_images(const std::string& images, const std::string& labels = "", int64_t most = 0);

}  // namespace snn::training
