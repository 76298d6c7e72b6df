#pragma once
// The parts of the extension module, each defined in a file of its own.
#include <pybind11/pybind11.h>

#include "core/simulation.hpp"

namespace snn::python {

// read_document: an experiment file as Python dictionaries and lists (python_document.cpp).
void bind_documents(pybind11::module_& m);
// Spec (a validated experiment) and Simulation (simulation_binding.cpp).
void bind_simulation(pybind11::module_& m);
// read_run: a run's HDF5 file as numpy arrays (recorded_run_binding.cpp).
void bind_recorded_runs(pybind11::module_& m);
// energy_of_files, energy_of_simulation: `snn energy`'s reports (energy_binding.cpp).
void bind_energy(pybind11::module_& m);

// nir_read, nir_write, nir_run: NIR graphs as the nir package's dictionaries (nir_binding.cpp).
void bind_nir(pybind11::module_& m);

// Spikformer: a spiking transformer's classes for numpy images (layer_model_binding.cpp).
void bind_layer_models(pybind11::module_& m);

// The library's simulation inside a bound Simulation object (simulation_binding.cpp).
const Simulation& simulation_of(const pybind11::object& bound);

}  // namespace snn::python
