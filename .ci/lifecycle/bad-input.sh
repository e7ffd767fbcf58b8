#!/usr/bin/env bash
# Bad input, as a user meets it: each case gets one clear line naming the problem, a non-zero
# exit, and leaves nothing running or deployed.
source "$(dirname "$0")/lib.sh"
cd "$root"
work=$root/features/target/harness
tmp=$(mktemp -d "${M300_TMP:-/tmp}/m300-bad-XXXX")
mkdir -p "$tmp/broken-infra" && cp -r infra/. "$tmp/broken-infra/" && rm -rf "$tmp/broken-infra/mutants"
printf 'resource "aws_vpc" "broken" {\n  cidr_block = var.no_such_variable\n}\n' > "$tmp/broken-infra/broken.tf"
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
# a fresh machine without Terraform: PATH without the folder that holds it, an empty cache, no releases server
no_tf_path=$(echo "$PATH" | tr ':' '\n' | grep -vxF "$(dirname "$(command -v terraform)")" | paste -sd:)

# case name | extra Maven arguments | environment | the line the user must see
cases=(
  "unknown target|-Dharness.target=nonsense||unknown target 'nonsense' (harness.target): use one of auto, aws, endpoint, localstack, moto"
  "unknown option|-Dharness.tagret=moto||unknown option harness.tagret: known options are"
  "Terraform missing|-Dharness.terraform=/nonexistent/terraform||Terraform not found ('/nonexistent/terraform'): install Terraform >= 1.11"
  "Terraform missing and not fetchable|-Dharness.terraformReleases=http://127.0.0.1:$port/|PATH=$no_tf_path HARNESS_CACHE_DIR=$tmp/cache|Terraform is not on PATH and 127.0.0.1:$port cannot be reached (connection refused): install Terraform 1.11.4"
  "emulator that never answers|-Dharness.target=endpoint -Dharness.endpoint=http://127.0.0.1:$port||does not answer: start it, or check harness.endpoint"
  "aws without credentials|-Dharness.target=aws -Dharness.stateBucket=nowhere -Dharness.awsAccount=000000000000|AWS_ACCESS_KEY_ID= AWS_SECRET_ACCESS_KEY= AWS_PROFILE=m300-none AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null|target 'aws' found no AWS credentials"
  "infra that fails validation|-Dharness.infra=$tmp/broken-infra||the infra directory fails 'terraform validate': Reference to undeclared input variable at broken.tf:2"
  "no plugin mirror and no registry|-Dharness.pluginMirror=none||no plugin mirror is configured and registry.terraform.io cannot be reached"
  "infra that conflicts with itself (a rule inline and again as a resource)|-Dharness.infra=$root/.ci/lifecycle/self-conflicting-infra||ERROR: terraform apply failed: creating VPC Security Group Rule"
  "infra directory that does not exist|-Dharness.infra=$tmp/nowhere||holds no Terraform (*.tf) files"
)
# offline <command...>: runs the command in a network namespace of its own, with loopback only
# (the emulator still answers on 127.0.0.1; no registry, no DNS). Needs root or password-less sudo.
offline() {
  if [ "$(id -u)" = 0 ] && unshare --net -- true 2>/dev/null; then
    unshare --net -- bash -c 'ip link set lo up; exec "$@"' offline "$@"
  elif sudo -n unshare --net -- true 2>/dev/null; then
    # back to this user inside the namespace, with this user's PATH and HOME (sudo would reset them)
    sudo -n --preserve-env unshare --net -- bash -c \
      'ip link set lo up; u=$0; p=$1; h=$2; shift 2; exec sudo -n --preserve-env -u "$u" env PATH="$p" HOME="$h" "$@"' \
      "$(id -un)" "$PATH" "$HOME" "$@"
  else
    say "cannot make a network namespace here (no root, no sudo): the no-registry case relies on the machine having no network"
    "$@"
  fi
}
failed=0
for c in "${cases[@]}"; do
  IFS='|' read -r name args envs expect <<< "$c"
  log="$tmp/$(echo "$name" | tr ' ' '-').log"
  set +e
  if [ "$name" = "no plugin mirror and no registry" ]; then
    # cut off from the network on purpose (the machine may well reach the registry): Maven offline too
    offline env $envs ./mvnw -B -ntp -o verify -pl features -Dlivingdocs.skip=true $args > "$log" 2>&1
  else
    env $envs ./mvnw -B -ntp verify -pl features -Dlivingdocs.skip=true $args > "$log" 2>&1
  fi
  rc=$?
  set -e
  line=$(grep -m1 -F -- "$expect" "$log" || true)
  traces=$(grep -c '^\s*at io\.m300' "$log" || true)
  alive=$(recorded_alive "$work")
  if [ "$rc" -ne 0 ] && [ -n "$line" ] && [ "$traces" -eq 0 ] && [ -z "$alive" ]; then
    say "ok   $name: exit $rc: $(echo "$line" | sed 's/.*\[m300\] //' | cut -c1-160)"
  else
    say "FAIL $name: exit $rc, message found: ${line:+yes}, stack frames of the harness: $traces, left running: ${alive:-none} (log $log)"
    failed=1
  fi
done
[ "$failed" = 0 ] || fail "some bad inputs were not handled as promised"
rm -rf "$tmp"
say "PASS: every bad input gives one clear line, a non-zero exit, and leaves nothing running"
