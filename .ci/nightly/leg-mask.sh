#!/usr/bin/env bash
# After a leg, whatever happened to it: what leaves the runner, staged in <out> (default nightly-out):
#   <out>/reports/    living documentation, cucumber.json, run.json and timings.json, account ids masked
#   <out>/workspace/  the run's Terraform workspace for the cleanup job: infra/ with .terraform.lock.hcl,
#                     without tf-data, logs, backend.hcl (its bucket name comes from the account;
#                     cleanup writes it again from M300_STATE_BUCKET) or terraform.rc
# Then every staged file is searched for the account id in any encoding (.ci/leak-check.sh: plain,
# JSON-escaped, base64, URL-encoded, zips opened); one hit fails this step, and the workflow uploads
# nothing (its uploads run only when this step succeeded).
# Environment: RUN_ID, ACCOUNT.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[mask] %s\n' "$*"; }
: "${RUN_ID:?}" "${ACCOUNT:?}"
out=${1:-nightly-out}
rm -rf "$out"; mkdir -p "$out/reports" "$out/workspace"

f=features/target
for d in living-docs cucumber-reports; do
  [ -d "$f/$d" ] && cp -R "$f/$d" "$out/reports/"
done
for run in "$f"/harness/*/; do
  [ -f "$run/run.json" ] || continue
  mkdir -p "$out/reports/harness/$(basename "$run")"
  cp "$run/run.json" "$out/reports/harness/$(basename "$run")/"
  [ -f "$run/timings.json" ] && cp "$run/timings.json" "$out/reports/harness/$(basename "$run")/"
done
ws=$f/harness/$RUN_ID
if [ -d "$ws/infra" ]; then
  tar -C "$ws" --exclude='./infra/.terraform' --exclude='*.log' -cf - ./infra | tar -C "$out/workspace" -xf -
  say "workspace of ${RUN_ID}: infra/ ($(find "$out/workspace" -type f | wc -l) files, lock file $( [ -f "$out/workspace/infra/.terraform.lock.hcl" ] && echo kept || echo absent))"
else
  say "no workspace of ${RUN_ID} (the run ended before it prepared one)"
fi

HARNESS_AWS_ACCOUNT=$ACCOUNT java support/src/main/java/io/m300/harness/support/report/AccountRedaction.java "$out/reports"
say "searching every staged file for the account id (plain, JSON, base64, URL-encoded, zips)"
if ! hits=$(printf '%s\n' "$ACCOUNT" | .ci/leak-check.sh - "$out"); then
  echo "::error::the account id is still in (nothing is uploaded):"
  printf '%s\n' "$hits"
  exit 1
fi
say "no account id in $(find "$out" -type f | wc -l) staged file(s)"
