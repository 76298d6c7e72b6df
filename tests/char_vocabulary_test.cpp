// Character vocabularies (id -> character, as SpikeGPT's JSON files give them): read, used to encode a
// prompt, and refused with a message when malformed.
#include <gtest/gtest.h>

#include <fstream>

#include "io/char_vocabulary.hpp"

namespace snn {
namespace {

std::string written(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string error_of(const std::string& path) {
  try {
    load_char_vocabulary(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(CharVocabulary, EncodesAPromptById) {
  const CharVocabulary v = load_char_vocabulary(written("vocab.json", R"({"0": "\n", "1": "a", "2": "b"})"));
  EXPECT_EQ(v.encode("ab\na"), (std::vector<int32_t>{1, 2, 0, 1}));
  EXPECT_THROW(v.encode("c"), std::runtime_error);
}

// The last case was found by fuzzing: a number beyond a double escaped as a JSON library exception.
TEST(CharVocabulary, MalformedFilesAreRefusedWithTheReason) {
  EXPECT_NE(error_of(written("v1.json", "[1, 2]")).find("expected a JSON object"), std::string::npos);
  EXPECT_NE(error_of(written("v2.json", R"({"0": "a", "5": "b"})")).find("expected ids 0..1"), std::string::npos);
  EXPECT_NE(error_of(written("v3.json", R"({"0": "a")")).find("not a JSON vocabulary"), std::string::npos);
  EXPECT_NE(error_of(written("v4.json", R"({"0":3333333E3333333333333E333332)")).find("not a JSON vocabulary"), std::string::npos);
}

}  // namespace
}  // namespace snn
