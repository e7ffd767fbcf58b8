#!/usr/bin/env bash
# CI: run the whole catalogue against the compliant variant (fixtures/compliant), a stack that
# keeps every control but is written in other styles than infra/. Every scenario must pass or be
# skipped with a reason: a failure here is a check that judges the spelling, not the effect.
# Usage: .ci/compliant-variant.sh [fixture folder, default fixtures/compliant] [extra maven args, e.g. -Dcucumber.filter.tags=@NET-04]
#        .ci/compliant-variant.sh fixtures/compliant-aurora    (the variant whose database is an Aurora cluster)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
fixture="$root/fixtures/compliant"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then   # a first argument that is no maven option names the fixture
  case "$1" in /*) fixture="${1%/}" ;; *) fixture="$root/${1%/}" ;; esac
  shift
  [ -f "$fixture/versions.tf" ] || { echo "[compliant] $fixture is no Terraform fixture (no versions.tf)"; exit 2; }
fi
run_id="${M300_COMPLIANT_RUN_ID:-cmp$(date +%H%M%S)$((RANDOM % 90 + 10))}"
unset TF_LOG TF_LOG_PROVIDER  # provider debug logs print secrets

# -pl features takes support and steps from the local repository: build them first.
# support and steps into the local repository (not when .ci/run has done so already: reinstalling jars
# that other parts' JVMs are reading would pull them from under their feet)
if [ "${M300_CI_BUILT:-}" != 1 ]; then
  ./mvnw -B -ntp -q install -DskipTests -DskipITs -Dlivingdocs.skip=true
fi

log=$(mktemp "/tmp/m300-compliant-XXXXXX.log")
echo "[compliant] run $run_id against $fixture (log: $log)"
set +e
./mvnw -B -ntp verify -pl features -Dharness.infra="$fixture" -Dharness.runId="$run_id" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Belt and braces: the build's exit code is the verdict, but a summary line with failures fails too.
if grep -Eiq '^[0-9]+ scenarios \(.*[0-9]+ (failed|undefined|pending)' "$log"; then
  echo "[compliant] a scenario failed on the compliant variant:"
  grep -Ei '^[0-9]+ scenarios ' "$log" || true
  status=1
fi
if [ "$status" = 0 ]; then
  echo "[compliant] every scenario passed or was skipped with a reason"
else
  echo "[compliant] FAILED (exit $status): see $log and features/target/cucumber-reports/"
fi
exit "$status"
