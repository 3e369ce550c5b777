# Sourced by the tools/bench-*.sh scripts (from the checkout's top): a trace directory of their own, removed at
# exit, and timing helpers.
export JRR_TRACE_DIR
JRR_TRACE_DIR=$(mktemp -d)
trap 'rm -rf "$JRR_TRACE_DIR"' EXIT
progs=integration-tests/target/test-programs

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { # seconds a command takes, its output and status ignored
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  awk -v a="$s" -v b="$e" 'BEGIN {printf "%.3f\n", (b - a) / 1e9}'
}

# The test programs and jrr, built if stale, and jrr's class-data archive made: all outside the timings.
prepare() {
  make -s -C integration-tests/src/test/c OUT="$PWD/$progs"
  ./jrr ls >/dev/null
  ./jrr record -q /bin/true >/dev/null 2>&1 || true
}

# med F ARGS: the median of $runs runs of F ARGS. run_record and run_replay pass $record_flags to jrr record.
med() { local f=$1; shift; for _ in $(seq "$runs"); do "$f" "$@"; done | median; }
run_native() { secs "$@"; }
run_record() { secs ./jrr record -q ${record_flags:-} "$@"; }
run_replay() { ./jrr record -q ${record_flags:-} "$@" >/dev/null 2>&1 || true; secs ./jrr replay -a; }
