#pragma once
// How far an experiment with a `scale` constant (such as experiments/microcircuit.yaml) can grow or
// must shrink to fit a memory budget, from its expected size: nothing is built.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace snn {

// The largest value of `constants.scale` whose network needs at most `bytes` (expected_state_bytes),
// found by bisection; nothing when the experiment's size does not depend on `scale` or no scale fits.
std::optional<double> largest_scale_within(const std::string& experiment, const std::vector<std::string>& overrides,
                                           uint64_t bytes);

}  // namespace snn
