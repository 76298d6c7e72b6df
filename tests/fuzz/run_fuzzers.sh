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
# An allocation beyond any machine (HDF5 asks for what a damaged header claims) fails as it would in
# use, with null, which the library turns into an error, rather than stopping the sanitizer.
export ASAN_OPTIONS="allocator_may_return_null=1"
mkdir -p findings
failed=0
run_one() {
  local name=$1
  mkdir -p "$scratch/$name"
  # HDF5 allocates what a damaged object header claims (gigabytes, untouched): a single allocation may
  # exceed the memory limit, the memory in use may not.
  "$build/tests/fuzz/${name}_fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -malloc_limit_mb=8192 -max_len=65536 \
    -artifact_prefix="findings/${name}-" -print_final_stats=1 "$scratch/$name" "$here/corpus/$name" \
    > "$scratch/$name.log" 2>&1
  local status=$?
  echo "fuzz $name: $(grep -E '^stat::number_of_executed_units' "$scratch/$name.log" | awk '{print $2}') inputs in ${seconds} s, exit $status"
  if [[ $status -ne 0 ]] && inside_hdf5 "$scratch/$name.log"; then
    echo "fuzz $name: the finding lies inside the HDF5 library (docs/reliability.md, upstream findings); saved in findings/"
    return 0
  fi
  if [[ $status -ne 0 ]]; then tail -40 "$scratch/$name.log"; fi
  return $status
}
# Whether a finding's stack reaches the HDF5 library before any of snn's own code: a memory error of
# Debian's HDF5 1.10 on a damaged file, not of the reader that called it.
inside_hdf5() {
  awk '/ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)/ {on = 1} on && / in snn::/ {print "snn"; exit}
       on && /libhdf5/ {print "hdf5"; exit}' "$1" | grep -q hdf5
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
