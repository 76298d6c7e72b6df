#include "core/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/foundation/declared_values.hpp"
#include "core/foundation/nearest_name.hpp"
#include "core/memory_estimate.hpp"
#include "core/network_changes.hpp"
#include "core/spec_validation.hpp"

namespace snn {

EngineOptions recording_plan(const ExperimentSpec& spec, const Network& network) {
  EngineOptions plan;
  plan.threads = spec.threads;
  plan.record_spikes.assign(network.populations.size(), spec.record.all_spikes);
  for (const std::string& name : spec.record.spike_populations) plan.record_spikes[spec.population_index(name)] = true;
  for (const StateRecordSpec& s : spec.record.state)
    for (const std::string& variable : s.variables)
      plan.state_probes.push_back(StateProbe{static_cast<uint32_t>(spec.population_index(s.population)), variable,
                                             s.neurons, static_cast<uint64_t>(std::llround(s.interval_ms / spec.dt_ms))});
  plan.weight_probes = make_weight_probes(spec, network);
  return plan;
}

Backend resolve_backend(Backend backend) {
  if (backend == Backend::kCpu) return Backend::kCpu;
  std::string reason;
  if (cuda_device_available(&reason)) return Backend::kCuda;
  if (backend == Backend::kCuda) throw std::runtime_error("the CUDA backend cannot run here: " + reason);
  return Backend::kCpu;
}

// What the simulation keeps of the run: the recorded populations' spikes, the probes' samples and
// the spike statistics of every population.
class Simulation::Record : public RunObserver {
 public:
  Record(const Network& network, const EngineOptions& plan, bool keep)
      : keep_(keep),
        record_spikes_(plan.record_spikes),
        spikes_(network.populations.size()),
        states_(plan.state_probes.size()),
        weights_(plan.weight_probes.size()),
        statistics_(network) {
    for (const StateProbe& p : plan.state_probes) state_widths_.push_back(p.neurons.size());
  }
  void on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) override {
    statistics_.on_spikes(population, steps, neurons, count);
    if (keep_ && record_spikes_[population])
      for (size_t k = 0; k < count; ++k) spikes_[population].push_back(RecordedSpike{steps[k], neurons[k]});
  }
  void on_state(size_t probe, uint64_t, const float* values) override {
    if (keep_) states_[probe].emplace_back(values, values + state_widths_[probe]);
  }
  void on_weights(size_t probe, uint64_t, const float* values, size_t count) override {
    if (keep_) weights_[probe].emplace_back(values, values + count);
  }

  bool keep_;
  std::vector<bool> record_spikes_;
  std::vector<std::vector<RecordedSpike>> spikes_;
  std::vector<std::vector<std::vector<float>>> states_, weights_;
  std::vector<size_t> state_widths_;
  SpikeStatistics statistics_;
};

namespace {

// Forwards to the simulation's record and to the caller's observer.
class Both : public ObserverList {
 public:
  Both(RunObserver* record, RunObserver* other) {
    add(record);
    if (other != nullptr) add(other);
  }
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Simulation::Simulation(const ExperimentSpec& spec, SimulationOptions options) : spec_(spec) {
  validate_experiment(spec_);
  backend_ = resolve_backend(options.backend);
  if (backend_ == Backend::kCuda)  // refuse at once what cannot fit, rather than after minutes of construction
    check_gpu_memory(expected_state_bytes(spec_), expected_synapse_count(spec_));
  const auto began = std::chrono::steady_clock::now();
  Network network = build_network(spec_, backend_ == Backend::kCuda);
  build_seconds_ = seconds_since(began);
  start(std::move(network), options);
}

Simulation::Simulation(const ExperimentSpec& spec, Network network, SimulationOptions options) : spec_(spec) {
  validate_experiment(spec_);
  backend_ = resolve_backend(options.backend);
  start(std::move(network), options);
}

Simulation::~Simulation() = default;

void Simulation::start(Network network, SimulationOptions options) {
  plan_ = recording_plan(spec_, network);
  if (options.keep_every_population) plan_.record_spikes.assign(network.populations.size(), true);
  EngineOptions engine_options = plan_;
  if (options.threads >= 0) engine_options.threads = options.threads;
  engine_options.simd = options.simd;
  engine_options.cuda_kernel = options.cuda_kernel;
  engine_options.cuda_blocks = options.cuda_blocks;
  // Every population's spikes reach the observers: the statistics cover them all.
  engine_options.record_spikes.assign(network.populations.size(), true);
  record_ = std::make_unique<Record>(network, plan_, options.keep_in_memory);
  const auto began = std::chrono::steady_clock::now();
  engine_ = backend_ == Backend::kCuda ? make_cuda_engine(std::move(network), std::move(engine_options))
                                       : make_cpu_engine(std::move(network), std::move(engine_options));
  setup_seconds_ = seconds_since(began);
}

uint64_t Simulation::total_steps() const { return static_cast<uint64_t>(std::llround(spec_.duration_ms / spec_.dt_ms)); }

Backend parse_backend(const std::string& name) {
  if (name == "auto") return Backend::kAuto;
  if (name == "cpu") return Backend::kCpu;
  if (name == "cuda") return Backend::kCuda;
  throw std::invalid_argument("unknown backend '" + name + "'; known: auto, cpu, cuda");
}

CudaStepKernel parse_cuda_step_kernel(const std::string& name) {
  if (name == "auto") return CudaStepKernel::kAuto;
  if (name == "fused") return CudaStepKernel::kFused;
  if (name == "graph") return CudaStepKernel::kGraph;
  if (name == "overlapped") return CudaStepKernel::kOverlapped;
  throw std::invalid_argument("unknown CUDA step kernel '" + name + "'; known: auto, fused, graph, overlapped");
}

void Simulation::run_steps(uint64_t steps, RunObserver* observer) {
  Both both(record_.get(), observer);
  engine_->run(steps, both);
}

void Simulation::run(double duration_ms, RunObserver* observer) {
  if (!(duration_ms >= 0.0)) throw std::invalid_argument("a run's duration must be >= 0 ms");
  run_steps(static_cast<uint64_t>(std::llround(duration_ms / spec_.dt_ms)), observer);
}

void Simulation::run_to_end(RunObserver* observer) {
  const uint64_t total = total_steps(), now = current_step();
  run_steps(total > now ? total - now : 0, observer);
}

void Simulation::set_parameter(const std::string& population, const std::string& parameter,
                               const std::vector<float>& values) {
  const int p = spec_.population_index(population);
  if (p < 0) throw std::invalid_argument(no_population_named(spec_, population));
  const double dt = spec_.dt_ms;
  engine_->change_population(static_cast<size_t>(p), [&](Population& pop) { set_neuron_parameter(pop, parameter, values, dt); });
}

void Simulation::inject_spikes(const std::string& population, const std::vector<uint32_t>& neurons,
                               const std::vector<uint64_t>& steps) {
  const int p = spec_.population_index(population);
  if (p < 0) throw std::invalid_argument(no_population_named(spec_, population));
  const uint64_t next = current_step();
  engine_->change_schedule(static_cast<size_t>(p), [&](Population& pop) { schedule_source_spikes(pop, next, neurons, steps); });
}

void Simulation::set_input(const std::string& input, const std::string& key, const std::vector<float>& values) {
  std::vector<std::string> names;
  for (const InputSpec& in : spec_.inputs) names.push_back(in.name);
  const auto found = std::find(names.begin(), names.end(), input);
  if (found == names.end())
    throw std::invalid_argument("no input named '" + input + "'" + did_you_mean(input, names) + "; inputs: " +
                                (names.empty() ? std::string("none") : join_names(names)));
  const size_t k = static_cast<size_t>(found - names.begin());
  // Conductances are never negative: the loader refuses such weights, and so does a change.
  const auto* poisson = std::get_if<PoissonInput>(&spec_.inputs[k].settings);
  if (poisson != nullptr && key == "weight" && poisson->synapse_spec.kind == SynapseKind::kExponentialConductance)
    for (float w : values)
      if (w < 0.0f) throw std::invalid_argument("input '" + input + "'.weight: a conductance's weight must be >= 0 nS");
  const double dt = spec_.dt_ms;
  engine_->change_input(k, [&](Input& in) { set_input_value(in, key, values, dt); });
}

void Simulation::set_weights(const std::string& projection, const std::vector<float>& weights) {
  engine_->set_weights(projection_index(projection), weights);
}

void Simulation::set_plasticity(const std::string& projection, const std::string& setting, double value) {
  const size_t j = projection_index(projection);
  ProjectionSpec& spec = spec_.projections[j];
  if (!spec.plasticity) throw std::invalid_argument("projection '" + spec.name + "' does not learn (no plasticity)");
  PlasticitySpec changed = *spec.plasticity;
  const PlasticityRuleInfo& rule = plasticity_rule_info(changed.rule);
  std::vector<std::string> names;
  for (uint32_t k = 0; k < rule.setting_count; ++k)
    if (rule.settings[k].options == nullptr) names.push_back(rule.settings[k].name);
  const int slot = rule.setting(setting);
  if (slot < 0 || rule.settings[slot].options != nullptr)
    throw std::invalid_argument("projection '" + spec.name + "': " + rule.name + " has no numeric setting '" + setting + "'" +
                                did_you_mean(setting, names) + "; settings that change between runs: " + join_names(names));
  if (!within_range(value, rule.settings[slot].range))
    throw std::invalid_argument("projection '" + spec.name + "'.plasticity." + setting + " must be finite" +
                                (rule.settings[slot].range == ValueRange::kAny ? "" : std::string(" and ") + range_text(rule.settings[slot].range)));
  changed.settings[slot] = value;
  engine_->set_plasticity_rule(j, make_plasticity_rule(changed, SynapseTable{}, spec.name, spec_));
  spec.plasticity = changed;  // a later change starts from this one
}

NetworkState Simulation::save_state() {
  NetworkState state = engine_->save_state();
  record_->statistics_.save(state);
  return state;
}

void Simulation::restore_state(const NetworkState& state) {
  if (state.step > total_steps())
    throw std::invalid_argument("the state is at step " + std::to_string(state.step) + ", beyond the experiment's " +
                                std::to_string(total_steps()) + " steps");
  engine_->restore_state(state);
  record_->statistics_.restore(state);
}

const std::vector<RecordedSpike>& Simulation::spikes(const std::string& population) const {
  const int p = spec_.population_index(population);
  if (p < 0) throw std::out_of_range("no population named '" + population + "'");
  if (!plan_.record_spikes[p]) throw std::invalid_argument("population '" + population + "' is not recorded (record.spikes)");
  return record_->spikes_[p];
}

const std::vector<std::vector<float>>& Simulation::state_samples(size_t probe) const { return record_->states_.at(probe); }

const std::vector<std::vector<float>>& Simulation::weight_samples(size_t probe) const { return record_->weights_.at(probe); }

size_t Simulation::projection_index(const std::string& name) const {
  for (size_t j = 0; j < spec_.projections.size(); ++j)
    if (spec_.projections[j].name == name) return j;
  throw std::out_of_range("no projection named '" + name + "'");
}

std::vector<float> Simulation::weights(const std::string& projection) const {
  return engine_->synapse_table(projection_index(projection)).weights;
}

std::vector<PopulationSummary> Simulation::summaries() const { return record_->statistics_.summaries(time_ms()); }

RunCounts Simulation::counts() const {
  std::vector<uint64_t> spikes;
  for (const PopulationSummary& s : summaries()) spikes.push_back(s.spikes);
  return collect_run_counts(spec_, *engine_, spikes, engine_->current_step());
}

}  // namespace snn
