#!/usr/bin/env bash
# On a GPU machine, with snn bundled into .device/: `snn bench` on every shipped experiment (CUDA,
# and the CPU engine of the same machine for the ratio), the full microcircuit for 10 s, and Brunel
# networks of growing size. JSON lines go to OUTDIR/bench_results.jsonl.
#   benchmarks/gpu_bench.sh [OUTDIR] [largest Brunel size]
set -uo pipefail
out=${1:-/tmp/gpu_bench}
largest=${2:-400000}
mkdir -p "$out"
results="$out/bench_results.jsonl"
bench() { .device/run snn bench "$@" --no-progress --results "$results" 2>&1 | grep -E "error|device|construction|real-time|events|memory"; }
for e in izhikevich2003 coba brunel; do
  for b in cuda cpu; do echo "== $e $b"; bench "experiments/$e.yaml" --backend $b; done
done
echo "== microcircuit, full scale, 10 s, all spikes"
bench experiments/microcircuit.yaml --backend cuda --duration 10000
for n in 10000 100000 "$largest"; do
  echo "== brunel N=$n (C_E = 1000 inputs per neuron)"
  bench experiments/brunel.yaml --backend cuda --set populations.excitatory.size=$((n * 4 / 5)) \
    --set populations.inhibitory.size=$((n / 5))
done
echo "== a network too large for the GPU is refused before construction"
time bench experiments/brunel.yaml --backend cuda --set populations.excitatory.size=64000000 \
  --set populations.inhibitory.size=16000000
