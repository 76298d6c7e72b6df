#include "io/experiment_scaling.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/memory_estimate.hpp"
#include "io/experiment_loader.hpp"

namespace snn {

std::optional<double> largest_scale_within(const std::string& experiment, const std::vector<std::string>& overrides_given,
                                           uint64_t free_bytes, MemoryOf memory) {
  auto bytes_at = [&](double scale) -> std::optional<uint64_t> {
    std::vector<std::string> overrides = overrides_given;
    char setting[64];
    std::snprintf(setting, sizeof setting, "constants.scale=%.17g", scale);
    overrides.push_back(setting);
    try {
      const ExperimentSpec spec = load_experiment_file(experiment, overrides);
      return memory == MemoryOf::kGpu ? expected_state_bytes(spec) : expected_host_bytes(spec);
    } catch (const std::runtime_error&) {
      return std::nullopt;  // e.g. populations that round to no neuron at all
    }
  };
  // The smallest scale tried is one at which every population and projection still exists.
  double lo = 1e-3;
  std::optional<uint64_t> small = bytes_at(lo);
  while (!small && lo < 0.5) small = bytes_at(lo *= 2);
  double hi = 1e3;
  const std::optional<uint64_t> large = bytes_at(hi);
  if (!small || !large || *small == *large || *small > free_bytes) return std::nullopt;
  for (int k = 0; k < 60; ++k) {
    const double mid = std::sqrt(lo * hi);
    const auto bytes = bytes_at(mid);
    (bytes && *bytes <= free_bytes ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace snn
