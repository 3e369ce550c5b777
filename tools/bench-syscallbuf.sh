#!/usr/bin/env bash
# The syscall buffer's benchmark: native runs, `jrr record` and `jrr replay -a` of the syscall loop and the mutex
# ping-pong, with the buffer (the default) and without (-n), in one invocation. jrr's own start-up (recording and
# replaying /bin/true) is measured too and subtracted in the "x native" columns.
# Usage: tools/bench-syscallbuf.sh [runs] [loop rounds] [ping-pong rounds] [loop rounds with -n]
# (-n traces every syscall, about 100 times slower: a smaller loop keeps its rows short)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3} loop=${2:-625000} pp=${3:-20000} nloop=${4:-${2:-625000}}
. tools/bench-lib.sh
prepare

start_rec=$(med run_record /bin/true)
start_rep=$(med run_replay /bin/true)
printf 'start-up: record %ss, replay %ss\n' "$start_rec" "$start_rep"
printf '%-34s %8s %9s %9s %10s %10s\n' program native record replay "rec x" "rep x"
row() {
  local label=$1; shift
  local n r p
  n=$(med run_native "${@: -2}")
  r=$(med run_record "$@")
  p=$(med run_replay "$@")
  awk -v l="$label" -v n="$n" -v r="$r" -v p="$p" -v sr="$start_rec" -v sp="$start_rep" 'BEGIN {
    printf "%-34s %7ss %8ss %8ss %9.1fx %9.1fx\n", l, n, r, p, (r - sr) / n, (p - sp) / n }'
}
row "syscall_mix $loop" "$progs/syscall_mix" "$loop"
row "syscall_mix $nloop (-n)" -n "$progs/syscall_mix" "$nloop"
if command -v strace >/dev/null; then # the floor for -n: two ptrace stops a syscall, as strace makes them
  s=$(med run_native strace -o /dev/null "$progs/syscall_mix" "$nloop")
  n=$(med run_native "$progs/syscall_mix" "$nloop")
  awk -v s="$s" -v n="$n" -v l="strace of syscall_mix $nloop" 'BEGIN {
    printf "%-34s %7ss %8ss %9s %9.1fx\n", l, n, s, "-", s / n }'
fi
row "mutex_pingpong $pp" "$progs/mutex_pingpong" "$pp"
row "mutex_pingpong $pp (-n)" -n "$progs/mutex_pingpong" "$pp"
