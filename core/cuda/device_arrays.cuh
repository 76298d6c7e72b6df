#pragma once
// Device copies of host vectors, owned for the engine's lifetime: the view builder's `place` for the
// CUDA engine (core/view_builder.hpp), so both engines describe their state with the same code. Each
// copy is remembered by its host vector, so that state can be brought back into the host's network
// and sent out again (a checkpoint, a restored run) by the same names on both engines.
#include <cuda_runtime.h>
#include <thrust/device_vector.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "core/cuda/cuda_check.hpp"

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
    copies_[values.data()].push_back(raw(*copy));
    return raw(*copy);
  }
  uint64_t bytes() const { return bytes_; }

  // The device's values of `values` (its first copy) into it.
  template <typename T>
  void download(std::vector<T>& values) const {
    if (values.empty()) return;
    SNN_CUDA_CHECK(cudaMemcpy(values.data(), copies_of(values).front(), values.size() * sizeof(T), cudaMemcpyDeviceToHost));
  }
  // `values` into every device copy made of it.
  template <typename T>
  void upload(const std::vector<T>& values) const {
    if (values.empty()) return;
    for (void* copy : copies_of(values))
      SNN_CUDA_CHECK(cudaMemcpy(copy, values.data(), values.size() * sizeof(T), cudaMemcpyHostToDevice));
  }

 private:
  template <typename T>
  const std::vector<void*>& copies_of(const std::vector<T>& values) const {
    const auto found = copies_.find(values.data());
    if (found == copies_.end()) throw std::logic_error("a host array without a device copy");
    return found->second;
  }

  std::vector<std::shared_ptr<void>> keep_;
  std::unordered_map<const void*, std::vector<void*>> copies_;  // by the host vector's data
  uint64_t bytes_ = 0;
};

}  // namespace snn::cuda
