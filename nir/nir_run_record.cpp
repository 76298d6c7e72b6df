// write_nir_run (nir/nir_run.hpp): a layer run's file, then the NIR run's own traces and attributes.
#include <hdf5.h>

#include "io/hdf5_access.hpp"
#include "io/hdf5_handle.hpp"
#include "models/layer_run_record.hpp"
#include "nir/nir_run.hpp"

namespace snn {
namespace {

std::string stem_of(const std::string& path) {
  std::string stem = path.substr(path.find_last_of('/') + 1);
  const size_t dot = stem.rfind('.');
  return dot == std::string::npos ? stem : stem.substr(0, dot);
}

template <typename T>
void write_trace(hid_t parent, const std::string& name, hid_t file_type, hid_t memory_type, const std::vector<T>& values,
                 int64_t steps, int64_t batch, const TensorShape& shape) {
  std::vector<hsize_t> dims = {static_cast<hsize_t>(steps), static_cast<hsize_t>(batch)};
  for (int64_t d : shape) dims.push_back(static_cast<hsize_t>(d));
  const hdf5::Handle space = hdf5::space_handle(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), name);
  const hdf5::Handle links = hdf5::property_handle(H5Pcreate(H5P_LINK_CREATE), name);
  H5Pset_create_intermediate_group(links, 1);
  const hdf5::Handle create = hdf5::property_handle(H5Pcreate(H5P_DATASET_CREATE), name);
  // Spikes and outputs are mostly zeros: chunked by step and compressed.
  std::vector<hsize_t> chunk = dims;
  chunk[0] = 1;
  if (!values.empty()) {
    H5Pset_chunk(create, static_cast<int>(chunk.size()), chunk.data());
    H5Pset_deflate(create, 4);
  }
  const hdf5::Handle dataset = hdf5::dataset_handle(H5Dcreate2(parent, name.c_str(), file_type, space, links, create, H5P_DEFAULT), name);
  if (!values.empty()) hdf5::check(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), name.c_str());
}

}  // namespace

void write_nir_run(const std::string& path, const NirProgram& program, const NirRunResult& run, const NirRunOptions& options) {
  LayerRunRecord record;
  record.name = stem_of(program.path);
  record.model = program.path;
  record.backend = "cpu";
  record.time_steps = run.steps;
  record.wall_time_s = run.wall_time_s;
  const int64_t size = program.outputs.empty() ? 0 : program.ops[program.outputs[0]].output_size();
  record.logits = Tensor({run.batch, size});
  for (int64_t t = 0; t < run.steps; ++t)
    for (int64_t k = 0; k < run.batch * size; ++k) record.logits.values[k] += run.outputs[0][t * run.batch * size + k];
  for (size_t i = 0; i < program.ops.size(); ++i) {
    const NirOp& op = program.ops[i];
    const bool weighted = op.kind == NirOpKind::kAffine || op.kind == NirOpKind::kLinear || op.kind == NirOpKind::kConv;
    if (!weighted && !op.spiking()) continue;
    const NirOpCounts& c = run.counts[i];
    record.layers.push_back({op.path, weighted ? c.input_nonzero : 0, weighted ? c.input_values : 0, c.output_nonzero, c.output_values});
  }
  record.energy_architecture = nir_energy_architecture(program, run, record.name);
  write_layer_run(path, record);

  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hdf5::Handle file = hdf5::file_handle(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "reopen " + path);
  hdf5::write_scalar_attribute<double>(file, "dt", H5T_IEEE_F64LE, program.dt);
  hdf5::write_string_attribute(file, "discretisation", nir_discretisation_name(options.discretisation));
  hdf5::write_string_attribute(file, "backend", options.backend == NirBackend::kCuda ? "cuda" : "cpu");
  hdf5::write_string_attribute(file, "nir_version", program.version);
  hdf5::write_string_attribute(file, "status", run.stopped ? "interrupted" : "complete");
  const hdf5::Handle outputs = hdf5::group_handle(H5Gopen2(file, "outputs", H5P_DEFAULT), "outputs");
  for (size_t k = 0; k < program.outputs.size(); ++k) {
    const NirOp& op = program.ops[program.outputs[k]];
    write_trace(outputs, op.path, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, run.outputs[k], run.steps, run.batch, op.output_shape);
  }
  if (!options.record_spikes) return;
  const hdf5::Handle spikes = hdf5::group_handle(H5Gcreate2(file, "spikes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "spikes");
  for (size_t i = 0; i < program.ops.size(); ++i)
    if (program.ops[i].spiking())
      write_trace(spikes, program.ops[i].path, H5T_STD_U8LE, H5T_NATIVE_UINT8, run.spikes[i], run.steps, run.batch, program.ops[i].output_shape);
}

}  // namespace snn
