#!/usr/bin/env bash
# Going backward across a recording of N syscalls (default 100000): the program calls first(), makes N getppid
# syscalls, then calls last(). Under gdb: continue from first() to last() (forward), reverse-continue back to
# first() (across the whole recording), continue to last() again, then reverse-stepi and reverse-continue to the
# last getppid() call (near the end: served from a snapshot, not from the start). Prints each time and the
# native run's, with automatic snapshots as configured (JRR_CHECKPOINT_INTERVAL) and without them (0).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
prog=integration-tests/target/test-programs/syscall_loop
[ -x "$prog" ] || make -s -C integration-tests/src/test/c OUT="$PWD/integration-tests/target/test-programs" >/dev/null
export JRR_TRACE_DIR=$(mktemp -d)
trap 'rm -rf "$JRR_TRACE_DIR"' EXIT
now() { date +%s.%N; }
t0=$(now); "$prog" "$n" >/dev/null; t1=$(now)
./jrr record -q "$prog" "$n" >/dev/null 2>&1
measure() {
    local args=(-batch -nx -ex 'break first' -ex 'break last' -ex continue -ex 'shell date +T1=%s.%N'
        -ex continue -ex 'shell date +T2=%s.%N' -ex reverse-continue -ex 'shell date +T3=%s.%N'
        -ex 'info symbol $pc' -ex continue -ex 'shell date +T4=%s.%N' -ex reverse-stepi
        -ex 'shell date +T5=%s.%N' -ex 'break getppid' -ex reverse-continue -ex 'shell date +T6=%s.%N'
        -ex 'info symbol $pc')
    out=$(./jrr replay -- "${args[@]}" 2>&1)
    grep -A1 'T3=' <<<"$out" | grep -q "^first" || { echo "$out"; exit 1; }
    grep -A1 'T6=' <<<"$out" | grep -q "getppid" || { echo "$out"; exit 1; }
    t() { grep -o "T$1=[0-9.]*" <<<"$out" | cut -d= -f2; }
    printf '%s: forward first->last %.2f s, reverse-continue last->first %.2f s, reverse-stepi %.2f s,' \
        "$1" "$(echo "$(t 2) - $(t 1)" | bc)" "$(echo "$(t 3) - $(t 2)" | bc)" "$(echo "$(t 5) - $(t 4)" | bc)"
    printf ' reverse-continue to the last getppid %.2f s\n' "$(echo "$(t 6) - $(t 5)" | bc)"
}
printf 'syscalls %d: native %.2f s\n' "$n" "$(echo "$t1 - $t0" | bc)"
measure "with snapshots"
JRR_CHECKPOINT_INTERVAL=0 measure "without snapshots"
