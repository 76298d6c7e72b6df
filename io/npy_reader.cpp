#include "io/npy_reader.hpp"

#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace snn {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& why) { throw std::runtime_error(path + ": " + why); }

// The value of `key` in the header dictionary, as written: "'<f4'", "False", "(3, 4)".
std::string header_value(const std::string& header, const std::string& key, const std::string& path) {
  const size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) fail(path, "the .npy header has no '" + key + "' (header: " + header + ")");
  size_t start = header.find(':', at);
  if (start == std::string::npos) fail(path, "the .npy header's '" + key + "' has no value");
  ++start;
  while (start < header.size() && header[start] == ' ') ++start;
  const char open = start < header.size() ? header[start] : '\0';
  const size_t end = open == '(' ? header.find(')', start) + 1 : open == '\'' ? header.find('\'', start + 1) + 1 : header.find_first_of(",}", start);
  if (end == std::string::npos || end == 0 || end <= start) fail(path, "the .npy header's '" + key + "' is not closed");
  return header.substr(start, end - start);
}

std::vector<int64_t> parse_shape(const std::string& text, const std::string& path) {
  std::vector<int64_t> shape;
  size_t k = 1;
  while (k < text.size() && text[k] != ')') {
    while (k < text.size() && (text[k] == ' ' || text[k] == ',')) ++k;
    if (k >= text.size() || text[k] == ')') break;
    size_t used = 0;
    long long dim = 0;
    try {
      dim = std::stoll(text.substr(k), &used);
    } catch (const std::exception&) {
      fail(path, "the .npy shape " + text + " is not a tuple of sizes");
    }
    if (dim < 0) fail(path, "the .npy shape " + text + " holds a negative size");
    shape.push_back(dim);
    k += used;
  }
  return shape;
}

template <typename T>
void convert(const char* bytes, size_t count, std::vector<float>& out) {
  out.resize(count);
  for (size_t k = 0; k < count; ++k) {
    T value;
    std::memcpy(&value, bytes + k * sizeof(T), sizeof(T));
    out[k] = static_cast<float>(value);
  }
}

}  // namespace

NpyArray read_npy(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) fail(path, "cannot open");
  char preamble[10] = {};
  file.read(preamble, 8);
  if (file.gcount() != 8 || std::memcmp(preamble, "\x93NUMPY", 6) != 0) fail(path, "not a .npy file (it does not begin with \\x93NUMPY)");
  const int major = static_cast<unsigned char>(preamble[6]);
  if (major < 1 || major > 3) fail(path, "a .npy format version " + std::to_string(major) + " this reader does not know (1 to 3)");
  uint32_t header_length = 0;
  unsigned char length_bytes[4] = {};
  file.read(reinterpret_cast<char*>(length_bytes), major == 1 ? 2 : 4);
  for (int k = (major == 1 ? 1 : 3); k >= 0; --k) header_length = header_length * 256 + length_bytes[k];
  if (!file || header_length > (1u << 20)) fail(path, "the .npy header's length is unreadable");
  std::string header(header_length, '\0');
  file.read(header.data(), header_length);
  if (static_cast<uint32_t>(file.gcount()) != header_length) fail(path, "the file ends inside its .npy header");
  const std::string descr = header_value(header, "descr", path);
  if (header_value(header, "fortran_order", path) != "False")
    fail(path, "the array is stored in Fortran order; save it in C order (numpy.ascontiguousarray)");
  NpyArray array;
  array.shape = parse_shape(header_value(header, "shape", path), path);
  uint64_t count = 1;
  for (int64_t d : array.shape) {
    if (d > 0 && count > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d)) fail(path, "the .npy shape is too large");
    count *= static_cast<uint64_t>(d);
  }
  struct Kind {
    const char* descr;
    size_t size;
    void (*convert)(const char*, size_t, std::vector<float>&);
  };
  static const Kind kinds[] = {{"'<f4'", 4, convert<float>},    {"'<f8'", 8, convert<double>},  {"'|u1'", 1, convert<uint8_t>},
                               {"'|b1'", 1, convert<uint8_t>},  {"'|i1'", 1, convert<int8_t>},  {"'<i2'", 2, convert<int16_t>},
                               {"'<u2'", 2, convert<uint16_t>}, {"'<i4'", 4, convert<int32_t>}, {"'<i8'", 8, convert<int64_t>}};
  const Kind* kind = nullptr;
  for (const Kind& k : kinds)
    if (descr == k.descr) kind = &k;
  if (kind == nullptr) fail(path, "a .npy of type " + descr + ", which this reader does not take (float32/64, bool, little-endian integers)");
  const std::streampos data_start = file.tellg();
  file.seekg(0, std::ios::end);
  const uint64_t available = static_cast<uint64_t>(file.tellg() - data_start);
  if (count > available / kind->size)
    fail(path, "the .npy shape needs " + std::to_string(count * kind->size) + " bytes of data but the file holds " + std::to_string(available) + " (truncated?)");
  file.seekg(data_start);
  std::vector<char> bytes(count * kind->size);
  file.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  kind->convert(bytes.data(), count, array.values);
  return array;
}

}  // namespace snn
