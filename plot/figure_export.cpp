#include "plot/figure_export.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace snn::plot {
namespace {

std::string chromium_binary() {
  if (const char* chosen = std::getenv("SNN_CHROMIUM"); chosen && *chosen) return chosen;
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
    for (const char* dir : {"/usr/bin/", "/usr/local/bin/", "/snap/bin/"})
      if (access((std::string(dir) + name).c_str(), X_OK) == 0) return std::string(dir) + name;
  throw std::runtime_error("PDF and PNG figures are printed by headless Chromium, which was not found "
                           "(apt install chromium, or set SNN_CHROMIUM to its path); --format svg needs nothing");
}

// Runs `arguments` (no shell) with output silenced, stopped after two minutes; true on exit status 0.
bool run_quietly(std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), {"timeout", "120"});
  std::vector<char*> argv;
  for (std::string& a : arguments) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t child = fork();
  if (child < 0) return false;
  if (child == 0) {
    std::freopen("/dev/null", "w", stdout);
    std::freopen("/dev/null", "w", stderr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error(path + ": cannot write");
}

// The chart alone on a page of its own size, for Chromium to print or photograph.
std::string single_figure_page(const Figure& figure, double width, double height) {
  char style[160];
  std::snprintf(style, sizeof style, "@page{size:%.0fpx %.0fpx;margin:0}html,body{margin:0;background:#fff}", width, height);
  return std::string("<!DOCTYPE html><html><head><meta charset='utf-8'><style>") + style + "</style></head><body>" +
         render_svg(figure.chart) + "</body></html>";
}

// The drawn size of an SVG from its width and height attributes.
std::pair<double, double> svg_size(const std::string& svg) {
  auto attribute = [&](const char* name) {
    const size_t at = svg.find(std::string(" ") + name + "='");
    return at == std::string::npos ? 0.0 : std::atof(svg.c_str() + at + std::string(name).size() + 3);
  };
  return {attribute("width"), attribute("height")};
}

}  // namespace

FigureFormat figure_format(const std::string& name) {
  if (name == "html") return FigureFormat::kHtml;
  if (name == "svg") return FigureFormat::kSvg;
  if (name == "pdf") return FigureFormat::kPdf;
  if (name == "png") return FigureFormat::kPng;
  throw std::invalid_argument("--format '" + name + "': one of html (one page), svg, pdf, png (a file per figure)");
}

std::vector<std::string> write_figures(const Page& page, const std::string& directory, FigureFormat format) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw std::runtime_error(directory + ": cannot create the folder (" + error.message() + ")");
  const std::string chromium = format == FigureFormat::kPdf || format == FigureFormat::kPng ? chromium_binary() : "";
  const std::string scratch = directory + "/.snn-plot-scratch";
  std::vector<std::string> written;
  size_t number = 0;
  for (const Figure* f : figures_of(page)) {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%02zu-", ++number);
    const std::string base = directory + "/" + prefix + f->chart.id;
    const std::string svg = render_svg(f->chart);
    if (format == FigureFormat::kSvg || format == FigureFormat::kHtml) {
      write_text(base + ".svg", "<?xml version='1.0' encoding='UTF-8'?>\n" + svg + "\n");
      written.push_back(base + ".svg");
      continue;
    }
    const auto [width, height] = svg_size(svg);
    const std::string html = std::filesystem::absolute(base + ".print.html").string();
    write_text(html, single_figure_page(*f, width, height));
    const std::string out = std::filesystem::absolute(base + (format == FigureFormat::kPdf ? ".pdf" : ".png")).string();
    std::vector<std::string> arguments{chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                       "--user-data-dir=" + std::filesystem::absolute(scratch).string()};
    if (format == FigureFormat::kPdf) {
      arguments.insert(arguments.end(), {"--no-pdf-header-footer", "--print-to-pdf=" + out});
    } else {
      char size[64];
      std::snprintf(size, sizeof size, "--window-size=%.0f,%.0f", width, height);
      arguments.insert(arguments.end(), {"--force-device-scale-factor=3", size, "--screenshot=" + out});
    }
    arguments.push_back("file://" + html);
    std::filesystem::remove(out, error);
    const bool ok = run_quietly(arguments) && std::filesystem::exists(out);
    std::filesystem::remove(html, error);
    if (!ok) throw std::runtime_error(out + ": Chromium (" + chromium + ") did not print the figure");
    written.push_back(out);
  }
  std::filesystem::remove_all(scratch, error);
  return written;
}

}  // namespace snn::plot
