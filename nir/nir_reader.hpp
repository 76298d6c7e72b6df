#pragma once
// Reads a NIR file (HDF5, as the `nir` package's nir.write writes it: /version, /node with the root
// graph's type, nodes and edges) into a NirFile. Checks only what reading needs (a type on every node,
// numeric or string datasets, edges as pairs of names); nir_checks.hpp checks the rest.
#include <string>

#include "nir/nir_graph.hpp"

namespace snn {

// Throws NirError naming the file and, where it applies, the node and dataset.
NirFile read_nir_file(const std::string& path);

}  // namespace snn
