#pragma once
// Writes a NirFile as the `nir` package's nir.write does (HDF5: /version, /node with the root graph's
// type, nodes and edges; strings variable-length UTF-8, numbers float32 or int64), so that nir.read
// and the frameworks' importers read it.
#include <string>

#include "nir/nir_graph.hpp"

namespace snn {

// Throws NirError when the file cannot be written.
void write_nir_file(const std::string& path, const NirFile& file);

// The NIR version this writer declares.
inline constexpr const char* kNirWriterVersion = "1.0.6";

}  // namespace snn
