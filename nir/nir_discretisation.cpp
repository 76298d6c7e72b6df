#include "nir/nir_discretisation.hpp"

#include <cmath>

namespace snn {

NirDiscretisation parse_nir_discretisation(const std::string& name) {
  if (name == "exact") return NirDiscretisation::kExact;
  if (name == "snntorch") return NirDiscretisation::kSnnTorch;
  throw std::invalid_argument("unknown NIR discretisation '" + name + "'; known: exact, snntorch");
}

std::string nir_discretisation_name(NirDiscretisation scheme) {
  return scheme == NirDiscretisation::kExact ? "exact" : "snntorch";
}

namespace {

// snnTorch's import checks r against tau_mem / dt with numpy's allclose and then takes the gain as
// one; so does this scheme, so that its thresholds are the same float.
bool close_to_one(float gain) { return std::fabs(gain - 1.0f) <= 1e-8f + 1e-5f; }

// One neuron's coefficients; `k` its index in the op's arrays.
void exact_step(const NirOp& op, size_t k, double dt, NeuronSteps& s) {
  const auto at = [&](const char* key) { return static_cast<double>(op.arrays.at(key)[k]); };
  const double r = at("r");
  if (op.kind == NirOpKind::kIF || op.kind == NirOpKind::kIntegrator) {
    s.decay[k] = 1.0f;
    s.input_gain[k] = static_cast<float>(r);
    return;
  }
  const double v_leak = at("v_leak");
  if (!s.has_current) {
    const double tau = at("tau"), decay = std::exp(-dt / tau), gain = -std::expm1(-dt / tau);
    s.decay[k] = static_cast<float>(decay);
    s.input_gain[k] = static_cast<float>(r * gain);
    s.leak[k] = static_cast<float>(v_leak * gain);
    return;
  }
  const double tau_syn = at("tau_syn"), tau_mem = at("tau_mem"), w_in = at("w_in");
  const double syn = std::exp(-dt / tau_syn), mem = std::exp(-dt / tau_mem);
  // The voltage's response at the step's end to the current present at its start: tau_syn (syn -
  // mem) / (tau_syn - tau_mem), whose limit for equal time constants is (dt / tau) exp(-dt / tau).
  const double coupling = std::fabs(tau_syn - tau_mem) <= 1e-9 * tau_mem ? (dt / tau_mem) * mem
                                                                          : tau_syn * (syn - mem) / (tau_syn - tau_mem);
  s.decay[k] = static_cast<float>(mem);
  s.input_gain[k] = static_cast<float>(r * w_in * (-std::expm1(-dt / tau_mem) - coupling));
  s.current_gain[k] = static_cast<float>(r * coupling);
  s.leak[k] = static_cast<float>(v_leak * -std::expm1(-dt / tau_mem));
  s.syn_decay[k] = static_cast<float>(syn);
  s.syn_gain[k] = static_cast<float>(w_in * -std::expm1(-dt / tau_syn));
}

void snntorch_step(const NirOp& op, size_t k, double dt, NeuronSteps& s) {
  const auto at = [&](const char* key) { return op.arrays.at(key)[k]; };
  const float step = static_cast<float>(dt), r = at("r");
  if (op.kind == NirOpKind::kIF || op.kind == NirOpKind::kIntegrator) {
    s.decay[k] = 1.0f;
    s.input_gain[k] = r;
    return;
  }
  const float v_leak = at("v_leak");
  float unit;  // volts per unit of the kept state
  if (!s.has_current) {
    const float tau = at("tau"), fraction = step / tau;
    unit = r * step / tau;
    s.decay[k] = 1.0f - fraction;
    s.input_gain[k] = 1.0f;
    s.leak[k] = static_cast<float>(static_cast<double>(v_leak) / r);
  } else {
    const float syn_fraction = step / at("tau_syn"), mem_fraction = step / at("tau_mem");
    const float syn_unit = at("w_in") * syn_fraction, mem_gain = r * step / at("tau_mem");
    unit = close_to_one(mem_gain) ? syn_unit : syn_unit * mem_gain;
    s.decay[k] = 1.0f - mem_fraction;
    s.current_gain[k] = 1.0f;
    s.leak[k] = static_cast<float>(static_cast<double>(mem_fraction) * v_leak / unit);
    s.syn_decay[k] = 1.0f - syn_fraction;
    s.syn_gain[k] = 1.0f;
  }
  if (!(unit != 0.0f) || !std::isfinite(unit))
    throw NirError("node '" + op.path + "' (" + op.type + "): its input gain is " + std::to_string(unit) +
                   ", which the snntorch discretisation cannot divide by (use --discretisation exact)");
  s.volts_per_unit[k] = unit;
  if (s.spikes) {
    s.threshold[k] = s.threshold[k] / unit;
    s.reset[k] = s.reset[k] / unit;
  }
}

}  // namespace

NeuronSteps neuron_steps(const NirOp& op, double dt, NirDiscretisation scheme) {
  const size_t n = static_cast<size_t>(op.output_size());
  NeuronSteps s;
  s.has_current = op.kind == NirOpKind::kCubaLIF || op.kind == NirOpKind::kCubaLI;
  s.spikes = op.kind == NirOpKind::kIF || op.kind == NirOpKind::kLIF || op.kind == NirOpKind::kCubaLIF;
  s.voltage_sees_new_current = scheme == NirDiscretisation::kSnnTorch;
  for (auto* array : {&s.decay, &s.input_gain, &s.current_gain, &s.leak, &s.syn_decay, &s.syn_gain})
    array->assign(n, 0.0f);
  s.volts_per_unit.assign(n, 1.0f);
  if (s.spikes) {
    s.threshold = op.arrays.at("v_threshold");
    s.reset = op.arrays.at("v_reset");
  }
  for (size_t k = 0; k < n; ++k) {
    if (scheme == NirDiscretisation::kExact) exact_step(op, k, dt, s);
    else snntorch_step(op, k, dt, s);
  }
  return s;
}

}  // namespace snn
