#!/usr/bin/env bash
# Runs each libFuzzer harness of a fuzz build (scripts/sanitizer-checks.sh makes one) for SECONDS over its
# corpus, two at a time. New inputs go to a scratch folder (the repository's corpus stays as committed).
# Findings are saved under findings/ and fuzzing goes on (libFuzzer's fork mode), so that a crash
# inside the HDF5 library (docs/reliability.md, upstream findings) does not end a long campaign; when
# time is up each new finding is run again and classified: one in snn's own code fails the run, to
# become a regression (tests/fuzz/regressions).
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [harness ...]
# On a machine with more cores: FUZZ_AT_ONCE harnesses at a time (2), FUZZ_WORKERS processes each (1);
# FUZZ_SCRATCH keeps the new inputs in that folder instead of discarding them.
set -uo pipefail
build=$1
seconds=$2
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
harnesses=("$@")
[[ ${#harnesses[@]} -eq 0 ]] && harnesses=(experiment_yaml experiment_override safetensors idx text_files run_file checkpoint model_yaml nir_file)
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
# HDF5 allocates what a damaged object header claims (gigabytes, untouched): a single allocation may
# exceed the memory limit, the memory in use may not. An input taking a minute is a hang; the shipped
# reservoir's 120 MB of rendered trials take over 20 s under the sanitizers on a busy machine.
limits=(-timeout=60 -rss_limit_mb=2048 -malloc_limit_mb=8192)
run_one() {
  local name=$1 fuzzer="$build/tests/fuzz/${1}_fuzzer" status=0 finding
  local limits=("${limits[@]}")
  # NIR files are small: none takes a second to read, and HDF5's upstream hang on a damaged global
  # heap (docs/reliability.md) would otherwise cost a minute to find and another to classify.
  [[ $name == nir_file ]] && limits[0]=-timeout=10
  mkdir -p "$scratch/$name"
  touch "$scratch/$name.start"
  "$fuzzer" -fork="$workers" -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 -max_total_time="$seconds" "${limits[@]}" \
    -max_len=65536 -artifact_prefix="findings/${name}-" "$scratch/$name" "$here/corpus/$name" > "$scratch/$name.log" 2>&1
  # Each finding of this run (slow inputs are noted by libFuzzer, not failures) run again and classified.
  while IFS= read -r finding; do
    "$fuzzer" "${limits[@]}" "$finding" > "$finding.log" 2>&1 && continue
    if inside_hdf5 "$finding.log"; then
      echo "fuzz $name: $finding lies inside the HDF5 library (docs/reliability.md, upstream findings)"
    else
      echo "fuzz $name: $finding fails in snn's own code:"
      tail -40 "$finding.log"
      status=1
    fi
  done < <(find findings -name "${name}-*" -newer "$scratch/$name.start" ! -name '*.log' ! -name '*slow-unit*' | sort)
  local inputs
  inputs=$(grep -E '^#[0-9]+: ' "$scratch/$name.log" | tail -1 | sed -E 's/^#([0-9]+):.*/\1/')
  echo "fuzz $name: ${inputs:-0} inputs in ${seconds} s x $workers process(es), exit $status"
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
