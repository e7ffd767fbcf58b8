#!/usr/bin/env bash
# Turns the downloaded report artifacts of the nightly legs (<in>/nightly-reports-<leg>-<attempt>/,
# each holding cucumber-reports/cucumber.json and harness/<run id>/run.json) into one folder per leg
# (<out>/<leg>/cucumber.json + run.json + timings.json), as -Dlivingdocs.reports reads them.
set -euo pipefail
in=$1 out=$2
mkdir -p "$out"
found=0
for dir in "$in"/nightly-reports-*; do
  [ -d "$dir" ] || continue
  leg=$(basename "$dir" | sed 's/^nightly-reports-//')
  if [ ! -f "$dir/cucumber-reports/cucumber.json" ]; then
    echo "[merge] leg ${leg}: no cucumber.json (the run ended before its scenarios); left out"
    continue
  fi
  mkdir -p "$out/$leg"
  cp "$dir/cucumber-reports/cucumber.json" "$out/$leg/"
  run_json=$(find "$dir/harness" -name run.json 2>/dev/null | sort | tail -n 1)
  [ -z "$run_json" ] || cp "$run_json" "$out/$leg/"
  [ -z "$run_json" ] || [ ! -f "$(dirname "$run_json")/timings.json" ] || cp "$(dirname "$run_json")/timings.json" "$out/$leg/"
  found=$((found + 1))
  echo "[merge] leg ${leg}: $(ls "$out/$leg" | tr '\n' ' ')"
done
[ "$found" -gt 0 ] || { echo "[merge] no leg left a cucumber.json: nothing to put side by side"; exit 1; }
