// `snn plot`'s figures drawn from real runs: each shipped experiment's own result (the STDP window on
// the rule's analytic curve, the rewarded synapse found among the others, the cued-trials readouts per
// phase, the microcircuit against its reference rates), two runs compared, and options refused with a
// message that names what the run holds.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "io/hdf5_reader.hpp"
#include "plot/comparison_page.hpp"
#include "plot/run_page.hpp"
#include "tests/snn_command.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

// Runs `experiment ARGUMENTS` into a temporary file and reads it back.
RecordedRun recorded(const std::string& experiment, const std::string& arguments, const std::string& file) {
  const std::string path = ::testing::TempDir() + file;
  const CommandResult r = run_snn("run " + experiment + " --backend cpu -o " + path + " " + arguments);
  EXPECT_EQ(r.status, 0) << r.output;
  return read_recorded_run(path);
}

const plot::Figure* figure(const plot::Page& page, const std::string& id) {
  for (const plot::Figure* f : plot::figures_of(page))
    if (f->chart.id == id) return f;
  return nullptr;
}

TEST(PlotFigures, TheStdpWindowLiesOnTheRulesAnalyticCurve) {
  const RecordedRun run = recorded(source_path("experiments/stdp_window.yaml"), "", "plot_stdp.h5");
  const plot::Page page = plot::run_page("plot_stdp.h5", run, {});
  EXPECT_TRUE(page.warnings.empty());
  const plot::Figure* f = figure(page, "stdp-window");
  ASSERT_NE(f, nullptr);
  const plot::Series& measured = f->chart.series.back();
  ASSERT_EQ(measured.x.size(), 21u);
  for (size_t k = 0; k < 21; ++k) {
    const double delta = measured.x[k];
    EXPECT_NEAR(delta, -50 + 5.0 * k, 1e-6);
    const double analytic = delta >= 0 ? 0.01 * std::exp(-delta / 16.8) : -0.0105 * std::exp(delta / 33.7);
    EXPECT_NEAR(measured.y[k], analytic, 1e-6) << "Delta " << delta;
  }
  for (const char* id : {"raster", "population-rates"}) EXPECT_NE(figure(page, id), nullptr) << id;
}

// Sjostrom et al. (2001)'s result under the triplet rule: at 1 Hz only pre-after-post depresses; at 50 Hz
// both orders potentiate.
TEST(PlotFigures, TripletPlasticityIsShownAgainstPairingFrequency) {
  const RecordedRun run = recorded(source_path("experiments/triplet_stdp_frequency.yaml"), "", "plot_triplet.h5");
  const plot::Page page = plot::run_page("plot_triplet.h5", run, {});
  const plot::Figure* f = figure(page, "pairing-frequency");
  ASSERT_NE(f, nullptr);
  std::vector<const plot::Series*> markers;
  for (const plot::Series& s : f->chart.series)
    if (s.kind == plot::Series::Kind::kMarkers) markers.push_back(&s);
  ASSERT_EQ(markers.size(), 2u) << "one series per lag";
  EXPECT_EQ(markers[0]->name, "post 10 ms before pre");
  EXPECT_EQ(markers[1]->name, "post 10 ms after pre");
  auto change_at = [](const plot::Series& s, double hz) {
    for (size_t k = 0; k < s.x.size(); ++k)
      if (std::abs(s.x[k] - hz) < 1e-6) return s.y[k];
    ADD_FAILURE() << s.name << " has no point at " << hz << " Hz";
    return 0.0;
  };
  for (const plot::Series* s : markers) EXPECT_EQ(s->x.size(), 5u) << "1, 10, 20, 40 and 50 Hz";
  EXPECT_LT(change_at(*markers[0], 1), 0) << "post before pre depresses at low frequency";
  EXPECT_NEAR(change_at(*markers[1], 1), 0, 0.02) << "pre before post leaves the weight nearly unchanged at 1 Hz";
  EXPECT_GT(change_at(*markers[0], 50), 0) << "both orders potentiate at 50 Hz";
  EXPECT_GT(change_at(*markers[1], 50), 0);
}

TEST(PlotFigures, TheRewardedSynapseIsFoundAmongTheSampledOnes) {
  const RecordedRun run = recorded(source_path("experiments/distal_reward.yaml"), "--duration 6000", "plot_reward.h5");
  const plot::Page page = plot::run_page("plot_reward.h5", run, {});
  const plot::Figure* f = figure(page, "rewarded-synapse");
  ASSERT_NE(f, nullptr);
  const plot::Series& rewarded = f->chart.series.back();
  EXPECT_NE(rewarded.name.find("excitatory 0 -> excitatory 1"), std::string::npos) << rewarded.name;
  const RecordedWeightHistory* history = nullptr;
  for (const RecordedWeightHistory& h : run.weight_history)
    if (h.projection == "rewarded") history = &h;
  ASSERT_NE(history, nullptr);
  ASSERT_EQ(rewarded.y.size(), history->times_ms.size());
  for (size_t k = 0; k < rewarded.y.size(); ++k) EXPECT_EQ(rewarded.y[k], history->data[k]);
  EXPECT_EQ(f->chart.series.size(), 11u) << "the ten sampled synapses of exc_exc beside it";
}

TEST(PlotFigures, CuedTrialReadoutsAreAveragedPerPhaseAndStimulus) {
  std::string yaml = read_text(source_path("experiments/reservoir_what_when.yaml"));
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"trials: 300", "trials: 8"}, {"duration: 600000", "duration: 16000"}})
    for (size_t at = yaml.find(from); at != std::string::npos; at = yaml.find(from, at)) yaml.replace(at, from.size(), to);
  const std::string path = ::testing::TempDir() + "plot_cued.yaml";
  std::ofstream(path) << yaml;
  const RecordedRun run = recorded(path, "", "plot_cued.h5");
  const plot::Page page = plot::run_page("plot_cued.h5", run, {});
  for (const char* id : {"cued-trials-phase-1-A", "cued-trials-phase-1-B", "cued-trials-phase-2-A", "cued-trials-phase-2-B"}) {
    const plot::Figure* f = figure(page, id);
    ASSERT_NE(f, nullptr) << id;
    EXPECT_EQ(f->chart.series.size(), 3u) << "teacher, three-factor and FORCE readouts";
    EXPECT_NE(f->caption.find(std::string(id).find("phase-1") != std::string::npos ? "Trials 6-7" : "Trials 14-15"), std::string::npos) << f->caption;
  }
  // The teacher (the stimulus's own filtered spikes) answers only after its stimulus's time.
  const plot::Figure* phase_2 = figure(page, "cued-trials-phase-2-B");
  for (const plot::Series& s : phase_2->chart.series) {
    if (s.name != "teacher") continue;
    const size_t peak = static_cast<size_t>(std::max_element(s.y.begin(), s.y.end()) - s.y.begin());
    EXPECT_GT(s.x[peak], 500);
    EXPECT_LT(s.x[peak], 650);
  }
}

TEST(PlotFigures, TheMicrocircuitIsSetAgainstItsReferenceRates) {
  const RecordedRun run = recorded(source_path("experiments/microcircuit.yaml"), "--set constants.scale=0.02 --duration 400",
                                   "plot_microcircuit.h5");
  const plot::Page page = plot::run_page("plot_microcircuit.h5", run, {});
  const plot::Figure* f = figure(page, "reference-rates");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(f->chart.series.size(), 2u);
  EXPECT_EQ(f->chart.series[0].y.size(), 8u);
  EXPECT_NEAR(f->chart.series[1].y[0], 0.943, 1e-12) << "L23E's reference rate, from the experiment's constants";
  EXPECT_NE(f->caption.find("from 100 to 400 ms"), std::string::npos) << f->caption;
}

TEST(PlotFigures, TwoRunsComparedSayWhetherTheirSpikesAreIdentical) {
  const std::string coba = source_path("experiments/coba.yaml");
  const RecordedRun a = recorded(coba, "--duration 200 --threads 1", "plot_a.h5");
  const RecordedRun b = recorded(coba, "--duration 200 --threads 2", "plot_b.h5");
  const RecordedRun c = recorded(coba, "--duration 200 --seed 99", "plot_c.h5");
  const plot::Page same = plot::comparison_page("a", a, "b", b, {});
  EXPECT_NE(same.sections[0].text.find("identical"), std::string::npos) << same.sections[0].text;
  const plot::Page different = plot::comparison_page("a", a, "c", c, {});
  EXPECT_NE(different.sections[0].text.find("differ"), std::string::npos) << different.sections[0].text;
  EXPECT_NE(figure(different, "rates-compared"), nullptr);
  EXPECT_NE(figure(different, "A-raster"), nullptr);
  EXPECT_NE(figure(different, "B-raster"), nullptr);
}

TEST(PlotFigures, OptionsThatDoNotFitTheRunAreRefusedWithWhatItHolds) {
  const RecordedRun run = recorded(source_path("experiments/coba.yaml"), "--duration 100", "plot_options.h5");
  plot::PlotOptions unknown;
  unknown.populations = {"excitatory", "nope"};
  try {
    plot::run_page("x.h5", run, unknown);
    ADD_FAILURE() << "an unknown population was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'nope'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("excitatory"), std::string::npos) << e.what();
  }
  plot::PlotOptions inverted;
  inverted.from_ms = 80;
  inverted.to_ms = 20;
  EXPECT_THROW(plot::run_page("x.h5", run, inverted), std::invalid_argument);
  plot::PlotOptions beyond;
  beyond.from_ms = 50;
  beyond.to_ms = 5000;
  const plot::Page page = plot::run_page("x.h5", run, beyond);
  ASSERT_EQ(page.warnings.size(), 1u);
  EXPECT_NE(page.warnings[0].find("beyond the 100 ms"), std::string::npos);
  // Only the chosen population, only inside the window.
  plot::PlotOptions chosen;
  chosen.populations = {"inhibitory"};
  chosen.from_ms = 40;
  chosen.to_ms = 60;
  const plot::Page narrow = plot::run_page("x.h5", run, chosen);
  const plot::Figure* raster = figure(narrow, "raster");
  ASSERT_NE(raster, nullptr);
  ASSERT_EQ(raster->chart.series.size(), 1u);
  EXPECT_EQ(raster->chart.series[0].name, "inhibitory");
  for (double t : raster->chart.series[0].x) EXPECT_TRUE(t >= 40 && t < 60) << t;
  const CommandResult cli = run_snn("plot " + ::testing::TempDir() + "plot_options.h5 --populations nope -o " +
                                    ::testing::TempDir() + "never.html");
  EXPECT_NE(cli.status, 0);
  EXPECT_NE(cli.output.find("error: --populations"), std::string::npos) << cli.output;
}

}  // namespace
}  // namespace snn::testing
