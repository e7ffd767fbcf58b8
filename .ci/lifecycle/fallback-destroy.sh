#!/usr/bin/env bash
# The fallback destroy (.ci/fallback-destroy.sh) after a SIGKILL mid-apply: the run's JVM and its
# Terraform are killed with SIGKILL while Terraform applies, so the state keeps a stale lock and
# part of the stack; the emulator stays up. The fallback script must force-unlock with the lock
# id from Terraform's error and destroy everything the state holds. It touches only processes this
# test started (descendants of its own Maven), and stops its emulator at the end.
source "$(dirname "$0")/lib.sh"
cd "$root"
work=$root/features/target/harness
run=fallback-$(date +%s | tail -c 6)
first=$(mktemp /tmp/m300-fallback-run-XXXX.log); out=$(mktemp /tmp/m300-fallback-destroy-XXXX.log)

descends_from() { # descends_from <pid> <ancestor>
  local p=$1
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do
    [ "$p" = "$2" ] && return 0
    p=$(awk '/^PPid:/{print $2}' "/proc/$p/status" 2>/dev/null || true)
  done
  return 1
}

say "run $run, to be killed during apply (log $first)"
TF_STATE_PERSIST_INTERVAL=5 ./mvnw -B -ntp verify -pl features -Dharness.runId="$run" -Dcucumber.filter.tags=@drift > "$first" 2>&1 &
maven=$!
moto_pid=""
cleanup() {
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true
  [ -n "$moto_pid" ] && rm -f "$work/processes/$moto_pid.pid"
}
trap cleanup EXIT
wait_for "$first" "> terraform apply" 600 || fail "the run never reached apply"
# Mid-apply, with something in the state: wait until the apply has persisted a state to the
# backend (Terraform writes intermediate snapshots while it applies) and the apply is still running.
port=$(for f in "$work"/processes/*.pid; do awk '$1 ~ /moto/ {print $2}' "$f"; done 2>/dev/null | tail -n 1)
state_written() {
  python3 - "$port" "$run" <<'PY'
import sys, boto3
port, run = sys.argv[1], sys.argv[2]
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="eu-central-1",
                  aws_access_key_id="test", aws_secret_access_key="test")
try:
    s3.head_object(Bucket=f"{run}-tfstate", Key=f"m300/{run}/terraform.tfstate")
except Exception:
    sys.exit(1)
PY
}
for ((i = 0; i < 150; i++)); do
  state_written && break
  sleep 1
done
say "state persisted ${i} s after the apply began"
grep -qE "(done|FAILED) terraform apply in" "$first" && fail "the apply ended before the kill: nothing mid-apply to prove"
sleep 5

# This run's JVM: the owner recorded in the process registry that descends from our Maven.
jvm=""
for owner in $(awk '{print $3}' "$work"/processes/*.pid 2>/dev/null | sort -u | grep -v '^0$'); do
  descends_from "$owner" "$maven" && jvm=$owner && break
done
[ -n "$jvm" ] || fail "no process of this run in $work/processes"
mine=$(grep -l " $jvm\$" "$work"/processes/*.pid | xargs -n1 basename | sed 's/\.pid$//')
tf_pids=""; moto_port=""
for pid in $mine; do
  cmd=$(cut -d' ' -f1 "$work/processes/$pid.pid")
  case "$cmd" in
    *terraform*) tf_pids="$tf_pids $pid $(pgrep -P "$pid" | tr '\n' ' ' || true)";;  # (a shared provider process has no children)
    *moto*) moto_pid=$pid; moto_port=$(cut -d' ' -f2 "$work/processes/$pid.pid");;
  esac
done
[ -n "$tf_pids" ] || fail "no Terraform of run $run is running: the kill would prove nothing"
[ -n "$moto_pid" ] || fail "no emulator of run $run found"
say "kill -9 of the JVM ($jvm) and its Terraform ($tf_pids) mid-apply; the emulator (pid $moto_pid, port $moto_port) stays"
# shellcheck disable=SC2086
kill -9 "$jvm" $tf_pids
wait "$maven" || true

export AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=eu-central-1 AWS_DEFAULT_REGION=eu-central-1
state_count() {
  TF_DATA_DIR="$work/$run/tf-data" TF_CLI_CONFIG_FILE="$work/$run/terraform.rc" \
    terraform -chdir="$work/$run/infra" state list -no-color > "$out.state" 2>&1 || { cat "$out.state"; echo "?"; return; }
  wc -l < "$out.state"
}
before=$(state_count)
say "the killed apply left $before resource(s) in the state of run $run"
[[ "$before" =~ ^[0-9]+$ ]] && [ "$before" -gt 0 ] || fail "the state holds nothing: the kill came too early to prove anything"

say "fallback destroy, from another directory with a relative workspace path (log $out)"
(cd /tmp && "$root/.ci/fallback-destroy.sh" "$(realpath --relative-to=/tmp "$work/$run")") > "$out" 2>&1 \
  || { tail -40 "$out"; fail "the fallback destroy failed"; }
grep -q "force-unlock" "$out" || { tail -40 "$out"; fail "the fallback destroy did not meet (or did not report) the stale lock"; }
grep "\[fallback-destroy\]" "$out"
after=$(state_count)
[ "$after" = "0" ] || fail "the state of run $run still holds $after resource(s)"
say "PASS: stale lock force-unlocked, the $before resource(s) of the killed apply destroyed"
