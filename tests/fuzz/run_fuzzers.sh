#!/usr/bin/env bash
# Runs each libFuzzer harness of a fuzz build (scripts/sanitizer-checks.sh makes one) for SECONDS over its
# corpus, two at a time. New inputs go to a scratch folder (the repository's corpus stays as committed);
# a finding is saved under findings/ and fails the run, to become a regression (tests/fuzz/regressions).
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [harness ...]
set -uo pipefail
build=$1
seconds=$2
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(experiment_yaml experiment_override safetensors idx text_files run_file checkpoint model_yaml)
scratch=$(mktemp -d /tmp/snn_fuzz.XXXXXX)
export LSAN_OPTIONS="suppressions=$here/lsan.supp"
mkdir -p findings
failed=0
run_one() {
  local name=$1
  mkdir -p "$scratch/$name"
  "$build/tests/fuzz/${name}_fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="findings/${name}-" -print_final_stats=1 "$scratch/$name" "$here/corpus/$name" \
    > "$scratch/$name.log" 2>&1
  local status=$?
  echo "fuzz $name: $(grep -E '^stat::number_of_executed_units' "$scratch/$name.log" | awk '{print $2}') inputs in ${seconds} s, exit $status"
  if [[ $status -ne 0 ]]; then tail -40 "$scratch/$name.log"; fi
  return $status
}
for ((k = 0; k < ${#harnesses[@]}; k += 2)); do
  run_one "${harnesses[k]}" & first=$!
  second=""
  if (( k + 1 < ${#harnesses[@]} )); then run_one "${harnesses[k + 1]}" & second=$!; fi
  wait $first || failed=1
  [[ -n $second ]] && { wait $second || failed=1; }
done
rm -rf "$scratch"
exit $failed
