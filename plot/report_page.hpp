#pragma once
// A self-contained HTML page of charts: inline SVG and CSS, no network access and no script from
// elsewhere. One small inline script marks each chart, once laid out, with how many of its marks and
// legend entries have a size (data-drawn, data-legend), which a headless browser reads to confirm
// that every figure rendered.
#include <string>
#include <vector>

#include "plot/chart.hpp"

namespace snn::plot {

struct Figure {
  Chart chart;
  std::string caption;  // what the figure shows and what it leaves out
};

struct Section {
  std::string title;
  std::string text;  // a paragraph before the figures (plain text)
  std::vector<Figure> figures;
  std::string table_html;  // optional, already escaped (facts tables)
};

struct Page {
  std::string title;
  std::vector<std::pair<std::string, std::string>> facts;  // shown as a definition list under the title
  std::vector<std::string> warnings;                       // an incomplete file, figures left out
  std::vector<Section> sections;
};

std::string render_page(const Page& page);

// Every figure of the page, in order (for writing them as separate files).
std::vector<const Figure*> figures_of(const Page& page);

}  // namespace snn::plot
