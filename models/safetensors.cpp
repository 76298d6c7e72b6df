#include "models/safetensors.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <fstream>
#include <stdexcept>

namespace snn {
namespace {

// The format allows headers up to 100 MB; a larger length means a file that is not safetensors.
constexpr uint64_t kMaxHeaderBytes = 100u * 1000u * 1000u;

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h >> 15) << 31;
  const uint32_t exponent = (h >> 10) & 0x1f;
  const uint32_t mantissa = h & 0x3ff;
  if (exponent == 0) {  // zero or subnormal: mantissa x 2^-24, exact in float
    const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  uint32_t bits = sign | ((exponent == 0x1f ? 0xffu : exponent + 112u) << 23) | (mantissa << 13);
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

float bfloat16_to_float(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

template <typename T>
T load(const unsigned char* p) {
  T value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

size_t dtype_bytes(const std::string& dtype) {
  if (dtype == "F32" || dtype == "I32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16") return 2;
  if (dtype == "F64" || dtype == "I64") return 8;
  if (dtype == "U8" || dtype == "I8" || dtype == "BOOL") return 1;
  return 0;
}

// Converts n values of `dtype` at `p`; integers larger than float's 24-bit mantissa are refused.
void convert(const std::string& dtype, const unsigned char* p, size_t n, float* out,
             const std::function<void(const std::string&)>& fail) {
  auto exact_integer = [&](int64_t v) {
    if (v > (int64_t{1} << 24) || v < -(int64_t{1} << 24))
      fail("integer value " + std::to_string(v) + " cannot be held exactly as float");
    return static_cast<float>(v);
  };
  for (size_t k = 0; k < n; ++k) {
    if (dtype == "F32") out[k] = load<float>(p + 4 * k);
    else if (dtype == "F16") out[k] = half_to_float(load<uint16_t>(p + 2 * k));
    else if (dtype == "BF16") out[k] = bfloat16_to_float(load<uint16_t>(p + 2 * k));
    else if (dtype == "F64") out[k] = static_cast<float>(load<double>(p + 8 * k));
    else if (dtype == "I64") out[k] = exact_integer(load<int64_t>(p + 8 * k));
    else if (dtype == "I32") out[k] = exact_integer(load<int32_t>(p + 4 * k));
    else if (dtype == "I16") out[k] = load<int16_t>(p + 2 * k);
    else if (dtype == "I8") out[k] = load<int8_t>(p + k);
    else out[k] = p[k];  // U8, BOOL
  }
}

// The file opened and its JSON header parsed; `in` left at the first byte of tensor data.
nlohmann::json read_header(const std::string& path, std::ifstream& in, uint64_t& file_bytes, uint64_t& header_bytes) {
  in.open(path, std::ios::binary | std::ios::ate);
  if (!in) throw std::runtime_error(path + ": cannot open");
  file_bytes = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  auto fail = [&](const std::string& what) { throw std::runtime_error(path + ": " + what); };
  if (file_bytes < 8) fail("not a safetensors file (shorter than its 8-byte header length)");
  unsigned char length_bytes[8];
  in.read(reinterpret_cast<char*>(length_bytes), 8);
  header_bytes = 0;
  for (int k = 7; k >= 0; --k) header_bytes = header_bytes << 8 | length_bytes[k];
  if (header_bytes > kMaxHeaderBytes || header_bytes > file_bytes - 8)
    fail("not a safetensors file (its header length " + std::to_string(header_bytes) + " exceeds the file's " +
         std::to_string(file_bytes) + " bytes)");
  std::string header_text(header_bytes, '\0');
  in.read(header_text.data(), static_cast<std::streamsize>(header_bytes));
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(header_text);
  } catch (const nlohmann::json::parse_error& e) {
    fail("header byte " + std::to_string(8 + e.byte) + ": the JSON header does not parse (" + e.what() + ")");
  } catch (const nlohmann::json::exception& e) {  // a number out of range, say
    fail(std::string("the JSON header does not parse (") + e.what() + ")");
  }
  if (!header.is_object()) fail("the JSON header is not an object of tensors");
  return header;
}

// The header's "__metadata__" strings into `metadata`.
void read_metadata(const std::string& path, const nlohmann::json& entry, std::map<std::string, std::string>& metadata) {
  if (!entry.is_object()) throw std::runtime_error(path + ": \"__metadata__\" is not an object of strings");
  for (auto& [key, value] : entry.items()) {
    if (!value.is_string()) throw std::runtime_error(path + ": metadata \"" + key + "\" is not a string");
    metadata[key] = value.get<std::string>();
  }
}

}  // namespace

std::map<std::string, std::string> read_safetensors_metadata(const std::string& path) {
  std::ifstream in;
  uint64_t file_bytes = 0, header_bytes = 0;
  const nlohmann::json header = read_header(path, in, file_bytes, header_bytes);
  std::map<std::string, std::string> metadata;
  if (const auto found = header.find("__metadata__"); found != header.end()) read_metadata(path, *found, metadata);
  return metadata;
}

SafetensorsFile read_safetensors(const std::string& path) {
  std::ifstream in;
  uint64_t file_bytes = 0, header_bytes = 0;
  const nlohmann::json header = read_header(path, in, file_bytes, header_bytes);
  auto fail = [&](const std::string& what) { throw std::runtime_error(path + ": " + what); };

  const uint64_t data_begin = 8 + header_bytes;
  const uint64_t data_bytes = file_bytes - data_begin;
  std::vector<unsigned char> data(data_bytes);
  in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data_bytes));
  if (!in) fail("cannot read the tensor data");

  SafetensorsFile file;
  struct ByteRange {
    uint64_t begin, end;
    std::string name;
  };
  std::vector<ByteRange> ranges;
  for (auto& [name, entry] : header.items()) {
    if (name == "__metadata__") {
      read_metadata(path, entry, file.metadata);
      continue;
    }
    const std::string tensor_name = name;  // (a lambda cannot capture a structured binding before C++20)
    auto tensor_fail = [&](const std::string& what) { fail("tensor \"" + tensor_name + "\": " + what); };
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
      tensor_fail("expected an object with \"dtype\", \"shape\" and \"data_offsets\"");
    if (!entry["dtype"].is_string()) tensor_fail("\"dtype\" is not a string");
    const std::string dtype = entry["dtype"].get<std::string>();
    const size_t element_bytes = dtype_bytes(dtype);
    if (element_bytes == 0)
      tensor_fail("dtype " + dtype + " is not supported (expected F32, F16, BF16, F64, I64, I32, I16, I8, U8 or BOOL)");
    Tensor tensor;
    if (!entry["shape"].is_array()) tensor_fail("the shape is not a list of sizes");
    uint64_t count = 1;  // checked as it grows: no shape may claim more values than the data hold
    for (const auto& d : entry["shape"]) {
      if (!d.is_number_integer() || d.get<int64_t>() < 0) tensor_fail("the shape holds something other than sizes");
      const uint64_t size = d.get<uint64_t>();
      if (size != 0 && count > data_bytes / size) tensor_fail("the shape claims more values than the file's data hold");
      count *= size;
      tensor.shape.push_back(d.get<int64_t>());
    }
    const auto& offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
      tensor_fail("\"data_offsets\" is not a pair of byte offsets");
    const uint64_t begin = offsets[0].get<uint64_t>(), end = offsets[1].get<uint64_t>();
    if (begin > end || end > data_bytes)
      tensor_fail("bytes [" + std::to_string(begin) + ", " + std::to_string(end) + ") lie outside the " +
                  std::to_string(data_bytes) + " data bytes");
    if (count * element_bytes != end - begin)
      tensor_fail("shape " + shape_text(tensor.shape) + " of " + dtype + " needs " + std::to_string(count * element_bytes) +
                  " bytes, its range holds " + std::to_string(end - begin));
    tensor.values.resize(count);
    convert(dtype, data.data() + begin, count, tensor.values.data(), tensor_fail);
    file.dtypes[name] = dtype;
    file.tensors.emplace(name, std::move(tensor));
    ranges.push_back({begin, end, name});
  }
  // The format lays tensors side by side: two claiming the same bytes is a damaged or crafted file.
  std::sort(ranges.begin(), ranges.end(), [](const ByteRange& a, const ByteRange& b) { return a.begin < b.begin; });
  for (size_t k = 1; k < ranges.size(); ++k)
    if (ranges[k].begin < ranges[k - 1].end && ranges[k].end > ranges[k].begin)
      fail("tensors \"" + ranges[k - 1].name + "\" and \"" + ranges[k].name + "\" claim the same bytes");
  return file;
}

void write_safetensors(const std::string& path, const std::map<std::string, Tensor>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    const uint64_t bytes = tensor.values.size() * sizeof(float);
    header[name] = {{"dtype", "F32"}, {"shape", tensor.shape}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // the data then starts 8-byte aligned
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error(path + ": cannot create");
  unsigned char length_bytes[8];
  for (int k = 0; k < 8; ++k) length_bytes[k] = static_cast<unsigned char>(static_cast<uint64_t>(text.size()) >> (8 * k));
  out.write(reinterpret_cast<const char*>(length_bytes), 8);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  for (const auto& entry : tensors)
    out.write(reinterpret_cast<const char*>(entry.second.values.data()),
              static_cast<std::streamsize>(entry.second.values.size() * sizeof(float)));
  if (!out) throw std::runtime_error(path + ": cannot write");
}

}  // namespace snn
