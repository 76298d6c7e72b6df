#!/usr/bin/env bash
# On a GPU machine, with snn bundled into .device/: the duration of ten neuron and delivery kernel
# launches (after 400 of warm-up) for COBA and the microcircuit, by Nsight Compute. ncu flushes the
# caches before each kernel, so durations are upper bounds of those inside a replayed graph.
set -uo pipefail
export PATH=/usr/local/cuda/bin:$PATH LD_LIBRARY_PATH=$PWD/.device/lib
for e in coba microcircuit; do
  echo "== $e"
  ncu --kernel-name regex:"neuron_step|deliver" --launch-skip 400 --launch-count 10 --metrics gpu__time_duration.sum \
    .device/bin/snn run "experiments/$e.yaml" --backend cuda --duration 100 --no-progress -o /tmp/profile.h5 2>&1 |
    grep -E "^  [a-z_]+kernel|gpu__time_duration" | paste - - | sed -E 's/\(.*\)//; s/ +/ /g' | cut -c1-120
done
