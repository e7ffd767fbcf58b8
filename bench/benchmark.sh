#!/usr/bin/env bash
# Where do the minutes go? Measures, in one go on this machine, each goal of the harness against its
# baseline measured in the same run:
#   1. baseline: bare Terraform (init/validate/apply/plan/destroy) of infra/ against a fresh moto_server,
#      with the same prerequisites the harness creates, and no harness at all;
#   2. ./mvnw verify, the README's command (whole reactor: build, the harness's own tests, deploy,
#      every control, destroy, living docs), against bare init + apply + destroy (goal: <= 1.10x), and
#      the checks' span between apply and destroy from its timings.json (goal: <= 10 s);
#   3. the fast loop: a run with -Dharness.keep=true, then a reuse run of one tagged scenario
#      (goal: <= 15 s, Maven included), then the clean-up run;
#   4. with --mutation: the whole mutation run, every mutant (goal: <= 15 min wall);
#   5. with --ci: .ci/run (goal: <= 35 min).
# and prints every phase and goal side by side (target/benchmark/report.md).
# Usage: bench/benchmark.sh [--skip-loop] [--mutation] [--ci]   (about 10 minutes on 2 cores without the options)
set -euo pipefail
skip_loop=0; mutation=0; ci=0
for a in "$@"; do
  case $a in
    --skip-loop) skip_loop=1 ;; --mutation) mutation=1 ;; --ci) ci=1 ;;
    *) echo "usage: bench/benchmark.sh [--skip-loop] [--mutation] [--ci]"; exit 2 ;;
  esac
done
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

# ---- 2. the harness: ./mvnw verify, as the README gives it ------------------------------------
./mvnw -B -ntp -q install -DskipTests -DskipITs -Dlivingdocs.skip=true > "$out/install.log" 2>&1  # warm: compiled, nothing to do but run
t0=$(now); ./mvnw -B -ntp verify > "$out/verify.log" 2>&1 || true; verify_total=$(secs "$t0" "$(now)")
echo "[bench] ./mvnw verify $verify_total s"
timings=$(ls -t features/target/harness/*/timings.json | sed -n 1p)
h() { python3 -c "import json,sys;d=json.load(open('$timings'));print(next((f'{v:.1f}' for k,v in d.items() if k.startswith('$1')),'-'))"; }
# where the rest of ./mvnw verify went: each module's test phases, from the Maven log
module_tests() { python3 - "$out/verify.log" <<'PY'
import re, sys
totals = {}
module = None
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"\] Building (support|steps|features)\b", line)
    if m: module = m.group(1)
    m = re.search(r"Tests run: .*Time elapsed: ([0-9.]+) s -- in (\S+)", line)
    if m and module:
        kind = "IT" if m.group(2).endswith("IT") else "unit"
        totals[(module, kind)] = totals.get((module, kind), 0) + float(m.group(1))
for (module, kind), t in totals.items():
    print(f"| tests: {module} {kind} (sum of classes) | | {t:.1f} |")
PY
}

# ---- 3. the fast loop --------------------------------------------------------------------------
if [ "$skip_loop" = 0 ]; then
  t0=$(now); ./mvnw -B -ntp verify -pl features -Dharness.keep=true > "$out/keep.log" 2>&1 || true; keep_total=$(secs "$t0" "$(now)")
  t0=$(now); ./mvnw -B -ntp verify -pl features -Dharness.reuse=true -Dcucumber.filter.tags=@NET-02 > "$out/reuse.log" 2>&1 || true
  reuse_total=$(secs "$t0" "$(now)")
  t0=$(now); ./mvnw -B -ntp verify -pl features -Dharness.reuse=true -Dharness.keep=false > "$out/cleanup.log" 2>&1 || true
  cleanup_total=$(secs "$t0" "$(now)")
fi

# ---- 4./5. the long ones, on request ----------------------------------------------------------
if [ "$mutation" = 1 ]; then
  t0=$(now); ./mvnw -B -ntp verify -pl features -Pmutation > "$out/mutation.log" 2>&1 || true; mutation_total=$(secs "$t0" "$(now)")
  mutants=$(grep -m1 -oE 'killed [0-9]+, survived [0-9]+[^\n]*' "$out/mutation.log" || echo "no summary")
fi
if [ "$ci" = 1 ]; then
  t0=$(now); .ci/run > "$out/ci.log" 2>&1 || true; ci_total=$(secs "$t0" "$(now)")
fi

# ---- report ------------------------------------------------------------------------------------
goal() { python3 -c "v=$1; print(f'{v:.2f}' + (' (goal <= $2: met)' if v <= $2 else ' (goal <= $2: MISSED)'))"; }
bare=$(python3 -c "print(f'{${base[init]}+${base[apply]}+${base[destroy]}:.1f}')")
{
  echo "Measured $(date -u +%F) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load before start $(cut -d' ' -f1 /proc/loadavg)"
  echo
  echo "| phase | bare terraform (s) | harness (s) |"
  echo "|---|---|---|"
  echo "| start emulator | - | $(h 'start target') |"
  echo "| prerequisites | (python, not timed) | $(h 'create prerequisites') |"
  for p in init validate apply plan destroy; do echo "| $p | ${base[$p]} | $(h "terraform $p") |"; done
  echo "| checks: every scenario between apply and destroy | | $(h 'checks') |"
  module_tests
  echo "| **./mvnw verify** against bare init + apply + destroy | $bare | $verify_total |"
  echo
  echo "| goal | measured |"
  echo "|---|---|"
  echo "| ./mvnw verify / bare init+apply+destroy | $(goal "$verify_total/$bare" 1.10) |"
  checks=$(h 'checks'); [ "$checks" = - ] || echo "| checks between apply and destroy (s) | $(goal "$checks" 10) |"
  if [ -n "${keep_total:-}" ]; then
    echo "| keep run (no destroy), s | $keep_total |"
    echo "| reuse run of one tagged scenario (@NET-02), Maven included, s | $(goal "$reuse_total" 15) |"
    echo "| clean-up run (reuse + keep=false: destroys the kept stack), s | $cleanup_total |"
  fi
  [ -z "${mutation_total:-}" ] || echo "| mutation run, every mutant ($mutants), s | $(goal "$mutation_total" 900) |"
  [ -z "${ci_total:-}" ] || echo "| .ci/run, s | $(goal "$ci_total" 2100) |"
} | tee "$out/report.md"
