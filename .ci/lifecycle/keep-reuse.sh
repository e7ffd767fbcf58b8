#!/usr/bin/env bash
# Stages: keep the stack, reuse it without applying, then a plain run removes what was kept.
source "$(dirname "$0")/lib.sh"
cd "$root"
work=$root/features/target/harness
log=$(mktemp -d /tmp/m300-stages-XXXX)
t0=$(date +%s)
./mvnw -B -ntp verify -pl features -Dharness.keep=true -Dcucumber.filter.tags=@drift > "$log/keep.log" 2>&1 || fail "keep run failed"
t1=$(date +%s)
[ -f "$work/kept-stack.json" ] || fail "the keep run left no record of its stack"
pid=$(python3 -c "import json;print(json.load(open('$work/kept-stack.json'))['emulatorPid'])")
kill -0 "$pid" 2>/dev/null || fail "the kept emulator (pid $pid) is not running"
./mvnw -B -ntp verify -pl features -Dharness.reuse=true -Dcucumber.filter.tags=@drift > "$log/reuse.log" 2>&1 || fail "reuse run failed"
t2=$(date +%s)
grep -q "skipped terraform apply" "$log/reuse.log" || fail "the reuse run applied again"
./mvnw -B -ntp verify -pl features -Dcucumber.filter.tags=@drift > "$log/plain.log" 2>&1 || fail "plain run failed"
grep -q "removed the stack kept by run" "$log/plain.log" || fail "the plain run did not remove the kept stack"
kill -0 "$pid" 2>/dev/null && fail "the kept emulator (pid $pid) survived the plain run"
[ -f "$work/kept-stack.json" ] && fail "the kept stack's record survived the plain run"
say "PASS: keep run $((t1 - t0)) s, reuse run $((t2 - t1)) s; the plain run removed the kept stack"
