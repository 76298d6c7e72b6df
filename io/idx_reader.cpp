#include "io/idx_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace snn {

uint64_t IdxArray::item_size() const {
  uint64_t size = 1;
  for (size_t k = 1; k < dims.size(); ++k) size *= dims[k];
  return size;
}

// More than any dataset an encoder presents (Fashion-MNIST's training images are 47 MB).
constexpr uint64_t kMostIdxBytes = uint64_t(1) << 36;

IdxArray read_idx(const std::string& path) {
  // gzread reads uncompressed files unchanged, so one path serves both.
  std::unique_ptr<gzFile_s, int (*)(gzFile)> in(gzopen(path.c_str(), "rb"), gzclose);
  if (!in) throw std::runtime_error(path + ": cannot open");
  uint64_t offset = 0;
  auto fail = [&](const std::string& what) {
    throw std::runtime_error(path + ": byte " + std::to_string(offset) + ": " + what);
  };
  auto read = [&](void* into, uint64_t bytes, const char* what) {
    auto* cursor = static_cast<unsigned char*>(into);
    while (bytes > 0) {
      const unsigned chunk = static_cast<unsigned>(std::min<uint64_t>(bytes, 1u << 30));
      const int got = gzread(in.get(), cursor, chunk);
      if (got <= 0) fail(std::string("file ends inside ") + what);
      cursor += got;
      bytes -= static_cast<uint64_t>(got);
      offset += static_cast<uint64_t>(got);
    }
  };
  unsigned char header[4];
  read(header, 4, "the IDX header");
  offset = 0;
  if (header[0] != 0 || header[1] != 0) fail("not an IDX file (it must start with two zero bytes)");
  offset = 2;
  if (header[2] != 0x08) fail("only unsigned-byte IDX data (type 0x08) is supported, found type " + std::to_string(header[2]));
  offset = 3;
  if (header[3] == 0) fail("an IDX array needs at least one dimension");
  offset = 4;
  IdxArray array;
  uint64_t count = 1;
  for (int d = 0; d < header[3]; ++d) {
    unsigned char b[4];
    read(b, 4, "the dimensions");
    const uint32_t size = (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3];
    array.dims.push_back(size);
    if (size != 0 && count > kMostIdxBytes / size)
      fail("the dimensions claim more than " + std::to_string(kMostIdxBytes) + " bytes of data");
    count *= size;
  }
  // The data grow as they are read, so that a header claiming more than the file holds costs no more
  // memory than the file.
  const std::string what = "its " + std::to_string(count) + " data bytes";
  constexpr uint64_t kPiece = uint64_t(1) << 24;
  while (array.data.size() < count) {
    const uint64_t done = array.data.size(), piece = std::min(kPiece, count - done);
    array.data.resize(done + piece);
    read(array.data.data() + done, piece, what.c_str());
  }
  unsigned char extra;
  if (gzread(in.get(), &extra, 1) > 0) fail("unexpected bytes after the data");
  return array;
}

}  // namespace snn
