#include "nir/nir_writer.hpp"

#include <hdf5.h>

#include "io/hdf5_handle.hpp"

namespace snn {
namespace {

using hdf5::Handle;

void check(herr_t status, const std::string& what) {
  if (status < 0) throw NirError("cannot write " + what);
}

Handle text_type() {
  Handle type = hdf5::type_handle(H5Tcopy(H5T_C_S1), "string type");
  check(H5Tset_size(type, H5T_VARIABLE), "string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "string type");
  return type;
}

void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& strings, const TensorShape& shape) {
  const Handle type = text_type();
  std::vector<hsize_t> dims(shape.begin(), shape.end());
  const Handle space = hdf5::space_handle(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), name);
  const Handle dataset = hdf5::dataset_handle(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name);
  std::vector<const char*> pointers;
  for (const std::string& s : strings) pointers.push_back(s.c_str());
  if (!pointers.empty()) check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), name);
}

void write_value(hid_t group, const std::string& name, const NirValue& value) {
  if (value.is_text) return write_strings(group, name, {value.text}, {});
  std::vector<hsize_t> dims(value.shape.begin(), value.shape.end());
  const Handle space = hdf5::space_handle(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), name);
  const hid_t file_type = value.is_integer ? H5T_STD_I64LE : H5T_IEEE_F32LE;
  const Handle dataset = hdf5::dataset_handle(H5Dcreate2(group, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name);
  if (!value.numbers.empty()) check(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, value.numbers.data()), name);
}

void write_graph(hid_t group, const NirGraph& graph);

void write_node(hid_t parent, const NirNode& node) {
  const Handle group = hdf5::group_handle(H5Gcreate2(parent, node.name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "node " + node.path);
  write_strings(group, "type", {node.type}, {});
  for (const auto& [name, value] : node.parameters) write_value(group, name, value);
  if (node.graph) write_graph(group, *node.graph);
}

void write_graph(hid_t group, const NirGraph& graph) {
  std::vector<std::string> ends;
  for (const NirEdge& edge : graph.edges) {
    ends.push_back(edge.first);
    ends.push_back(edge.second);
  }
  write_strings(group, "edges", ends, {static_cast<int64_t>(graph.edges.size()), 2});
  const Handle nodes = hdf5::group_handle(H5Gcreate2(group, "nodes", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "nodes");
  for (const NirNode& node : graph.nodes) write_node(nodes, node);
}

}  // namespace

void write_nir_file(const std::string& path, const NirFile& file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw NirError("cannot create " + path);
  const Handle handle = hdf5::file_handle(id, path);
  write_strings(handle, "version", {file.version.empty() ? kNirWriterVersion : file.version}, {});
  const Handle root = hdf5::group_handle(H5Gcreate2(handle, "node", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "node");
  write_strings(root, "type", {"NIRGraph"}, {});
  write_graph(root, file.graph);
}

}  // namespace snn
