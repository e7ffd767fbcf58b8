#!/usr/bin/env bash
# Two runs started at the same time from two clones on one machine both pass, with different run
# ids, ports and workspaces.
source "$(dirname "$0")/lib.sh"
base=$(mktemp -d "${M300_TMP:-/tmp}/m300-parallel-XXXX")
git -C "$root" clone -q "$root" "$base/a"; git -C "$root" clone -q "$root" "$base/b"
say "two runs in parallel: $base/a and $base/b"
(cd "$base/a" && ./mvnw -B -ntp verify -Dcucumber.filter.tags='@NET-01 or @SEC-03 or @drift' > "$base/a.log" 2>&1; echo $? > "$base/a.rc") &
(cd "$base/b" && ./mvnw -B -ntp verify -Dcucumber.filter.tags='@NET-01 or @SEC-03 or @drift' > "$base/b.log" 2>&1; echo $? > "$base/b.rc") &
wait
for c in a b; do
  [ "$(cat "$base/$c.rc")" = 0 ] || { tail -40 "$base/$c.log"; fail "run $c failed"; }
done
id_a=$(grep -o 'run m300-[a-z0-9]*' "$base/a.log" | sed -n 1p); id_b=$(grep -o 'run m300-[a-z0-9]*' "$base/b.log" | sed -n 1p)
port_a=$(grep -o 'on http://127.0.0.1:[0-9]*' "$base/a.log" | sed -n 1p); port_b=$(grep -o 'on http://127.0.0.1:[0-9]*' "$base/b.log" | sed -n 1p)
say "a: $id_a $port_a"; say "b: $id_b $port_b"
[ "$id_a" != "$id_b" ] || fail "both runs used the same run id"
[ "$port_a" != "$port_b" ] || fail "both runs used the same port"
rm -rf "$base"
say "PASS: both runs passed with different run ids and ports"
