#!/usr/bin/env bash
# A run whose JVM is killed with SIGKILL during terraform apply leaves an emulator and a Terraform
# behind; the next run finds them in the process registry, stops them, and passes; at the end no
# process the harness started is left.
source "$(dirname "$0")/lib.sh"
cd "$root"
work=$root/features/target/harness
first=$(mktemp "${M300_TMP:-/tmp}/m300-kill-first-XXXX.log"); second=$(mktemp "${M300_TMP:-/tmp}/m300-kill-second-XXXX.log")

say "first run, to be killed during apply (log $first)"
./mvnw -B -ntp verify -pl features -Dharness.runId=killed-run -Dcucumber.filter.tags=@drift > "$first" 2>&1 &
maven=$!
wait_for "$first" "> terraform apply" 600 || fail "the first run never reached apply"
sleep 20
jvm=$(awk '{print $3}' "$work"/processes/*.pid 2>/dev/null | sort -u | grep -v '^0$' | sed -n 1p)
[ -n "$jvm" ] || fail "no recorded process owner found in $work/processes"
say "kill -9 of the run's JVM (pid $jvm) while it applies"
kill -9 "$jvm"
wait "$maven" || true
left=$(recorded_alive "$work")
[ -n "$left" ] || fail "SIGKILL left nothing behind: the test proves nothing"
say "left behind by the killed run: $(echo "$left" | tr '\n' ';')"
# what the user is pointed to when the emulator misbehaves: its log, kept in the run's folder
[ -s "$work/killed-run/moto.log" ] || fail "the killed run's emulator log $work/killed-run/moto.log is missing or empty"

say "second run (log $second)"
./mvnw -B -ntp verify -pl features -Dcucumber.filter.tags=@drift > "$second" 2>&1 || { tail -40 "$second"; fail "the second run failed"; }
grep -q "stopped a leftover of an earlier run" "$second" || fail "the second run did not report stopping the leftovers"
grep "stopped a leftover" "$second"
left=$(recorded_alive "$work")
[ -z "$left" ] || fail "processes still running after the second run: $left"
for pid in $(echo "$left" | awk '{print $1}'); do kill -0 "$pid" 2>/dev/null && fail "leftover $pid still alive"; done
plugins=$(pgrep -af "$work/.*/terraform-provider-" || true)
[ -z "$plugins" ] || fail "Terraform provider plugins of a run are still running: $plugins"
say "PASS: the second run removed the killed run's leftovers and passed; no harness process is left"
