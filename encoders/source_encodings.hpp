#pragma once
// The one list of encodings an encoded source can use. Each is one header beside this one declaring its
// name, summary and keys, its settings and how they are read (`read`, through the loader's reader), the
// neurons it takes per value, what it sets in the view (`build`) and whether a neuron fires in a step
// (`fires`, on both engines). The loader, builder, engines and `snn models` read the encodings through
// this list: a new encoding is its header and one entry below.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "encoders/delta_encoding.hpp"
#include "encoders/latency_encoding.hpp"
#include "encoders/population_encoding.hpp"
#include "encoders/rate_encoding.hpp"

namespace snn {

template <typename... Encodings>
struct SourceEncodingList {
  static constexpr uint32_t kCount = sizeof...(Encodings);
  using Settings = std::variant<Encodings...>;
};

using SourceEncodings = SourceEncodingList<RateEncoding, LatencyEncoding, PopulationEncoding, DeltaEncoding>;
using SourceEncodingSettings = SourceEncodings::Settings;  // an encoding and its settings

namespace detail {
template <typename F, typename... Encodings>
SNN_HD bool visit_encoding_in(SourceEncodingList<Encodings...>, SourceEncodingId id, F&& f) {
  bool result = false;
  SourceEncodingId k = 0;
  (void)((id == k++ ? (result = f(static_cast<Encodings*>(nullptr)), true) : false) || ...);
  return result;
}
}  // namespace detail

// Calls f(static_cast<Encoding*>(nullptr)) for the encoding with id `id` (a pointer stands for the type
// where its settings cannot live: in device code) and returns what it returns.
template <typename F>
SNN_HD bool visit_source_encoding(SourceEncodingId id, F&& f) {
  return detail::visit_encoding_in(SourceEncodings{}, id, static_cast<F&&>(f));
}

inline SourceEncodingId source_encoding_id(const SourceEncodingSettings& settings) {
  return static_cast<SourceEncodingId>(settings.index());
}

struct SourceEncodingInfo {
  const char* name;
  const char* summary;
  std::vector<const char*> keys;
};

const SourceEncodingInfo& source_encoding_info(SourceEncodingId id);
std::vector<std::string> source_encoding_names();
// The settings of the encoding named `name` (with their defaults), or false where none has that name.
bool source_encoding_named(const std::string& name, SourceEncodingSettings& settings);
// The encodings as `snn models` prints them and docs/experiment-schema.md holds them.
std::string source_encodings_markdown();

}  // namespace snn
