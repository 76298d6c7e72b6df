#include "plot/raster_decimation.hpp"

#include <algorithm>
#include <cmath>

namespace snn::plot {
namespace {

std::string ordinal(uint32_t k) {
  const uint32_t tens = k % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th" : k % 10 == 1 ? "st" : k % 10 == 2 ? "nd" : k % 10 == 3 ? "rd" : "th";
  return std::to_string(k) + suffix;
}

}  // namespace

std::vector<RasterRows> decimate_raster(const std::vector<const RecordedSpikes*>& populations, double from_ms, double to_ms,
                                        uint64_t budget) {
  std::vector<RasterRows> out;
  size_t firing = 0;
  for (const RecordedSpikes* p : populations) {
    RasterRows r;
    r.population = p->population;
    r.neurons = p->size;
    for (const double t : p->timestamps_ms) r.spikes_in_window += (t >= from_ms && t < to_ms) ? 1 : 0;
    firing += r.spikes_in_window > 0 ? 1 : 0;
    out.push_back(std::move(r));
  }
  const uint64_t share = std::max<uint64_t>(1, budget / std::max<size_t>(1, firing));
  for (size_t k = 0; k < populations.size(); ++k) {
    RasterRows& r = out[k];
    const RecordedSpikes& p = *populations[k];
    // Every k-th neuron, k the smallest (up to a tenth) whose neurons' spikes fit the share; rounding
    // the count of kept neurons up can leave a few too many, so k grows until they fit.
    auto kept_with = [&](uint32_t stride) {
      uint64_t kept = 0;
      for (size_t s = 0; s < p.timestamps_ms.size() && s < p.node_ids.size(); ++s) {
        const double t = p.timestamps_ms[s];
        if (t >= from_ms && t < to_ms && p.node_ids[s] % stride == 0) ++kept;
      }
      return kept;
    };
    if (r.spikes_in_window > share && r.neurons > 1)
      r.neuron_stride = static_cast<uint32_t>(std::min<uint64_t>(r.neurons, (r.spikes_in_window + share - 1) / share));
    uint64_t kept = kept_with(r.neuron_stride);
    while (kept > share && r.neuron_stride < r.neurons) {
      r.neuron_stride = std::min(r.neurons, std::max(r.neuron_stride + 1, r.neuron_stride + r.neuron_stride / 10));
      kept = kept_with(r.neuron_stride);
    }
    // Kept neurons that happen to be silent must not hide a population that fired.
    while (kept == 0 && r.spikes_in_window > 0 && r.neuron_stride > 1) kept = kept_with(r.neuron_stride /= 2);
    // A neuron alone beyond the share: every m-th of its spikes.
    if (kept > share) r.spike_stride = static_cast<uint32_t>((kept + share - 1) / share);
    uint64_t seen = 0;
    for (size_t s = 0; s < p.timestamps_ms.size() && s < p.node_ids.size(); ++s) {
      const double t = p.timestamps_ms[s];
      if (t < from_ms || t >= to_ms || p.node_ids[s] % r.neuron_stride != 0) continue;
      if (seen++ % r.spike_stride != 0) continue;
      r.times_ms.push_back(t);
      r.rows.push_back(static_cast<uint32_t>(p.node_ids[s] / r.neuron_stride));
    }
  }
  return out;
}

std::string decimation_statement(const std::vector<RasterRows>& rows) {
  std::string out;
  for (const RasterRows& r : rows) {
    if (r.neuron_stride == 1 && r.spike_stride == 1) continue;
    if (!out.empty()) out += "; ";
    if (r.neuron_stride > 1)
      out += "every " + ordinal(r.neuron_stride) + " neuron of " + r.population + " (" +
             std::to_string((r.neurons + r.neuron_stride - 1) / r.neuron_stride) + " of " + std::to_string(r.neurons) + ")";
    else
      out += r.population;
    if (r.spike_stride > 1) out += ", every " + ordinal(r.spike_stride) + " spike of those";
  }
  return out.empty() ? out : "Shown: " + out + ".";
}

}  // namespace snn::plot
