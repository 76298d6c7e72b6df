// Fuzzes the experiment loader with whole YAML files (seeded with the shipped experiments): every input
// is loaded, and one that loads is estimated and, where small, built and run for a few steps on the CPU
// engine, so that what validation lets through is also what the builder and the engine can take.
#include "core/memory_estimate.hpp"
#include "core/simulation.hpp"
#include "io/experiment_loader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  snn::fuzz::refused_or_read([&] {
    snn::ExperimentTasks tasks;
    const snn::ExperimentSpec spec = snn::load_experiment_text(text, "/tmp/snn_fuzz/experiment.yaml", {}, &tasks);
    (void)snn::expected_recording(spec);
    if (snn::expected_host_bytes(spec) > (uint64_t(64) << 20) || snn::expected_synapse_count(spec) > 2000000) return;
    snn::SimulationOptions options;
    options.threads = 1;
    snn::Simulation simulation(spec, options);
    simulation.run_steps(std::min<uint64_t>(20, simulation.total_steps()));
  });
  return 0;
}
