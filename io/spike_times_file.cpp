#include "io/spike_times_file.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "io/experiment_error.hpp"

namespace snn {

std::vector<std::vector<double>> read_spike_times_file(const std::string& path, uint32_t population_size) {
  std::ifstream in(path);
  if (!in) throw ExperimentError(path, 0, 0, "cannot open the spike-times file");
  std::vector<std::vector<double>> times(population_size);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const size_t comment = line.find('#');
    if (comment != std::string::npos) line.resize(comment);
    const char* text = line.c_str();
    const char* cursor = text;
    while (*cursor == ' ' || *cursor == '\t') ++cursor;
    if (*cursor == '\0' || *cursor == '\r') continue;
    char* end = nullptr;
    const double neuron = std::strtod(cursor, &end);
    if (end == cursor || neuron < 0 || neuron != std::floor(neuron) || neuron >= population_size)
      throw ExperimentError(path, number, static_cast<int>(cursor - text) + 1,
                            "expected a neuron index in 0.." + std::to_string(population_size - 1));
    cursor = end;
    while (*cursor == ' ' || *cursor == '\t' || *cursor == ',') ++cursor;
    const double time = std::strtod(cursor, &end);
    if (end == cursor || !std::isfinite(time) || time < 0)
      throw ExperimentError(path, number, static_cast<int>(cursor - text) + 1, "expected a spike time >= 0 in ms");
    cursor = end;
    while (*cursor == ' ' || *cursor == '\t' || *cursor == '\r') ++cursor;
    if (*cursor != '\0')
      throw ExperimentError(path, number, static_cast<int>(cursor - text) + 1, "unexpected text after the spike time");
    times[static_cast<uint32_t>(neuron)].push_back(time);
  }
  return times;
}

}  // namespace snn
