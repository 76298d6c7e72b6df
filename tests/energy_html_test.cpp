// The HTML energy report: what each chart draws (a bar per layer, a marker per layer and baseline, the
// SNN's line with the baselines' levels and a labelled point per break-even, the parts of each model's
// energy), values in units that fit them, the verdict of the synaptic-operations method naming only
// what it counts, the published figure beside the estimate, several reports side by side, and, where
// Debian's chromium is installed, every chart laid out with its marks at a visible size.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "energy/energy_charts.hpp"
#include "energy/energy_html_report.hpp"
#include "energy/energy_report_writer.hpp"
#include "energy/energy_units.hpp"
#include "energy/hardware_profile.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

energy::Architecture sample_architecture() {
  energy::Architecture arch;
  arch.name = "two layers <&>";
  arch.time_steps = 8;
  arch.baselines = {energy::Precision::kFp32, energy::Precision::kInt8, energy::Precision::kBinary};
  arch.layers = {energy::Layer{"block0.hidden", "fc", 784, 400, 784 * 400, 0.05},
                 energy::Layer{"block1.out", "fc", 400, 10, 4000, 0.2}};
  return arch;
}

energy::EnergyReport sample_report() { return energy::estimate_energy(sample_architecture(), energy::default_hardware_profile()); }

const plot::Figure* figure(const plot::Page& page, const std::string& id) {
  for (const plot::Figure* f : plot::figures_of(page))
    if (f->chart.id == id) return f;
  return nullptr;
}

TEST(EnergyUnits, EachValueInTheUnitThatKeepsItBetweenOneAndAThousand) {
  EXPECT_STREQ(energy::energy_unit(512).name, "pJ");
  EXPECT_STREQ(energy::energy_unit(0.2).name, "pJ");
  EXPECT_STREQ(energy::energy_unit(1e3).name, "nJ");
  EXPECT_STREQ(energy::energy_unit(4.2e7).name, "µJ");
  EXPECT_STREQ(energy::energy_unit(7.4635e9).name, "mJ");
  EXPECT_STREQ(energy::energy_unit(3e13).name, "J");
  EXPECT_EQ(energy::format_energy(7.4636e9), "7.464 mJ");
  EXPECT_EQ(energy::format_energy(999), "999 pJ");
  EXPECT_EQ(energy::format_energy(0), "0 pJ");
}

TEST(EnergyHtml, EachChartDrawsWhatTheReportHolds) {
  const energy::EnergyReport report = sample_report();
  const plot::Page page = energy::report_page({{"45 nm", report}});
  const plot::Figure* per_layer = figure(page, "energy-per-layer");
  ASSERT_NE(per_layer, nullptr);
  EXPECT_EQ(plot::drawn_counts(per_layer->chart).marks, 2u) << "a bar per layer";
  EXPECT_EQ(per_layer->chart.series[0].x.size(), 1u) << "the two layers are in different blocks: shades alternate";
  const plot::Figure* ratio = figure(page, "energy-ratio-per-layer");
  ASSERT_NE(ratio, nullptr);
  EXPECT_EQ(plot::drawn_counts(ratio->chart).marks, 1u + 2u * 3u) << "the level of equality and a marker per layer and baseline";
  const plot::Figure* versus = figure(page, "energy-versus-rate");
  ASSERT_NE(versus, nullptr);
  size_t break_evens = 0;
  for (const energy::BaselineEnergy& b : report.baseline_totals)
    break_evens += b.break_even.verdict == energy::BreakEven::Verdict::kSnnWinsBelowRate;
  ASSERT_GT(break_evens, 0u);
  // The SNN's line, its point at the given rates, three baseline levels, a marker per break-even.
  EXPECT_EQ(plot::drawn_counts(versus->chart).marks, 1u + 1u + 3u + break_evens);
  EXPECT_EQ(versus->chart.notes.size(), 1u + break_evens) << "the given point and every break-even labelled";
  EXPECT_EQ(versus->chart.x_scale, plot::Scale::kLog);
  EXPECT_EQ(versus->chart.y_scale, plot::Scale::kLog);
  const plot::Figure* parts = figure(page, "energy-breakdown");
  ASSERT_NE(parts, nullptr);
  for (const plot::Series& s : parts->chart.series)
    for (const std::string& tip : s.tooltips) EXPECT_NE(tip.find("%"), std::string::npos) << "value and share: " << tip;
  const std::string html = plot::render_page(page);
  EXPECT_NE(html.find("two layers &lt;&amp;&gt;"), std::string::npos) << "names are escaped";
  EXPECT_EQ(html.find("two layers <&>"), std::string::npos);
  EXPECT_EQ(figure(page, "energy-published"), nullptr) << "no published figure for this architecture";
}

TEST(EnergyHtml, TheSynapticOpsVerdictNamesOnlyWhatTheMethodCounts) {
  energy::Architecture arch = sample_architecture();
  arch.method = energy::EnergyMethod::kSynapticOps;
  const energy::EnergyReport report = energy::estimate_energy(arch, energy::default_hardware_profile());
  for (const energy::BaselineEnergy& b : report.baseline_totals) {
    const std::string v = energy::verdict(b.break_even, b.precision, true, report.method);
    EXPECT_EQ(v.find("neuron updates, state traffic"), std::string::npos) << v;
    EXPECT_NE(v.find("synaptic operations"), std::string::npos) << v;
  }
  const std::string text = energy::report_text(report);
  EXPECT_NE(text.find("(synaptic operations only)"), std::string::npos) << text;
}

TEST(EnergyHtml, ThePublishedFigureStandsBesideTheEstimate) {
  energy::Architecture arch = sample_architecture();
  arch.method = energy::EnergyMethod::kSynapticOps;
  const energy::EnergyReport plain = energy::estimate_energy(arch, energy::default_hardware_profile());
  arch.published = energy::PublishedEnergy{"a paper", 2 * plain.snn_total.total_pj(), 0, energy::EnergyMethod::kSynapticOps};
  const energy::EnergyReport report = energy::estimate_energy(arch, energy::default_hardware_profile());
  const plot::Page page = energy::report_page({{"45 nm", report}});
  const plot::Figure* published = figure(page, "energy-published");
  ASSERT_NE(published, nullptr);
  EXPECT_NE(published->caption.find("0.5000 of the published figure"), std::string::npos) << published->caption;
  EXPECT_NE(energy::report_text(report).find("(0.5000 of it)"), std::string::npos);
}

TEST(EnergyHtml, ANetworkRunIsComparedWithTheSameNetworkSimulatedDensely) {
  energy::Architecture arch = sample_architecture();
  arch.simulated_network = true;
  arch.ann_passes = arch.time_steps;
  const energy::EnergyReport report = energy::estimate_energy(arch, energy::default_hardware_profile());
  EXPECT_NE(energy::baseline_description(report).find("simulated densely"), std::string::npos);
  EXPECT_EQ(energy::report_text(report).find("ANN evaluated"), std::string::npos);
}

TEST(EnergyHtml, SeveralReportsGoSideBySide) {
  const energy::EnergyReport a = sample_report();
  energy::HardwareProfile cheap = energy::default_hardware_profile();
  cheap.name = "cheap memory";
  cheap.weight_pj_per_bit /= 10;
  const energy::EnergyReport b = energy::estimate_energy(sample_architecture(), cheap);
  const plot::Page page = energy::report_page({{"45 nm", a}, {"cheap memory", b}});
  const plot::Figure* side = figure(page, "energy-reports");
  ASSERT_NE(side, nullptr);
  EXPECT_EQ(plot::drawn_counts(side->chart).marks, 2u * 4u) << "two reports x (SNN + three baselines)";
  EXPECT_NE(figure(page, "r1-energy-per-layer"), nullptr);
  EXPECT_NE(figure(page, "r2-energy-per-layer"), nullptr);
  EXPECT_LT(b.snn_total.total_pj(), a.snn_total.total_pj());
}

TEST(EnergyHtml, HeadlessChromiumRendersEveryMark) {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "chromium not installed (scripts/install-dependencies.sh installs it)";
  const plot::Page page = energy::report_page({{"45 nm", sample_report()}});
  const std::string file = ::testing::TempDir() + "energy_report.html", dom = ::testing::TempDir() + "energy_dom.html";
  std::ofstream(file) << plot::render_page(page);
  const std::string command = "chromium --headless --no-sandbox --disable-gpu --user-data-dir=" + ::testing::TempDir() +
                              "chromium_profile --dump-dom file://" + file + " > " + dom + " 2> /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::string rendered = read_text(dom);
  for (const plot::Figure* f : plot::figures_of(page)) {
    std::smatch match;
    const std::regex drawn("<svg[^>]*id=\"" + f->chart.id + "\"[^>]*data-drawn=\"([0-9]+)\" data-legend=\"([0-9]+)\"");
    ASSERT_TRUE(std::regex_search(rendered, match, drawn)) << f->chart.id << " was not laid out by the page's script";
    EXPECT_EQ(std::stoul(match[1].str()), plot::drawn_counts(f->chart).marks) << f->chart.id;
    EXPECT_EQ(std::stoul(match[2].str()), plot::drawn_counts(f->chart).legend_entries) << f->chart.id;
  }
}

}  // namespace
}  // namespace snn::testing
