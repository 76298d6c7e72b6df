#include "plot/report_page.hpp"

#include <sstream>

namespace snn::plot {

std::string render_page(const Page& page) {
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>" << escape_xml(page.title)
       << "</title><style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222;padding:0 1em}"
          "dl{display:grid;grid-template-columns:max-content auto;gap:2px 14px}dt{color:#555}dd{margin:0}"
          "figure{margin:1.2em 0}figcaption{font-size:.9em;color:#444;max-width:760px}"
          ".warning{background:#fff3cd;border:1px solid #e0c36b;padding:6px 10px}"
          "table{border-collapse:collapse;font-size:.92em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
          "h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}nav a{margin-right:1em}</style></head><body>\n<h1>"
       << escape_xml(page.title) << "</h1>\n";
  for (const std::string& w : page.warnings) html << "<p class='warning'>" << escape_xml(w) << "</p>\n";
  if (!page.facts.empty()) {
    html << "<dl>";
    for (const auto& [name, value] : page.facts) html << "<dt>" << escape_xml(name) << "</dt><dd>" << escape_xml(value) << "</dd>";
    html << "</dl>\n";
  }
  html << "<nav>";
  for (size_t s = 0; s < page.sections.size(); ++s)
    html << "<a href='#section-" << s << "'>" << escape_xml(page.sections[s].title) << "</a>";
  html << "</nav>\n";
  for (size_t s = 0; s < page.sections.size(); ++s) {
    const Section& section = page.sections[s];
    html << "<section id='section-" << s << "'><h2>" << escape_xml(section.title) << "</h2>\n";
    if (!section.text.empty()) html << "<p>" << escape_xml(section.text) << "</p>\n";
    html << section.table_html;
    for (const Figure& f : section.figures) {
      html << "<figure>" << render_svg(f.chart);
      if (!f.caption.empty()) html << "<figcaption>" << escape_xml(f.caption) << "</figcaption>";
      html << "</figure>\n";
    }
    html << "</section>\n";
  }
  html << "<script>for (const svg of document.querySelectorAll('svg.chart')) {"
          " const sized = (selector) => [...svg.querySelectorAll(selector)].filter((e) => {"
          " const box = e.getBBox(); return box.width > 0 || box.height > 0; }).length;"
          " svg.setAttribute('data-drawn', sized('.mark')); svg.setAttribute('data-legend', sized('.legend-entry')); }</script>\n"
          "</body></html>\n";
  return html.str();
}

std::vector<const Figure*> figures_of(const Page& page) {
  std::vector<const Figure*> out;
  for (const Section& s : page.sections)
    for (const Figure& f : s.figures) out.push_back(&f);
  return out;
}

}  // namespace snn::plot
