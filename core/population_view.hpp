#pragma once
// Plain-pointer views of a population, passed by value to the per-neuron update functions. The CPU
// engine points them into host vectors, the CUDA engine into device buffers; the functions that
// read them are the same.
#include <cstdint>

#include "core/experiment_spec.hpp"
#include "core/foundation/random_stream.hpp"
#include "encoders/encoded_source.hpp"
#include "neurons/neuron_model.hpp"

namespace snn {

constexpr int kMaxPortsPerPopulation = 8;

struct PortView {
  SynapseKind kind;
  uint8_t compartment;          // of the target model
  float decay;
  float reversal;
  float* value;                 // I or g per neuron (exponential kinds)
  const float* lif_propagator;  // LIF current ports
  int64_t* ring;                // ring_slots x size
};

struct PopulationView {
  PopulationKind kind;
  NeuronModelId neuron_model;  // kNeurons; kNoNeuronModel for sources
  uint32_t size;
  uint32_t ring_slots;
  int32_t substeps;
  bool conductance_based;
  bool forward_euler;  // the population's `integrator: forward_euler`
  int32_t port_count;
  PortView ports[kMaxPortsPerPopulation];
  NeuronArrays neuron;            // kNeurons: the model's values by slot
  const float* fire_probability;  // Poisson sources
  EncodedSourceView encoding;     // encoded sources
  RandomStream source_stream;     // Poisson sources' per-step draws
};

}  // namespace snn
