#include "tests/test_support.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/engine.hpp"
#include "io/experiment_loader.hpp"

namespace snn::testing {
namespace {

class Collector : public RunObserver {
 public:
  Collector(size_t populations, size_t probes, size_t weight_probes)
      : spikes(populations), probes(probes), weights(weight_probes) {}
  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override {
    for (size_t k = 0; k < count; ++k) spikes[population].push_back(Spike{steps[k], neurons[k]});
  }
  void on_state(size_t probe, uint64_t, const float* values) override {
    probes[probe].insert(probes[probe].end(), values, values + widths[probe]);
  }
  void on_weights(size_t probe, uint64_t, const float* values, size_t count) override {
    weights[probe].insert(weights[probe].end(), values, values + count);
  }
  std::vector<std::vector<Spike>> spikes;
  std::vector<std::vector<float>> probes, weights;
  std::vector<size_t> widths;
};

}  // namespace

RunResult run_spec(const ExperimentSpec& spec, int threads, Backend backend, uint32_t cuda_blocks) {
  // For the CUDA engine, synapses are built on the GPU wherever they can be, as `snn run` does.
  const bool cuda = backend != Backend::kCpu;
  Network net = build_network(spec, cuda);
  EngineOptions options;
  options.threads = threads;
  options.cuda_kernel = backend == Backend::kCudaFused        ? CudaStepKernel::kFused
                        : backend == Backend::kCudaGraph      ? CudaStepKernel::kGraph
                        : backend == Backend::kCudaOverlapped ? CudaStepKernel::kOverlapped
                                                              : CudaStepKernel::kAuto;
  options.cuda_blocks = cuda_blocks;
  options.record_spikes.assign(net.populations.size(), true);
  for (const StateRecordSpec& s : spec.record.state)
    for (const std::string& v : s.variables)
      options.state_probes.push_back(StateProbe{static_cast<uint32_t>(spec.population_index(s.population)), v,
                                                s.neurons, static_cast<uint64_t>(std::llround(s.interval_ms / spec.dt_ms))});
  options.weight_probes = make_weight_probes(spec, net);
  Collector collector(net.populations.size(), options.state_probes.size(), options.weight_probes.size());
  for (const auto& p : options.state_probes) collector.widths.push_back(p.neurons.size());
  SpikeStatistics statistics(net);
  std::vector<std::unique_ptr<HostReadout>> readouts = make_host_readouts(spec);
  ObserverList observers;
  observers.add(&collector);
  observers.add(&statistics);
  for (const auto& readout : readouts) observers.add(readout.get());
  auto engine = cuda ? make_cuda_engine(std::move(net), options)
                                           : make_cpu_engine(std::move(net), options);
  engine->run(static_cast<uint64_t>(std::llround(spec.duration_ms / spec.dt_ms)), observers);
  RunResult result{std::move(collector.spikes), statistics.summaries(spec.duration_ms), std::move(collector.probes), {}, {}, {},
                   std::move(collector.weights), std::move(readouts)};
  for (const Engine::ProjectionCounts& c : engine->projection_counts()) {
    result.synapses.push_back(c.synapses);
    result.synaptic_events.push_back(c.synaptic_events);
  }
  for (size_t j = 0; j < spec.projections.size(); ++j) result.weights.push_back(engine->synapse_table(j).weights);
  return result;
}

RunResult run_yaml(const std::string& yaml, const std::vector<std::string>& overrides, int threads, Backend backend,
                   uint32_t cuda_blocks) {
  return run_spec(load_experiment_text(yaml, "test.yaml", overrides), threads, backend, cuda_blocks);
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
