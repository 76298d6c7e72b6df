// The extension module snn._snn: the library API (core/simulation.hpp, io/) for the Python package.
// The package's Python files (python/snn/) give it its public shape; this module stays a thin layer.
#include <pybind11/pybind11.h>

#include "io/experiment_error.hpp"
#include "nir/nir_graph.hpp"
#include "python/bindings/bindings.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_snn, m) {
  m.doc() = "The compiled core of the snn package (use the `snn` package, not this module)";
  // An experiment's error keeps its place: file, line and column (0 where unknown) as attributes.
  static py::exception<snn::ExperimentError> experiment_error(m, "ExperimentError", PyExc_ValueError);
  // A NIR file or graph that cannot run: a ValueError naming the file, node, type and reason.
  static py::exception<snn::NirError> nir_error(m, "NirError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const snn::NirError& e) {
      PyErr_SetString(nir_error.ptr(), e.what());
    } catch (const snn::ExperimentError& e) {
      py::object error = py::handle(experiment_error.ptr())(e.what());  // an instance, to carry the place
      error.attr("file") = e.file();
      error.attr("line") = e.line();
      error.attr("column") = e.column();
      error.attr("message") = e.message();
      PyErr_SetObject(experiment_error.ptr(), error.ptr());
    }
  });
  snn::python::bind_documents(m);
  snn::python::bind_simulation(m);
  snn::python::bind_recorded_runs(m);
  snn::python::bind_energy(m);
  snn::python::bind_layer_models(m);
  snn::python::bind_nir(m);
}
