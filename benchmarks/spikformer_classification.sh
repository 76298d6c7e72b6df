#!/usr/bin/env bash
# On a GPU machine, with snn bundled into .device/, a checkout of github.com/ZK-Zhou/spikformer and a
# directory holding the spikingjelly package (SpikeGPT's src/ vendors one): images per second of the
# reference Spikformer and of `snn classify --backend cuda` (each product, and auto) on the
# same random weights and 256 random 32x32 images, and the agreement of the logits.
#   benchmarks/spikformer_classification.sh SPIKFORMER_CHECKOUT SPIKINGJELLY_DIR [OUTDIR]
set -uo pipefail
spikformer=$(cd "$1" && pwd)
spikingjelly=$(cd "$2" && pwd)
out=$(mkdir -p "${3:-/tmp/spikformer_classification}" && cd "${3:-/tmp/spikformer_classification}" && pwd)
for config in "4 384" "8 384"; do
  set -- $config
  python3 benchmarks/spikformer_reference_speed.py --spikformer "$spikformer" --spikingjelly "$spikingjelly" \
    --out "$out" --blocks $1 --width $2 2>&1 | grep -E "^reference|Error"
  for path in dense tensor sparse auto; do
    .device/run snn classify "$out/spikformer_$1_$2.weights.safetensors" --images "$out/spikformer_$1_$2.data.safetensors" \
      --heads 12 --patch 4 --time-steps 4 --batch 64 --repeat 3 --backend cuda --path $path \
      --results "$out/classify.jsonl" > "$out/ours_$1_$2_$path.txt" 2>&1
    grep -E "images/s|reference logits|error" "$out/ours_$1_$2_$path.txt"
  done
  grep -E "input rate" "$out/ours_$1_$2_auto.txt" | head -14
done
