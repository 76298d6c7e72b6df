#pragma once
// Each NIR node type's parameters checked and made into an op: its kind, float arrays, window and
// output shape, from the shape of what flows into it (or, where nothing does, from its parameters).
#include <string>

#include "nir/nir_program.hpp"

namespace snn {

// `input_shape` is null where no edge has brought a shape yet. `where` prefixes messages (the file).
// Throws NirError naming the node, its type and the reason.
NirOp make_nir_op(const NirNode& node, const TensorShape* input_shape, double dt, const std::string& where);

// The kind of a node type this engine runs; throws NirError for any other type.
NirOpKind nir_op_kind(const NirNode& node, const std::string& where);

}  // namespace snn
