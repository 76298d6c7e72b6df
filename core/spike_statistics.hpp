#pragma once
// Population summaries of a run: spike count, mean rate, and the coefficient of variation of the
// inter-spike intervals (per neuron, averaged over neurons with at least two intervals).
#include <cstdint>
#include <string>
#include <vector>

#include "core/network.hpp"
#include "core/network_state.hpp"
#include "core/run_observer.hpp"

namespace snn {

struct PopulationSummary {
  std::string name;
  uint32_t neurons = 0;
  uint64_t spikes = 0;
  double mean_rate_hz = 0.0;
  double cv_isi = 0.0;          // NaN when no neuron has two intervals
  uint32_t neurons_with_cv = 0;
};

class SpikeStatistics : public RunObserver {
 public:
  explicit SpikeStatistics(const Network& network);
  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override;
  // Summaries over `duration_ms`; pass the simulated time of the run.
  std::vector<PopulationSummary> summaries(double duration_ms) const;
  // Its per-neuron sums, under "statistics/<population>/...", and back.
  void save(NetworkState& state) const;
  void restore(const NetworkState& state);
  // Spike counts per neuron of one population.
  const std::vector<uint32_t>& counts(uint32_t population) const { return per_population_[population].count; }

 private:
  struct PerNeuron {
    std::vector<uint32_t> count;
    std::vector<int64_t> last_step;
    std::vector<double> isi_sum, isi_square_sum;
  };
  std::vector<std::string> names_;
  std::vector<PerNeuron> per_population_;
  double dt_ms_;
};

}  // namespace snn
