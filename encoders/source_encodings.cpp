#include "encoders/source_encodings.hpp"

namespace snn {
namespace {

template <typename... Encodings>
std::vector<SourceEncodingInfo> infos_of(SourceEncodingList<Encodings...>) {
  return {SourceEncodingInfo{Encodings::kName, Encodings::kSummary,
                             std::vector<const char*>(Encodings::kKeys.begin(), Encodings::kKeys.end())}...};
}

template <typename... Encodings>
bool named(SourceEncodingList<Encodings...>, const std::string& name, SourceEncodingSettings& settings) {
  return ((name == Encodings::kName ? (settings = Encodings{}, true) : false) || ...);
}

}  // namespace

const SourceEncodingInfo& source_encoding_info(SourceEncodingId id) {
  static const std::vector<SourceEncodingInfo> infos = infos_of(SourceEncodings{});
  return infos.at(id);
}

std::vector<std::string> source_encoding_names() {
  std::vector<std::string> names;
  for (SourceEncodingId k = 0; k < SourceEncodings::kCount; ++k) names.emplace_back(source_encoding_info(k).name);
  return names;
}

bool source_encoding_named(const std::string& name, SourceEncodingSettings& settings) {
  return named(SourceEncodings{}, name, settings);
}

std::string source_encodings_markdown() {
  std::string out = "| `type` | keys | encoding |\n| --- | --- | --- |\n";
  for (SourceEncodingId id = 0; id < SourceEncodings::kCount; ++id) {
    const SourceEncodingInfo& e = source_encoding_info(id);
    std::string keys;
    for (const char* key : e.keys) keys += (keys.empty() ? "`" : ", `") + std::string(key) + "`";
    out += std::string("| `") + e.name + "` | " + keys + " | " + e.summary + " |\n";
  }
  return out + "\n";
}

}  // namespace snn
