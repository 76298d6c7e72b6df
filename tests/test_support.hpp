#pragma once
// Helpers shared by the tests: run an experiment in memory and collect its spikes.
#include <string>
#include <vector>

#include "core/experiment_spec.hpp"
#include "core/spike_statistics.hpp"

namespace snn::testing {

struct Spike {
  uint64_t step;
  uint32_t neuron;
  bool operator==(const Spike& o) const { return step == o.step && neuron == o.neuron; }
};

struct RunResult {
  std::vector<std::vector<Spike>> spikes;  // per population, in time order
  std::vector<PopulationSummary> summaries;
  std::vector<std::vector<float>> probes;  // per state probe: samples x neurons
};

enum class Backend { kCpu, kCuda };

// Parses `yaml`, builds the network and runs it on the CPU engine (or the given backend).
RunResult run_yaml(const std::string& yaml, const std::vector<std::string>& overrides = {}, int threads = 1,
                   Backend backend = Backend::kCpu);
RunResult run_spec(const ExperimentSpec& spec, int threads = 1, Backend backend = Backend::kCpu);

std::string read_text(const std::string& path);
std::string source_path(const std::string& relative);  // a path inside the source tree
std::string snn_binary();  // the snn command built with the tests

}  // namespace snn::testing
