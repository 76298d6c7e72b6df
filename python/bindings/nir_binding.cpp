// NIR graphs from Python: files as the `nir` package's dictionaries (nir.NIRGraph.to_dict's shape:
// {"type": "NIRGraph", "nodes": {name: {"type": ..., parameter: array}}, "edges": [(a, b)]}) and back,
// and runs of a graph on numpy data.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "core/simulation.hpp"
#include "nir/nir_reader.hpp"
#include "nir/nir_run.hpp"
#include "nir/nir_writer.hpp"
#include "python/bindings/bindings.hpp"
#include "python/bindings/numpy_arrays.hpp"

namespace py = pybind11;

namespace snn::python {
namespace {

py::object value_to_python(const NirValue& value) {
  if (value.is_text) return py::str(value.text);
  std::vector<py::ssize_t> shape(value.shape.begin(), value.shape.end());
  if (value.is_integer) {
    py::array_t<int64_t> array(shape);
    std::copy(value.numbers.begin(), value.numbers.end(), array.mutable_data());
    return std::move(array);
  }
  py::array_t<float> array(shape);
  std::copy(value.numbers.begin(), value.numbers.end(), array.mutable_data());
  return std::move(array);
}

py::dict graph_to_python(const NirGraph& graph) {
  py::dict nodes;
  for (const NirNode& node : graph.nodes) {
    py::dict entry = node.graph ? graph_to_python(*node.graph) : py::dict();
    entry["type"] = node.type;
    for (const auto& [key, value] : node.parameters) entry[py::str(key)] = value_to_python(value);
    nodes[py::str(node.name)] = entry;
  }
  py::list edges;
  for (const NirEdge& edge : graph.edges) edges.append(py::make_tuple(edge.first, edge.second));
  py::dict result;
  result["type"] = "NIRGraph";
  result["nodes"] = nodes;
  result["edges"] = edges;
  return result;
}

NirValue value_from_python(const py::handle& object, const std::string& where) {
  NirValue value;
  if (py::isinstance<py::str>(object)) {
    value.is_text = true;
    value.text = object.cast<std::string>();
    return value;
  }
  py::array array = py::array::ensure(object);
  if (!array) throw NirError(where + ": neither text nor an array of numbers");
  value.is_integer = py::isinstance<py::array_t<int64_t>>(array) || py::isinstance<py::array_t<int32_t>>(array) ||
                     array.dtype().kind() == 'i' || array.dtype().kind() == 'u' || array.dtype().kind() == 'b';
  const py::array_t<double, py::array::c_style | py::array::forcecast> numbers(array);
  value.shape.assign(array.shape(), array.shape() + array.ndim());
  value.numbers.assign(numbers.data(), numbers.data() + numbers.size());
  return value;
}

NirGraph graph_from_python(const py::dict& graph, const std::string& path) {
  NirGraph result;
  if (!graph.contains("nodes") || !graph.contains("edges")) throw NirError("graph '" + path + "': a NIR graph needs 'nodes' and 'edges'");
  for (const auto& [name_object, node_object] : graph["nodes"].cast<py::dict>()) {
    NirNode node;
    node.name = name_object.cast<std::string>();
    node.path = path.empty() ? node.name : path + "/" + node.name;
    const py::dict entry = node_object.cast<py::dict>();
    if (!entry.contains("type")) throw NirError("node '" + node.path + "' has no 'type'");
    node.type = entry["type"].cast<std::string>();
    for (const auto& [key_object, value] : entry) {
      const std::string key = key_object.cast<std::string>();
      const bool derived = key == "output_type" || (key == "input_type" && node.type != "Flatten");  // nir's inferred types
      if (key == "type" || key == "metadata" || derived || (node.type == "NIRGraph" && (key == "nodes" || key == "edges")) || value.is_none())
        continue;
      if (py::isinstance<py::dict>(value)) {  // {"input": shape}: the one array
        const py::dict inner = value.cast<py::dict>();
        if (inner.size() != 1) continue;
        node.parameters[key] = value_from_python(inner.begin()->second, node.describe() + ": " + key);
      } else {
        node.parameters[key] = value_from_python(value, node.describe() + ": " + key);
      }
    }
    if (node.type == "NIRGraph") node.graph = std::make_shared<NirGraph>(graph_from_python(entry, node.path));
    result.nodes.push_back(std::move(node));
  }
  for (const py::handle& edge : graph["edges"]) {
    const py::tuple pair = py::tuple(py::reinterpret_borrow<py::object>(edge));
    if (pair.size() != 2) throw NirError("graph '" + path + "': an edge is not a pair of node names");
    result.edges.emplace_back(pair[0].cast<std::string>(), pair[1].cast<std::string>());
  }
  return result;
}

NirFile file_from_python(const py::dict& graph, const std::string& name) {
  NirFile file;
  file.path = name;
  file.version = graph.contains("version") ? graph["version"].cast<std::string>() : "";
  file.graph = graph_from_python(graph, "");
  return file;
}

py::array_t<float> shaped(const std::vector<float>& values, int64_t steps, int64_t batch, const TensorShape& shape) {
  std::vector<py::ssize_t> dims = {steps, batch};
  dims.insert(dims.end(), shape.begin(), shape.end());
  py::array_t<float> array(dims);
  std::copy(values.begin(), values.end(), array.mutable_data());
  return array;
}

// One Input node's data: [steps, *shape] for one sample or [steps, batch, *shape].
NirInputData input_data(const FloatArray& data, const NirOp& input, const std::string& name) {
  const int64_t size = input.output_size(), rank = static_cast<int64_t>(input.output_shape.size());
  if (data.ndim() != rank + 1 && data.ndim() != rank + 2)
    throw NirError(name + ": data of " + std::to_string(data.ndim()) + " dimensions for '" + input.path + "', whose shape " +
                   shape_text(input.output_shape) + " wants [steps, *shape] or [steps, batch, *shape]");
  NirInputData result;
  result.steps = data.shape(0);
  result.batch = data.ndim() == rank + 2 ? data.shape(1) : 1;
  result.size = size;
  if (data.size() != result.steps * result.batch * size)
    throw NirError(name + ": each step holds " + std::to_string(data.size() / std::max<int64_t>(1, result.steps)) + " values where '" +
                   input.path + "' " + shape_text(input.output_shape) + " takes " + std::to_string(size) + " per sample");
  result.values = from_numpy(data);
  return result;
}

}  // namespace

void bind_nir(py::module_& m) {
  m.def("nir_read", [](const std::string& path) {
        const NirFile file = read_nir_file(path);
        py::dict graph = graph_to_python(file.graph);
        graph["version"] = file.version;
        return graph;
      }, py::arg("path"));
  m.def("nir_write", [](const py::dict& graph, const std::string& path) { write_nir_file(path, file_from_python(graph, path)); },
        py::arg("graph"), py::arg("path"));
  m.def("nir_run", [](const py::dict& graph, const py::dict& data, double dt, const std::string& discretisation,
                      const std::string& backend, int threads, bool record_spikes, const std::string& name) {
        const NirProgram program = compile_nir(file_from_python(graph, name), dt);
        std::vector<NirInputData> inputs;
        for (int index : program.inputs) {
          const NirOp& input = program.ops[index];
          if (!data.contains(input.path)) throw NirError(name + ": no data for the Input node '" + input.path + "'");
          inputs.push_back(input_data(data[py::str(input.path)].cast<FloatArray>(), input, name));
        }
        NirRunOptions options;
        options.discretisation = parse_nir_discretisation(discretisation);
        options.backend = resolve_backend(parse_backend(backend)) == Backend::kCuda ? NirBackend::kCuda : NirBackend::kCpu;
        options.threads = threads;
        options.record_spikes = record_spikes;
        NirRunResult run;
        {
          py::gil_scoped_release release;
          run = run_nir(program, inputs, options, [](int64_t) {
            py::gil_scoped_acquire acquire;
            return PyErr_CheckSignals() == 0;
          });
        }
        if (run.stopped) throw py::error_already_set();
        py::dict outputs, spikes, counts;
        for (size_t k = 0; k < program.outputs.size(); ++k) {
          const NirOp& op = program.ops[program.outputs[k]];
          outputs[py::str(op.path)] = shaped(run.outputs[k], run.steps, run.batch, op.output_shape);
        }
        for (size_t i = 0; i < program.ops.size(); ++i) {
          const NirOp& op = program.ops[i];
          if (record_spikes && op.spiking()) {
            const std::vector<float> values(run.spikes[i].begin(), run.spikes[i].end());
            spikes[py::str(op.path)] = shaped(values, run.steps, run.batch, op.output_shape);
          }
          const NirOpCounts& c = run.counts[i];
          py::dict entry;
          entry["type"] = op.type;
          entry["input_nonzero"] = c.input_nonzero;
          entry["input_values"] = c.input_values;
          entry["spikes"] = c.output_nonzero;
          entry["spike_values"] = c.output_values;
          counts[py::str(op.path)] = entry;
        }
        py::dict result;
        result["outputs"] = outputs;
        result["spikes"] = spikes;
        result["counts"] = counts;
        result["wall_time"] = run.wall_time_s;
        result["energy_architecture"] = nir_energy_architecture(program, run, name);
        return result;
      },
      py::arg("graph"), py::arg("data"), py::arg("dt"), py::arg("discretisation"), py::arg("backend"), py::arg("threads"), py::arg("record_spikes"),
      py::arg("name"));
}

}  // namespace snn::python
