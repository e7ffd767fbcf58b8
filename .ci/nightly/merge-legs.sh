#!/usr/bin/env bash
# .ci/nightly/merge-legs.sh <in> <out>: turns the downloaded report artifacts of the nightly legs (<in>/nightly-reports-<leg>-<attempt>/,
# each holding cucumber-reports/cucumber.json and harness/<run id>/run.json) into one folder per leg
# (<out>/<leg>/cucumber.json + run.json + timings.json), as -Dlivingdocs.reports reads them; the
# run's target becomes "aws <leg> <region>", the column label of the living documentation.
set -euo pipefail
in=$1 out=$2
mkdir -p "$out"
found=0
for dir in "$in"/nightly-reports-*; do
  [ -d "$dir" ] || continue
  leg=$(basename "$dir" | sed -e 's/^nightly-reports-//' -e 's/-[0-9]*$//')
  if [ ! -f "$dir/cucumber-reports/cucumber.json" ]; then
    echo "[merge] leg ${leg}: no cucumber.json (the run ended before its scenarios); left out"
    continue
  fi
  mkdir -p "$out/$leg"
  cp "$dir/cucumber-reports/cucumber.json" "$out/$leg/"
  run_json=$(find "$dir/harness" -name run.json 2>/dev/null | sort | tail -n 1)
  if [ -n "$run_json" ]; then
    # the column label is the target: name the leg and its region, so two accounts never share a column
    python3 - "$run_json" "$out/$leg/run.json" "$leg" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
run["target"] = ("%s %s %s" % (run.get("target", "aws"), sys.argv[3], run.get("region", ""))).strip()
json.dump(run, open(sys.argv[2], "w"), indent=2)
PY
  fi
  [ -z "$run_json" ] || [ ! -f "$(dirname "$run_json")/timings.json" ] || cp "$(dirname "$run_json")/timings.json" "$out/$leg/"
  found=$((found + 1))
  echo "[merge] leg ${leg}: $(ls "$out/$leg" | tr '\n' ' ')"
done
[ "$found" -gt 0 ] || { echo "[merge] no leg left a cucumber.json: nothing to put side by side"; exit 1; }
