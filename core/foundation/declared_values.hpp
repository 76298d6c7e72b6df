#pragma once
// What neuron models and plasticity rules share in declaring their values: the ranges a value may
// take (checked when a network is built and written in the docs), and finding a value's slot in a
// declaration table by name at compile time.
#include <cmath>
#include <iterator>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace snn {

// Which values a parameter may take.
enum class ValueRange : uint8_t { kAny, kPositive, kNonNegative };

// "> 0", ">= 0", or "" where any finite value will do: as the docs and the messages write it.
constexpr const char* range_text(ValueRange range) {
  return range == ValueRange::kPositive ? "> 0" : range == ValueRange::kNonNegative ? ">= 0" : "";
}

// Whether a value is finite and within `range`.
inline bool within_range(double value, ValueRange range) {
  if (!std::isfinite(value)) return false;
  return range == ValueRange::kPositive ? value > 0.0 : range == ValueRange::kNonNegative ? value >= 0.0 : true;
}

constexpr bool same_name(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

// The slot of the entry called `name` in a declaration table (entries with a `name`); not a constant
// expression (so a compile error where it is used as one) when there is none.
template <typename Entry, size_t N>
constexpr int slot_of(const Entry (&entries)[N], const char* name) {
  for (size_t k = 0; k < N; ++k)
    if (same_name(entries[k].name, name)) return static_cast<int>(k);
  throw "no value of that name";
}

// The index of the entry called `name` in a table of declarations (entries with a `name`, such as the
// host's table of neuron models); std::invalid_argument listing them all when there is none.
template <typename Table>
size_t index_by_name(const Table& table, const std::string& name, const std::string& noun) {
  std::string all;
  for (size_t k = 0; k < std::size(table); ++k) {
    if (name == table[k].name) return k;
    all += (all.empty() ? "" : ", ") + std::string(table[k].name);
  }
  throw std::invalid_argument("no " + noun + " named '" + name + "'; known: " + all);
}

}  // namespace snn
