#!/usr/bin/env bash
# Times native runs, `jrr record` and `jrr replay -a` of the process-tree test programs in one invocation, so
# the figures in README.md can be checked on any machine. Usage: tools/bench-trees.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
progs=integration-tests/target/test-programs
make -s -C integration-tests/src/test/c OUT="$PWD/$progs"
./jrr ls >/dev/null # builds jrr if stale, outside the timings
. tools/bench-lib.sh

printf '%-16s %9s %9s %9s\n' program native record replay
for p in spin_token threads fork_pipe_wait signals; do
  n=() r=() p2=()
  for _ in $(seq "$runs"); do
    n+=("$(secs "$progs/$p")")
    r+=("$(secs ./jrr record -q "$progs/$p")")
    p2+=("$(secs ./jrr replay -a)")
  done
  printf '%-16s %8ss %8ss %8ss\n' "$p" "$(printf '%s\n' "${n[@]}" | median)" \
    "$(printf '%s\n' "${r[@]}" | median)" "$(printf '%s\n' "${p2[@]}" | median)"
done
