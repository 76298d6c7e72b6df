// The two-compartment pyramidal neuron (neurons/two_compartment.hpp) in the shipped experiment
// experiments/two_compartment_bac.yaml: basal drive alone gives single spikes, apical drive that
// coincides with it turns them into bursts and multiplies the output rate, apical drive alone
// leaves the cell silent (Naud & Sprekeler 2018; Larkum's BAC firing).
#include <gtest/gtest.h>

#include <vector>

#include "io/experiment_loader.hpp"
#include "tests/test_support.hpp"

namespace snn::testing {
namespace {

// Spikes closer than 16 ms belong to one burst (Naud & Sprekeler's criterion); an event is a burst
// or an isolated spike.
struct Firing {
  double rate_hz = 0, event_rate_hz = 0, burst_fraction = 0;
};

std::vector<Firing> firing_per_neuron(const std::vector<Spike>& spikes, uint32_t neurons, double dt, double duration_ms) {
  std::vector<std::vector<double>> times(neurons);
  for (const Spike& s : spikes) times[s.neuron].push_back(s.step * dt);
  std::vector<Firing> out(neurons);
  for (uint32_t i = 0; i < neurons; ++i) {
    uint32_t events = 0, bursts = 0;
    for (size_t k = 0; k < times[i].size();) {
      size_t last = k;
      while (last + 1 < times[i].size() && times[i][last + 1] - times[i][last] < 16.0) ++last;
      ++events;
      bursts += last > k;
      k = last + 1;
    }
    out[i] = Firing{1000.0 * times[i].size() / duration_ms, 1000.0 * events / duration_ms,
                    events > 0 ? double(bursts) / events : 0.0};
  }
  return out;
}

class TwoCompartmentBac : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const ExperimentSpec spec = load_experiment_file(source_path("experiments/two_compartment_bac.yaml"));
    const RunResult result = run_spec(spec);
    gated_ = new std::vector<Firing>(firing_per_neuron(result.spikes[0], 9, spec.dt_ms, spec.duration_ms));
    apical_only_spikes_ = result.spikes[1].size();
    basal_spikes_ = result.spikes[0].size();
  }
  static void TearDownTestSuite() { delete gated_; }
  static std::vector<Firing>* gated_;
  static size_t apical_only_spikes_, basal_spikes_;
};
std::vector<Firing>* TwoCompartmentBac::gated_ = nullptr;
size_t TwoCompartmentBac::apical_only_spikes_ = 0, TwoCompartmentBac::basal_spikes_ = 0;

TEST_F(TwoCompartmentBac, BasalInputAloneGivesSingleSpikes) {
  const Firing& basal = gated_->front();
  EXPECT_GT(basal.rate_hz, 3.0);
  EXPECT_EQ(basal.burst_fraction, 0.0);
}

TEST_F(TwoCompartmentBac, CoincidentApicalInputTurnsSpikesIntoBursts) {
  const Firing& strongest = gated_->back();
  EXPECT_GT(strongest.burst_fraction, 0.7);
  EXPECT_GT(strongest.rate_hz, 3 * gated_->front().rate_hz) << "the apical context multiplies the output rate";
}

TEST_F(TwoCompartmentBac, BurstsAndRateGrowWithApicalDrive) {
  for (size_t i = 1; i < gated_->size(); ++i) {
    EXPECT_GE((*gated_)[i].rate_hz, (*gated_)[i - 1].rate_hz - 1.0) << "neuron " << i;
    EXPECT_GE((*gated_)[i].burst_fraction, (*gated_)[i - 1].burst_fraction - 0.15) << "neuron " << i;
  }
}

// Bursts replace single spikes rather than adding events: the event rate follows the basal drive.
TEST_F(TwoCompartmentBac, EventRateStaysWithTheBasalDrive) {
  for (const Firing& f : *gated_) {
    EXPECT_GT(f.event_rate_hz, 0.5 * gated_->front().event_rate_hz);
    EXPECT_LT(f.event_rate_hz, 2.0 * gated_->front().event_rate_hz);
  }
}

TEST_F(TwoCompartmentBac, ApicalInputAloneDoesNotDriveTheCell) {
  EXPECT_LT(apical_only_spikes_, basal_spikes_ / 20) << "the apical input gates the gain, it is no drive of its own";
}

}  // namespace
}  // namespace snn::testing
