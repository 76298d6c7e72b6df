// A Brunel-style balanced network built in code with the snn library, run for 200 ms on the CPU
// engine (or the GPU with "cuda"), in two parts, written to balanced_network.h5 as `snn run` writes
// its files (`snn info balanced_network.h5`), its rates printed.
#include <cstdio>
#include <string>

#include <snn/snn.hpp>

int main(int argc, char** argv) {
  snn::ExperimentSpec spec;
  spec.name = "balanced_network";
  spec.duration_ms = 200;
  for (const auto& [name, size] : {std::pair<const char*, uint32_t>{"excitatory", 4000}, {"inhibitory", 1000}}) {
    snn::PopulationSpec p;
    p.name = name, p.size = size, p.neuron_model = snn::neuron_model_id("lif");
    p.parameters = {{"tau_m", snn::ValueDistribution::constant(20)}, {"V_th", snn::ValueDistribution::constant(20)},
                    {"E_L", snn::ValueDistribution::constant(0)},
                    {"V_reset", snn::ValueDistribution::constant(10)}, {"t_ref", snn::ValueDistribution::constant(2)}};
    spec.populations.push_back(p);
    snn::PoissonInput poisson;  // one of the input kinds (core/inputs/input_kinds.hpp)
    poisson.rate_hz = snn::ValueDistribution::constant(20000), poisson.weight = snn::ValueDistribution::constant(0.1);
    snn::InputSpec drive;
    drive.target = name, drive.settings = poisson;
    spec.inputs.push_back(drive);
  }
  for (const char* source : {"excitatory", "inhibitory"})
    for (const char* target : {"excitatory", "inhibitory"}) {
      snn::ProjectionSpec j;
      j.source = source, j.target = target, j.name = std::string(source) + "->" + target;
      j.connector.kind = snn::ConnectorKind::kFixedProbability, j.connector.probability = 0.1;
      j.weight = snn::ValueDistribution::constant(source[0] == 'e' ? 0.1 : -0.5);
      j.delay_ms = snn::ValueDistribution::constant(1.5);
      spec.projections.push_back(j);
    }
  snn::SimulationOptions options;
  options.backend = argc > 1 && std::string(argv[1]) == "cuda" ? snn::Backend::kCuda : snn::Backend::kCpu;
  snn::Simulation sim(spec, options);
  snn::RunRecording recording("balanced_network.h5", sim);
  sim.run(100, &recording);  // step by step if you like: sim.run_steps(1, &recording)
  sim.run_to_end(&recording);
  recording.finish(sim, 0.0);
  for (const snn::PopulationSummary& s : sim.summaries())
    std::printf("%s: %llu spikes, %.2f Hz\n", s.name.c_str(), static_cast<unsigned long long>(s.spikes), s.mean_rate_hz);
  return 0;
}
