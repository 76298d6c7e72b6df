#include "core/spike_statistics.hpp"

#include <cmath>
#include <limits>

namespace snn {

SpikeStatistics::SpikeStatistics(const Network& network) : dt_ms_(network.dt_ms) {
  for (const Population& pop : network.populations) {
    names_.push_back(pop.name);
    PerNeuron s;
    s.count.assign(pop.size, 0);
    s.last_step.assign(pop.size, -1);
    s.isi_sum.assign(pop.size, 0.0);
    s.isi_square_sum.assign(pop.size, 0.0);
    per_population_.push_back(std::move(s));
  }
}

void SpikeStatistics::on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) {
  PerNeuron& s = per_population_[population];
  for (size_t k = 0; k < count; ++k) {
    const uint32_t i = neurons[k];
    if (s.last_step[i] >= 0) {
      const double isi = static_cast<double>(static_cast<int64_t>(steps[k]) - s.last_step[i]) * dt_ms_;
      s.isi_sum[i] += isi;
      s.isi_square_sum[i] += isi * isi;
    }
    s.last_step[i] = static_cast<int64_t>(steps[k]);
    s.count[i] += 1;
  }
}

void SpikeStatistics::save(NetworkState& state) const {
  for (size_t p = 0; p < per_population_.size(); ++p) {
    const std::string base = "statistics/" + names_[p] + "/";
    const PerNeuron& s = per_population_[p];
    state.put(base + "count", s.count);
    state.put(base + "last_step", s.last_step);
    state.put(base + "isi_sum", s.isi_sum);
    state.put(base + "isi_square_sum", s.isi_square_sum);
  }
}

void SpikeStatistics::restore(const NetworkState& state) {
  for (size_t p = 0; p < per_population_.size(); ++p) {
    const std::string base = "statistics/" + names_[p] + "/";
    PerNeuron& s = per_population_[p];
    state.take(base + "count", s.count);
    state.take(base + "last_step", s.last_step);
    state.take(base + "isi_sum", s.isi_sum);
    state.take(base + "isi_square_sum", s.isi_square_sum);
  }
}

std::vector<PopulationSummary> SpikeStatistics::summaries(double duration_ms) const {
  std::vector<PopulationSummary> out;
  for (size_t p = 0; p < per_population_.size(); ++p) {
    const PerNeuron& s = per_population_[p];
    PopulationSummary summary;
    summary.name = names_[p];
    summary.neurons = static_cast<uint32_t>(s.count.size());
    double cv_sum = 0.0;
    for (size_t i = 0; i < s.count.size(); ++i) {
      summary.spikes += s.count[i];
      const uint32_t intervals = s.count[i] > 0 ? s.count[i] - 1 : 0;
      if (intervals < 2) continue;
      const double mean = s.isi_sum[i] / intervals;
      const double variance = std::fmax(0.0, s.isi_square_sum[i] / intervals - mean * mean);
      cv_sum += std::sqrt(variance) / mean;
      summary.neurons_with_cv += 1;
    }
    summary.mean_rate_hz =
        summary.neurons > 0 ? static_cast<double>(summary.spikes) / summary.neurons / (duration_ms * 1e-3) : 0.0;
    summary.cv_isi = summary.neurons_with_cv > 0 ? cv_sum / summary.neurons_with_cv
                                                 : std::numeric_limits<double>::quiet_NaN();
    out.push_back(summary);
  }
  return out;
}

}  // namespace snn
