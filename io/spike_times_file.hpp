#pragma once
// Spike times for a spike-source array from a text file: one "neuron time_ms" pair per line,
// '#' starts a comment. Malformed lines are reported with file, line and column.
#include <cstdint>
#include <string>
#include <vector>

namespace snn {

std::vector<std::vector<double>> read_spike_times_file(const std::string& path, uint32_t population_size);

}  // namespace snn
