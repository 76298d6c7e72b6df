#!/usr/bin/env bash
# On a GPU machine, with snn bundled into .device/ and a checkout of github.com/ridgerchu/SpikeGPT:
# greedy generation of 300 tokens by the reference's RNN and by `snn generate --backend cuda` on the
# same random weights (12 blocks; width 512 and 768; the 77-character and the 50,277-token
# vocabularies), then the check that every token we generated is the argmax of the reference's
# sequence model. JSON lines go to OUTDIR/generate.jsonl.
#   benchmarks/spikegpt_generation.sh SPIKEGPT_CHECKOUT [OUTDIR]
set -uo pipefail
spikegpt=$(cd "$1" && pwd)
out=$(mkdir -p "${2:-/tmp/spikegpt_generation}" && cd "${2:-/tmp/spikegpt_generation}" && pwd)
script=$(pwd)/benchmarks/spikegpt_reference_speed.py
reference() { (cd "$spikegpt" && python3 "$script" --spikegpt . --out "$out" "$@"); }
for config in "12 512 77" "12 768 77" "12 768 50277"; do
  set -- $config
  size=(--layers $1 --width $2 --vocabulary $3)
  reference "${size[@]}" | tee "$out/reference_$2_$3.txt" | grep -E "^reference"
  prompt=$(grep "^prompt:" "$out/reference_$2_$3.txt" | cut -d' ' -f2)
  weights="$out/spikegpt_L$1_d$2_v$3.safetensors"
  for repeat in 1 2; do
    .device/run snn generate "$weights" --prompt-ids "$prompt" -n 300 --greedy --ids --no-echo --backend cuda \
      --results "$out/generate.jsonl" > "$out/ours_$2_$3.txt" 2> "$out/ours_$2_$3.err"
    tail -1 "$out/ours_$2_$3.err"
  done
  reference "${size[@]}" --verify "$out/ours_$2_$3.txt" | grep -E "^verify"
  rm -f "$weights"
done
