// The HTML energy report: three charts with one mark per bar, line, break-even point and share
// segment, and, where Debian's chromium is installed (scripts/install-dependencies.sh installs it),
// rendered by headless Chromium with every mark laid out at a visible size.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "energy/energy_html_report.hpp"
#include "energy/hardware_profile.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

energy::EnergyReport sample_report() {
  energy::Architecture arch;
  arch.name = "two layers <&>";
  arch.time_steps = 8;
  arch.baselines = {energy::Precision::kFp32, energy::Precision::kInt8, energy::Precision::kBinary};
  arch.layers = {energy::Layer{"hidden", "fc", 784, 400, 784 * 400, 0.05},
                 energy::Layer{"out", "fc", 400, 10, 4000, 0.2}};
  return energy::estimate_energy(arch, energy::default_hardware_profile());
}

// The part of `html` that is the chart with this id.
std::string chart(const std::string& html, const std::string& id) {
  const size_t begin = html.find("id='" + id + "'");
  if (begin == std::string::npos) return "";
  return html.substr(begin, html.find("</svg>", begin) - begin);
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(EnergyHtml, EachChartDrawsOneMarkPerBarLinePointAndSegment) {
  const energy::EnergyReport report = sample_report();
  const std::string html = energy::report_html(report);
  const energy::ChartMarks expected = energy::expected_marks(report);
  EXPECT_EQ(expected.per_layer, 2u * 4u);  // 2 layers x (SNN + 3 baselines)
  EXPECT_EQ(occurrences(chart(html, "energy-per-layer"), "class='mark'"), expected.per_layer);
  EXPECT_EQ(occurrences(chart(html, "energy-versus-rate"), "class='mark'"), expected.versus_rate);
  EXPECT_EQ(occurrences(chart(html, "energy-shares"), "class='mark'"), expected.shares);
  // SNN line and given-rate point, three baseline lines, and a break-even point for each baseline the
  // SNN beats at some rate scale.
  size_t break_evens = 0;
  for (const energy::BaselineEnergy& b : report.baseline_totals)
    break_evens += b.break_even.verdict == energy::BreakEven::Verdict::kSnnWinsBelowRate;
  EXPECT_EQ(expected.versus_rate, 2u + 3u + break_evens);
  EXPECT_NE(html.find("two layers &lt;&amp;&gt;"), std::string::npos) << "names are escaped";
  EXPECT_EQ(html.find("two layers <&>"), std::string::npos);
}

TEST(EnergyHtml, HeadlessChromiumRendersEveryMark) {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "chromium not installed (scripts/install-dependencies.sh installs it)";
  const energy::EnergyReport report = sample_report();
  const std::string page = ::testing::TempDir() + "energy_report.html", dom = ::testing::TempDir() + "energy_dom.html";
  std::ofstream(page) << energy::report_html(report);
  const std::string command = "chromium --headless --no-sandbox --disable-gpu --user-data-dir=" + ::testing::TempDir() +
                              "chromium_profile --dump-dom file://" + page + " > " + dom + " 2> /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::string rendered = read_text(dom);
  const energy::ChartMarks expected = energy::expected_marks(report);
  const std::pair<const char*, size_t> charts[] = {{"energy-per-layer", expected.per_layer},
                                                   {"energy-versus-rate", expected.versus_rate},
                                                   {"energy-shares", expected.shares}};
  for (const auto& [id, marks] : charts) {
    std::smatch match;
    const std::regex drawn(std::string("<svg[^>]*id=\"") + id + "\"[^>]*data-drawn=\"([0-9]+)\"");
    ASSERT_TRUE(std::regex_search(rendered, match, drawn)) << id << " was not laid out by the page's script";
    EXPECT_EQ(std::stoul(match[1].str()), marks) << id;
  }
}

}  // namespace
}  // namespace snn::testing
