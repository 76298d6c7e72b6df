#!/usr/bin/env bash
# On a GPU machine (as spikformer_classification.sh): the Spikformer-4-384 at three firing-rate levels
# (the batch norms' bias mean 0.8, 0 and -0.8), each product forced in turn, to find where the sparse
# product overtakes the tensor cores.
#   benchmarks/spikformer_sparsity_sweep.sh SPIKFORMER_CHECKOUT SPIKINGJELLY_DIR [OUTDIR]
set -uo pipefail
spikformer=$(cd "$1" && pwd)
spikingjelly=$(cd "$2" && pwd)
out=$(mkdir -p "${3:-/tmp/spikformer_sweep}" && cd "${3:-/tmp/spikformer_sweep}" && pwd)
for bias in 0.8 0 -0.8; do
  python3 benchmarks/spikformer_reference_speed.py --spikformer "$spikformer" --spikingjelly "$spikingjelly" \
    --out "$out" --blocks 4 --width 384 --bn-bias $bias 2>&1 | grep -E "^reference|Error"
  name=spikformer_4_384$([ "$bias" = 0.8 ] || echo "_bias$bias")
  for path in tensor sparse; do
    .device/run snn classify "$out/$name.weights.safetensors" --images "$out/$name.data.safetensors" --heads 12 \
      --batch 64 --repeat 3 --backend cuda --path $path --results "$out/sweep.jsonl" > "$out/$name.$path.txt" 2>&1
    grep -E "images/s|error" "$out/$name.$path.txt"
  done
  grep "input rate" "$out/$name.sparse.txt" | awk '{s += $4; n++} END {printf "mean input rate of the spike products: %.3f\n", s / n}'
done
