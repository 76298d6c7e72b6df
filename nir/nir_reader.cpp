#include "nir/nir_reader.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>

#include "io/hdf5_access.hpp"
#include "io/hdf5_handle.hpp"

namespace snn {
namespace {

using hdf5::Handle;

// Bounds that no NIR file the frameworks write comes near, so that a damaged or crafted file is
// refused before it is allocated or followed round a cycle of groups.
constexpr int kDeepestNesting = 32;
constexpr int kMostDimensions = 8;
constexpr int64_t kMostValues = int64_t(1) << 28;
// gzip (nir.write's default) shrinks data by at most about 1032:1, so a dataset claiming more values
// than that of its stored bytes is damaged.
constexpr uint64_t kMostCompression = 1100;

struct Place {
  std::string file, path;  // path: the node's path, or "" for the root
  std::string where(const std::string& dataset) const {
    return file + ": " + (path.empty() ? "" : "node '" + path + "': ") + "dataset '" + dataset + "'";
  }
};

[[noreturn]] void fail(const std::string& message) { throw NirError(message); }

TensorShape shape_of(hid_t space, const std::string& where) {
  const int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > kMostDimensions) fail(where + ": a dataspace of rank " + std::to_string(rank) + " (damaged file?)");
  hsize_t dims[kMostDimensions] = {};
  if (rank > 0 && H5Sget_simple_extent_dims(space, dims, nullptr) < 0) fail(where + ": unreadable dataspace");
  TensorShape shape;
  int64_t count = 1;
  for (int k = 0; k < rank; ++k) {
    if (dims[k] > static_cast<hsize_t>(kMostValues)) fail(where + ": a dimension of " + std::to_string(dims[k]) + " (damaged file?)");
    shape.push_back(static_cast<int64_t>(dims[k]));
    count *= static_cast<int64_t>(dims[k]);
    if (count > kMostValues) fail(where + ": more than " + std::to_string(kMostValues) + " values (damaged file?)");
  }
  return shape;
}

std::vector<std::string> read_strings(hid_t dataset, hid_t type, hid_t space, int64_t count, const std::string& where) {
  std::vector<std::string> strings(static_cast<size_t>(count));
  if (count == 0) return strings;
  const Handle memory = hdf5::type_handle(H5Tcopy(H5T_C_S1), where);
  H5Tset_cset(memory, H5Tget_cset(type));
  if (H5Tis_variable_str(type) > 0) {
    H5Tset_size(memory, H5T_VARIABLE);
    std::vector<char*> pointers(static_cast<size_t>(count), nullptr);
    if (H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) fail(where + ": unreadable strings");
    for (size_t k = 0; k < strings.size(); ++k)
      if (pointers[k] != nullptr) strings[k] = pointers[k];
    H5Dvlen_reclaim(memory, space, H5P_DEFAULT, pointers.data());
    return strings;
  }
  const size_t size = H5Tget_size(type);
  if (size == 0 || size > (1u << 20)) fail(where + ": strings of " + std::to_string(size) + " bytes (damaged file?)");
  H5Tset_size(memory, size);
  std::vector<char> buffer(size * strings.size());
  if (H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) fail(where + ": unreadable strings");
  for (size_t k = 0; k < strings.size(); ++k) {
    const char* start = buffer.data() + k * size;
    strings[k].assign(start, strnlen(start, size));
  }
  return strings;
}

// A dataset's strings (with its shape), or its numbers widened to double.
struct Dataset {
  TensorShape shape;
  std::vector<std::string> strings;
  std::vector<double> numbers;
  bool is_text = false, is_integer = false;
};

Dataset read_dataset(hid_t group, const std::string& name, const std::string& where) {
  const Handle dataset = hdf5::dataset_handle(H5Dopen2(group, name.c_str(), H5P_DEFAULT), where + ": open");
  const Handle type = hdf5::type_handle(H5Dget_type(dataset), where + ": type");
  const Handle space = hdf5::space_handle(H5Dget_space(dataset), where + ": dataspace");
  Dataset result;
  result.shape = shape_of(space, where);
  const int64_t count = element_count(result.shape);
  const H5T_class_t kind = H5Tget_class(type);
  if (kind == H5T_STRING) {
    result.is_text = true;
    result.strings = read_strings(dataset, type, space, count, where);
    return result;
  }
  if (kind != H5T_INTEGER && kind != H5T_FLOAT)
    fail(where + ": neither numbers nor text (HDF5 type class " + std::to_string(static_cast<int>(kind)) + ")");
  const uint64_t claimed = static_cast<uint64_t>(count) * H5Tget_size(type);
  if (claimed > kMostCompression * hdf5::stored_bytes(dataset) + (uint64_t(1) << 20))
    fail(where + ": claims " + std::to_string(count) + " values but the file stores " +
         std::to_string(hdf5::stored_bytes(dataset)) + " bytes of them (truncated or damaged file)");
  result.is_integer = kind == H5T_INTEGER;
  result.numbers.resize(static_cast<size_t>(count));
  if (count > 0 && H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, result.numbers.data()) < 0)
    fail(where + ": unreadable values (truncated or damaged file)");
  return result;
}

H5O_type_t object_type(hid_t group, const std::string& name, const std::string& where) {
  H5O_info_t info{};
  if (H5Oget_info_by_name2(group, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) fail(where + ": unreadable object");
  return info.type;
}

std::string read_scalar_text(hid_t group, const std::string& name, const std::string& where) {
  const Dataset dataset = read_dataset(group, name, where);
  if (!dataset.is_text || dataset.strings.size() != 1) fail(where + ": expected one string");
  return dataset.strings[0];
}

std::vector<NirEdge> read_edges(hid_t group, const Place& place) {
  const std::string where = place.where("edges");
  const Dataset dataset = read_dataset(group, "edges", where);
  if (dataset.strings.empty() && dataset.numbers.empty()) return {};  // a graph without edges
  if (!dataset.is_text || dataset.shape.size() != 2 || dataset.shape[1] != 2)
    fail(where + ": expected pairs of node names, an array of strings of shape [edges, 2], found " +
         (dataset.is_text ? "strings" : "numbers") + " of shape " + shape_text(dataset.shape));
  std::vector<NirEdge> edges;
  for (size_t k = 0; k + 1 < dataset.strings.size(); k += 2) edges.emplace_back(dataset.strings[k], dataset.strings[k + 1]);
  return edges;
}

NirValue value_of(Dataset dataset, const std::string& where) {
  NirValue value;
  value.shape = std::move(dataset.shape);
  if (dataset.is_text) {
    if (dataset.strings.size() != 1) fail(where + ": an array of strings where a number or one string was expected");
    value.is_text = true;
    value.text = std::move(dataset.strings[0]);
  } else {
    value.numbers = std::move(dataset.numbers);
    value.is_integer = dataset.is_integer;
  }
  return value;
}

NirGraph read_graph(hid_t group, const Place& place, int depth);

NirNode read_node(hid_t group, const std::string& name, const Place& parent, int depth) {
  NirNode node;
  node.name = name;
  node.path = parent.path.empty() ? name : parent.path + "/" + name;
  const Place place{parent.file, node.path};
  const std::vector<std::string> members = hdf5::child_names(group);
  if (std::find(members.begin(), members.end(), "type") == members.end())
    fail(parent.file + ": node '" + node.path + "' has no 'type' dataset (every NIR node names its type)");
  node.type = read_scalar_text(group, "type", place.where("type"));
  for (const std::string& member : members) {
    if (member == "type" || member == "metadata") continue;  // metadata does not change what runs
    if (node.type == "NIRGraph" && (member == "nodes" || member == "edges")) continue;  // read by read_graph
    const std::string where = place.where(member);
    const H5O_type_t kind = object_type(group, member, where);
    if (kind == H5O_TYPE_DATASET) {
      node.parameters[member] = value_of(read_dataset(group, member, where), where);
    } else if (kind == H5O_TYPE_GROUP) {
      // A dictionary parameter such as Flatten's input_type {"input": shape}: its one array.
      const Handle child = hdf5::group_handle(H5Gopen2(group, member.c_str(), H5P_DEFAULT), where);
      const std::vector<std::string> inner = hdf5::child_names(child);
      if (inner.size() != 1 || object_type(child, inner[0], where) != H5O_TYPE_DATASET)
        fail(parent.file + ": " + node.describe() + ": group '" + member + "' is not a parameter (one array) this reader knows");
      node.parameters[member] = value_of(read_dataset(child, inner[0], where + "/" + inner[0]), where);
    }
  }
  if (node.type == "NIRGraph") node.graph = std::make_shared<NirGraph>(read_graph(group, place, depth + 1));
  return node;
}

NirGraph read_graph(hid_t group, const Place& place, int depth) {
  if (depth > kDeepestNesting) fail(place.file + ": graphs nested more than " + std::to_string(kDeepestNesting) + " deep at '" + place.path + "'");
  const std::vector<std::string> members = hdf5::child_names(group);
  const auto has = [&](const char* name) { return std::find(members.begin(), members.end(), name) != members.end(); };
  const std::string graph_name = place.path.empty() ? "the root graph" : "graph '" + place.path + "'";
  if (!has("nodes")) fail(place.file + ": " + graph_name + " has no 'nodes' group");
  NirGraph graph;
  graph.edges = has("edges") ? read_edges(group, place) : std::vector<NirEdge>{};
  const Handle nodes = hdf5::group_handle(H5Gopen2(group, "nodes", H5P_DEFAULT), place.where("nodes"));
  for (const std::string& name : hdf5::child_names(nodes)) {
    if (object_type(nodes, name, place.where("nodes/" + name)) != H5O_TYPE_GROUP)
      fail(place.file + ": " + graph_name + ": 'nodes/" + name + "' is not a node (a group)");
    const Handle node = hdf5::group_handle(H5Gopen2(nodes, name.c_str(), H5P_DEFAULT), place.where("nodes/" + name));
    graph.nodes.push_back(read_node(node, name, place, depth));
  }
  return graph;
}

}  // namespace

NirFile read_nir_file(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  if (H5Fis_hdf5(path.c_str()) <= 0) fail(path + ": not an HDF5 file (a NIR file is one), or missing, or truncated");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) fail(path + ": cannot be opened as HDF5 (truncated or damaged?)");
  const Handle file = hdf5::file_handle(id, path);
  NirFile result;
  result.path = path;
  const Place root{path, ""};
  const std::vector<std::string> members = hdf5::child_names(file);
  if (std::find(members.begin(), members.end(), "node") == members.end())
    fail(path + ": no '/node' group: not a NIR file (nir.write puts the graph there)");
  if (std::find(members.begin(), members.end(), "version") != members.end())
    result.version = read_scalar_text(file, "version", root.where("version"));
  if (!result.version.empty() && result.version[0] != '0' && result.version.rfind("1.", 0) != 0)
    fail(path + ": NIR version " + result.version + ", newer than this reader knows (0.x and 1.x)");
  const Handle node = hdf5::group_handle(H5Gopen2(file, "node", H5P_DEFAULT), path + ": /node");
  const std::string type = read_scalar_text(node, "type", root.where("node/type"));
  if (type != "NIRGraph") fail(path + ": the root node is a " + type + ", not a NIRGraph");
  result.graph = read_graph(node, root, 0);
  return result;
}

}  // namespace snn
