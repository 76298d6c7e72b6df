// The IDX loader on Debian's Fashion-MNIST, and on broken files.
#include "io/idx_reader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

namespace snn {
namespace {

const char* kFashionMnist = "/usr/share/datasets/fashion-mnist";

bool exists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0;
}

TEST(IdxReader, ReadsFashionMnist) {
  const std::string images = std::string(kFashionMnist) + "/t10k-images-idx3-ubyte.gz";
  const std::string labels = std::string(kFashionMnist) + "/t10k-labels-idx1-ubyte.gz";
  if (!exists(images)) GTEST_SKIP() << "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
  const IdxArray x = read_idx(images), y = read_idx(labels);
  EXPECT_EQ(x.dims, (std::vector<uint32_t>{10000, 28, 28}));
  EXPECT_EQ(x.item_size(), 784u);
  ASSERT_EQ(y.dims, (std::vector<uint32_t>{10000}));
  // Ten classes, 1000 test images each (Xiao et al. 2017).
  std::vector<int> per_class(10, 0);
  for (uint8_t label : y.data) {
    ASSERT_LT(label, 10);
    per_class[label] += 1;
  }
  for (int count : per_class) EXPECT_EQ(count, 1000);
  // Images are not blank: their mean intensity is that of clothing on black (about 73 of 255).
  double sum = 0;
  for (uint8_t v : x.data) sum += v;
  EXPECT_NEAR(sum / x.data.size(), 73.0, 5.0);
}

TEST(IdxReader, BrokenFilesAreReportedWithTheirOffset) {
  const std::string path = ::testing::TempDir() + "/bad.idx";
  std::ofstream(path, std::ios::binary) << std::string("\x00\x00\x08\x01\x00\x00\x00\x05" "abc", 11);
  try {
    read_idx(path);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("file ends inside its 5 data bytes"), std::string::npos) << e.what();
  }
  std::ofstream(path, std::ios::binary) << "PK not an idx";
  EXPECT_THROW(read_idx(path), std::runtime_error);
  EXPECT_THROW(read_idx("/nonexistent.idx"), std::runtime_error);
}

// Found by fuzzing: a header whose dimensions claim gigabytes (or wrap 64 bits) is refused with the
// offset where the file ends, having allocated no more than the file holds.
TEST(IdxReader, ClaimedSizesBeyondTheFileAreRefusedWithoutAllocatingThem) {
  const std::string path = ::testing::TempDir() + "/huge.idx";
  std::ofstream(path, std::ios::binary) << std::string("\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\xb1\x03\x00\x04\x00\x03" "abcd", 20);
  try {
    read_idx(path);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("file ends inside"), std::string::npos) << e.what();
  }
  std::ofstream(path, std::ios::binary) << std::string("\x00\x00\x08\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 16);
  try {
    read_idx(path);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("claim more than"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snn
