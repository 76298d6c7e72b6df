#include "core/cuda/overlapped_plan.cuh"

#include <algorithm>
#include <string>

#include "core/engine.hpp"

namespace snn::cuda {

void plan_overlapped_step(const Network& net, const DeviceNetwork& network, OverlappedPlan& plan, StepShape& s) {
  const std::vector<DeviceProjection>& projections = network.projection_entries;
  std::vector<uint32_t> outgoing_count(net.populations.size(), 0);
  plan.slots.assign(projections.size(), 0);
  plan.one_step.assign(net.populations.size(), {});
  // Each population's outgoing projections in the kernel's order (ascending), those with one-step
  // synapses listed for its merged rows.
  for (size_t j = 0; j < projections.size(); ++j) {
    const Projection& proj = net.projections[j];
    const DeviceProjection& d = projections[j];
    const uint32_t sources = net.populations[proj.source].size;
    if (outgoing_count[proj.source] == kOneStepOutgoing) {
      s.overlapped_limit = "takes at most " + std::to_string(kOneStepOutgoing) + " outgoing projections a population";
      return;
    }
    if (net.populations[proj.target].size >= (1u << kOneStepTargetBits)) {
      s.overlapped_limit = "takes target populations of fewer than 2^" + std::to_string(kOneStepTargetBits) + " neurons";
      return;
    }
    const uint64_t longest = longest_row(d.row_offsets, sources);
    if (longest >= (uint64_t(1) << 32)) {
      s.overlapped_limit = "takes rows of fewer than 2^32 synapses";
      return;
    }
    plan.slots[j] = static_cast<uint32_t>((longest + kChunkSynapses - 1) / kChunkSynapses);
    plan.chunks += static_cast<double>(sources) * plan.slots[j];
    const uint32_t place = outgoing_count[proj.source]++;
    const uint64_t synapses = network.projection_synapses[j];
    if (count_one_step_synapses(d.delay_steps, d.narrow_delay_steps, synapses) == 0) continue;
    // A one-step synapse is added by the warp that takes the spike, in the spike's own step: for a
    // plastic one that is before the step before has finished learning.
    if (proj.plasticity) {
      s.overlapped_limit = "learns only where delays are two steps or longer (projection '" + proj.name + "')";
      return;
    }
    plan.one_step[proj.source].push_back(
        OutgoingTable{place, d.row_offsets, d.targets, d.weights, d.delay_steps, d.narrow_delay_steps, synapses});
  }
  plan.widths.assign(net.populations.size(), 0);
  double entries = 0;
  for (size_t p = 0; p < net.populations.size(); ++p) {
    plan.widths[p] = one_step_width(net.populations[p].size, plan.one_step[p]);
    entries += static_cast<double>(net.populations[p].size) * plan.widths[p];
  }
  s.plain_chunks = network.two_kernel_chunks;
  s.overlapped_chunks = plan.chunks;
  s.overlapped_table_bytes =
      sizeof(DeliveryChunk) * std::max(0.0, 2 * plan.chunks - s.plain_chunks) + sizeof(OneStepEntry) * entries;
  s.free_bytes = static_cast<double>(gpu_free_bytes());
  s.widest_one_step_row = *std::max_element(plan.widths.begin(), plan.widths.end());
}

}  // namespace snn::cuda
