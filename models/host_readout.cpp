#include "models/host_readout.hpp"

#include <algorithm>
#include <cmath>

namespace snn {

HostReadout::HostReadout(ReadoutSettings settings)
    : s_(std::move(settings)), teacher_(s_.outputs, 0.0), source_(s_.force ? s_.source_size : 0, 0.0), z_(s_.outputs, 0.0) {
  if (s_.force) rls_ = std::make_unique<RecursiveLeastSquares>(s_.source_size, s_.outputs, s_.alpha);
}

void HostReadout::on_spikes(uint32_t population, const uint64_t* steps, const uint32_t* neurons, size_t count) {
  // A FORCE readout may read the population that teaches it: then both lists get the spikes.
  if (population == s_.population)
    for (size_t k = 0; k < count; ++k) teacher_spikes_.emplace_back(steps[k], neurons[k]);
  if (s_.force && population == s_.source)
    for (size_t k = 0; k < count; ++k) source_spikes_.emplace_back(steps[k], neurons[k]);
}

void HostReadout::on_spikes_through(uint64_t step) {
  for (; next_step_ <= step; ++next_step_) advance(next_step_);
}

void HostReadout::filter(std::vector<double>& trace, double decay, std::deque<std::pair<uint64_t, uint32_t>>& spikes,
                         uint64_t step, uint32_t group) {
  for (double& x : trace) x *= decay;
  const double weight = 1.0 / group;
  for (; !spikes.empty() && spikes.front().first <= step; spikes.pop_front())
    if (spikes.front().first == step) trace[spikes.front().second / group] += weight;
}

void HostReadout::advance(uint64_t step) {
  filter(teacher_, s_.decay, teacher_spikes_, step, s_.population_size / s_.outputs);
  const bool update = s_.force && (step + 1) % s_.update_steps == 0;
  const bool record = (step + 1) % s_.record_steps == 0;
  if (s_.force) {
    filter(source_, s_.decay, source_spikes_, step, 1);
    if (update || record) rls_->predict(source_, z_);
    if (update) rls_->update(source_, z_, teacher_);
  }
  if (!record) return;
  sample_steps_.push_back(step);
  for (uint32_t o = 0; o < s_.outputs; ++o) {
    samples_.push_back(static_cast<float>(s_.force ? z_[o] : teacher_[o]));
    if (s_.force) teacher_samples_.push_back(static_cast<float>(teacher_[o]));
  }
  if (sink_)
    sink_(step, samples_.data() + samples_.size() - s_.outputs,
          s_.force ? teacher_samples_.data() + teacher_samples_.size() - s_.outputs : nullptr);
}

void HostReadout::save(NetworkState& state) const {
  const std::string base = "readouts/" + s_.name + "/";
  state.put(base + "next_step", std::vector<uint64_t>{next_step_});
  state.put(base + "teacher_trace", teacher_);
  state.put(base + "source_trace", source_);
  state.put(base + "output", z_);
  state.put(base + "sample_steps", sample_steps_);
  state.put(base + "samples", samples_);
  state.put(base + "teacher_samples", teacher_samples_);
  if (rls_) rls_->save(state, base + "force_");
}

void HostReadout::restore(const NetworkState& state) {
  if (!teacher_spikes_.empty() || !source_spikes_.empty())
    throw std::logic_error("readout '" + s_.name + "' restored while it holds spikes not yet filtered");
  const std::string base = "readouts/" + s_.name + "/";
  next_step_ = state.scalar<uint64_t>(base + "next_step");
  state.take(base + "teacher_trace", teacher_);
  state.take(base + "source_trace", source_);
  state.take(base + "output", z_);
  state.take(base + "sample_steps", sample_steps_, true);
  state.take(base + "samples", samples_, true);
  state.take(base + "teacher_samples", teacher_samples_, true);
  if (rls_) rls_->restore(state, base + "force_");
}

std::vector<std::unique_ptr<HostReadout>> make_host_readouts(const ExperimentSpec& spec,
                                                             const std::vector<ReadoutSpec>& readout_specs) {
  std::vector<std::unique_ptr<HostReadout>> readouts;
  auto steps = [&](double ms) { return std::max<uint64_t>(1, static_cast<uint64_t>(std::llround(ms / spec.dt_ms))); };
  for (const ReadoutSpec& r : readout_specs) {
    ReadoutSettings s;
    s.name = r.name;
    s.force = r.force;
    s.population = static_cast<uint32_t>(spec.population_index(r.population));
    s.population_size = spec.populations[s.population].size;
    s.outputs = r.outputs;
    if (r.force) {
      s.source = static_cast<uint32_t>(spec.population_index(r.source));
      s.source_size = spec.populations[s.source].size;
    }
    s.decay = std::exp(-spec.dt_ms / r.tau_ms);
    s.alpha = r.alpha;
    s.update_steps = steps(r.update_ms);
    s.record_steps = steps(r.interval_ms);
    readouts.push_back(std::make_unique<HostReadout>(s));
  }
  return readouts;
}

}  // namespace snn
