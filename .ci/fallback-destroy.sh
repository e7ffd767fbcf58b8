#!/usr/bin/env bash
# Destroys what Terraform still holds for one run, when the harness could not (its JVM was killed,
# the job timed out or was cancelled, or its own destroy failed):
#
#   .ci/fallback-destroy.sh <run workspace>        e.g. features/target/harness/m300n12345678901-a1
#
# The workspace is the one the harness prepared (infra/ copy, backend.hcl, terraform.rc); its
# tf-data may be missing (another runner): then it is initialised again from backend.hcl.
# A stale state lock (a Terraform killed mid-apply) is force-unlocked with the lock id read from
# Terraform's own error, once. Every error is shown; nothing is hidden. Credentials and endpoint
# come from the environment (the nightly role; AWS_ENDPOINT_URL for an emulator).
# Exit: 0 destroyed (or nothing to destroy), 1 destroy failed, 2 bad usage.
set -euo pipefail

say() { printf '[fallback-destroy] %s\n' "$*"; }
[ $# -eq 1 ] || { say "usage: $0 <run workspace>"; exit 2; }
if [ ! -d "$1" ]; then
  say "no workspace at $1: nothing to destroy"
  exit 0
fi
ws=$(cd "$1" && pwd)            # absolute: TF_DATA_DIR must not depend on -chdir
run_id=$(basename "$ws")
if [ ! -d "$ws/infra" ] || [ ! -f "$ws/backend.hcl" ]; then
  say "workspace $ws holds no infra/ or backend.hcl: nothing to destroy"
  exit 0
fi

export TF_DATA_DIR="$ws/tf-data" TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
[ -f "$ws/terraform.rc" ] && export TF_CLI_CONFIG_FILE="$ws/terraform.rc"
export TF_VAR_name_prefix="$run_id" TF_VAR_db_password_parameter_name="/$run_id/db/password"
# destroy needs values for every required variable; the certificate is not read back
export TF_VAR_certificate_body=unused TF_VAR_certificate_private_key=unused
tf() { terraform -chdir="$ws/infra" "$@"; }
log=$(mktemp "${TMPDIR:-/tmp}/fallback-destroy-XXXXXX")
trap 'rm -f "$log"' EXIT

if [ ! -f "$TF_DATA_DIR/terraform.tfstate" ]; then
  say "initialising $ws/infra (TF_DATA_DIR=$TF_DATA_DIR)"
  tf init -input=false -no-color -backend-config="$ws/backend.hcl"
fi

# destroy_once: runs terraform destroy, shows its output, keeps it for the lock check
destroy_once() {
  set +e
  tf destroy -auto-approve -input=false -no-color -refresh=false -lock-timeout=20s 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}

say "terraform destroy of run $run_id"
if destroy_once; then
  say "destroyed what the state of run $run_id held"
  exit 0
fi
if grep -q "Error acquiring the state lock" "$log"; then
  lock_id=$(sed -n 's/^[[:space:]]*ID:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$log" | head -n 1 || true)
  if [ -z "$lock_id" ]; then
    say "the state of run $run_id is locked, but Terraform's error names no lock id (output above)"
    exit 1
  fi
  say "the state of run $run_id is locked by a Terraform that is gone (lock id $lock_id): force-unlock, then destroy again"
  tf force-unlock -force "$lock_id"
  if destroy_once; then
    say "destroyed what the state of run $run_id held (after force-unlock $lock_id)"
    exit 0
  fi
fi
say "terraform destroy of run $run_id failed (output above); the Sweeper (--run-id $run_id) deletes by tag what is left"
exit 1
