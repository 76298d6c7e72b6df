#pragma once
// Device copies of host vectors, owned for the engine's lifetime: the view builder's `place` for the
// CUDA engine (core/view_builder.hpp), so both engines describe their state with the same code.
#include <thrust/device_vector.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace snn::cuda {

template <typename T>
T* raw(thrust::device_vector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

template <typename T>
const T* raw(const thrust::device_vector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

class DeviceArrays {
 public:
  template <typename T>
  T* operator()(std::vector<T>& values) {
    auto copy = std::make_shared<thrust::device_vector<T>>(values.begin(), values.end());
    keep_.push_back(copy);
    bytes_ += values.size() * sizeof(T);
    return raw(*copy);
  }
  uint64_t bytes() const { return bytes_; }

 private:
  std::vector<std::shared_ptr<void>> keep_;
  uint64_t bytes_ = 0;
};

}  // namespace snn::cuda
