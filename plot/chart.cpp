#include "plot/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "plot/palette.hpp"

namespace snn::plot {
namespace {

constexpr double kLeft = 70, kRight = 18, kTop = 30, kBottom = 46, kSlantRoom = 70;
constexpr double kLegendRow = 18;

// Coordinates with two decimals: a raster of 50,000 spikes stays a few hundred kilobytes.
std::string px(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", v);
  std::string s = text;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

struct Frame {
  AxisRange x, y;
  double left, top, width, height;
  double bar_spacing = 1;  // the closest two bars of any series (x units): bars side by side never overlap
  double sx(double v) const { return left + x.fraction(v) * width; }
  double sy(double v) const { return top + (1 - y.fraction(v)) * height; }
};

double bottom_room(const Chart& c) { return kBottom + (c.x_labels_slanted ? kSlantRoom : 0); }

// The data's extent on each axis (bars and histograms start from zero on a linear axis).
void extent(const Chart& c, double& x0, double& x1, double& y0, double& y1) {
  const double inf = std::numeric_limits<double>::infinity();
  x0 = y0 = inf;
  x1 = y1 = -inf;
  auto take = [](double v, double& lo, double& hi, Scale s) {
    if (!std::isfinite(v) || (s == Scale::kLog && !(v > 0))) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  };
  for (const Series& s : c.series) {
    for (double v : s.x) take(v, x0, x1, c.x_scale);
    for (double v : s.y) take(v, y0, y1, c.y_scale);
    if ((s.kind == Series::Kind::kBars || s.kind == Series::Kind::kSteps) && c.y_scale == Scale::kLinear) take(0, y0, y1, c.y_scale);
    if (s.kind == Series::Kind::kBars && s.x.size() >= 1) {  // room for the outer bars' halves
      take(s.x.front() - 0.5, x0, x1, c.x_scale);
      take(s.x.back() + 0.5, x0, x1, c.x_scale);
    }
  }
  for (const Rule& r : c.rules) take(r.x, x0, x1, c.x_scale);
}

Frame frame_of(const Chart& c) {
  double x0, x1, y0, y1;
  extent(c, x0, x1, y0, y1);
  if (c.x_low) x0 = *c.x_low;
  if (c.x_high) x1 = *c.x_high;
  if (c.y_low) y0 = *c.y_low;
  if (c.y_high) y1 = *c.y_high;
  Frame f;
  f.x = fit_range(x0, x1, c.x_scale);
  f.y = fit_range(y0, y1, c.y_scale);
  // Fixed ends are kept as given, not rounded outwards.
  if (c.x_low && c.x_high && *c.x_high > *c.x_low) f.x.low = *c.x_low, f.x.high = *c.x_high;
  if (c.y_low && c.y_high && *c.y_high > *c.y_low) f.y.low = *c.y_low, f.y.high = *c.y_high;
  if (!c.x_ticks.empty() && !c.x_low && c.x_scale == Scale::kLinear) {  // categories: no rounding outwards
    f.x.low = std::min(x0, c.x_ticks.front().value - 0.5);
    f.x.high = std::max(x1, c.x_ticks.back().value + 0.5);
  }
  std::vector<double> bars;
  for (const Series& s : c.series)
    if (s.kind == Series::Kind::kBars) bars.insert(bars.end(), s.x.begin(), s.x.end());
  std::sort(bars.begin(), bars.end());
  for (size_t k = 1; k < bars.size(); ++k)
    if (bars[k] > bars[k - 1]) f.bar_spacing = std::min(f.bar_spacing, bars[k] - bars[k - 1]);
  f.left = kLeft;
  f.top = kTop;
  f.width = c.width - kLeft - kRight;
  f.height = c.height - kTop - bottom_room(c);
  return f;
}

// A long line kept to at most two points (its lowest and highest) per pixel column, so that spikes and
// peaks survive while the SVG stays small. x must be ascending, as time series are.
std::vector<std::pair<double, double>> thinned(const Series& s, const Frame& f) {
  std::vector<std::pair<double, double>> out;
  const size_t n = std::min(s.x.size(), s.y.size());
  const bool sorted = std::is_sorted(s.x.begin(), s.x.begin() + static_cast<std::ptrdiff_t>(n));
  if (n <= 4 * static_cast<size_t>(f.width) || !sorted) {
    for (size_t k = 0; k < n; ++k) out.emplace_back(f.sx(s.x[k]), f.sy(s.y[k]));
    return out;
  }
  long column = std::numeric_limits<long>::min();
  size_t low = 0, high = 0;
  auto emit = [&] {
    const size_t a = std::min(low, high), b = std::max(low, high);
    out.emplace_back(f.sx(s.x[a]), f.sy(s.y[a]));
    if (b != a) out.emplace_back(f.sx(s.x[b]), f.sy(s.y[b]));
  };
  for (size_t k = 0; k < n; ++k) {
    const long c = static_cast<long>(std::floor(f.sx(s.x[k])));
    if (c != column) {
      if (column != std::numeric_limits<long>::min()) emit();
      column = c;
      low = high = k;
    }
    if (s.y[k] < s.y[low]) low = k;
    if (s.y[k] > s.y[high]) high = k;
  }
  if (n > 0) emit();
  return out;
}

// Markers differ in shape as well as colour (circle, square, triangle, diamond), so that series stay
// apart in grayscale.
std::string marker_path(size_t style, double x, double y) {
  const double r = 4;
  switch (style % 4) {
    case 0:
      return "M" + px(x - r) + " " + px(y) + "a" + px(r) + " " + px(r) + " 0 1 0 " + px(2 * r) + " 0a" + px(r) + " " + px(r) +
             " 0 1 0 " + px(-2 * r) + " 0Z";
    case 1:
      return "M" + px(x - r * 0.85) + " " + px(y - r * 0.85) + "h" + px(1.7 * r) + "v" + px(1.7 * r) + "h" + px(-1.7 * r) + "Z";
    case 2:
      return "M" + px(x) + " " + px(y - r) + "L" + px(x + r) + " " + px(y + r * 0.8) + "L" + px(x - r) + " " + px(y + r * 0.8) + "Z";
    default:
      return "M" + px(x) + " " + px(y - r) + "L" + px(x + r) + " " + px(y) + "L" + px(x) + " " + px(y + r) + "L" + px(x - r) + " " +
             px(y) + "Z";
  }
}

std::string color_of(const Series& s) { return s.fill.empty() ? series_style(s.style).color : s.fill; }

void draw_series(std::ostringstream& svg, const Series& s, const Frame& f, Scale y_scale) {
  const SeriesStyle style = series_style(s.style);
  const std::string title = s.name.empty() ? "" : "<title>" + escape_xml(s.name) + "</title>";
  const size_t n = std::min(s.x.size(), s.y.size());
  switch (s.kind) {
    case Series::Kind::kLine: {
      svg << "<polyline class='mark' fill='none' stroke='" << style.color << "' stroke-width='" << s.stroke << "'";
      if (*style.dashes) svg << " stroke-dasharray='" << style.dashes << "'";
      svg << " points='";
      for (const auto& [x, y] : thinned(s, f)) svg << px(x) << ',' << px(y) << ' ';
      svg << "'>" << title << "</polyline>";
      break;
    }
    case Series::Kind::kSteps: {
      svg << "<polyline class='mark' fill='none' stroke='" << style.color << "' stroke-width='" << s.stroke << "'";
      if (*style.dashes) svg << " stroke-dasharray='" << style.dashes << "'";
      svg << " points='";
      const double base = y_scale == Scale::kLog ? f.top + f.height : f.sy(0);
      if (!s.x.empty()) svg << px(f.sx(s.x[0])) << ',' << px(base) << ' ';
      for (size_t k = 0; k < s.y.size() && k + 1 < s.x.size(); ++k)
        svg << px(f.sx(s.x[k])) << ',' << px(f.sy(s.y[k])) << ' ' << px(f.sx(s.x[k + 1])) << ',' << px(f.sy(s.y[k])) << ' ';
      if (!s.x.empty()) svg << px(f.sx(s.x.back())) << ',' << px(base);
      svg << "'>" << title << "</polyline>";
      break;
    }
    case Series::Kind::kPoints: {
      // Vertical ticks filling most of a unit row (a raster's neuron), at least 1.6 px and at most 8.
      const double tick = std::clamp(0.8 * std::abs(f.sy(1) - f.sy(0)), 1.6, 8.0);
      svg << "<path class='mark' stroke='" << style.color << "' stroke-width='1.3' d='";
      for (size_t k = 0; k < n; ++k) svg << 'M' << px(f.sx(s.x[k])) << ' ' << px(f.sy(s.y[k]) - tick / 2) << 'v' << px(tick);
      svg << "'>" << title << "</path>";
      break;
    }
    case Series::Kind::kBars: {
      const double w = std::max(1.0, 0.8 * std::abs(f.sx(f.x.low + f.bar_spacing) - f.sx(f.x.low)));
      const double base = y_scale == Scale::kLog ? f.top + f.height : f.sy(std::max(0.0, f.y.low));
      for (size_t k = 0; k < n; ++k) {
        const double y = f.sy(s.y[k]);
        svg << "<rect class='mark' x='" << px(f.sx(s.x[k]) - w / 2) << "' y='" << px(std::min(y, base)) << "' width='" << px(w)
            << "' height='" << px(std::max(0.5, std::abs(base - y))) << "' fill='" << color_of(s) << "'>";
        if (k < s.tooltips.size()) svg << "<title>" << escape_xml(s.tooltips[k]) << "</title>";
        svg << "</rect>";
      }
      break;
    }
    case Series::Kind::kMarkers:
      for (size_t k = 0; k < n; ++k) {
        svg << "<path class='mark' d='" << marker_path(s.style, f.sx(s.x[k]), f.sy(s.y[k])) << "' fill='" << color_of(s) << "'>";
        if (k < s.tooltips.size()) svg << "<title>" << escape_xml(s.tooltips[k]) << "</title>";
        svg << "</path>";
      }
      break;
  }
}

void draw_axes(std::ostringstream& svg, const Chart& c, const Frame& f) {
  const double right = f.left + f.width, bottom = f.top + f.height;
  const std::vector<Tick> yt = c.y_ticks.empty() ? ticks(f.y, 5) : c.y_ticks;
  for (const Tick& t : yt) {
    const double y = f.sy(t.value);
    if (y < f.top - 0.5 || y > bottom + 0.5) continue;
    svg << "<line x1='" << px(f.left) << "' x2='" << px(right) << "' y1='" << px(y) << "' y2='" << px(y)
        << "' stroke='#e4e4e4'/><text x='" << px(f.left - 6) << "' y='" << px(y + 4)
        << "' text-anchor='end' font-size='11'>" << escape_xml(t.label) << "</text>";
  }
  const std::vector<Tick> xt = c.x_ticks.empty() ? ticks(f.x, 7) : c.x_ticks;
  for (const Tick& t : xt) {
    const double x = f.sx(t.value);
    if (x < f.left - 0.5 || x > right + 0.5) continue;
    svg << "<line x1='" << px(x) << "' x2='" << px(x) << "' y1='" << px(bottom) << "' y2='" << px(bottom + 4) << "' stroke='#444'/>";
    if (c.x_labels_slanted)
      svg << "<text x='" << px(x) << "' y='" << px(bottom + 12) << "' text-anchor='end' font-size='10' transform='rotate(-45 "
          << px(x) << ' ' << px(bottom + 12) << ")'>" << escape_xml(t.label) << "</text>";
    else
      svg << "<text x='" << px(x) << "' y='" << px(bottom + 16) << "' text-anchor='middle' font-size='11'>" << escape_xml(t.label)
          << "</text>";
  }
  svg << "<rect x='" << px(f.left) << "' y='" << px(f.top) << "' width='" << px(f.width) << "' height='" << px(f.height)
      << "' fill='none' stroke='#444'/>";
  svg << "<text class='axis-label' x='" << px(f.left + f.width / 2) << "' y='" << px(c.height - 6)
      << "' text-anchor='middle' font-size='12'>" << escape_xml(c.x_label) << "</text>";
  const double mid = f.top + f.height / 2;
  svg << "<text class='axis-label' x='14' y='" << px(mid) << "' text-anchor='middle' font-size='12' transform='rotate(-90 14 "
      << px(mid) << ")'>" << escape_xml(c.y_label) << "</text>";
}

struct LegendEntry {
  std::string name;
  const Series* series;
};

std::vector<LegendEntry> legend_entries(const Chart& c) {
  std::vector<LegendEntry> out;
  for (const Series& s : c.series)
    if (!s.name.empty()) out.push_back({s.name, &s});
  return out;
}

// Entries laid out in rows under the chart; returns the rows' total height.
double draw_legend(std::ostringstream* svg, const Chart& c) {
  const std::vector<LegendEntry> entries = legend_entries(c);
  double x = kLeft, y = c.height + 4;
  if (entries.empty()) return 0;
  for (const LegendEntry& e : entries) {
    const double w = 30 + 6.5 * static_cast<double>(e.name.size()) + 14;
    if (x + w > c.width && x > kLeft) x = kLeft, y += kLegendRow;
    if (svg) {
      const Series& s = *e.series;
      const SeriesStyle style = series_style(s.style);
      *svg << "<g class='legend-entry'>";
      if (s.kind == Series::Kind::kLine || s.kind == Series::Kind::kSteps)
        *svg << "<line x1='" << px(x) << "' x2='" << px(x + 24) << "' y1='" << px(y + 6) << "' y2='" << px(y + 6) << "' stroke='"
             << style.color << "' stroke-width='2'" << (*style.dashes ? std::string(" stroke-dasharray='") + style.dashes + "'" : "")
             << "/>";
      else if (s.kind == Series::Kind::kMarkers)
        *svg << "<path d='" << marker_path(s.style, x + 12, y + 6) << "' fill='" << color_of(s) << "'/>";
      else
        *svg << "<rect x='" << px(x + 6) << "' y='" << px(y) << "' width='12' height='12' fill='" << color_of(s) << "'/>";
      *svg << "<text x='" << px(x + 30) << "' y='" << px(y + 10) << "' font-size='11'>" << escape_xml(e.name) << "</text></g>";
    }
    x += w;
  }
  return y + kLegendRow - c.height;
}

}  // namespace

std::string escape_xml(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    if (ch == '<') out += "&lt;";
    else if (ch == '>') out += "&gt;";
    else if (ch == '&') out += "&amp;";
    else if (ch == '"') out += "&quot;";
    else if (ch == '\'') out += "&#39;";
    else out += ch;
  }
  return out;
}

std::vector<double> percent_of(const std::vector<double>& fractions) {
  std::vector<double> percent;
  for (double f : fractions) percent.push_back(100 * f);
  return percent;
}

Series data_series(Series::Kind kind, std::string name, std::vector<double> x, std::vector<double> y, size_t style) {
  Series s;
  s.kind = kind;
  s.name = std::move(name);
  s.x = std::move(x);
  s.y = std::move(y);
  s.style = style;
  return s;
}

Series histogram_series(std::string name, std::vector<double> edges, std::vector<double> values, size_t style) {
  return data_series(Series::Kind::kSteps, std::move(name), std::move(edges), std::move(values), style);
}

std::string render_svg(const Chart& c) {
  const Frame f = frame_of(c);
  const double legend = draw_legend(nullptr, c);
  std::ostringstream svg;
  svg << "<svg class='chart' id='" << escape_xml(c.id) << "' width='" << px(c.width) << "' height='" << px(c.height + legend)
      << "' viewBox='0 0 " << px(c.width) << ' ' << px(c.height + legend)
      << "' xmlns='http://www.w3.org/2000/svg' font-family='sans-serif'>";
  svg << "<text class='chart-title' x='" << px(f.left) << "' y='18' font-size='13' font-weight='bold'>" << escape_xml(c.title)
      << "</text>";
  draw_axes(svg, c, f);
  const std::string clip = c.id + "-area";
  svg << "<clipPath id='" << escape_xml(clip) << "'><rect x='" << px(f.left) << "' y='" << px(f.top - 3) << "' width='"
      << px(f.width + 3) << "' height='" << px(f.height + 6) << "'/></clipPath><g clip-path='url(#" << escape_xml(clip) << ")'>";
  for (const Series& s : c.series)
    if (!s.x.empty() && !s.y.empty()) draw_series(svg, s, f, c.y_scale);
  for (const Rule& r : c.rules) {
    const double x = f.sx(r.x);
    svg << "<line x1='" << px(x) << "' x2='" << px(x) << "' y1='" << px(f.top) << "' y2='" << px(f.top + f.height)
        << "' stroke='#555' stroke-dasharray='3 3'/><text x='" << px(x + 3) << "' y='" << px(f.top + 11) << "' font-size='10'>"
        << escape_xml(r.label) << "</text>";
  }
  for (const Note& n : c.notes)
    svg << "<text class='note' x='" << px(f.sx(n.x) + 4) << "' y='" << px(f.sy(n.y) - 4) << "' font-size='11'>"
        << escape_xml(n.text) << "</text>";
  svg << "</g>";
  draw_legend(&svg, c);
  svg << "</svg>";
  return svg.str();
}

DrawnCounts drawn_counts(const Chart& c) {
  DrawnCounts counts;
  for (const Series& s : c.series) {
    if (!s.name.empty()) ++counts.legend_entries;
    if (s.x.empty() || s.y.empty()) continue;  // drawn as nothing
    const bool one_each = s.kind == Series::Kind::kBars || s.kind == Series::Kind::kMarkers;
    counts.marks += one_each ? std::min(s.x.size(), s.y.size()) : 1;
  }
  return counts;
}

}  // namespace snn::plot
