#pragma once
// How far an experiment with a `scale` constant (such as experiments/microcircuit.yaml) can grow or
// must shrink to fit a memory budget, from its expected size: nothing is built.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snn {

enum class MemoryOf { kGpu, kHost };

// The largest value of `constants.scale` whose network needs at most `bytes` of GPU memory
// (expected_state_bytes) or host memory (expected_host_bytes, core/memory_estimate.hpp), found by
// bisection; nothing when the experiment's size does not depend on `scale` or no scale fits.
std::optional<double> largest_scale_within(const std::string& experiment, const std::vector<std::string>& overrides,
                                           uint64_t bytes, MemoryOf memory = MemoryOf::kGpu);

}  // namespace snn
