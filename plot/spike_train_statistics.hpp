#pragma once
// What a population's spikes say over a window of time: its rate in bins, the intervals between each
// neuron's spikes, each neuron's coefficient of variation, and histograms of such values.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/hdf5_reader.hpp"

namespace snn::plot {

// A run's recorded spikes of `population`; null where it recorded none.
const RecordedSpikes* recorded_spikes(const RecordedRun& run, const std::string& population);

// Each neuron's spike times, in time order, by neuron id.
std::unordered_map<uint64_t, std::vector<double>> spike_trains(const RecordedSpikes& spikes);

// The population's spikes in [from, to), and their rate per neuron (spikes/s).
uint64_t spike_count(const RecordedSpikes& spikes, double from_ms, double to_ms);
double mean_rate(const RecordedSpikes& spikes, double from_ms, double to_ms);

// Spikes per neuron per second in consecutive bins of `bin_ms` from `from_ms` (the last bin may be
// cut short by `to_ms` and is scaled to its length).
std::vector<double> binned_rate(const RecordedSpikes& spikes, double from_ms, double to_ms, double bin_ms);

// Every interval (ms) between consecutive spikes of one neuron, both spikes inside [from, to).
std::vector<double> interspike_intervals(const RecordedSpikes& spikes, double from_ms, double to_ms);

// Per neuron with at least `min_intervals` intervals inside [from, to): their standard deviation over
// their mean (1 for a Poisson process, 0 for a clock).
std::vector<double> coefficients_of_variation(const RecordedSpikes& spikes, double from_ms, double to_ms,
                                              uint32_t min_intervals = 3);

struct Histogram {
  std::vector<double> edges;   // bins + 1
  std::vector<double> counts;  // per bin, as fractions of all values when normalized
};

// `bins` equal bins over [low, high]; values outside are left out (and still count in the normal).
Histogram histogram(const std::vector<double>& values, double low, double high, int bins, bool normalized);

// The value below which `q` of the values lie (0 for none).
double quantile(std::vector<double> values, double q);

}  // namespace snn::plot
