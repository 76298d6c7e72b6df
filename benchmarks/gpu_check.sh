#!/usr/bin/env bash
# On a GPU machine, with the binaries bundled by ../shared/device/bundle.sh into .device/:
# the CUDA tests, compute-sanitizer on them, and CPU-vs-GPU timings of the shipped experiments.
#   benchmarks/gpu_check.sh [OUTDIR]
set -uo pipefail
out=${1:-/tmp/gpu_check}
mkdir -p "$out"
run=.device/run
export PATH=/usr/local/cuda/bin:$PATH
export SNN_SOURCE_DIR=$PWD SNN_BINARY=$PWD/.device/bin/snn LD_LIBRARY_PATH=$PWD/.device/lib
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
echo "== CUDA engine tests"
$run snn_tests --gtest_filter='*CudaEngine.*:DeviceSynapses.*' 2>&1 | tail -n 25 | tee "$out/cuda_tests.txt"
echo "== compute-sanitizer"
for tool in memcheck racecheck; do
  filter='*CudaEngine.SpikeSources*:*CudaEngine.Crowded*'
  [[ $tool == memcheck ]] && filter='*CudaEngine.*'
  compute-sanitizer --tool $tool --print-limit 5 .device/bin/snn_tests --gtest_filter="$filter" \
    > "$out/sanitizer_$tool.txt" 2>&1
  grep -E "ERROR SUMMARY|RACECHECK SUMMARY|PASSED|FAILED" "$out/sanitizer_$tool.txt" | tail -n 2
done
echo "== timings (1 s biological time unless noted)"
for e in izhikevich2003 coba brunel; do
  for b in cpu cuda; do
    $run snn run "experiments/$e.yaml" --backend $b --no-progress -o "$out/$e-$b.h5" 2>&1 |
      grep -E "built|copied|simulated" | sed "s/^/$e $b: /"
  done
done
$run snn run experiments/microcircuit.yaml --backend cuda --no-progress -o "$out/mc.h5" --duration "${MC_MS:-10000}" 2>&1 |
  tee "$out/microcircuit.txt" | grep -vE "^$"
