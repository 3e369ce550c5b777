#!/usr/bin/env bash
# Reverse-continue across a recording of N syscalls (default 100000): the program calls first(), makes N
# getppid syscalls, then calls last(). gdb stops at last() and goes back to first(); the script prints the
# native run, the forward continue from first() to last() under replay, and the reverse-continue back.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
prog=integration-tests/target/test-programs/syscall_loop
[ -x "$prog" ] || make -s -C integration-tests/src/test/c OUT="$PWD/integration-tests/target/test-programs" >/dev/null
export JRR_TRACE_DIR=$(mktemp -d)
trap 'rm -rf "$JRR_TRACE_DIR"' EXIT
now() { date +%s.%N; }
t0=$(now); "$prog" "$n" >/dev/null; t1=$(now)
./jrr record -q "$prog" "$n" >/dev/null
out=$(./jrr replay -- -batch -nx -ex 'break first' -ex 'break last' -ex continue \
    -ex 'shell date +T1=%s.%N' -ex continue -ex 'shell date +T2=%s.%N' -ex reverse-continue \
    -ex 'shell date +T3=%s.%N' -ex 'info symbol $pc' 2>&1)
grep -q "in section .text" <<<"$out" || { echo "$out"; exit 1; }
grep -q "first" <<<"$(grep -A1 'T3=' <<<"$out")$(grep 'first' <<<"$out")" || { echo "$out"; exit 1; }
T1=$(grep -o 'T1=[0-9.]*' <<<"$out" | cut -d= -f2)
T2=$(grep -o 'T2=[0-9.]*' <<<"$out" | cut -d= -f2)
T3=$(grep -o 'T3=[0-9.]*' <<<"$out" | cut -d= -f2)
printf 'syscalls %d: native %.2f s, replay forward first->last %.2f s, reverse-continue last->first %.2f s\n' \
    "$n" "$(echo "$t1 - $t0" | bc)" "$(echo "$T2 - $T1" | bc)" "$(echo "$T3 - $T2" | bc)"
