#pragma once
// A running simulation's complete state as named arrays: what a checkpoint holds and a resumed run
// starts from. Names are paths ("populations/exc/V", "projections/ee/weights"), so the state reads as
// a tree in HDF5 (io/checkpoint_file.hpp) and any part can be found by name. Whatever keeps state (the
// network's arrays, an engine's counters, the spike statistics, a host readout) puts its arrays in and
// takes them back out, each under names of its own.
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace snn {

using StateValues = std::variant<std::vector<float>, std::vector<double>, std::vector<int64_t>, std::vector<uint64_t>,
                                 std::vector<uint32_t>>;

struct NetworkState {
  uint64_t step = 0;  // steps completed: the next step to run
  std::map<std::string, StateValues> arrays;

  template <typename T>
  void put(const std::string& name, std::vector<T> values) {
    arrays[name] = std::move(values);
  }

  // The array `name` into `into`, which must hold as many values (a state restored into a network
  // built otherwise is refused, not misread); with `any_size`, whatever the saved array holds.
  template <typename T>
  void take(const std::string& name, std::vector<T>& into, bool any_size = false) const {
    const std::vector<T>& saved = find<T>(name);
    if (!any_size && saved.size() != into.size())
      throw std::invalid_argument("state '" + name + "' has " + std::to_string(saved.size()) + " values where the network has " +
                                  std::to_string(into.size()));
    into = saved;
  }

  template <typename T>
  const std::vector<T>& find(const std::string& name) const {
    const auto found = arrays.find(name);
    if (found == arrays.end()) throw std::invalid_argument("the state has no '" + name + "'");
    const std::vector<T>* values = std::get_if<std::vector<T>>(&found->second);
    if (values == nullptr) throw std::invalid_argument("state '" + name + "' holds values of another type");
    return *values;
  }

  template <typename T>
  T scalar(const std::string& name) const {
    const std::vector<T>& values = find<T>(name);
    if (values.size() != 1) throw std::invalid_argument("state '" + name + "' is not a single value");
    return values[0];
  }

  bool has(const std::string& name) const { return arrays.count(name) > 0; }
};

}  // namespace snn
