#pragma once
// How input arriving at a target population acts on it: its kind, time constant, reversal potential
// and compartment. Projections and Poisson inputs name one; equal specs share a port of the target.
#include <cstdint>

namespace snn {

enum class SynapseKind { kDelta, kExponentialCurrent, kExponentialConductance };

const char* synapse_kind_name(SynapseKind kind);

struct SynapseSpec {
  SynapseKind kind = SynapseKind::kDelta;
  double tau_ms = 0.0;       // decay time constant (exponential kinds)
  double reversal_mV = 0.0;  // reversal potential (conductance kind)
  uint8_t compartment = 0;   // which of the target model's compartments it reaches (0: the soma)
  bool operator<(const SynapseSpec& o) const {
    if (compartment != o.compartment) return compartment < o.compartment;
    if (kind != o.kind) return kind < o.kind;
    if (tau_ms != o.tau_ms) return tau_ms < o.tau_ms;
    return reversal_mV < o.reversal_mV;
  }
};

}  // namespace snn
