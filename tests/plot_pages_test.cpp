// `snn plot` and `snn energy` as a user sees them: the page of every shipped experiment (networks run
// briefly, the layer models on their fixtures) and the energy report of every shipped architecture
// (and of a run) laid out by headless Chromium without a console message, every chart with as many
// marks of visible size and legend entries as the figure holds, and axis labels; each figure also
// written as SVG, PDF and PNG files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "energy/energy_html_report.hpp"
#include "energy/hardware_profile.hpp"
#include "energy/run_architecture.hpp"
#include "io/hdf5_reader.hpp"
#include "models/layer_run_record.hpp"
#include "plot/layer_run_page.hpp"
#include "plot/run_page.hpp"
#include "tests/snn_command.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

bool chromium_installed() { return std::system("command -v chromium > /dev/null 2>&1") == 0; }

struct ShippedRun {
  const char* experiment;
  const char* arguments;  // brief enough for a test, long enough for each figure
};

// Every experiment of experiments/ that `snn run` runs (the energy architectures are `snn energy`'s).
const ShippedRun kShipped[] = {
    {"adex_firing_patterns", "--duration 200"},
    {"brunel", "--duration 200"},
    {"brunel_ai", "--duration 200"},
    {"brunel_sr", "--duration 200"},
    {"brunel_si_slow", "--duration 200"},
    {"coba", "--duration 200"},
    {"distal_reward", "--duration 2000"},
    {"fashion_mnist_rate", "--duration 200"},
    {"inhibitory_stdp_balance", "--duration 500"},
    {"izhikevich2003", "--duration 200"},
    {"microcircuit", "--set constants.scale=0.02 --duration 200"},
    {"reservoir_what_when", "--duration 2000"},
    {"spatial_brunel", "--duration 200"},
    {"stdp_window", ""},
    {"triplet_stdp_frequency", "--duration 1000"},
    {"two_compartment_bac", ""},
    {"spikformer_small", ""},
    {"spikegpt_small", ""},
};

class ShippedPage : public ::testing::TestWithParam<ShippedRun> {};

// The counts each chart of the page should show once laid out, by chart id.
std::map<std::string, plot::DrawnCounts> expected_counts(const plot::Page& page) {
  std::map<std::string, plot::DrawnCounts> out;
  for (const plot::Figure* f : plot::figures_of(page)) out[f->chart.id] = plot::drawn_counts(f->chart);
  return out;
}

// Has headless Chromium lay out `page_file` (the HTML of `page`) and checks every chart it drew.
void expect_laid_out(const plot::Page& page, const std::string& page_file, const std::string& dir, const std::string& name) {
  const std::map<std::string, plot::DrawnCounts> expected = expected_counts(page);
  ASSERT_FALSE(expected.empty());
  // A profile of its own: tests run in parallel, and Chromium locks the profile it runs with.
  const CommandResult dom = run_shell("chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --user-data-dir=" +
                                      dir + name + ".profile --dump-dom file://" + page_file);
  ASSERT_EQ(dom.status, 0) << dom.output.substr(0, 2000);
  EXPECT_EQ(dom.output.find(":CONSOLE"), std::string::npos) << "the page logged to the console:\n" << dom.output.substr(0, 2000);
  const std::regex chart("<svg class=\"chart\" id=\"([^\"]+)\"[^>]*data-drawn=\"([0-9]+)\" data-legend=\"([0-9]+)\"");
  size_t seen = 0;
  for (auto it = std::sregex_iterator(dom.output.begin(), dom.output.end(), chart); it != std::sregex_iterator(); ++it) {
    const std::string id = (*it)[1].str();
    ASSERT_TRUE(expected.count(id)) << "an unexpected chart " << id;
    EXPECT_EQ(std::stoul((*it)[2].str()), expected.at(id).marks) << name << ": " << id << " marks of visible size";
    EXPECT_EQ(std::stoul((*it)[3].str()), expected.at(id).legend_entries) << name << ": " << id << " legend entries";
    ++seen;
  }
  EXPECT_EQ(seen, expected.size()) << name << ": every chart laid out by the page's script";
  for (const plot::Figure* f : plot::figures_of(page)) {
    EXPECT_FALSE(f->chart.x_label.empty()) << f->chart.id;
    EXPECT_FALSE(f->chart.y_label.empty()) << f->chart.id;
    EXPECT_NE(dom.output.find(">" + f->chart.y_label + "<"), std::string::npos) << f->chart.id << " axis label shown";
  }
}

TEST_P(ShippedPage, ChromiumLaysOutEveryChartWithItsMarksAndLegend) {
  if (!chromium_installed()) GTEST_SKIP() << "chromium not installed (scripts/install-dependencies.sh installs it)";
  const ShippedRun& shipped = GetParam();
  const std::string name = shipped.experiment, dir = ::testing::TempDir() + "plot_pages/";
  std::filesystem::create_directories(dir);
  if (name == "fashion_mnist_rate" && !std::filesystem::exists("/usr/share/datasets/fashion-mnist"))
    GTEST_SKIP() << "Fashion-MNIST not installed (package dataset-fashion-mnist)";
  const std::string run_file = dir + name + ".h5", page_file = dir + name + ".html";
  const CommandResult run = run_snn("run " + source_path("experiments/" + name + ".yaml") + " --backend cpu -o " + run_file + " " +
                                    shipped.arguments);
  ASSERT_EQ(run.status, 0) << run.output;
  const CommandResult plotted = run_snn("plot " + run_file + " -o " + page_file);
  ASSERT_EQ(plotted.status, 0) << plotted.output;
  const plot::Page page = is_layer_run_file(run_file) ? plot::layer_run_page(run_file, read_layer_run(run_file))
                                                      : plot::run_page(run_file, read_recorded_run(run_file), {});
  expect_laid_out(page, page_file, dir, name);
}

// The energy reports of the shipped architectures, and of a network's run, laid out the same way.
class ShippedEnergyPage : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedEnergyPage, ChromiumLaysOutEveryChartWithItsMarksAndLegend) {
  if (!chromium_installed()) GTEST_SKIP() << "chromium not installed (scripts/install-dependencies.sh installs it)";
  const std::string name = GetParam(), dir = ::testing::TempDir() + "energy_pages/";
  std::filesystem::create_directories(dir);
  std::string input = source_path("experiments/" + name + ".yaml");
  if (name == "brunel_run") {  // a simulated network's counts, Poisson input priced
    input = dir + "brunel.h5";
    const CommandResult run = run_snn("run " + source_path("experiments/brunel.yaml") + " --backend cpu --duration 200 -o " + input);
    ASSERT_EQ(run.status, 0) << run.output;
  }
  const CommandResult r = run_snn("energy " + input + " -o " + dir + name);
  ASSERT_EQ(r.status, 0) << r.output;
  const energy::Architecture arch =
      name == "brunel_run" ? energy::architecture_from_run(read_recorded_run(input), input) : energy::load_architecture(input);
  const energy::EnergyReport report = energy::estimate_energy(arch, energy::default_hardware_profile());
  expect_laid_out(energy::report_page({{report.profile, report}}), dir + name + ".html", dir, name);
}

INSTANTIATE_TEST_SUITE_P(Architectures, ShippedEnergyPage,
                         ::testing::Values("energy_mlp_fashion_mnist", "energy_spikingformer_8_512_imagenet", "brunel_run"));

INSTANTIATE_TEST_SUITE_P(Experiments, ShippedPage, ::testing::ValuesIn(kShipped),
                         [](const ::testing::TestParamInfo<ShippedRun>& info) { return std::string(info.param.experiment); });

TEST(PlotFiles, EachFigureIsWrittenAsSvgPdfAndPng) {
  const std::string dir = ::testing::TempDir() + "plot_files/";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const CommandResult run = run_snn("run " + source_path("experiments/stdp_window.yaml") + " --backend cpu -o " + dir + "run.h5");
  ASSERT_EQ(run.status, 0) << run.output;
  const size_t figures = plot::figures_of(plot::run_page("run.h5", read_recorded_run(dir + "run.h5"), {})).size();
  const CommandResult svg = run_snn("plot " + dir + "run.h5 --format svg -o " + dir + "svg");
  ASSERT_EQ(svg.status, 0) << svg.output;
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "svg")) {
    ++files;
    EXPECT_EQ(entry.path().extension(), ".svg");
    EXPECT_EQ(read_text(entry.path().string()).rfind("<?xml", 0), 0u) << entry.path();
  }
  EXPECT_EQ(files, figures);
  EXPECT_TRUE(std::filesystem::exists(dir + "svg/01-stdp-window.svg")) << "numbered in the page's order, named by chart";
  const CommandResult bad = run_snn("plot " + dir + "run.h5 --format gif");
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.output.find("svg, pdf, png"), std::string::npos) << bad.output;
  if (!chromium_installed()) GTEST_SKIP() << "chromium not installed: PDF and PNG not tried";
  for (const std::string format : {"pdf", "png"}) {
    const CommandResult r = run_snn("plot " + dir + "run.h5 --format " + format + " -o " + dir + format);
    ASSERT_EQ(r.status, 0) << r.output;
    size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir + format)) {
      ++n;
      const std::string head = read_text(entry.path().string()).substr(0, 8);
      EXPECT_EQ(head.substr(0, format == "pdf" ? 5 : 4), format == "pdf" ? "%PDF-" : "\x89PNG") << entry.path();
    }
    EXPECT_EQ(n, figures) << format;
  }
}

}  // namespace
}  // namespace snn::testing
