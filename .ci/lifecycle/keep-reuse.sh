#!/usr/bin/env bash
# Stages: keep the stack, reuse it without applying, then a plain run removes what was kept.
source "$(dirname "$0")/lib.sh"
cd "$root"
work=$root/features/target/harness
log=$(mktemp -d "${M300_TMP:-/tmp}/m300-stages-XXXX")
t0=$(date +%s)
./mvnw -B -ntp verify -pl features -Dharness.keep=true -Dcucumber.filter.tags=@drift > "$log/keep.log" 2>&1 || fail "keep run failed"
t1=$(date +%s)
[ -f "$work/kept-stack.json" ] || fail "the keep run left no record of its stack"
pid=$(python3 -c "import json;print(json.load(open('$work/kept-stack.json'))['emulatorPid'])")
kill -0 "$pid" 2>/dev/null || fail "the kept emulator (pid $pid) is not running"
./mvnw -B -ntp verify -pl features -Dharness.reuse=true -Dcucumber.filter.tags=@drift > "$log/reuse.log" 2>&1 || fail "reuse run failed"
t2=$(date +%s)
grep -q "skipped terraform apply" "$log/reuse.log" || fail "the reuse run applied again"
# A second run while the kept stack is locked: one clear line, a non-zero exit, the kept stack untouched.
endpoint=$(python3 -c "import json;print(json.load(open('$work/kept-stack.json'))['endpoint'])")
run=$(python3 -c "import json;print(json.load(open('$work/kept-stack.json'))['runId'])")
lock_cmd="import boto3,sys; s3=boto3.client('s3',endpoint_url='$endpoint',region_name='eu-central-1',aws_access_key_id='test',aws_secret_access_key='test')"
python3 -c "$lock_cmd; s3.put_object(Bucket='$run-tfstate',Key='m300/$run/terraform.tfstate.tflock',Body=b'{\"ID\":\"lifecycle-test\",\"Operation\":\"OperationTypeApply\",\"Who\":\"someone@elsewhere\",\"Created\":\"now\"}')"
set +e
./mvnw -B -ntp verify -pl features -Dharness.reuse=true -Dcucumber.filter.tags=@drift > "$log/locked.log" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "a run against a locked kept stack passed"
grep -q "is locked by another Terraform operation (lock lifecycle-test" "$log/locked.log" || fail "no clear line about the lock (log $log/locked.log)"
kill -0 "$pid" 2>/dev/null || fail "the failed run stopped the kept emulator"
[ -f "$work/kept-stack.json" ] || fail "the failed run forgot the kept stack"
say "locked kept stack: $(grep -o 'ERROR: the stack kept by run.*' "$log/locked.log" | sed -n 1p | cut -c1-160)"
python3 -c "$lock_cmd; s3.delete_object(Bucket='$run-tfstate',Key='m300/$run/terraform.tfstate.tflock')"

./mvnw -B -ntp verify -pl features -Dcucumber.filter.tags=@drift > "$log/plain.log" 2>&1 || fail "plain run failed"
grep -q "removed the stack kept by run" "$log/plain.log" || fail "the plain run did not remove the kept stack"
kill -0 "$pid" 2>/dev/null && fail "the kept emulator (pid $pid) survived the plain run"
[ -f "$work/kept-stack.json" ] && fail "the kept stack's record survived the plain run"
say "PASS: keep run $((t1 - t0)) s, reuse run $((t2 - t1)) s; a locked kept stack was refused and left alone; the plain run removed it"
