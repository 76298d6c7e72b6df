#include "plot/spike_train_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace snn::plot {

const RecordedSpikes* recorded_spikes(const RecordedRun& run, const std::string& population) {
  for (const RecordedSpikes& s : run.spikes)
    if (s.population == population) return &s;
  return nullptr;
}

std::unordered_map<uint64_t, std::vector<double>> spike_trains(const RecordedSpikes& spikes) {
  std::unordered_map<uint64_t, std::vector<double>> trains;
  for (size_t k = 0; k < spikes.node_ids.size() && k < spikes.timestamps_ms.size(); ++k)
    trains[spikes.node_ids[k]].push_back(spikes.timestamps_ms[k]);
  return trains;
}

uint64_t spike_count(const RecordedSpikes& spikes, double from_ms, double to_ms) {
  uint64_t n = 0;
  for (const double t : spikes.timestamps_ms) n += t >= from_ms && t < to_ms ? 1 : 0;
  return n;
}

double mean_rate(const RecordedSpikes& spikes, double from_ms, double to_ms) {
  if (!(to_ms > from_ms)) return 0;
  return static_cast<double>(spike_count(spikes, from_ms, to_ms)) / std::max<uint32_t>(1, spikes.size) / ((to_ms - from_ms) * 1e-3);
}

std::vector<double> binned_rate(const RecordedSpikes& spikes, double from_ms, double to_ms, double bin_ms) {
  if (!(to_ms > from_ms) || !(bin_ms > 0)) return {};
  const size_t bins = static_cast<size_t>(std::ceil((to_ms - from_ms) / bin_ms - 1e-9));
  std::vector<double> counts(bins, 0.0);
  for (const double t : spikes.timestamps_ms) {
    if (t < from_ms || t >= to_ms) continue;
    counts[std::min(bins - 1, static_cast<size_t>((t - from_ms) / bin_ms))] += 1;
  }
  const double neurons = std::max<uint32_t>(1, spikes.size);
  for (size_t b = 0; b < bins; ++b) {
    const double length = std::min(bin_ms, to_ms - from_ms - static_cast<double>(b) * bin_ms);
    counts[b] /= neurons * length * 1e-3;
  }
  return counts;
}

std::vector<double> interspike_intervals(const RecordedSpikes& spikes, double from_ms, double to_ms) {
  std::unordered_map<uint64_t, double> last;
  std::vector<double> out;
  for (size_t k = 0; k < spikes.timestamps_ms.size() && k < spikes.node_ids.size(); ++k) {
    const double t = spikes.timestamps_ms[k];
    if (t < from_ms || t >= to_ms) continue;
    const auto [at, fresh] = last.try_emplace(spikes.node_ids[k], t);
    if (!fresh) {
      out.push_back(t - at->second);
      at->second = t;
    }
  }
  return out;
}

std::vector<double> coefficients_of_variation(const RecordedSpikes& spikes, double from_ms, double to_ms,
                                              uint32_t min_intervals) {
  struct Sums {
    double last = 0, sum = 0, squares = 0;
    uint32_t intervals = 0;
    bool started = false;
  };
  std::unordered_map<uint64_t, Sums> neurons;
  for (size_t k = 0; k < spikes.timestamps_ms.size() && k < spikes.node_ids.size(); ++k) {
    const double t = spikes.timestamps_ms[k];
    if (t < from_ms || t >= to_ms) continue;
    Sums& s = neurons[spikes.node_ids[k]];
    if (s.started) {
      const double isi = t - s.last;
      s.sum += isi;
      s.squares += isi * isi;
      ++s.intervals;
    }
    s.started = true;
    s.last = t;
  }
  std::vector<double> out;
  for (const auto& [id, s] : neurons) {
    if (s.intervals < std::max<uint32_t>(2, min_intervals)) continue;
    const double n = s.intervals, mean = s.sum / n, variance = std::max(0.0, s.squares / n - mean * mean);
    if (mean > 0) out.push_back(std::sqrt(variance) / mean);
  }
  std::sort(out.begin(), out.end());  // independent of the hash map's order
  return out;
}

Histogram histogram(const std::vector<double>& values, double low, double high, int bins, bool normalized) {
  Histogram h;
  if (bins < 1 || !(high > low)) return h;
  for (int b = 0; b <= bins; ++b) h.edges.push_back(low + (high - low) * b / bins);
  h.counts.assign(static_cast<size_t>(bins), 0.0);
  for (const double v : values) {
    if (!(v >= low) || v > high) continue;
    h.counts[std::min<size_t>(static_cast<size_t>(bins) - 1, static_cast<size_t>((v - low) / (high - low) * bins))] += 1;
  }
  if (normalized && !values.empty())
    for (double& c : h.counts) c /= static_cast<double>(values.size());
  return h;
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  const size_t k = std::min(values.size() - 1, static_cast<size_t>(q * static_cast<double>(values.size())));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

}  // namespace snn::plot
