#pragma once
// A network experiment as a NIR graph (`snn export EXP.yaml -o model.nir`), for the parts NIR can
// express; anything else is refused with what it is and why (docs/nir.md, "Export"):
//   - LIF populations become LIF nodes (delta synapses) or CubaLIF nodes (exponential current
//     synapses of one time constant), voltages relative to E_L (v_leak 0, so that snnTorch imports
//     them), r = tau_m / dt;
//   - each projection becomes, per distinct delay, Delay -> Linear (the summed weights, dense), the
//     weights converted so that one spike moves V (delta) or I (exponential) as it does here;
//   - spike sources (Poisson, arrays, encoded) and Poisson inputs become Input nodes (their spikes are
//     data: NIR has no random sources), a Poisson input through a Scale of its weights;
//   - every LIF population gets an Output node "output.<population>".
#include <string>
#include <vector>

#include "core/experiment_spec.hpp"
#include "nir/nir_graph.hpp"

namespace snn {

struct NirExportOptions {
  // Write what NIR cannot hold as near as it can: refractory periods dropped, plastic weights frozen
  // as they start, initial potentials left at rest. Each approximation is listed in `notes`.
  bool approximate = false;
  // Edges of one step's delay (the engine's shortest) written without a Delay node, for frameworks
  // that import no Delay (snnTorch, Norse): a NIR edge carries no delay, so such a feed-forward edge
  // arrives one step earlier than here, while an edge closing a cycle keeps its step (a cycle's
  // edge carries the previous step's value). Listed in `notes`.
  bool drop_one_step_delays = false;
  // The largest dense weight matrix written (values), against networks too large for NIR's dense nodes.
  uint64_t most_weights = uint64_t(1) << 26;
};

struct NirExport {
  NirFile file;
  std::vector<std::string> notes;  // the approximations made
};

// Throws NirError naming the population, projection or input that NIR cannot express, and why.
NirExport export_network(const ExperimentSpec& spec, const NirExportOptions& options = {});

}  // namespace snn
