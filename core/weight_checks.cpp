#include "core/weight_checks.hpp"

#include "core/foundation/number_text.hpp"

namespace snn {

std::string conductance_weight_problem(const ValueDistribution& weight, const SynapseSpec& synapse) {
  if (synapse.kind != SynapseKind::kExponentialConductance) return "";
  const std::optional<DrawnRange> range = drawn_range(weight);
  if (!range || range->low >= 0) return "";
  return ".weight: a conductance cannot be negative (this one draws down to " + number_text(range->low) +
         " nS); inhibition comes from the synapse's reversal potential E_rev" +
         (weight.kind == ValueDistribution::Kind::kNormal ? ": bound the normal with low: 0" : "");
}

std::string plastic_weight_problem(const ValueDistribution& weight, double w_min, double w_max) {
  const std::optional<DrawnRange> range = drawn_range(weight);
  if (!range || (range->low >= w_min && range->high <= w_max)) return "";
  return ".weight: draws in [" + number_text(range->low) + ", " + number_text(range->high) + "], outside the plasticity's bounds [" +
         number_text(w_min) + ", " + number_text(w_max) + "]" +
         (weight.kind == ValueDistribution::Kind::kNormal ? " (bound the normal with low and high)" : "");
}

}  // namespace snn
