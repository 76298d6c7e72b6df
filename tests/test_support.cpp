#include "tests/test_support.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/simulation.hpp"
#include "io/experiment_loader.hpp"

namespace snn::testing {

SimulationOptions simulation_options(Backend backend, int threads, uint32_t cuda_blocks) {
  SimulationOptions options;
  const bool cpu = backend == Backend::kCpu || backend == Backend::kCpuBaseline || backend == Backend::kCpuAvx2 ||
                   backend == Backend::kCpuAvx512;
  options.backend = cpu ? snn::Backend::kCpu : snn::Backend::kCuda;
  options.simd = backend == Backend::kCpuBaseline ? SimdLevel::kBaseline
                 : backend == Backend::kCpuAvx2   ? SimdLevel::kAvx2
                 : backend == Backend::kCpuAvx512 ? SimdLevel::kAvx512
                                                  : SimdLevel::kAuto;
  options.threads = threads;
  options.cuda_kernel = backend == Backend::kCudaFused        ? CudaStepKernel::kFused
                        : backend == Backend::kCudaGraph      ? CudaStepKernel::kGraph
                        : backend == Backend::kCudaOverlapped ? CudaStepKernel::kOverlapped
                                                              : CudaStepKernel::kAuto;
  options.cuda_blocks = cuda_blocks;
  options.keep_every_population = true;
  return options;
}

RunResult run_spec(const ExperimentSpec& spec, int threads, Backend backend, uint32_t cuda_blocks,
                   const ExperimentTasks& tasks) {
  const SimulationOptions options = simulation_options(backend, threads, cuda_blocks);
  Simulation sim(spec, options);
  std::vector<std::unique_ptr<HostReadout>> readouts = make_host_readouts(spec, tasks.readouts);
  ObserverList observers;
  for (const auto& readout : readouts) observers.add(readout.get());
  sim.run_to_end(&observers);
  RunResult result;
  for (const PopulationSpec& p : spec.populations) result.spikes.push_back(sim.spikes(p.name));
  result.summaries = sim.summaries();
  result.probes.resize(sim.plan().state_probes.size());
  for (size_t k = 0; k < result.probes.size(); ++k)
    for (const std::vector<float>& sample : sim.state_samples(k))
      result.probes[k].insert(result.probes[k].end(), sample.begin(), sample.end());
  result.weight_history.resize(sim.plan().weight_probes.size());
  for (size_t k = 0; k < result.weight_history.size(); ++k)
    for (const std::vector<float>& sample : sim.weight_samples(k))
      result.weight_history[k].insert(result.weight_history[k].end(), sample.begin(), sample.end());
  for (const Engine::ProjectionCounts& c : sim.engine().projection_counts()) {
    result.synapses.push_back(c.synapses);
    result.synaptic_events.push_back(c.synaptic_events);
  }
  for (size_t j = 0; j < spec.projections.size(); ++j) result.weights.push_back(sim.engine().synapse_table(j).weights);
  result.readouts = std::move(readouts);
  return result;
}

RunResult run_yaml(const std::string& yaml, const std::vector<std::string>& overrides, int threads, Backend backend,
                   uint32_t cuda_blocks) {
  ExperimentTasks tasks;
  const ExperimentSpec spec = load_experiment_text(yaml, "test.yaml", overrides, &tasks);
  return run_spec(spec, threads, backend, cuda_blocks, tasks);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// SNN_SOURCE_DIR and SNN_BINARY in the environment point a copied test binary (on a GPU machine) at
// its tree and at the snn command beside it.
std::string snn_binary() {
  const char* moved = std::getenv("SNN_BINARY");
  return moved != nullptr ? moved : SNN_BINARY;
}

std::string source_path(const std::string& relative) {
  const char* moved = std::getenv("SNN_SOURCE_DIR");
  return std::string(moved != nullptr ? moved : SNN_SOURCE_DIR) + "/" + relative;
}

}  // namespace snn::testing
