#!/usr/bin/env bash
# On a GPU machine, with snn bundled into .device/: the CUDA step kernels against each other in one
# run: `snn bench` on each shipped experiment with the engine's choice and with --cuda-kernel graph,
# fused and overlapped, and, where an earlier build was bundled as .device/bin/snn_base, that build too
# (for the ratio to it). JSON lines go to OUTDIR/bench_results.jsonl.
#   benchmarks/gpu_kernels.sh [OUTDIR] [microcircuit ms]
set -uo pipefail
out=${1:-/tmp/gpu_kernels}
mc_ms=${2:-10000}
mkdir -p "$out"
results="$out/bench_results.jsonl"
variants=("snn -" "snn graph" "snn fused" "snn overlapped")
[[ -x .device/bin/snn_base ]] && variants=("snn_base -" "${variants[@]}")
bench() {  # binary kernel args...
  local binary=$1 kernel=$2
  shift 2
  local choice=()
  [[ $kernel != - ]] && choice=(--cuda-kernel "$kernel")
  .device/run "$binary" bench "$@" "${choice[@]}" --backend cuda --no-progress --results "$results" 2>&1 |
    grep -E "error|real-time|^spikes" | tr -s ' \n' ' '
  echo
}
for e in izhikevich2003 coba brunel; do
  for v in "${variants[@]}"; do echo "== $e, $v: $(bench $v "experiments/$e.yaml")"; done
done
for v in "${variants[@]}"; do
  echo "== microcircuit ${mc_ms} ms, $v: $(bench $v experiments/microcircuit.yaml --duration "$mc_ms")"
done
for n in 100000 1000000; do
  for v in "${variants[@]}"; do
    echo "== brunel N=$n 0.3 s, $v: $(bench $v experiments/brunel.yaml --duration 300 \
      --set populations.excitatory.size=$((n * 4 / 5)) --set populations.inhibitory.size=$((n / 5)))"
  done
done
