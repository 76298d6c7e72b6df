#pragma once
// Each figure of a page as its own file for a paper: SVG as drawn, or PDF and PNG printed from it by
// headless Chromium. Chromium renders exactly the SVG the HTML page shows (same fonts, same layout)
// and is already a test dependency; a second renderer (cairo, librsvg) would be a second drawing of
// every figure to keep in step.
#include <string>
#include <vector>

#include "plot/report_page.hpp"

namespace snn::plot {

enum class FigureFormat { kHtml, kSvg, kPdf, kPng };

// "html", "svg", "pdf" or "png"; throws std::invalid_argument naming them for anything else.
FigureFormat figure_format(const std::string& name);

// Writes figure k of `page` as `directory`/NN-<id>.<format> (created if needed); returns the paths.
// Throws std::runtime_error when a file cannot be written or, for PDF and PNG, when no Chromium is
// found (SNN_CHROMIUM names one) or it fails.
std::vector<std::string> write_figures(const Page& page, const std::string& directory, FigureFormat format);

}  // namespace snn::plot
