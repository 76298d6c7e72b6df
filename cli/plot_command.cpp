// `snn plot RUN.h5 [RUN2.h5]`: the run's figures (plot/) as one HTML page, or as a file per figure.
#include <cstdio>
#include <fstream>
#include <new>
#include <stdexcept>

#include "cli/commands.hpp"
#include "io/hdf5_reader.hpp"
#include "models/layer_run_record.hpp"
#include "plot/comparison_page.hpp"
#include "plot/figure_export.hpp"
#include "plot/layer_run_page.hpp"
#include "plot/run_page.hpp"

namespace snn {
namespace {

std::string without_extension(const std::string& path) {
  const size_t dot = path.rfind('.'), slash = path.rfind('/');
  return dot != std::string::npos && (slash == std::string::npos || dot > slash) ? path.substr(0, dot) : path;
}

plot::Page page_for(const PlotCommandOptions& options, const plot::PlotOptions& plot_options) {
  if (options.runs.size() == 2) {
    for (const std::string& path : options.runs)
      if (is_layer_run_file(path)) throw std::invalid_argument(path + ": comparing two runs is for network runs, not layer models");
    return plot::comparison_page(options.runs[0], read_recorded_run(options.runs[0]), options.runs[1],
                                 read_recorded_run(options.runs[1]), plot_options);
  }
  const std::string& path = options.runs.at(0);
  if (is_layer_run_file(path)) {
    if (!options.populations.empty() || options.from_ms || options.to_ms)
      throw std::invalid_argument("--populations, --from and --to apply to network runs; " + path + " is a layer model's run");
    return plot::layer_run_page(path, read_layer_run(path));
  }
  return plot::run_page(path, read_recorded_run(path), plot_options);
}

}  // namespace

int plot_command(const PlotCommandOptions& options) {
  try {
    const plot::FigureFormat format = plot::figure_format(options.format);
    plot::PlotOptions plot_options;
    plot_options.populations = options.populations;
    plot_options.from_ms = options.from_ms;
    plot_options.to_ms = options.to_ms;
    const plot::Page page = page_for(options, plot_options);
    for (const std::string& warning : page.warnings) std::fprintf(stderr, "note: %s\n", warning.c_str());
    const std::string base = without_extension(options.runs[0]);
    if (format == plot::FigureFormat::kHtml) {
      const std::string out = options.output.empty() ? base + ".html" : options.output;
      std::ofstream file(out, std::ios::binary);
      file << plot::render_page(page);
      if (!file.flush()) throw std::runtime_error(out + ": cannot write");
      std::printf("%s: %zu figures\n", out.c_str(), plot::figures_of(page).size());
      return 0;
    }
    const std::string folder = options.output.empty() ? base + "-figures" : options.output;
    const std::vector<std::string> written = plot::write_figures(page, folder, format);
    std::printf("%s: %zu figures\n", folder.c_str(), written.size());
    return 0;
  } catch (const std::bad_alloc&) {
    throw;  // main's memory message
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}

}  // namespace snn
