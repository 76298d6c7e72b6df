#!/usr/bin/env bash
# The second CI job: the whole CPU test suite under AddressSanitizer and UndefinedBehaviorSanitizer
# (clang, the CUDA engine off: it has its own device tests), the fuzz harnesses' saved findings, and each
# libFuzzer harness for FUZZ_SECONDS (default 20: each has had its hours, docs/reliability.md) over its
# corpus (tests/fuzz). Builds into
# build-sanitize/, showing CMake's progress lines.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
echo "configuring the sanitizer build (build-sanitize/, clang, AddressSanitizer + UndefinedBehaviorSanitizer)..."
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DSNN_ENABLE_CUDA=OFF -DSNN_FUZZ=ON -DSNN_BUILD_PYTHON=OFF > build-sanitize.log 2>&1 || { cat build-sanitize.log; exit 1; }
echo "building with $(nproc) jobs..."
cmake --build build-sanitize -j"$(nproc)" 2>&1 | tee -a build-sanitize.log | grep --line-buffered -E '^\[ *[0-9]+%\] (Building|Linking)'
status=${PIPESTATUS[0]}
if [[ $status -ne 0 ]]; then
  tail -50 build-sanitize.log
  exit "$status"
fi
rm -f build-sanitize.log
# HDF5's own leaks on damaged files are suppressed (tests/fuzz/lsan.supp says why); ours are not.
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp"
export UBSAN_OPTIONS="print_stacktrace=1"
# Left out: four long physics runs (minutes each under the sanitizers; their code paths run here at short
# durations in the checkpoint, determinism and plasticity tests), the installed-package test (it
# builds an example with the system compiler against this instrumented library), and the pages laid
# out by Chromium (a browser's layout, not our memory: the figures' code runs here in the PlotFigures,
# PlotChart and EnergyHtml tests). Also three of the longest repeats (1 to 3 minutes each here): the
# checkpoint round trip of Brunel (the same code runs for the other experiments), the resumed run after
# SIGKILL (the resume runs after SIGTERM, the killed file in Hdf5Recording.KilledRun*), the memory
# estimates against built networks (arithmetic; the building runs in every network test) and two
# epochs of Fashion-MNIST trained three times over (the trainer, its checkpoints and the IDX reader run
# in the other TrainingRun tests).
long='ReservoirWhatWhen\.ThreeFactorReadouts|BrunelStates\.|Cli\.LearnedWeightsCarryOver|ThreeFactor\.TheDistalReward|InstalledPackage\.'
repeats='Checkpoint\.AResumedRunIsTheRunWithoutAStop/brunel|ResumedRun\.GivesTheFileOfTheRunWithoutAStop/Sigkill|MemoryEstimate\.|TrainingRun\.LearnsAndResumesBitForBit'
pages='ShippedPage\.|ShippedEnergyPage\.|PlotFiles\.'
(cd build-sanitize && ctest -j"$(nproc)" --output-on-failure -E "$long|$repeats|$pages") || exit 1
mkdir -p build-sanitize/fuzz-findings
cd build-sanitize/fuzz-findings && ../../tests/fuzz/run_fuzzers.sh .. "$seconds"
