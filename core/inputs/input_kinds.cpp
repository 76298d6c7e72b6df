#include "core/inputs/input_kinds.hpp"

#include <utility>

namespace snn {
namespace {

template <typename... Kinds>
std::vector<InputKindInfo> infos_of(InputKindList<Kinds...>) {
  return {InputKindInfo{Kinds::kName, Kinds::kSummary, Kinds::kEvents,
                        std::vector<const char*>(Kinds::kKeys.begin(), Kinds::kKeys.end())}...};
}

template <typename... Kinds>
bool settings_named(InputKindList<Kinds...>, const std::string& name, InputSettings& settings) {
  return ((name == Kinds::kName ? (settings = Kinds{}, true) : false) || ...);
}

}  // namespace

const InputKindInfo& input_kind_info(InputKindId id) {
  static const std::vector<InputKindInfo> infos = infos_of(InputKinds{});
  return infos.at(id);
}

std::vector<std::string> input_kind_names() {
  std::vector<std::string> names;
  for (InputKindId k = 0; k < InputKinds::kCount; ++k) names.emplace_back(input_kind_info(k).name);
  return names;
}

bool input_settings_named(const std::string& name, InputSettings& settings) {
  return settings_named(InputKinds{}, name, settings);
}

std::string input_kinds_markdown() {
  std::string out = "| `type` | keys (besides `target`, `name`, `start`, `stop`) | what it injects |\n| --- | --- | --- |\n";
  for (InputKindId id = 0; id < InputKinds::kCount; ++id) {
    const InputKindInfo& k = input_kind_info(id);
    std::string keys;
    for (const char* key : k.keys) keys += (keys.empty() ? "`" : ", `") + std::string(key) + "`";
    out += std::string("| `") + k.name + "` | " + keys + " | " + k.summary + (k.events ? " (events)" : " (current)") + " |\n";
  }
  return out + "\n";
}

}  // namespace snn
