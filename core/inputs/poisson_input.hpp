#pragma once
// Poisson events at `rate` (Hz, per target neuron; may differ per neuron), each adding `weight` to the
// target's port for `synapse` in the step it falls in (fixed point, like recurrent input).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/foundation/fixed_point.hpp"
#include "core/foundation/host_device.hpp"
#include "core/foundation/random_stream.hpp"
#include "core/inputs/input_kind_model.hpp"
#include "core/synapse_spec.hpp"
#include "core/value_distribution.hpp"
#include "core/weight_checks.hpp"

namespace snn {

struct PoissonInput {
  static constexpr const char* kName = "poisson";
  static constexpr const char* kSummary = "Poisson events at `rate` (Hz) per neuron, each adding `weight` through `synapse`";
  static constexpr bool kEvents = true;
  static constexpr std::array<const char*, 3> kKeys{"rate", "weight", "synapse"};

  ValueDistribution rate_hz;
  ValueDistribution weight;  // mV (delta), pA (current), nS (conductance)
  SynapseSpec synapse_spec;

  template <typename Reader>
  void read(Reader& r) {
    rate_hz = r.distribution("rate");
    if (rate_hz.is_constant() && rate_hz.value < 0) r.fail("rate", ".rate: must be >= 0 Hz");
    weight = r.distribution("weight");
    synapse_spec = r.synapse("synapse");
    if (!problem().empty()) r.fail("weight", problem());
  }
  // What is wrong with the settings ("" when nothing): a negative conductance.
  std::string problem() const { return conductance_weight_problem(weight, synapse_spec); }

  // Expected events a step and exp(-that) for the inversion, and the weights, per neuron.
  template <typename Builder>
  void build(Builder& b) const {
    b.input().target_port = b.port_for(synapse_spec);
    set_rates(b.input(), b.sample(rate_hz, "rate"), b.dt_ms());
    b.input().weight = b.sample(weight, "weight");
  }

  // Rates (Hz, one per target neuron) as the step reads them; also a change between runs.
  template <typename InputArrays>
  static void set_rates(InputArrays& in, const std::vector<float>& rates, double dt_ms) {
    in.mean_events.resize(rates.size());
    in.exp_minus_mean.resize(rates.size());
    for (size_t i = 0; i < rates.size(); ++i) {
      in.mean_events[i] = static_cast<float>(rates[i] * dt_ms * 1e-3);
      in.exp_minus_mean[i] = det_exp(-in.mean_events[i]);
    }
  }

  const SynapseSpec* synapse() const { return &synapse_spec; }
  double host_bytes(uint32_t neurons) const { return 12.0 * neurons; }

  template <typename View>
  SNN_HD static float current(const View&, uint32_t, uint64_t) {
    return 0.0f;
  }
  // The fixed-point input to add to neuron i's ring cell for this step.
  template <typename View>
  SNN_HD static int64_t events(const View& in, uint32_t i, uint64_t step) {
    const uint32_t count = poisson_count(in.stream, i, step, in.mean_events[i], in.exp_minus_mean[i]);
    return static_cast<int64_t>(count) * to_fixed_point(in.weight[i]);
  }
};

}  // namespace snn
