#include "training/labelled_images.hpp"

#include <stdexcept>

#include "io/idx_reader.hpp"
#include "models/safetensors.hpp"

namespace snn::training {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

LabelledImages read_all(const std::string& images, const std::string& labels) {
  LabelledImages set;
  if (ends_with(images, ".safetensors")) {
    const SafetensorsFile file = read_safetensors(images);
    const auto found = file.tensors.find("images");
    if (found == file.tensors.end() || found->second.shape.size() != 4)
      throw std::runtime_error(images + ": no tensor \"images\" of shape [n, channels, height, width]");
    const Tensor& t = found->second;
    set.count = t.dim(0);
    set.shape = {t.dim(1), t.dim(2), t.dim(3)};
    set.pixels = t.values;
    if (const auto l = file.tensors.find("labels"); l != file.tensors.end()) {
      if (l->second.size() != set.count) throw std::runtime_error(images + ": \"labels\" holds " + std::to_string(l->second.size()) + " values for " +
                                                                  std::to_string(set.count) + " images");
      for (const float v : l->second.values) set.labels.push_back(static_cast<int>(v));
    }
    return set;
  }
  const IdxArray idx = read_idx(images);
  if (idx.dims.empty()) throw std::runtime_error(images + ": an IDX file without items");
  set.count = idx.dims[0];
  const int64_t width = static_cast<int64_t>(idx.item_size());
  set.shape = {1, idx.dims.size() >= 3 ? idx.dims[1] : 1, idx.dims.size() >= 3 ? idx.dims[2] : width};
  set.pixels.resize(idx.data.size());
  for (size_t k = 0; k < idx.data.size(); ++k) set.pixels[k] = idx.data[k] / 255.0f;
  if (!labels.empty()) {
    const IdxArray l = read_idx(labels);
    if (l.dims.empty() || l.dims[0] != idx.dims[0])
      throw std::runtime_error(images + " and " + labels + " hold different numbers of items");
    set.labels.assign(l.data.begin(), l.data.end());
  }
  return set;
}

}  // namespace

LabelledImages read_labelled_images(const std::string& images, const std::string& labels, int64_t most) {
  LabelledImages set = read_all(images, labels);
  if (most > 0 && most < set.count) {
    set.count = most;
    set.pixels.resize(static_cast<size_t>(most * set.shape.size()));
    if (!set.labels.empty()) set.labels.resize(static_cast<size_t>(most));
  }
  return set;
}

}  // namespace snn::training
