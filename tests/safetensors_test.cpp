// The safetensors reader: round trips, half-precision conversions against hand-encoded bits, and
// broken files reported with what is wrong; the parameter binding's one error for a checkpoint that
// does not fit.
#include "models/safetensors.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>

#include "models/parameter_binding.hpp"

namespace snn {
namespace {

std::string temp_file(const std::string& name) { return ::testing::TempDir() + "/" + name; }

// A file with the given JSON header and data bytes, laid out as the format says.
void write_raw(const std::string& path, const std::string& header, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  const uint64_t n = header.size();
  for (int k = 0; k < 8; ++k) out.put(static_cast<char>(n >> (8 * k)));
  out << header << data;
}

std::string error_of(const std::string& path) {
  try {
    read_safetensors(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Safetensors, WrittenTensorsReadBackWithShapesAndMetadata) {
  Tensor a({2, 3});
  for (int k = 0; k < 6; ++k) a.values[k] = 0.5f * k - 1.0f;
  Tensor b({4}, 7.25f);
  const std::string path = temp_file("roundtrip.safetensors");
  write_safetensors(path, {{"layer.weight", a}, {"bias", b}}, {{"format", "pt"}});
  const SafetensorsFile file = read_safetensors(path);
  ASSERT_EQ(file.tensors.size(), 2u);
  EXPECT_EQ(file.tensors.at("layer.weight").shape, (TensorShape{2, 3}));
  EXPECT_EQ(file.tensors.at("layer.weight").values, a.values);
  EXPECT_EQ(file.tensors.at("bias").values, b.values);
  EXPECT_EQ(file.dtypes.at("bias"), "F32");
  EXPECT_EQ(file.metadata.at("format"), "pt");
}

TEST(Safetensors, HalfPrecisionAndIntegersConvertExactly) {
  // F16: 1.0 = 0x3C00, -2.5 = 0xC100, 2^-24 (smallest subnormal) = 0x0001, 65504 = 0x7BFF.
  // BF16: 1.0 = 0x3F80, -2.5 = 0xC020. I64: token ids.
  const uint16_t half[] = {0x3C00, 0xC100, 0x0001, 0x7BFF};
  const uint16_t brain[] = {0x3F80, 0xC020};
  const int64_t ids[] = {0, 76, 50276};
  std::string data(reinterpret_cast<const char*>(half), sizeof half);
  data += std::string(reinterpret_cast<const char*>(brain), sizeof brain);
  data += std::string(reinterpret_cast<const char*>(ids), sizeof ids);
  const std::string header =
      R"({"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[1,2],"data_offsets":[8,12]},)"
      R"("ids":{"dtype":"I64","shape":[3],"data_offsets":[12,36]}})";
  const std::string path = temp_file("half.safetensors");
  write_raw(path, header, data);
  const SafetensorsFile file = read_safetensors(path);
  EXPECT_EQ(file.tensors.at("h").values, (std::vector<float>{1.0f, -2.5f, 5.9604645e-8f, 65504.0f}));
  EXPECT_EQ(file.tensors.at("b").values, (std::vector<float>{1.0f, -2.5f}));
  EXPECT_EQ(file.tensors.at("b").shape, (TensorShape{1, 2}));
  EXPECT_EQ(file.tensors.at("ids").values, (std::vector<float>{0.0f, 76.0f, 50276.0f}));
}

TEST(Safetensors, BrokenFilesSayWhatIsWrong) {
  const std::string path = temp_file("broken.safetensors");
  std::ofstream(path, std::ios::binary) << "abc";
  EXPECT_NE(error_of(path).find("shorter than its 8-byte header length"), std::string::npos) << error_of(path);
  write_raw(path, R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})", std::string(8, '\0'));  // no closing brace
  EXPECT_NE(error_of(path).find("header byte"), std::string::npos) << error_of(path);
  write_raw(path, R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::string(8, '\0'));
  EXPECT_NE(error_of(path).find("tensor \"x\": shape [3] of F32 needs 12 bytes, its range holds 8"), std::string::npos)
      << error_of(path);
  write_raw(path, R"({"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", std::string(8, '\0'));
  EXPECT_NE(error_of(path).find("lie outside the 8 data bytes"), std::string::npos) << error_of(path);
  write_raw(path, R"({"x":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}})", std::string(8, '\0'));
  EXPECT_NE(error_of(path).find("dtype C64 is not supported"), std::string::npos) << error_of(path);
  write_raw(path, R"({"x":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", std::string("\xff\xff\xff\xff\xff\x00\x00\x00", 8));
  EXPECT_NE(error_of(path).find("cannot be held exactly as float"), std::string::npos) << error_of(path);
  // A length prefix larger than the file: not safetensors at all (an HDF5 file, say).
  std::ofstream(path, std::ios::binary) << "\x89HDF\r\n\x1a\n and more";
  EXPECT_NE(error_of(path).find("not a safetensors file"), std::string::npos) << error_of(path);
  EXPECT_NE(error_of("/nonexistent.safetensors").find("cannot open"), std::string::npos);
}

// Found by fuzzing and by a tester: shapes whose product wraps, tensors sharing bytes, numbers beyond
// 64 bits in the header.
TEST(Safetensors, CraftedHeadersAreRefused) {
  const std::string path = temp_file("crafted.safetensors");
  write_raw(path, R"({"x":{"dtype":"U8","shape":[4611686018427387904,4],"data_offsets":[0,0]}})", std::string(8, '\0'));
  EXPECT_NE(error_of(path).find("claims more values than"), std::string::npos) << error_of(path);
  write_raw(path, R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
            std::string(8, '\0'));
  EXPECT_NE(error_of(path).find("claim the same bytes"), std::string::npos) << error_of(path);
  write_raw(path, R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4e999]}})", std::string(8, '\0'));
  EXPECT_NE(error_of(path).find("does not parse"), std::string::npos) << error_of(path);
}

TEST(ParameterBinding, ListsEveryMissingMisshapedAndUnexpectedTensor) {
  std::map<std::string, Tensor> tensors{{"a.weight", Tensor({4, 3})},
                                        {"a.mix", Tensor({1, 1, 3})},
                                        {"b.weight", Tensor({2, 2})},
                                        {"stray", Tensor({5})}};
  ParameterBinding binding(tensors, "model.safetensors");
  EXPECT_EQ(binding.take("a.weight", {4, 3}).shape, (TensorShape{4, 3}));
  EXPECT_EQ(binding.take("a.mix", {3}).shape, (TensorShape{3}));  // PyTorch's [1, 1, d] taken as [d]
  binding.take("b.weight", {3, 2});
  binding.take("c.weight", {3});
  try {
    binding.finish();
    FAIL() << "expected the binding to fail";
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("model.safetensors: the weights do not fit the model (3 problems)"), std::string::npos) << m;
    EXPECT_NE(m.find("tensor \"b.weight\" has shape [2, 2], expected [3, 2]"), std::string::npos) << m;
    EXPECT_NE(m.find("missing tensor \"c.weight\" of shape [3]"), std::string::npos) << m;
    EXPECT_NE(m.find("unexpected tensor \"stray\" of shape [5]"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace snn
