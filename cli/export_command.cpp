// `snn export EXP.yaml -o model.nir`: a network experiment as a NIR graph (nir/network_export.hpp).
#include <cstdio>

#include "cli/commands.hpp"
#include "io/experiment_error.hpp"
#include "io/experiment_loader.hpp"
#include "io/layer_model_spec.hpp"
#include "nir/network_export.hpp"
#include "nir/nir_writer.hpp"

namespace snn {

int export_command(const std::string& experiment, const std::vector<std::string>& overrides, const std::string& output, bool approximate,
                   bool drop_one_step_delays) {
  try {
    if (is_layer_model_file(experiment)) {
      std::fprintf(stderr,
                   "error: cannot export %s to NIR: its layer model multiplies spikes by spikes (Spikformer's spiking "
                   "self-attention, SpikeGPT's time mixing), which NIR's nodes cannot express\n",
                   experiment.c_str());
      return 1;
    }
    const ExperimentSpec spec = load_experiment_file(experiment, overrides);
    NirExportOptions options;
    options.approximate = approximate;
    options.drop_one_step_delays = drop_one_step_delays;
    const NirExport exported = export_network(spec, options);
    for (const std::string& note : exported.notes) std::printf("approximated: %s\n", note.c_str());
    write_nir_file(output, exported.file);
    size_t inputs = 0;
    for (const NirNode& node : exported.file.graph.nodes) inputs += node.type == "Input";
    std::printf("wrote %s: %zu nodes (%zu inputs), %zu edges, NIR %s\n", output.c_str(), exported.file.graph.nodes.size(), inputs,
                exported.file.graph.edges.size(), kNirWriterVersion);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn
