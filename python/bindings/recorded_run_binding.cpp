// A run's HDF5 file (written by `snn run` or by a Python Simulation with an output) read back with
// the library's reader, as numpy arrays: no HDF5 package is needed on the Python side.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "io/hdf5_reader.hpp"
#include "python/bindings/bindings.hpp"
#include "python/bindings/numpy_arrays.hpp"

namespace py = pybind11;

namespace snn::python {
namespace {

py::dict read_run(const std::string& path) {
  const RecordedRun run = read_recorded_run(path);
  py::dict out;
  out["experiment"] = run.experiment_name;
  out["experiment_yaml"] = run.experiment_yaml;
  out["version"] = run.version;
  out["backend"] = run.backend;
  out["status"] = run.status;
  out["seed"] = run.seed;
  out["dt"] = run.dt_ms;
  out["duration"] = run.duration_ms;
  out["time_reached"] = run.time_reached_ms;
  out["wall_seconds"] = run.wall_time_s;
  py::dict spikes;
  for (const RecordedSpikes& s : run.spikes) spikes[py::str(s.population)] = py::make_tuple(to_numpy(s.timestamps_ms), to_numpy(s.node_ids));
  out["spikes"] = spikes;
  py::dict sizes;
  for (const RecordedSpikes& s : run.spikes) sizes[py::str(s.population)] = s.size;
  out["sizes"] = sizes;
  py::dict state;
  for (const RecordedState& s : run.state) {
    py::dict probe;
    probe["population"] = s.population;
    probe["variable"] = s.variable;
    probe["neurons"] = to_numpy(s.node_ids);
    probe["times"] = to_numpy(s.times_ms);
    probe["values"] = to_numpy(s.data, s.times_ms.size(), s.node_ids.size());
    state[py::str(s.name)] = probe;
  }
  out["state"] = state;
  py::dict weights;
  for (const RecordedWeights& w : run.weights)
    weights[py::str(w.projection)] = py::make_tuple(to_numpy(w.sources), to_numpy(w.targets), to_numpy(w.weights));
  out["weights"] = weights;
  py::dict history;
  for (const RecordedWeightHistory& h : run.weight_history) {
    py::dict entry;
    entry["times"] = to_numpy(h.times_ms);
    entry["values"] = to_numpy(h.data, h.times_ms.size(), h.width);
    history[py::str(h.projection)] = entry;
  }
  out["weight_history"] = history;
  py::dict readouts;
  for (const RecordedReadout& r : run.readouts) {
    const size_t samples = r.times_ms.size(), outputs = samples ? r.values.size() / samples : 0;
    py::dict entry;
    entry["kind"] = r.kind;
    entry["times"] = to_numpy(r.times_ms);
    entry["values"] = to_numpy(r.values, samples, outputs);
    entry["teacher"] = r.teacher.empty() ? py::object(py::none()) : py::object(to_numpy(r.teacher, samples, outputs));
    readouts[py::str(r.name)] = entry;
  }
  out["readouts"] = readouts;
  return out;
}

}  // namespace

void bind_recorded_runs(py::module_& m) {
  m.def("read_run", &read_run, py::arg("path"),
        "A run's HDF5 file as a dict: spikes {population: (times_ms, neurons)}, state, weights, readouts, metadata.");
}

}  // namespace snn::python
