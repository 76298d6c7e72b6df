#pragma once
// An HDF5 identifier that closes itself, so that a throw between opening and closing leaks nothing.
#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace snn::hdf5 {

class Handle {
 public:
  using Close = herr_t (*)(hid_t);
  Handle() = default;
  // Takes `id` (closed with `close`); throws std::runtime_error naming `what` when it is invalid.
  Handle(hid_t id, Close close, const std::string& what) : id_(id), close_(close) {
    if (id_ < 0) throw std::runtime_error("HDF5: " + what + " failed");
  }
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, -1);
      close_ = other.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  operator hid_t() const { return id_; }
  void reset() {
    if (id_ >= 0 && close_ != nullptr) close_(id_);
    id_ = -1;
  }

 private:
  hid_t id_ = -1;
  Close close_ = nullptr;
};

inline Handle file_handle(hid_t id, const std::string& what) { return Handle(id, H5Fclose, what); }
inline Handle group_handle(hid_t id, const std::string& what) { return Handle(id, H5Gclose, what); }
inline Handle dataset_handle(hid_t id, const std::string& what) { return Handle(id, H5Dclose, what); }
inline Handle space_handle(hid_t id, const std::string& what) { return Handle(id, H5Sclose, what); }
inline Handle type_handle(hid_t id, const std::string& what) { return Handle(id, H5Tclose, what); }
inline Handle property_handle(hid_t id, const std::string& what) { return Handle(id, H5Pclose, what); }

}  // namespace snn::hdf5
