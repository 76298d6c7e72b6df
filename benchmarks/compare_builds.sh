#!/usr/bin/env bash
# On a GPU machine: builds of snn bundled into .device/bin (by default snn_base and snn), timed on
# the benchmark networks with `snn bench`, alternating so that drift on the machine hits all alike.
# Prints one line per run: network, build, real-time factor.
#   benchmarks/compare_builds.sh [ROUNDS] [BUILD...]
set -uo pipefail
rounds=${1:-2}
shift || true
builds=("$@")
[[ ${#builds[@]} -gt 0 ]] || builds=(snn_base snn)
rtf() { .device/run "$1" bench "${@:2}" --no-progress 2>&1 | awk '/real-time factor/ {print $3} /^error/ {print}'; }
for r in $(seq "$rounds"); do
  for build in "${builds[@]}"; do
    echo "microcircuit-10s $build $(rtf "$build" experiments/microcircuit.yaml --backend cuda --duration 10000)"
    echo "coba $build $(rtf "$build" experiments/coba.yaml --backend cuda)"
    echo "brunel-12.5k $build $(rtf "$build" experiments/brunel.yaml --backend cuda)"
    echo "izhikevich2003 $build $(rtf "$build" experiments/izhikevich2003.yaml --backend cuda)"
    echo "brunel-stdp $build $(rtf "$build" experiments/brunel.yaml --backend cuda --duration 2000 \
      --set projections.0.plasticity.rule=stdp)"
  done
done
