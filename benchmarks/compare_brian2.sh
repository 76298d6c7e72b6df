#!/usr/bin/env bash
# Times snn and Brian2's C++ standalone mode on the same models, on this machine, in one run:
# snn's simulation-loop wall time (median of three) against Brian2's reported run time (median of
# three runs of its compiled program). COBA twice: with exponential Euler (snn's default) and with
# forward Euler on both sides (Brian2's COBA example; snn's `integrator: forward_euler`).
# Needs Debian's python3-brian; run from the repository root after scripts/build.sh.
# Usage: benchmarks/compare_brian2.sh [threads...] (default: 1 2); SNN_SIMD=level passes --simd;
# MODELS="coba brunel" times only those.
set -euo pipefail
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | sed -n 2p; }
euler="--set populations.excitatory.integrator=forward_euler --set populations.inhibitory.integrator=forward_euler"
printf "%-18s %7s %10s %12s %8s\n" model threads snn_s brian2_s ratio
thread_counts=("$@")
[[ ${#thread_counts[@]} -eq 0 ]] && thread_counts=(1 2)
for threads in "${thread_counts[@]}"; do
  for model in ${MODELS:-izhikevich2003 coba coba_euler brunel}; do
    experiment=${model%_euler}
    extra=""
    [[ $model == coba_euler ]] && extra=$euler
    # shellcheck disable=SC2086
    ours=$(for k in 1 2 3; do
      build/snn run "experiments/$experiment.yaml" --backend cpu --threads "$threads" --simd "${SNN_SIMD:-auto}" $extra \
        --no-progress -o "$out/run.h5" | sed -n 's/^simulated .* in \([0-9.]*\) s wall.*/\1/p'
    done | median)
    script="benchmarks/brian2_$experiment.py"
    args=("$threads" 1)
    [[ $model == coba ]] && args+=(exponential_euler)
    [[ $model == coba_euler ]] && args+=(euler)
    theirs=$(for k in 1 2 3; do
      (cd "$out" && /usr/bin/python3 "$OLDPWD/$script" "${args[@]}" 2>/dev/null) | sed -n 's/.* run_s=\([0-9.]*\) .*/\1/p'
    done | median)
    printf "%-18s %7d %10.3f %12.3f %7.2fx\n" "$model" "$threads" "$ours" "$theirs" "$(echo "$theirs / $ours" | bc -l)"
  done
done
