#pragma once
// The character vocabulary of SpikeGPT's character-level models: a JSON object from token id (as a
// string) to the character it stands for, {"0": "\n", "1": " ", ...}, as the reference's training
// writes it (UTF-16 with a byte-order mark) or in UTF-8.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace snn {

struct CharVocabulary {
  std::vector<std::string> pieces;        // by token id, each one UTF-8 character
  std::map<std::string, int32_t> ids;

  // Token ids of a UTF-8 text, one per character; throws naming the first character (and its
  // position) that the vocabulary lacks.
  std::vector<int32_t> encode(const std::string& text) const;
  const std::string& decode(int32_t id) const { return pieces.at(static_cast<size_t>(id)); }
};

CharVocabulary load_char_vocabulary(const std::string& path);

}  // namespace snn
