#pragma once
// The safetensors format of PyTorch and Hugging Face models: an 8-byte little-endian header length,
// a JSON header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
// Tensors are read as float (F32, F16, BF16 and F64 converted; integer tensors such as token ids too,
// when every value is exactly representable), so that a model trained in PyTorch loads here.
#include <map>
#include <string>

#include "models/tensor.hpp"

namespace snn {

struct SafetensorsFile {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, std::string> dtypes;    // each tensor's dtype in the file ("F32", "BF16", ...)
  std::map<std::string, std::string> metadata;  // the header's "__metadata__" strings
};

// Throws std::runtime_error naming the file and what is wrong (the header's byte for JSON errors,
// the tensor for a bad dtype, shape or byte range).
SafetensorsFile read_safetensors(const std::string& path);
// The header's metadata alone (the tensors' data left unread), checked as read_safetensors checks it.
std::map<std::string, std::string> read_safetensors_metadata(const std::string& path);

// Writes float tensors as F32 (names in sorted order, as the reference writer lays them out).
void write_safetensors(const std::string& path, const std::map<std::string, Tensor>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace snn
