#pragma once
// The one list of input kinds. The loader, builder, both engines, the memory estimate and `snn models`
// read every kind from its declaration (input_kind_model.hpp says what a kind declares) through this
// list: a new kind is its header beside these and one entry below, and a kind left out of a visit does
// not compile.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/inputs/constant_current_input.hpp"
#include "core/inputs/direct_input.hpp"
#include "core/inputs/noise_current_input.hpp"
#include "core/inputs/poisson_input.hpp"
#include "core/inputs/step_current_input.hpp"

namespace snn {

template <typename... Kinds>
struct InputKindList {
  static constexpr uint32_t kCount = sizeof...(Kinds);
  using Settings = std::variant<Kinds...>;  // an input's kind and its settings, as the experiment gives them
};

using InputKinds = InputKindList<PoissonInput, ConstantCurrentInput, StepCurrentInput, NoiseCurrentInput, DirectInput>;
using InputSettings = InputKinds::Settings;

// Stands for kind K where no value of it is needed (in device code, where its settings cannot live).
template <typename K>
struct InputKindTag {
  using Kind = K;
};

namespace detail {
template <typename R, typename F, typename... Kinds>
SNN_HD R visit_input_in(InputKindList<Kinds...>, InputKindId id, F&& f) {
  R result{};
  InputKindId k = 0;
  (void)((id == k++ ? (result = f(InputKindTag<Kinds>{}), true) : false) || ...);
  return result;
}
}  // namespace detail

// Calls f(InputKindTag<Kind>{}) for the kind with id `id`; returns what it returns (an R).
template <typename R, typename F>
SNN_HD R visit_input_kind(InputKindId id, F&& f) {
  return detail::visit_input_in<R>(InputKinds{}, id, static_cast<F&&>(f));
}

// The id of the kind an input's settings hold.
inline InputKindId input_kind_id(const InputSettings& settings) { return static_cast<InputKindId>(settings.index()); }

// What the host knows of a kind, read from its declaration.
struct InputKindInfo {
  const char* name;
  const char* summary;
  bool events;
  std::vector<const char*> keys;
};

const InputKindInfo& input_kind_info(InputKindId id);
std::vector<std::string> input_kind_names();
// The settings of the kind named `name` (with their defaults), or false where no kind has that name.
bool input_settings_named(const std::string& name, InputSettings& settings);
// The kinds as `snn models` prints them and docs/experiment-schema.md holds them.
std::string input_kinds_markdown();

}  // namespace snn
