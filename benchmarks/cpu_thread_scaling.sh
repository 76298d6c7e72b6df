#!/usr/bin/env bash
# The CPU engine's thread scaling on this machine: `snn bench` of Brunel 12,500 (1 s) and of the
# full-scale microcircuit (DURATION ms, default 200) at 1, 2, 4, 8 and 16 threads, each run's
# construction and real-time factor; JSON lines to OUTDIR/bench_results.jsonl.
#   benchmarks/cpu_thread_scaling.sh [OUTDIR] [microcircuit DURATION ms] [snn command]
# On the GPU machine, with snn bundled into .device/: benchmarks/cpu_thread_scaling.sh $OUT 200 ".device/run snn"
set -uo pipefail
out=${1:-/tmp/cpu_scaling}
duration=${2:-200}
snn=${3:-build/snn}
mkdir -p "$out"
results="$out/bench_results.jsonl"
nproc_here=$(nproc)
for experiment in brunel microcircuit; do
  extra=()
  [[ $experiment == microcircuit ]] && extra=(--duration "$duration")
  for threads in 1 2 4 8 16; do
    ((threads > nproc_here)) && continue
    echo "== $experiment, $threads threads"
    $snn bench "experiments/$experiment.yaml" --backend cpu --threads "$threads" "${extra[@]}" --no-progress \
      --results "$results" 2>&1 | grep -E "error|construction|real-time"
  done
done
