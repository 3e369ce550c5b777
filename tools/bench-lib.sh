# Sourced by the tools/bench-*.sh scripts: a trace directory of their own, removed at exit, and timing helpers.
export JRR_TRACE_DIR
JRR_TRACE_DIR=$(mktemp -d)
trap 'rm -rf "$JRR_TRACE_DIR"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { # seconds a command takes, its output and status ignored
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  awk -v a="$s" -v b="$e" 'BEGIN {printf "%.3f\n", (b - a) / 1e9}'
}
