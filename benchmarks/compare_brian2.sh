#!/usr/bin/env bash
# Times snn and Brian2's C++ standalone mode on the same models, on this machine, in one run:
# snn's simulation-loop wall time (median of three) against Brian2's reported run time.
# Needs Debian's python3-brian; run from the repository root after scripts/build.sh.
set -euo pipefail
out=$(mktemp -d)
median() { sort -n | sed -n 2p; }
printf "%-16s %7s %10s %12s %8s\n" model threads snn_s brian2_s ratio
for threads in 1 2; do
  for model in izhikevich2003 coba; do
    ours=$(for k in 1 2 3; do
      build/snn run "experiments/$model.yaml" --backend cpu --threads "$threads" --no-progress -o "$out/run.h5" |
        sed -n 's/^simulated .* in \([0-9.]*\) s wall.*/\1/p'
    done | median)
    theirs=$( (cd "$out" && /usr/bin/python3 "$OLDPWD/benchmarks/brian2_$model.py" "$threads" 2>/dev/null) |
      sed -n 's/.* run_s=\([0-9.]*\) .*/\1/p')
    printf "%-16s %7d %10.3f %12.3f %7.2fx\n" "$model" "$threads" "$ours" "$theirs" "$(echo "$theirs / $ours" | bc -l)"
  done
done
rm -rf "$out"
