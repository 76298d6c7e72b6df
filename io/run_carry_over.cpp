#include "io/run_carry_over.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace snn {
namespace {

// The leading rows of `times` (ms) that belong to steps before `step` (a row's time is (its step + 1)
// dt). Rows a killed run allotted but never wrote read as NaN or 0 and end them.
size_t rows_before(const std::vector<double>& times, uint64_t step, double dt_ms) {
  const double limit = (static_cast<double>(step) + 0.5) * dt_ms;
  size_t rows = 0;
  for (double previous = 0.0; rows < times.size(); previous = times[rows++])
    if (!(times[rows] > 0.0 && times[rows] >= previous && times[rows] <= limit)) break;
  return rows;
}

uint64_t step_of(double time_ms, double dt_ms) { return static_cast<uint64_t>(std::llround(time_ms / dt_ms)) - 1; }

template <typename Entry, typename Name>
const Entry& named(const std::vector<Entry>& entries, const std::string& name, Name name_of, const char* what) {
  for (const Entry& e : entries)
    if (name_of(e) == name) return e;
  throw std::runtime_error(std::string("the earlier run's file has no ") + what + " '" + name + "'");
}

void check_rows(size_t rows, size_t width, size_t values, const std::string& what) {
  if (values < rows * width) throw std::runtime_error("the earlier run's file holds too few values for " + what);
}

}  // namespace

void carry_over_run(const RecordedRun& earlier, uint64_t step, const ExperimentSpec& spec, const EngineOptions& plan,
                    const std::vector<ReadoutStreamSpec>& readouts, Hdf5Recorder& recorder) {
  const double dt = spec.dt_ms;
  if (earlier.dt_ms != dt) throw std::runtime_error("the earlier run's file has another time step");
  if (earlier.time_reached_ms + 0.5 * dt < static_cast<double>(step) * dt) {
    char text[160];
    std::snprintf(text, sizeof text, "the earlier run's file holds the run up to %g ms only, the checkpoint is at %g ms",
                  earlier.time_reached_ms, static_cast<double>(step) * dt);
    throw std::runtime_error(text);
  }
  for (uint32_t p = 0; p < spec.populations.size(); ++p) {
    if (p >= plan.record_spikes.size() || !plan.record_spikes[p]) continue;
    const PopulationSpec& pop = spec.populations[p];
    const RecordedSpikes& s = named(earlier.spikes, pop.name, [](const RecordedSpikes& e) { return e.population; }, "spikes of");
    const size_t rows = rows_before(s.timestamps_ms, step, dt);
    check_rows(rows, 1, s.node_ids.size(), "spikes of " + pop.name);
    std::vector<uint64_t> steps(rows);
    std::vector<uint32_t> neurons(rows);
    for (size_t k = 0; k < rows; ++k) {
      if (s.node_ids[k] >= pop.size) throw std::runtime_error("the earlier run's file has a spike of no neuron of " + pop.name);
      steps[k] = step_of(s.timestamps_ms[k], dt);
      neurons[k] = static_cast<uint32_t>(s.node_ids[k]);
    }
    if (rows > 0) recorder.on_spikes(p, steps.data(), neurons.data(), rows);
  }
  for (size_t k = 0; k < plan.state_probes.size(); ++k) {
    const StateProbe& probe = plan.state_probes[k];
    const std::string name = spec.populations[probe.population].name + "_" + probe.variable;
    const RecordedState& s = named(earlier.state, name, [](const RecordedState& e) { return e.name; }, "state");
    const size_t rows = rows_before(s.times_ms, step, dt), width = probe.neurons.size();
    check_rows(rows, width, s.data.size(), "state " + name);
    for (size_t r = 0; r < rows; ++r) recorder.on_state(k, step_of(s.times_ms[r], dt), s.data.data() + r * width);
  }
  for (size_t k = 0; k < plan.weight_probes.size(); ++k) {
    const std::string& name = spec.projections[plan.weight_probes[k].projection].name;
    const RecordedWeightHistory& h =
        named(earlier.weight_history, name, [](const RecordedWeightHistory& e) { return e.projection; }, "weight history");
    const size_t rows = rows_before(h.times_ms, step, dt);
    check_rows(rows, h.width, h.data.size(), "weight history " + name);
    for (size_t r = 0; r < rows; ++r)
      recorder.on_weights(k, step_of(h.times_ms[r], dt), h.data.data() + r * h.width, h.width);
  }
  for (size_t k = 0; k < readouts.size(); ++k) {
    const RecordedReadout& r = named(earlier.readouts, readouts[k].name, [](const RecordedReadout& e) { return e.name; }, "readout");
    const size_t rows = rows_before(r.times_ms, step, dt), width = readouts[k].outputs;
    const bool teacher = readouts[k].kind == "force";
    check_rows(rows, width, r.values.size(), "readout " + r.name);
    if (teacher) check_rows(rows, width, r.teacher.size(), "readout " + r.name);
    for (size_t row = 0; row < rows; ++row)
      recorder.on_readout(k, step_of(r.times_ms[row], dt), r.values.data() + row * width,
                          teacher ? r.teacher.data() + row * width : nullptr);
  }
  if (step > 0) recorder.on_spikes_through(step - 1);
}

}  // namespace snn
