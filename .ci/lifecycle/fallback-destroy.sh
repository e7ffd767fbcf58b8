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
./mvnw -B -ntp verify -pl features -Dharness.runId="$run" -Dcucumber.filter.tags=@drift > "$first" 2>&1 &
maven=$!
moto_pid=""
cleanup() {
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null || true
  [ -n "$moto_pid" ] && rm -f "$work/processes/$moto_pid.pid"
}
trap cleanup EXIT
wait_for "$first" "> terraform apply" 600 || fail "the run never reached apply"
# Mid-apply, with something in the state: the apply takes ~105 s on moto, most of it waiting for
# the RDS instance (created ~10 s in, ready ~90 s in); Terraform persists its state about every
# 20 s while it applies. 55 s in, the state holds most of the stack and the DB is still creating.
sleep 55

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
    *terraform*) tf_pids="$tf_pids $pid $(pgrep -P "$pid" | tr '\n' ' ')";;
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
