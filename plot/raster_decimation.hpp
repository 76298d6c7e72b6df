#pragma once
// Which spikes a raster draws when a run has millions: every population and the whole time window are
// kept; each population shows every k-th neuron (all their spikes), k chosen so that the populations
// share a budget of points; only a population whose single neuron alone exceeds its share shows every
// m-th spike as well. Thinning neurons rather than spikes keeps each shown train whole, so the raster
// still shows bursts, rhythms and intervals faithfully, and says what it left out.
#include <cstdint>
#include <string>
#include <vector>

#include "io/hdf5_reader.hpp"

namespace snn::plot {

struct RasterRows {
  std::string population;
  uint32_t neurons = 0;           // in the population
  uint32_t neuron_stride = 1;     // every k-th neuron shown: ids 0, k, 2k, ...
  uint32_t spike_stride = 1;      // of those neurons' spikes, every m-th
  uint64_t spikes_in_window = 0;  // all of the population's spikes in [from, to)
  std::vector<double> times_ms;   // the spikes drawn
  std::vector<uint32_t> rows;     // their row within the population: neuron id / neuron_stride
};

// The spikes in [from_ms, to_ms) of each population, at most about `budget` in all (never fewer than
// one neuron's worth per population that fired).
std::vector<RasterRows> decimate_raster(const std::vector<const RecordedSpikes*>& populations, double from_ms, double to_ms,
                                        uint64_t budget);

// "every 20th neuron of E (200 of 4000)"-style sentence for the rows that were thinned; empty if none.
std::string decimation_statement(const std::vector<RasterRows>& rows);

}  // namespace snn::plot
