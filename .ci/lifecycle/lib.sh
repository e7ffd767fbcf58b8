# Shared by the lifecycle tests: run the harness, wait for a line, check for leftovers.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
say() { printf '[lifecycle] %s\n' "$*"; }
fail() { printf '[lifecycle] FAIL: %s\n' "$*"; exit 1; }

# wait_for <file> <text> <seconds>: bounded wait for a line in a log.
wait_for() {
  local file=$1 text=$2 limit=$3 i
  for ((i = 0; i < limit; i++)); do grep -qF -- "$text" "$file" 2>/dev/null && return 0; sleep 1; done
  return 1
}

# recorded_alive <workdir>: processes the harness recorded in <workdir>/processes that are still running.
recorded_alive() {
  local dir=$1/processes f pid
  [ -d "$dir" ] || return 0
  for f in "$dir"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(basename "$f" .pid)
    kill -0 "$pid" 2>/dev/null && echo "$pid $(cat "$f")"
  done
  return 0
}
