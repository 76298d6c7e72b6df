#pragma once
// The network in device memory, as every step scheme reads it: the populations with their inputs, the
// projections with their synapse tables, each population's outgoing projections, and the learning
// state (modulators, readout errors, plastic projections). Built once from the host's network (the
// synapses of deferred projections built on the device), before a step scheme is chosen; a scheme
// adds only its own tables and queues (step_runner.cuh).
#include <thrust/device_vector.h>

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "core/cuda/device_arrays.cuh"
#include "core/cuda/device_incoming_synapses.cuh"
#include "core/cuda/device_synapse_builder.cuh"
#include "core/cuda/step_kernels.cuh"
#include "core/network.hpp"

namespace snn::cuda {

constexpr uint32_t kNeuronBlock = 256;  // neurons a block of every scheme's neuron update
constexpr uint32_t kMaxProjections = 11999;

class DeviceNetwork {
 public:
  // Uploads `net` (whose host copies of static synapses are released), refusing with
  // check_gpu_memory's message a network that cannot fit; `record_spikes` per population.
  DeviceNetwork(Network& net, const std::vector<bool>& record_spikes);
  DeviceNetwork(const DeviceNetwork&) = delete;
  DeviceNetwork& operator=(const DeviceNetwork&) = delete;

  // Plasticity, modulators or readout errors: state that a step changes beyond the neurons.
  bool learns() const { return !plasticity.empty() || !modulators.empty() || !readout_errors.empty(); }
  // Whether learning needs a third factor (a modulated rule, a modulator or a readout error).
  bool modulated() const { return has_modulated_rule || !modulators.empty() || !readout_errors.empty(); }
  double mean_row_length() const;
  uint32_t population_count() const { return static_cast<uint32_t>(population_entries.size()); }
  // A spike-source array's changed schedule into the device's copy (grown as needed) and its entry.
  void upload_schedule(uint32_t population, const Population& pop);
  uint32_t recorded_neurons() const;
  // Device memory of the network's arrays and tables.
  uint64_t bytes() const { return arrays.bytes() + table_bytes_; }

  DeviceArrays arrays;
  // The tables as the kernels read them, and the host's copies of their entries.
  std::vector<DevicePopulation> population_entries;
  std::vector<DeviceProjection> projection_entries;
  thrust::device_vector<DevicePopulation> populations;
  thrust::device_vector<InputView> inputs;
  thrust::device_vector<DeviceProjection> projections;
  thrust::device_vector<uint32_t> outgoing;  // projection indices grouped by source population
  uint32_t neuron_blocks = 0;
  std::vector<uint32_t> first_blocks, population_offsets;  // per population
  uint64_t synapse_count = 0;
  std::vector<uint64_t> projection_synapses;
  thrust::device_vector<unsigned long long> projection_events;  // per projection (at least one entry)

  thrust::device_vector<ModulatorView> modulators;
  thrust::device_vector<ReadoutErrorView> readout_errors;
  thrust::device_vector<DevicePlasticity> plasticity;
  uint32_t plasticity_warps = 0;  // warps of the plasticity kernel
  bool has_modulated_rule = false;
  // The most chunks the two-kernel step can queue in a step: every neuron fires, each of its rows in
  // whole chunks.
  double two_kernel_chunks = 1;

 private:
  struct Schedule {
    thrust::device_vector<uint64_t> steps;
    thrust::device_vector<uint32_t> neurons;
  };
  std::map<uint32_t, Schedule> schedules_;  // spike-source arrays whose schedule changed, by population

  void build_deferred_synapses(Network& net);
  void upload_populations(Network& net, const std::vector<bool>& record_spikes);
  void upload_projections(Network& net);
  void upload_learning(Network& net);
  void list_outgoing(const Network& net);

  std::vector<DeviceSynapseTable> device_tables_;  // per projection; empty for host-built ones
  std::deque<DeviceIncomingSynapses> incoming_;    // plastic projections' synapses by target
  uint64_t table_bytes_ = 0;  // synapse tables built on the device, and learning tables
};

}  // namespace snn::cuda
