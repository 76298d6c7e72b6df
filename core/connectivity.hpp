#pragma once
// Connectivity rules: which (source, target) pairs a projection connects. Every choice is a
// function of (seed, projection, row, draw number) through Philox, so the same experiment builds the
// same synapses on any thread count, and the GPU builder can draw the very same numbers.
#include <cstdint>

#include "core/distance_connectivity.hpp"
#include "core/experiment_spec.hpp"
#include "core/neuron_positions.hpp"
#include "core/foundation/synapse_table.hpp"

namespace snn {

// Fills `row_offsets` and `targets` of a new table. `same_population` tells whether source and target
// are one population (autapses are then i -> i). Throws std::invalid_argument for impossible
// requests (an in-degree above the number of distinct candidates without multapses, say).
// How many synapses a rule makes: exact for every rule but fixed_probability (its mean) and
// distance_gaussian (the mean on an unbounded sheet of the target's density: `target_area` is the
// target sheet's area; an upper estimate near a bounded sheet's edges).
double expected_synapse_count(const ConnectorSpec& connector, uint32_t source_count, uint32_t target_count,
                              double target_area = 0.0);

// The profile of a distance_gaussian connector onto a target sheet of the given extent.
GaussianProfile gaussian_profile(const ConnectorSpec& connector, const NeuronPositions& target);

// 1 / log(1 - p) for ProbabilityRow, computed in double on the host for both builders.
float probability_row_constant(double p);

// `source_positions` and `target_positions`: the populations' sheets, for distance-dependent rules.
SynapseTable connect(const ConnectorSpec& connector, uint32_t source_count, uint32_t target_count,
                     bool same_population, uint64_t seed, uint32_t projection_id,
                     const NeuronPositions* source_positions = nullptr, const NeuronPositions* target_positions = nullptr);

}  // namespace snn
