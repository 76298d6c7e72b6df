#pragma once
// A chart described by its data, drawn as one SVG element: axes with ticks and labels, series (lines,
// step outlines of histograms, point clouds such as rasters, bars), vertical rules with labels, a title
// and a legend. Every drawn data shape carries the class "mark" and every legend entry the class
// "legend-entry", so that a browser (or a test) can count what was drawn.
#include <optional>
#include <string>
#include <vector>

#include "plot/axis.hpp"

namespace snn::plot {

struct Series {
  enum class Kind {
    kLine,    // x, y: a polyline
    kSteps,   // x: bin edges (one more than y), y: bin values; a histogram's outline
    kPoints,  // x, y: small ticks, drawn as one path (rasters of many thousand spikes)
    kBars,    // x: bar centres, y: heights from the axis's low end (or from 1e-300 on a log axis)
    kMarkers, // x, y: circles, each its own mark with a tooltip
  };
  Kind kind = Kind::kLine;
  std::string name;  // its legend entry; empty: none
  std::vector<double> x, y;
  size_t style = 0;  // palette index (plot/palette.hpp)
  std::string fill;  // bars: overrides the style's colour
  double stroke = 1.5;
  std::vector<std::string> tooltips;  // bars and markers: one per value, shown on hover
};

// Fractions as percentages (accuracies drawn in %).
std::vector<double> percent_of(const std::vector<double>& fractions);

// A series of `kind` with its data and palette style.
Series data_series(Series::Kind kind, std::string name, std::vector<double> x, std::vector<double> y, size_t style);

// A histogram's outline (Kind::kSteps): bin edges, one value per bin.
Series histogram_series(std::string name, std::vector<double> edges, std::vector<double> values, size_t style);

// A vertical line at x with a label (an event, a cue, a published value).
struct Rule {
  double x;
  std::string label;
};

// A text placed at data coordinates (a peak's frequency, a break-even point).
struct Note {
  double x, y;
  std::string text;
};

struct Chart {
  std::string id, title;
  std::string x_label, y_label;
  Scale x_scale = Scale::kLinear, y_scale = Scale::kLinear;
  std::optional<double> x_low, x_high, y_low, y_high;  // fixed ends; otherwise fitted to the data
  std::vector<Tick> y_ticks;                           // replaces the computed ones (a raster's populations)
  std::vector<Tick> x_ticks;                           // replaces the computed ones (categories of bars)
  bool x_labels_slanted = false;                       // long category names
  std::vector<Series> series;
  std::vector<Rule> rules;
  std::vector<Note> notes;
  double width = 720, height = 280;  // of the plotting area and its axes, before the legend
};

std::string render_svg(const Chart& chart);

// How many "mark" and "legend-entry" elements render_svg draws for `chart` (a series without data draws
// nothing but its legend entry).
struct DrawnCounts {
  size_t marks = 0, legend_entries = 0;
};
DrawnCounts drawn_counts(const Chart& chart);

// Escapes text for an HTML or SVG text node or attribute.
std::string escape_xml(const std::string& text);

}  // namespace snn::plot
