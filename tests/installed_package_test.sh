#!/usr/bin/env bash
# installed_package_test.sh BUILD SOURCE: installs the built tree into a scratch prefix, builds
# examples/balanced_network against it as a project of its own (find_package(snn)), and runs it:
# its HDF5 file must be complete and both populations must fire at the balanced network's rates
# (10 to 200 Hz).
set -euo pipefail
build=$1 source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/prefix" > "$scratch/install.log" || { cat "$scratch/install.log"; exit 1; }
cmake -S "$source/examples/balanced_network" -B "$scratch/example" -DCMAKE_PREFIX_PATH="$scratch/prefix" \
  > "$scratch/configure.log" 2>&1 || { cat "$scratch/configure.log"; exit 1; }
cmake --build "$scratch/example" > "$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; exit 1; }
out=$(cd "$scratch" && "$scratch/example/balanced_network")
# The run's file, as `snn run` writes it, read by the installed snn command.
"$scratch/prefix/bin/snn" info "$scratch/balanced_network.h5" | grep -q "status complete"
echo "$out"
echo "$out" | awk '/ Hz$/ { rate = $(NF - 1); n++; if (rate < 10 || rate > 200) bad = 1 } END { exit (n == 2 && !bad) ? 0 : 1 }'
