#!/usr/bin/env bash
# layering_test.sh SOURCE: every file includes only its own layer and the layers below it, so that the
# layers form a stack without include cycles (docs/architecture.md):
#   foundation (core/foundation) < neurons, plasticity, encoders < simulator (core) < io < models < nir < plot < energy < cli;
#   training (training/: backpropagation through time) sits beside nir, above models
set -uo pipefail
cd "$1"
status=0
# check FOLDER ALLOWED...: the project includes ("dir/...") of FOLDER's files name only ALLOWED folders.
check() {
  local folder=$1; shift
  local allowed
  allowed=$(printf '%s/\\|' "$@")
  while IFS= read -r hit; do
    echo "layering: $hit"
    status=1
  done < <(grep -rn --include='*.hpp' --include='*.cpp' --include='*.cu' --include='*.cuh' '#include "' "$folder" |
           grep -v "#include \"\(${allowed%\\|}\)" | grep "#include \"[a-z_]*/")
}
check core/foundation core/foundation
check neurons core/foundation neurons
check plasticity core/foundation plasticity
check encoders core/foundation encoders
check core core neurons plasticity encoders
check io core neurons plasticity encoders io
check models core neurons plasticity encoders io models
check nir core neurons plasticity encoders io models nir
check training core neurons plasticity encoders io models nir training
check plot core neurons plasticity encoders io models nir plot
check energy core neurons plasticity encoders io models nir plot energy
exit $status
