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

}  // namespace snn
