#pragma once
// A resumed run's file: what the stopped run's file holds up to the checkpoint's step, handed to a new
// recorder as the engine would have reported it, so that the resumed run writes on from there into a
// file like the one an uninterrupted run writes (the same spikes, samples and readouts, bit for bit;
// whatever the stopped run wrote beyond the checkpoint is left out, as the resumed run computes it again).
#include <cstdint>
#include <vector>

#include "core/engine.hpp"
#include "core/experiment_spec.hpp"
#include "io/hdf5_reader.hpp"
#include "io/hdf5_recorder.hpp"

namespace snn {

// Hands `recorder` (made for `spec` with `plan`'s recording and `readouts`) everything of `earlier` that
// happened before step `step`. Throws std::runtime_error where `earlier` lacks something the recording
// needs (a file of another experiment) or does not reach `step`.
void carry_over_run(const RecordedRun& earlier, uint64_t step, const ExperimentSpec& spec, const EngineOptions& plan,
                    const std::vector<ReadoutStreamSpec>& readouts, Hdf5Recorder& recorder);

}  // namespace snn
