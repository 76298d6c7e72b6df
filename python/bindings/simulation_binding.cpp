// Spec and Simulation for Python: an experiment checked by the library, and a run of it on either
// engine that keeps what it records for numpy, writes `snn run`'s HDF5 file when asked to, and stops
// cleanly on Ctrl-C. The package's python/snn/simulation.py gives them their public form.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/simulation.hpp"
#include "io/experiment_loader.hpp"
#include "io/experiment_tasks.hpp"
#include "io/run_recording.hpp"
#include "models/host_readout.hpp"
#include "python/bindings/bindings.hpp"
#include "python/bindings/numpy_arrays.hpp"

namespace py = pybind11;

namespace snn::python {
namespace {

// An experiment as the library read and checked it, with what it asks of the host.
struct LoadedSpec {
  ExperimentSpec spec;
  ExperimentTasks tasks;
};

// Looks at Python's signals (Ctrl-C) now and then while a run goes on. The engines ask from the
// thread that called run() (OpenMP's thread 0; the CUDA engine's host loop), which may take the GIL.
class PythonSignals : public RunObserver {
 public:
  bool stop_requested() override {
    if (error_) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_look_ < std::chrono::milliseconds(50)) return false;
    last_look_ = now;
    py::gil_scoped_acquire gil;
    if (PyErr_CheckSignals() != 0) error_ = std::make_unique<py::error_already_set>();
    return error_ != nullptr;
  }

  // Raises what stopped the run (KeyboardInterrupt, say), once; with the GIL held.
  void raise_if_stopped() {
    if (!error_) return;
    const py::error_already_set error = *error_;
    error_.reset();
    throw error;
  }

 private:
  std::chrono::steady_clock::time_point last_look_ = std::chrono::steady_clock::now();
  std::unique_ptr<py::error_already_set> error_;
};

class PySimulation {
 public:
  PySimulation(const LoadedSpec& loaded, const std::string& backend, int threads, const std::string& simd,
               const std::string& cuda_kernel, const std::optional<std::string>& output, bool keep_all_spikes) {
    SimulationOptions options;
    options.backend = resolve_backend(parse_backend(backend));
    options.threads = threads;
    options.simd = parse_simd_level(simd);
    options.cuda_kernel = parse_cuda_step_kernel(cuda_kernel);
    options.keep_every_population = keep_all_spikes;
    {
      py::gil_scoped_release released;  // building takes seconds for large networks, on every core
      simulation_ = std::make_unique<Simulation>(loaded.spec, options);
    }
    // Host readouts (FORCE learning) compute beside the engine as in `snn run`: on the recording's
    // thread when there is a file, their samples written to it; else in the run's own observers.
    readouts_ = make_host_readouts(loaded.spec, loaded.tasks.readouts);
    std::vector<ReadoutStreamSpec> streams;
    for (const auto& r : readouts_) streams.push_back({r->settings().name, r->settings().force ? "force" : "spikes", r->settings().outputs});
    if (output) {
      recording_ = std::make_unique<RunRecording>(*output, *simulation_, streams);
      for (size_t k = 0; k < readouts_.size(); ++k) {
        RunRecording* recording = recording_.get();
        readouts_[k]->set_sink([recording, k](uint64_t step, const float* values, const float* teacher) {
          recording->on_readout(k, step, values, teacher);
        });
        recording_->add_background(readouts_[k].get());
      }
    }
  }

  ~PySimulation() {
    if (!recording_) return;
    try {
      recording_->finish(*simulation_, wall_seconds_);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "snn: the run's file could not be completed: %s\n", e.what());
    }
  }

  void run_steps(uint64_t steps) {
    advance([&](RunObserver* observer) { simulation_->run_steps(steps, observer); });
  }

  // `duration_ms` from where the last run stopped, or (none) the rest of the experiment's duration.
  void run(std::optional<double> duration_ms) {
    advance([&](RunObserver* observer) {
      if (duration_ms) simulation_->run(*duration_ms, observer);
      else simulation_->run_to_end(observer);
    });
  }

  // Spike times (ms) and neuron indices of a recorded population, in time order, from step
  // `from_step` on (found by bisection, so a closed loop reading its last steps pays for those only).
  py::tuple spikes(const std::string& population, uint64_t from_step) const {
    const std::vector<RecordedSpike>& recorded = simulation_->spikes(population);
    const auto first = std::lower_bound(recorded.begin(), recorded.end(), from_step,
                                        [](const RecordedSpike& s, uint64_t step) { return s.step < step; });
    const size_t begin = static_cast<size_t>(first - recorded.begin()), count = recorded.size() - begin;
    const double dt = simulation_->spec().dt_ms;
    py::array_t<double> times(static_cast<py::ssize_t>(count));
    py::array_t<uint32_t> neurons(static_cast<py::ssize_t>(count));
    auto t = times.mutable_unchecked<1>();
    auto n = neurons.mutable_unchecked<1>();
    for (size_t k = 0; k < count; ++k) {
      t(k) = static_cast<double>(recorded[begin + k].step + 1) * dt;
      n(k) = recorded[begin + k].neuron;
    }
    return py::make_tuple(times, neurons);
  }

  // Samples of state probe `probe` (samples x probed neurons) and the probed neurons.
  py::tuple state(size_t probe) const {
    const std::vector<std::vector<float>>& samples = simulation_->state_samples(probe);
    const StateProbe& p = simulation_->plan().state_probes.at(probe);
    py::array_t<float> values({static_cast<py::ssize_t>(samples.size()), static_cast<py::ssize_t>(p.neurons.size())});
    auto v = values.mutable_unchecked<2>();
    for (size_t s = 0; s < samples.size(); ++s)
      for (size_t j = 0; j < p.neurons.size(); ++j) v(s, j) = samples[s][j];
    return py::make_tuple(values, to_numpy(p.neurons));
  }

  // A projection's synapses as they stand: sources, targets, weights, delays (steps).
  py::tuple synapses(size_t projection) const {
    const SynapseTable table = simulation_->engine().synapse_table(projection);
    return py::make_tuple(to_numpy(table.sources()), to_numpy(table.targets), to_numpy(table.weights),
                          to_numpy(table.delay_steps));
  }

  py::list summaries() const {
    py::list out;
    for (const PopulationSummary& s : simulation_->summaries()) {
      py::dict d;
      d["population"] = s.name;
      d["neurons"] = s.neurons;
      d["spikes"] = s.spikes;
      d["rate_hz"] = s.mean_rate_hz;
      d["cv_isi"] = s.cv_isi;
      out.append(d);
    }
    return out;
  }

  // Completes the run's file (counts, learned weights, status); nothing more can be recorded in it.
  void close() {
    if (!recording_) return;
    std::unique_ptr<RunRecording> recording = std::move(recording_);
    for (const auto& r : readouts_) r->set_sink(nullptr);  // later runs feed them directly, to no file
    recording->finish(*simulation_, wall_seconds_);
  }

  // A host readout's samples so far: times (ms), values [samples, outputs] and, for FORCE, the
  // teacher's filtered trains (else None).
  py::dict readout(const std::string& name) const {
    for (const auto& r : readouts_) {
      if (r->settings().name != name) continue;
      const size_t samples = r->sample_steps().size(), outputs = r->settings().outputs;
      py::array_t<double> times(static_cast<py::ssize_t>(samples));
      auto t = times.mutable_unchecked<1>();
      for (size_t k = 0; k < samples; ++k) t(k) = static_cast<double>(r->sample_steps()[k] + 1) * simulation_->spec().dt_ms;
      py::dict out;
      out["kind"] = r->settings().force ? "force" : "spikes";
      out["times"] = times;
      out["values"] = to_numpy(r->samples(), samples, outputs);
      out["teacher"] = r->teacher_samples().empty() ? py::object(py::none()) : py::object(to_numpy(r->teacher_samples(), samples, outputs));
      return out;
    }
    std::string known;
    for (const auto& r : readouts_) known += (known.empty() ? "" : ", ") + r->settings().name;
    throw std::invalid_argument("no host readout '" + name + "'" + (known.empty() ? " (the experiment has none)" : "; it has " + known));
  }
  std::vector<std::string> readout_names() const {
    std::vector<std::string> names;
    for (const auto& r : readouts_) names.push_back(r->settings().name);
    return names;
  }

  Simulation& simulation() { return *simulation_; }
  const Simulation& simulation() const { return *simulation_; }
  double wall_seconds() const { return wall_seconds_; }
  bool recording() const { return recording_ != nullptr; }

 private:
  // Runs `call` without the GIL, reporting to the recording and watching for Ctrl-C; timed.
  template <typename Call>
  void advance(Call call) {
    ObserverList observers;
    if (recording_) observers.add(recording_.get());
    else
      for (const auto& r : readouts_) observers.add(r.get());
    observers.add(&signals_);
    const auto start = std::chrono::steady_clock::now();
    {
      py::gil_scoped_release released;
      call(&observers);
    }
    wall_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (recording_ && !readouts_.empty()) recording_->flush();  // the readouts (on its thread) catch up
    signals_.raise_if_stopped();
  }

  std::unique_ptr<Simulation> simulation_;
  std::vector<std::unique_ptr<HostReadout>> readouts_;  // before the recording, which calls them until it is gone
  std::unique_ptr<RunRecording> recording_;
  PythonSignals signals_;
  double wall_seconds_ = 0.0;
};

py::list population_list(const ExperimentSpec& spec) {
  py::list out;
  for (const PopulationSpec& p : spec.populations) out.append(py::make_tuple(p.name, p.size));
  return out;
}

}  // namespace

const Simulation& simulation_of(const py::object& bound) { return bound.cast<const PySimulation&>().simulation(); }

void bind_simulation(py::module_& m) {
  py::class_<LoadedSpec>(m, "Spec", "An experiment as the library read and checked it")
      .def_static(
          "from_file",
          [](const std::string& path, const std::vector<std::string>& overrides) {
            LoadedSpec loaded;
            loaded.spec = load_experiment_file(path, overrides, &loaded.tasks);
            return loaded;
          },
          py::arg("path"), py::arg("overrides") = std::vector<std::string>{})
      .def_static(
          "from_text",
          [](const std::string& text, const std::string& name) {
            LoadedSpec loaded;
            loaded.spec = load_experiment_text(text, name, {}, &loaded.tasks);
            return loaded;
          },
          py::arg("text"), py::arg("name"))
      .def_property_readonly("name", [](const LoadedSpec& s) { return s.spec.name; })
      .def_property_readonly("dt", [](const LoadedSpec& s) { return s.spec.dt_ms; })
      .def_property_readonly("duration", [](const LoadedSpec& s) { return s.spec.duration_ms; })
      .def_property_readonly("seed", [](const LoadedSpec& s) { return s.spec.seed; })
      .def_property_readonly("populations", [](const LoadedSpec& s) { return population_list(s.spec); })
      .def_property_readonly("projections", [](const LoadedSpec& s) {
        std::vector<std::string> names;
        for (const ProjectionSpec& p : s.spec.projections) names.push_back(p.name);
        return names;
      });

  py::class_<PySimulation>(m, "Simulation", "A built network on an engine")
      .def(py::init<const LoadedSpec&, const std::string&, int, const std::string&, const std::string&,
                    const std::optional<std::string>&, bool>(),
           py::arg("spec"), py::arg("backend"), py::arg("threads"), py::arg("simd"), py::arg("cuda_kernel"),
           py::arg("output"), py::arg("keep_all_spikes"))
      .def("run", &PySimulation::run, py::arg("duration_ms"))
      .def("run_steps", &PySimulation::run_steps, py::arg("steps"))
      .def("spikes", &PySimulation::spikes, py::arg("population"), py::arg("from_step") = 0)
      .def("state", &PySimulation::state, py::arg("probe"))
      .def("state_probes",
           [](const PySimulation& s) {
             py::list out;
             const Simulation& sim = s.simulation();
             for (const StateProbe& p : sim.plan().state_probes)
               out.append(py::make_tuple(sim.spec().populations.at(p.population).name, p.variable, p.interval_steps));
             return out;
           })
      .def("synapses", &PySimulation::synapses, py::arg("projection"))
      .def(
          "set_parameter",
          [](PySimulation& s, const std::string& population, const std::string& name, const FloatArray& values) {
            s.simulation().set_parameter(population, name, from_numpy(values));
          },
          py::arg("population"), py::arg("name"), py::arg("values"))
      .def(
          "set_input",
          [](PySimulation& s, const std::string& input, const std::string& key, const FloatArray& values) {
            s.simulation().set_input(input, key, from_numpy(values));
          },
          py::arg("input"), py::arg("key"), py::arg("values"))
      .def(
          "inject_spikes",
          [](PySimulation& s, const std::string& population, const std::vector<uint32_t>& neurons, const std::vector<uint64_t>& steps) {
            s.simulation().inject_spikes(population, neurons, steps);
          },
          py::arg("population"), py::arg("neurons"), py::arg("steps"))
      .def(
          "set_plasticity",
          [](PySimulation& s, const std::string& projection, const std::string& setting, double value) {
            s.simulation().set_plasticity(projection, setting, value);
          },
          py::arg("projection"), py::arg("setting"), py::arg("value"))
      .def(
          "set_weights",
          [](PySimulation& s, const std::string& projection, const FloatArray& weights) {
            s.simulation().set_weights(projection, from_numpy(weights));
          },
          py::arg("projection"), py::arg("weights"))
      .def("readout", &PySimulation::readout, py::arg("name"))
      .def_property_readonly("readouts", &PySimulation::readout_names)
      .def("summaries", &PySimulation::summaries)
      .def("close", &PySimulation::close)
      .def_property_readonly("recording", &PySimulation::recording)
      .def_property_readonly("step", [](const PySimulation& s) { return s.simulation().current_step(); })
      .def_property_readonly("time", [](const PySimulation& s) { return s.simulation().time_ms(); })
      .def_property_readonly("total_steps", [](const PySimulation& s) { return s.simulation().total_steps(); })
      .def_property_readonly("wall_seconds", &PySimulation::wall_seconds)
      .def_property_readonly("build_seconds", [](const PySimulation& s) { return s.simulation().build_seconds(); })
      .def_property_readonly("backend", [](const PySimulation& s) { return std::string(s.simulation().engine().backend_name()); })
      .def_property_readonly("device", [](const PySimulation& s) { return s.simulation().engine().device_name(); });

  m.def("cuda_available", [] {
    std::string reason;
    const bool available = cuda_device_available(&reason);
    return py::make_tuple(available, reason);
  });
}

}  // namespace snn::python
