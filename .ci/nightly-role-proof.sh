#!/usr/bin/env bash
# Offline proof that the nightly sandbox role's policy suffices for a whole run: deploy, every
# control's checks, teardown and the sweep, all as an IAM user in moto that holds exactly
# .github/nightly-role-policy.json (moto's form: resources widened to * except S3's, conditions
# dropped), with moto's IAM enforcement on and its request recorder running. Then every recorded
# call is checked against the REAL policy (resources and conditions as written).
#
# Passes when moto refused no request (other than the tolerated account-ID probe the report names),
# every call is allowed by the real policy and every request maps to an IAM action. A call allowed
# only under a condition the recording cannot decide (ALLOWED_IF_CONDITION: e.g. aws:ResourceTag of
# a resource whose tags neither a recorded create call nor moto at the end of the run shows) does
# not fail the proof: each one is printed and the count is given.
# Writes features/target/harness/<run id>/requests.jsonl (method, service, action, path,
# resources, verdict: never a body) and role-policy-proof.json.
#
# usage: .ci/nightly-role-proof.sh [policy file]   (default .github/nightly-role-policy.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
policy=${1:-.github/nightly-role-policy.json}
say() { printf '[role-proof] %s\n' "$*"; }

run_id="m300nproof$(date +%s | tail -c 6)"
log=$(mktemp /tmp/m300-role-proof-XXXX.log)
start=$(date +%s)
set +e
./mvnw -B -ntp verify -pl features -Dlivingdocs.skip=true -Dharness.target=moto -Dharness.runId="$run_id" \
  -Dharness.enforceRolePolicy="$policy" > "$log" 2>&1
rc=$?
set -e
say "./mvnw verify as the role: exit $rc in $(( $(date +%s) - start )) s (log $log)"
grep -F '[m300] ' "$log" | grep -E 'role policy proof|NOT ALLOWED|UNMAPPED|TOLERATED|CONDITIONAL|sweep|Scenarios' | sed 's/^/  /' || true

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
