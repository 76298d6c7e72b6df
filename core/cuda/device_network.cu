#include "core/cuda/device_network.cuh"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/cuda/cuda_check.hpp"
#include "core/device_synapses.hpp"
#include "core/engine.hpp"
#include "core/connectivity.hpp"
#include "core/view_builder.hpp"

namespace snn::cuda {
namespace {

// The most chunks the two-kernel step can queue in a step (step_kernels.cuh): every neuron fires,
// each of its rows in whole chunks.
double two_kernel_queue_chunks(const Network& net, double synapses) {
  double chunks = 1 + std::ceil(synapses / kChunkSynapses);
  for (const Projection& proj : net.projections) chunks += net.populations[proj.source].size;
  return chunks;
}

// Refuses, before anything is built, a network whose state, deferred synapses (8 bytes each for
// target and weight, one or two for the delay, learning state where plastic), delivery queue,
// recording and the builder's working space do not fit in the GPU's free memory.
void check_network_fits(const Network& net, uint64_t recorded_neurons) {
  double deferred_bytes = 0, deferred = 0;
  uint64_t working = 0;
  for (const Projection& proj : net.projections)
    if (proj.deferred) {
      const DeferredSynapses& d = *proj.deferred;
      const double count = expected_synapse_count(d.connector, d.source_count, d.target_count, d.target_area());
      const double longest_ms = d.delay_ms.kind == SimpleDistribution::kConstant ? d.delay_ms.value : d.delay_ms.high;
      deferred += count;
      deferred_bytes += count * (gpu_synapse_bytes(longest_ms, d.dt_ms) +
                                 (proj.plasticity ? gpu_learning_bytes_per_synapse(plasticity_rule_info(proj.plasticity->id).modulated) : 0.0));
      working = std::max<uint64_t>(working, kBuildWorkingBytes + 4 * uint64_t(d.source_count));
    }
  const double queue = two_kernel_queue_chunks(net, static_cast<double>(net.synapse_count()) + deferred);
  check_gpu_memory(net.state_bytes() + static_cast<uint64_t>(deferred_bytes + sizeof(DeliveryChunk) * queue) + working +
                       static_cast<uint64_t>(gpu_recording_bytes(recorded_neurons)),
                   net.synapse_count() + static_cast<uint64_t>(deferred));
}

}  // namespace

DeviceNetwork::DeviceNetwork(Network& net, const std::vector<bool>& record_spikes) {
  uint64_t recorded = 0;
  for (size_t p = 0; p < net.populations.size(); ++p)
    if (record_spikes[p]) recorded += net.populations[p].size;
  check_network_fits(net, recorded);
  build_deferred_synapses(net);
  upload_populations(net, record_spikes);
  upload_projections(net);
  upload_learning(net);
  list_outgoing(net);
  two_kernel_chunks = two_kernel_queue_chunks(net, static_cast<double>(synapse_count));
  SNN_CUDA_CHECK(cudaDeviceSynchronize());
}

double DeviceNetwork::mean_row_length() const {
  uint64_t neurons = 0;
  for (const DevicePopulation& p : population_entries) neurons += p.view.size;
  return static_cast<double>(synapse_count) / std::max<uint64_t>(1, neurons);
}

uint32_t DeviceNetwork::recorded_neurons() const {
  uint32_t neurons = 0;
  for (const DevicePopulation& p : population_entries)
    if (p.record) neurons += p.view.size;
  return neurons;
}

// Builds the deferred projections' synapses in device memory, then sizes each target population's
// delay rings for the longest delay drawn there.
void DeviceNetwork::build_deferred_synapses(Network& net) {
  device_tables_.resize(net.projections.size());
  projection_synapses.assign(net.projections.size(), 0);
  projection_events.assign(std::max<size_t>(1, net.projections.size()), 0);
  for (size_t j = 0; j < net.projections.size(); ++j) {
    const Projection& proj = net.projections[j];
    if (!proj.deferred) continue;
    device_tables_[j] = build_device_synapses(*proj.deferred);
    const DeviceSynapseTable& t = device_tables_[j];
    synapse_count += t.size();
    projection_synapses[j] = t.size();
    table_bytes_ += t.row_offsets.size() * 8 + t.size() * (4 + 4) + t.delay_steps.size() * 2 + t.narrow_delay_steps.size();
    Population& target = net.populations[proj.target];
    target.ring_slots = std::max(target.ring_slots, t.longest_delay + 1);
  }
  for (Population& pop : net.populations)
    for (SynapticPort& port : pop.ports) port.ring.assign(static_cast<size_t>(pop.ring_slots) * pop.size, 0);
}

void DeviceNetwork::upload_populations(Network& net, const std::vector<bool>& record_spikes) {
  std::vector<InputView> input_views;
  uint32_t blocks = 0, global_offset = 0;
  for (uint32_t p = 0; p < net.populations.size(); ++p) {
    Population& pop = net.populations[p];
    if (pop.ports.size() > kMaxPortsPerPopulation)
      throw std::invalid_argument("population '" + pop.name + "' has more synapse kinds than the CUDA engine supports");
    DevicePopulation d{};
    d.view = make_population_view(pop, net.seed, p, arrays);
    d.first_block = blocks;
    d.input_begin = static_cast<uint32_t>(input_views.size());
    for (Input& in : net.inputs)
      if (in.target == p) input_views.push_back(make_input_view(in, pop.size, net.seed, arrays));
    d.input_count = static_cast<uint32_t>(input_views.size()) - d.input_begin;
    d.global_offset = global_offset;
    d.record = record_spikes[p];
    if (!pop.last_spike_step.empty()) {
      d.spike_steps = arrays(pop.last_spike_step);
      d.previous_spike_steps = arrays(pop.last_spike_step);
    }
    if (pop.kind == PopulationKind::kSpikeSourceArray) {
      d.scheduled_steps = pop.scheduled_steps.empty() ? nullptr : arrays(pop.scheduled_steps);
      d.scheduled_neurons = pop.scheduled_neurons.empty() ? nullptr : arrays(pop.scheduled_neurons);
      d.scheduled_count = static_cast<uint32_t>(pop.scheduled_steps.size());
    }
    population_entries.push_back(d);
    first_blocks.push_back(blocks);
    population_offsets.push_back(global_offset);
    blocks += pop.kind == PopulationKind::kSpikeSourceArray ? 1 : (pop.size + kNeuronBlock - 1) / kNeuronBlock;
    global_offset += pop.size;
  }
  neuron_blocks = blocks;
  inputs = thrust::device_vector<InputView>(input_views.begin(), input_views.end());
}

void DeviceNetwork::upload_projections(Network& net) {
  if (net.projections.size() > kMaxProjections)
    throw std::invalid_argument("the CUDA engine supports up to " + std::to_string(kMaxProjections) +
                                " projections, this network has " + std::to_string(net.projections.size()));
  for (size_t j = 0; j < net.projections.size(); ++j) {
    Projection& proj = net.projections[j];
    const PopulationView& target = population_entries[proj.target].view;
    DeviceProjection d{nullptr, nullptr, nullptr, nullptr, nullptr, target.ports[proj.target_port].ring, target.ring_slots, target.size};
    if (proj.deferred) {
      DeviceSynapseTable& t = device_tables_[j];
      d.row_offsets = raw(t.row_offsets);
      d.targets = raw(t.targets);
      d.weights = raw(t.weights);
      d.delay_steps = t.delay_steps.empty() ? nullptr : raw(t.delay_steps);
      d.narrow_delay_steps = t.narrow_delay_steps.empty() ? nullptr : raw(t.narrow_delay_steps);
      projection_entries.push_back(d);
      continue;
    }
    SynapseTable& t = proj.synapses;
    synapse_count += t.size();
    projection_synapses[j] = t.size();
    d.row_offsets = arrays(t.row_offsets);
    d.targets = t.targets.empty() ? nullptr : arrays(t.targets);
    d.weights = t.weights.empty() ? nullptr : arrays(t.weights);
    d.delay_steps = t.delay_steps.empty() ? nullptr : arrays(t.delay_steps);
    projection_entries.push_back(d);
    // The host keeps no copy of what now lives on the device.
    std::vector<uint32_t>().swap(t.targets);
    std::vector<float>().swap(t.weights);
    std::vector<uint16_t>().swap(t.delay_steps);
  }
}

// The modulators, and the state of every plastic projection (its table already on the device), whose
// projection entries are pointed to it.
void DeviceNetwork::upload_learning(Network& net) {
  std::vector<uint64_t*> spike_steps;  // per population, as the modulators' and readouts' views take them
  for (const DevicePopulation& p : population_entries) spike_steps.push_back(p.spike_steps);
  std::vector<ModulatorView> modulator_views;
  for (Modulator& m : net.modulators) modulator_views.push_back(make_modulator_view(m, spike_steps, net.seed, arrays));
  modulators = thrust::device_vector<ModulatorView>(modulator_views.begin(), modulator_views.end());
  std::vector<ReadoutErrorView> errors;
  for (ReadoutError& r : net.readout_errors) errors.push_back(make_readout_error_view(r, spike_steps, raw(modulators), arrays));
  readout_errors = thrust::device_vector<ReadoutErrorView>(errors.begin(), errors.end());
  std::vector<DevicePlasticity> plastic;
  uint32_t warps = 0;
  for (size_t j = 0; j < net.projections.size(); ++j) {
    Projection& proj = net.projections[j];
    if (!proj.plasticity) continue;
    const uint32_t sources = net.populations[proj.source].size, targets = net.populations[proj.target].size;
    const PlasticityRuleInfo& rule = plasticity_rule_info(proj.plasticity->id);
    has_modulated_rule = has_modulated_rule || rule.modulated;
    DevicePlasticity d{};
    d.rule = *proj.plasticity;
    d.weights = const_cast<float*>(projection_entries[j].weights);
    const uint64_t synapses = projection_synapses[j];
    size_plastic_state(proj, sources, targets, synapses);
    if (rule.modulated) d.eligibility = arrays(proj.learning.eligibility);
    d.row_offsets = projection_entries[j].row_offsets;
    d.targets = projection_entries[j].targets;
    d.source_count = sources;
    d.target_count = targets;
    const DevicePopulation &source = population_entries[proj.source], &target = population_entries[proj.target];
    d.source_spikes = SpikeSteps{source.spike_steps, source.previous_spike_steps};
    d.target_spikes = SpikeSteps{target.spike_steps, target.previous_spike_steps};
    for (int parity = 0; parity < 2; ++parity) {
      d.pre_trace[parity] = arrays(proj.learning.pre_trace[parity]);
      d.post_trace[parity] = arrays(proj.learning.post_trace[parity]);
    }
    if (!rule.modulated) {
      DeviceIncomingSynapses& in =
          incoming_.emplace_back(index_incoming_on_device(d.row_offsets, d.targets, synapses, sources, targets));
      d.incoming_offsets = raw(in.offsets);
      d.incoming_synapses = raw(in.synapses);
      d.incoming_sources = raw(in.sources);
      table_bytes_ += (in.offsets.size() + in.synapses.size()) * 8 + in.sources.size() * 4;
    } else if (proj.plasticity->third_factor.per_target) {
      d.target_modulator = errors[proj.plasticity->third_factor.index].value;
    } else {
      d.modulator = raw(modulators) + proj.plasticity->third_factor.index;
    }
    d.first_trace_warp = warps;
    d.trace_warps = (std::max(sources, targets) + kWarp - 1) / kWarp;
    warps += d.trace_warps;
    d.first_row_warp = warps;
    d.row_warps = rule.modulated ? sources : 0;
    warps += d.row_warps;
    plastic.push_back(d);
  }
  plasticity_warps = warps;
  plasticity = thrust::device_vector<DevicePlasticity>(plastic.begin(), plastic.end());
  for (size_t j = 0, q = 0; j < net.projections.size(); ++j)
    if (net.projections[j].plasticity) projection_entries[j].plasticity = raw(plasticity) + q++;
  projections = thrust::device_vector<DeviceProjection>(projection_entries.begin(), projection_entries.end());
}

void DeviceNetwork::upload_schedule(uint32_t population, const Population& pop) {
  Schedule& copy = schedules_[population];
  copy.steps.assign(pop.scheduled_steps.begin(), pop.scheduled_steps.end());
  copy.neurons.assign(pop.scheduled_neurons.begin(), pop.scheduled_neurons.end());
  DevicePopulation& entry = population_entries.at(population);
  entry.scheduled_count = static_cast<uint32_t>(pop.scheduled_steps.size());
  entry.scheduled_steps = entry.scheduled_count ? raw(copy.steps) : nullptr;
  entry.scheduled_neurons = entry.scheduled_count ? raw(copy.neurons) : nullptr;
  populations[population] = entry;
}

// Each population's outgoing projections, the first ones inline in its entry.
void DeviceNetwork::list_outgoing(const Network& net) {
  std::vector<uint32_t> list;
  for (uint32_t p = 0; p < population_entries.size(); ++p) {
    DevicePopulation& pop = population_entries[p];
    pop.outgoing_begin = static_cast<uint32_t>(list.size());
    for (uint32_t j = 0; j < net.projections.size(); ++j)
      if (net.projections[j].source == p) list.push_back(j);
    pop.outgoing_count = static_cast<uint32_t>(list.size()) - pop.outgoing_begin;
    for (uint32_t o = 0; o < pop.outgoing_count && o < kOutgoingInline; ++o) {
      const uint32_t j = list[pop.outgoing_begin + o];
      pop.outgoing[o] = OutgoingRows{projection_entries[j].row_offsets, j, 0};
    }
  }
  outgoing = thrust::device_vector<uint32_t>(list.begin(), list.end());
  populations = thrust::device_vector<DevicePopulation>(population_entries.begin(), population_entries.end());
}

}  // namespace snn::cuda
