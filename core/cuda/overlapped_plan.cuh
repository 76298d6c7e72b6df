#pragma once
// What the overlapped step's tables (overlapped_tables.cuh) would be for a network, measured before
// the step scheme is chosen and built only after: each projection's chunk slots a spike, and each
// population's outgoing projections that have one-step synapses, with the width of its merged rows.
#include <cstdint>
#include <vector>

#include "core/cuda/device_network.cuh"
#include "core/cuda/overlapped_tables.cuh"
#include "core/cuda/step_scheme.hpp"

namespace snn::cuda {

struct OverlappedPlan {
  std::vector<uint32_t> slots;                       // per projection
  std::vector<std::vector<OutgoingTable>> one_step;  // per population
  std::vector<uint32_t> widths;                      // per population
  double chunks = 1;                                 // chunks a step may queue at most
};

// Measures `plan` and fills the overlapped step's part of `shape` (its limit, tables and their bytes
// against the free memory); stops at the first limit of the step the network exceeds.
void plan_overlapped_step(const Network& net, const DeviceNetwork& network, OverlappedPlan& plan, StepShape& shape);

}  // namespace snn::cuda
