#!/usr/bin/env bash
# What coherent shared file mappings cost (issue 13): native runs, `jrr record` and `jrr replay -a` of a loop of
# 64-byte pwrites to a file, (1) with no file mapped shared, (2) with another file mapped shared, (3) with the
# written file mapped shared (read-only, so jrr gives it a shadow copy) and each write read back through the mapping.
# jrr's start-up (recording and replaying /bin/true) is subtracted in the "x native" columns.
# Usage: tools/bench-shared.sh [runs] [writes] [writes when the written file is mapped] [jrr record flags, e.g. -n]
# (those writes are traced, about 100 times slower: a smaller loop keeps the row short)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3} writes=${2:-100000} mapped=${3:-${2:-100000}} record_flags=${4:-}
. tools/bench-lib.sh
prepare

start_rec=$(med run_record /bin/true)
start_rep=$(med run_replay /bin/true)
printf 'start-up: record %ss, replay %ss%s\n' "$start_rec" "$start_rep" "${record_flags:+; jrr record $record_flags}"
printf '%-42s %8s %9s %9s %10s %10s\n' case native record replay "rec x" "rep x"
for mode in none other mapped; do
  count=$writes
  [ "$mode" = mapped ] && count=$mapped
  prog=("$progs/shared_write_loop" "$count" "$mode")
  n=$(med run_native "${prog[@]}")
  r=$(med run_record "${prog[@]}")
  p=$(med run_replay "${prog[@]}")
  case $mode in
    none) label="$count pwrites, no file mapped shared" ;;
    other) label="$count pwrites, another file mapped" ;;
    mapped) label="$count pwrites, the written file mapped" ;;
  esac
  awk -v l="$label" -v n="$n" -v r="$r" -v p="$p" -v sr="$start_rec" -v sp="$start_rep" 'BEGIN {
    printf "%-42s %7ss %8ss %8ss %9.1fx %9.1fx\n", l, n, r, p, (r - sr) / n, (p - sp) / n }'
done
