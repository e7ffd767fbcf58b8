#!/usr/bin/env bash
# Where do the minutes go? Runs, in one go on this machine:
#   1. baseline: bare Terraform (init/apply/plan/destroy) of infra/ against a fresh moto_server,
#      with the same prerequisites the harness creates, and no harness at all;
#   2. the harness: ./mvnw verify -pl features with the foundation's four scenarios only, then with
#      the whole catalogue (their ratio: what the catalogue adds to one deployment), reading the
#      per-phase timings of the whole run;
#   3. the fast loop: a run with -Dharness.keep=true, then one with -Dharness.reuse=true.
# and prints each phase side by side with the harness's overhead over the baseline.
# Usage: bench/benchmark.sh [--skip-loop]      (about 16 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/target/benchmark"; rm -rf "$out"; mkdir -p "$out"
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:.1f}')"; }
unset TF_LOG TF_LOG_PROVIDER

# ---- 1. baseline: bare Terraform -------------------------------------------------------------
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" > "$out/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true' EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -fs "$endpoint/moto-api/" >/dev/null 2>&1 && break; sleep 0.2; done
export AWS_ENDPOINT_URL=$endpoint AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=eu-central-1 AWS_DEFAULT_REGION=eu-central-1
run=bench-$RANDOM
python3 - "$run" <<'PY'
import boto3, sys, secrets
run = sys.argv[1]
boto3.client("s3").create_bucket(Bucket=f"{run}-tfstate", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
boto3.client("ssm").put_parameter(Name=f"/{run}/db/password", Type="SecureString", Value=secrets.token_hex(16))
PY
ws="$out/baseline"; cp -r infra "$ws"; rm -rf "$ws/mutants"
mkdir -p "$ws/build"; (cd "$ws/lambda" && python3 -m zipfile -c ../build/snapshot.zip snapshot.py)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$run.test" -keyout "$out/key.pem" -out "$out/cert.pem" 2>/dev/null
cat > "$ws/harness_override.tf" <<TF
provider "aws" {
  region                      = "eu-central-1"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  s3_use_path_style           = true
}
TF
mirror=${TF_PLUGIN_MIRROR:-/opt/tf-plugins}
cat > "$out/tf.rc" <<RC
provider_installation {
  filesystem_mirror { path = "$mirror"  include = ["registry.terraform.io/hashicorp/*"] }
  direct { exclude = ["registry.terraform.io/hashicorp/*"] }
}
RC
export TF_CLI_CONFIG_FILE="$out/tf.rc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export TF_VAR_name_prefix=$run TF_VAR_db_password_parameter_name="/$run/db/password"
TF_VAR_certificate_body=$(cat "$out/cert.pem"); TF_VAR_certificate_private_key=$(cat "$out/key.pem")
export TF_VAR_certificate_body TF_VAR_certificate_private_key
declare -A base
phase() { local name=$1; shift; local t0; t0=$(now); "$@" >> "$out/baseline.log" 2>&1 || [ "$name" = plan ]; base[$name]=$(secs "$t0" "$(now)"); echo "[bench] baseline $name ${base[$name]} s"; }
cd "$ws"
phase init terraform init -input=false -backend-config="bucket=$run-tfstate" -backend-config="key=bench.tfstate" \
  -backend-config="region=eu-central-1" -backend-config="use_lockfile=true" -backend-config="use_path_style=true" \
  -backend-config="skip_credentials_validation=true" -backend-config="endpoints={s3=\"$endpoint\"}"
phase validate terraform validate
phase apply terraform apply -auto-approve -input=false
phase plan terraform plan -detailed-exitcode -input=false
phase destroy terraform destroy -auto-approve -input=false
cd "$root"; kill $moto; trap - EXIT
unset AWS_ENDPOINT_URL TF_CLI_CONFIG_FILE TF_VAR_certificate_body TF_VAR_certificate_private_key

# ---- 2. the harness: the foundation's scenarios alone, then the whole catalogue ----------------
./mvnw -B -ntp -q install -DskipTests -DskipITs > "$out/install.log" 2>&1
foundation='@NET-01 or @DATA-02 or @SEC-03 or @drift'
t0=$(now); ./mvnw -B -ntp verify -pl features -Dcucumber.filter.tags="$foundation" > "$out/foundation.log" 2>&1 || true
foundation_total=$(secs "$t0" "$(now)")
echo "[bench] foundation scenarios ($foundation) $foundation_total s"
t0=$(now); ./mvnw -B -ntp verify -pl features > "$out/harness.log" 2>&1 || true; harness_total=$(secs "$t0" "$(now)")
echo "[bench] whole catalogue $harness_total s"
timings=$(ls -t features/target/harness/*/timings.json | sed -n 1p)
h() { python3 -c "import json,sys;d=json.load(open('$timings'));print(next((f'{v:.1f}' for k,v in d.items() if k.startswith('$1')),'-'))"; }

# ---- 3. the fast loop --------------------------------------------------------------------------
if [ "${1:-}" != "--skip-loop" ]; then
  t0=$(now); ./mvnw -B -ntp verify -pl features -Dharness.keep=true > "$out/keep.log" 2>&1 || true; keep_total=$(secs "$t0" "$(now)")
  t0=$(now); ./mvnw -B -ntp verify -pl features -Dharness.reuse=true > "$out/reuse.log" 2>&1 || true; reuse_total=$(secs "$t0" "$(now)")
  t0=$(now); ./mvnw -B -ntp verify -pl features -Dharness.reuse=true -Dharness.keep=false > "$out/cleanup.log" 2>&1 || true
  cleanup_total=$(secs "$t0" "$(now)")
fi

# ---- report ------------------------------------------------------------------------------------
{
  echo "| phase | bare terraform (s) | harness (s) |"
  echo "|---|---|---|"
  echo "| start emulator | - | $(h 'start target') |"
  echo "| prerequisites | (python, not timed) | $(h 'create prerequisites') |"
  for p in init validate apply plan destroy; do echo "| $p | ${base[$p]} | $(h "terraform $p") |"; done
  echo "| ./mvnw verify -pl features, foundation scenarios only ($foundation) | | $foundation_total |"
  echo "| ./mvnw verify -pl features, whole catalogue | | $harness_total |"
  echo "| whole catalogue / foundation (the catalogue shares the one deployment) | | $(python3 -c "print(f'{$harness_total/$foundation_total:.2f}x')") |"
  if [ -n "${keep_total:-}" ]; then
    echo "| keep run (no destroy) | | $keep_total |"
    echo "| reuse run (no start, no apply, no destroy) | | $reuse_total |"
    echo "| reuse + keep=false (destroys the kept stack) | | $cleanup_total |"
  fi
} | tee "$out/report.md"
