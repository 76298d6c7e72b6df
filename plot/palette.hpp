#pragma once
// Series styles that stay apart for readers with colour-vision deficiencies and in grayscale print:
// the Okabe-Ito colours (distinct under protanopia, deuteranopia and tritanopia), ordered so that
// neighbours differ in lightness, each paired with its own dash pattern for lines. Filled areas (bars,
// shares) take a sequential ramp of falling lightness instead, which grayscale keeps in order.
#include <cstddef>

namespace snn::plot {

struct SeriesStyle {
  const char* color;
  const char* dashes;  // SVG stroke-dasharray; "" for a solid line
};

inline SeriesStyle series_style(size_t index) {
  static constexpr SeriesStyle kStyles[] = {
      {"#0072B2", ""},        {"#E69F00", "7 3"},   {"#009E73", "2 2"},     {"#D55E00", "9 3 2 3"},
      {"#56B4E9", "4 2 1 2"}, {"#000000", "1 3"},   {"#CC79A7", "12 4"},    {"#999933", "6 2 2 2 2 2"},
  };
  return kStyles[index % (sizeof kStyles / sizeof *kStyles)];
}

// Fill number `index` of `count` areas, spread over the viridis ramp from light to dark: its lightness
// falls steadily, so the order survives grayscale and every common colour-vision deficiency.
inline const char* area_fill(size_t index, size_t count) {
  static constexpr const char* kRamp[] = {"#fde725", "#c2df23", "#86d549", "#52c569", "#2ab07f", "#1e9b8a",
                                          "#25858e", "#2d708e", "#38588c", "#433e85", "#482173", "#440154"};
  constexpr size_t n = sizeof kRamp / sizeof *kRamp;
  if (count <= 1) return kRamp[n / 2];
  return kRamp[index * (n - 1) / (count - 1) % n];
}

}  // namespace snn::plot
