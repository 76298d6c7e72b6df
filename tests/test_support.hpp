#pragma once
// Helpers shared by the tests: run an experiment in memory and collect its spikes.
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/experiment_spec.hpp"
#include "core/simulation.hpp"
#include "io/experiment_tasks.hpp"
#include "core/spike_statistics.hpp"
#include "models/host_readout.hpp"

namespace snn::testing {

using Spike = RecordedSpike;

struct RunResult {
  std::vector<std::vector<Spike>> spikes;  // per population, in time order
  std::vector<PopulationSummary> summaries;
  std::vector<std::vector<float>> probes;  // per state probe: samples x neurons
  std::vector<uint64_t> synapses, synaptic_events;  // per projection, as the engine counted them
  std::vector<std::vector<float>> weights;          // per projection, after the run (table order)
  std::vector<std::vector<float>> weight_history;   // per weight probe: samples x synapses
  std::vector<std::unique_ptr<HostReadout>> readouts;  // the experiment's host readouts, after the run
};

// kCpu runs the CPU engine's widest vector instructions, kCpuBaseline/Avx2/Avx512 force a level
// (core/simd_level.hpp); kCuda lets the CUDA engine choose its step kernel; the others force one.
enum class Backend { kCpu, kCpuBaseline, kCpuAvx2, kCpuAvx512, kCuda, kCudaFused, kCudaGraph, kCudaOverlapped };
inline void PrintTo(Backend b, std::ostream* os) {  // how gtest names a test's backend
  *os << (b == Backend::kCpu              ? "cpu"
          : b == Backend::kCpuBaseline    ? "cpu_baseline"
          : b == Backend::kCpuAvx2        ? "cpu_avx2"
          : b == Backend::kCpuAvx512      ? "cpu_avx512"
          : b == Backend::kCuda           ? "cuda"
          : b == Backend::kCudaFused      ? "fused"
          : b == Backend::kCudaOverlapped ? "overlapped"
                                          : "graph");
}

// The library's options for a test backend (every population's spikes kept in memory).
SimulationOptions simulation_options(Backend backend, int threads = 1, uint32_t cuda_blocks = 0);

// Parses `yaml`, builds the network and runs it on the CPU engine (or the given backend).
// `cuda_blocks`: the fused kernel's block count, or the overlapped step's delivery blocks (0: the engine's choice).
// `tasks`: the host readouts to run beside (io/experiment_tasks.hpp; run_yaml takes the file's own).
RunResult run_yaml(const std::string& yaml, const std::vector<std::string>& overrides = {}, int threads = 1,
                   Backend backend = Backend::kCpu, uint32_t cuda_blocks = 0);
RunResult run_spec(const ExperimentSpec& spec, int threads = 1, Backend backend = Backend::kCpu,
                   uint32_t cuda_blocks = 0, const ExperimentTasks& tasks = {});

std::string read_text(const std::string& path);
std::string source_path(const std::string& relative);  // a path inside the source tree
std::string snn_binary();  // the snn command built with the tests

}  // namespace snn::testing
