#include "io/char_vocabulary.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace snn {
namespace {

void append_utf8(std::string& out, uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// UTF-16 little-endian (after its byte-order mark) to UTF-8, surrogate pairs joined.
std::string utf16le_to_utf8(const std::string& bytes, const std::string& path) {
  std::string out;
  for (size_t k = 2; k + 1 < bytes.size(); k += 2) {
    uint32_t unit = static_cast<unsigned char>(bytes[k]) | static_cast<unsigned char>(bytes[k + 1]) << 8;
    if (unit >= 0xD800 && unit < 0xDC00) {
      if (k + 3 >= bytes.size()) throw std::runtime_error(path + ": byte " + std::to_string(k) + ": UTF-16 text ends inside a surrogate pair");
      const uint32_t low = static_cast<unsigned char>(bytes[k + 2]) | static_cast<unsigned char>(bytes[k + 3]) << 8;
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      k += 2;
    }
    append_utf8(out, unit);
  }
  return out;
}

size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  return 4;
}

}  // namespace

std::vector<int32_t> CharVocabulary::encode(const std::string& text) const {
  std::vector<int32_t> out;
  size_t position = 0;
  for (size_t k = 0; k < text.size(); ++position) {
    const size_t n = utf8_length(static_cast<unsigned char>(text[k]));
    const std::string character = text.substr(k, n);
    auto it = ids.find(character);
    if (it == ids.end())
      throw std::runtime_error("character " + std::to_string(position + 1) + " of the prompt ('" + character +
                               "') is not in the model's vocabulary");
    out.push_back(it->second);
    k += n;
  }
  return out;
}

CharVocabulary load_char_vocabulary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE)
    text = utf16le_to_utf8(text, path);
  nlohmann::json table;
  try {
    table = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(path + ": byte " + std::to_string(e.byte) + ": not a JSON vocabulary (" + e.what() + ")");
  } catch (const nlohmann::json::exception& e) {  // a number out of range, say
    throw std::runtime_error(path + ": not a JSON vocabulary (" + e.what() + ")");
  }
  if (!table.is_object()) throw std::runtime_error(path + ": expected a JSON object from token id to character");
  CharVocabulary vocabulary;
  vocabulary.pieces.resize(table.size());
  for (auto& [key, value] : table.items()) {
    size_t used = 0;
    long id = -1;
    try {
      id = std::stol(key, &used);
    } catch (const std::exception&) {
    }
    if (used != key.size() || id < 0 || static_cast<size_t>(id) >= table.size() || !value.is_string())
      throw std::runtime_error(path + ": entry \"" + key + "\": expected ids 0.." + std::to_string(table.size() - 1) +
                               " mapped to strings");
    vocabulary.pieces[id] = value.get<std::string>();
    vocabulary.ids[vocabulary.pieces[id]] = static_cast<int32_t>(id);
  }
  return vocabulary;
}

}  // namespace snn
