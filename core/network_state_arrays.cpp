#include "core/network_state_arrays.hpp"

#include <algorithm>

namespace snn {
namespace {

// A ring's slot that step `step` + `ahead` reads.
size_t ring_slot(uint64_t step, size_t ahead, size_t slots) { return static_cast<size_t>((step + ahead) % slots); }

std::vector<int64_t> unroll_ring(const std::vector<int64_t>& ring, uint32_t neurons, uint64_t step) {
  const size_t slots = neurons == 0 ? 0 : ring.size() / neurons;
  std::vector<int64_t> ahead(ring.size());
  for (size_t k = 0; k < slots; ++k)
    std::copy_n(ring.begin() + ring_slot(step, k, slots) * neurons, neurons, ahead.begin() + k * neurons);
  return ahead;
}

void roll_ring(const std::string& name, const std::vector<int64_t>& ahead, uint32_t neurons, uint64_t step,
               std::vector<int64_t>& ring) {
  const size_t slots = neurons == 0 ? 0 : ring.size() / neurons;
  const size_t saved_slots = neurons == 0 ? 0 : ahead.size() / neurons;
  if (ahead.size() != saved_slots * neurons)
    throw std::invalid_argument("state '" + name + "' does not hold whole slots of " + std::to_string(neurons) + " neurons");
  // Input due further ahead than this ring reaches would be lost: the network was built otherwise.
  for (size_t k = slots; k < saved_slots; ++k)
    if (std::any_of(ahead.begin() + k * neurons, ahead.begin() + (k + 1) * neurons, [](int64_t v) { return v != 0; }))
      throw std::invalid_argument("state '" + name + "' holds input " + std::to_string(k) +
                                  " steps ahead, beyond this network's longest delay");
  std::fill(ring.begin(), ring.end(), 0);
  for (size_t k = 0; k < std::min(slots, saved_slots); ++k)
    std::copy_n(ahead.begin() + k * neurons, neurons, ring.begin() + ring_slot(step, k, slots) * neurons);
}

}  // namespace

void save_network_arrays(const Network& net, uint64_t step, NetworkState& state) {
  state.step = step;
  for_each_state_array(net, [&](const std::string& name, const auto& values, uint32_t ring_neurons) {
    if constexpr (std::is_same_v<std::decay_t<decltype(values)>, std::vector<int64_t>>) {
      if (ring_neurons > 0) {
        state.put(name, unroll_ring(values, ring_neurons, step));
        return;
      }
    }
    state.put(name, values);
  });
}

void restore_network_arrays(const NetworkState& state, Network& net) {
  for_each_state_array(net, [&](const std::string& name, auto& values, uint32_t ring_neurons) {
    if constexpr (std::is_same_v<std::decay_t<decltype(values)>, std::vector<int64_t>>) {
      if (ring_neurons > 0) {
        roll_ring(name, state.find<int64_t>(name), ring_neurons, state.step, values);
        return;
      }
    }
    state.take(name, values);
  });
}

}  // namespace snn
