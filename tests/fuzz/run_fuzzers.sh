#!/usr/bin/env bash
# Runs each libFuzzer harness of a fuzz build (scripts/sanitizer-checks.sh makes one) for SECONDS over its
# corpus, two at a time. New inputs go to a scratch folder (the repository's corpus stays as committed);
# a finding is saved under findings/ and fails the run, to become a regression (tests/fuzz/regressions).
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [harness ...]
# On a machine with more cores: FUZZ_AT_ONCE harnesses at a time (2), FUZZ_WORKERS processes each (1)
# sharing one growing corpus; FUZZ_SCRATCH keeps the new inputs in that folder instead of discarding them.
set -uo pipefail
build=$1
seconds=$2
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(experiment_yaml experiment_override safetensors idx text_files run_file checkpoint model_yaml)
at_once=${FUZZ_AT_ONCE:-2}
workers=${FUZZ_WORKERS:-1}
scratch=${FUZZ_SCRATCH:-$(mktemp -d /tmp/snn_fuzz.XXXXXX)}
keep_scratch=${FUZZ_SCRATCH:+yes}
export LSAN_OPTIONS="suppressions=$here/lsan.supp"
# An allocation beyond any machine (HDF5 asks for what a damaged header claims) fails as it would in
# use, with null, which the library turns into an error, rather than stopping the sanitizer.
export ASAN_OPTIONS="allocator_may_return_null=1"
mkdir -p findings
failed=0
run_one() {
  local name=$1 status=0 pids=() w
  mkdir -p "$scratch/$name"
  # HDF5 allocates what a damaged object header claims (gigabytes, untouched): a single allocation may
  # exceed the memory limit, the memory in use may not. An input taking a minute is a hang; the shipped
  # reservoir's 120 MB of rendered trials take over 20 s under the sanitizers on a busy machine.
  for ((w = 0; w < workers; ++w)); do
    "$build/tests/fuzz/${name}_fuzzer" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 -malloc_limit_mb=8192 \
      -max_len=65536 -reload=1 -artifact_prefix="findings/${name}-" -print_final_stats=1 "$scratch/$name" \
      "$here/corpus/$name" > "$scratch/$name.$w.log" 2>&1 &
    pids+=($!)
  done
  for w in "${!pids[@]}"; do
    wait "${pids[w]}" && continue
    status=1
    if inside_hdf5 "$scratch/$name.$w.log"; then
      echo "fuzz $name: the finding lies inside the HDF5 library (docs/reliability.md, upstream findings); saved in findings/"
      status=0
    else
      tail -40 "$scratch/$name.$w.log"
      break
    fi
  done
  local inputs
  inputs=$(cat "$scratch/$name".*.log | awk '/^stat::number_of_executed_units/ {n += $2} END {print n + 0}')
  echo "fuzz $name: $inputs inputs in ${seconds} s x $workers process(es), exit $status"
  return $status
}
# Whether a finding's stack reaches the HDF5 library before any of snn's own code: a memory error of
# Debian's HDF5 1.10 on a damaged file, not of the reader that called it.
inside_hdf5() {
  awk '/ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)/ {on = 1} on && / in snn::/ {print "snn"; exit}
       on && /libhdf5/ {print "hdf5"; exit}' "$1" | grep -q hdf5
}
# Harnesses in groups of at_once, each group waited for before the next starts.
for ((k = 0; k < ${#harnesses[@]}; k += at_once)); do
  group=()
  for ((j = k; j < k + at_once && j < ${#harnesses[@]}; ++j)); do run_one "${harnesses[j]}" & group+=($!); done
  for pid in "${group[@]}"; do wait "$pid" || failed=1; done
done
[[ -z $keep_scratch ]] && rm -rf "$scratch"
exit $failed
