#!/usr/bin/env bash
# One nightly leg: deploy the stack into the sandbox account, check every control, destroy.
# Runs after .ci/nightly-check-vars.sh and with the leg's role's credentials in the environment.
# Environment (the workflow's names):
#   RUN_ID, AWS_REGION, STATE_BUCKET, ACCOUNT   as for .ci/nightly-check-vars.sh
#   STATE_REGION                 the state bucket's region (default AWS_REGION: one bucket per leg's region)
#   M300_ALLOWED_INGRESS_CIDRS   what the load balancer admits, as a Terraform list, e.g. ["198.51.100.0/24"];
#                                default: this runner's public address only (an uninstalled WordPress
#                                must not be open to the world while the run lasts)
#   M300_RUNNER_IP_URL           where this runner's public IPv4 is asked (default https://checkip.amazonaws.com)
# The database password is made here and masked in the log (::add-mask::) before anything can print it.
# No -Dharness.selfTest: the harness's own tests (unit and emulator ITs, which need moto_server) run on
# every push in verify.yml against the same commit; the nightly is about the account.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[leg] %s\n' "$*"; }
: "${RUN_ID:?}" "${AWS_REGION:?}" "${STATE_BUCKET:?}" "${ACCOUNT:?}"
state_region=${STATE_REGION:-$AWS_REGION}

password="n$(openssl rand -hex 20)"
echo "::add-mask::${password}"
export HARNESS_DB_PASSWORD=$password

if [ -n "${M300_ALLOWED_INGRESS_CIDRS:-}" ]; then
  cidrs=$M300_ALLOWED_INGRESS_CIDRS
  say "the load balancer admits ${cidrs} (M300_ALLOWED_INGRESS_CIDRS)"
else
  ip=$(curl -fsS --max-time 15 --retry 2 "${M300_RUNNER_IP_URL:-https://checkip.amazonaws.com}" | tr -d '[:space:]') \
    || { echo "::error::cannot learn this runner's public address from ${M300_RUNNER_IP_URL:-https://checkip.amazonaws.com}: set M300_ALLOWED_INGRESS_CIDRS"; exit 1; }
  if ! [[ "$ip" =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]]; then
    echo "::error::'${ip:0:40}' from ${M300_RUNNER_IP_URL:-https://checkip.amazonaws.com} is not an IPv4 address: set M300_ALLOWED_INGRESS_CIDRS"
    exit 1
  fi
  cidrs="[\"${ip}/32\"]"
  say "the load balancer admits this runner only (${ip}/32)"
fi
export TF_VAR_allowed_ingress_cidrs=$cidrs
# The nightly role may create roles only under its permissions boundary (docs/role-policy.md): every role of
# the stack carries it, else AWS refuses CreateRole.
export TF_VAR_permissions_boundary_arn="arn:aws:iam::${ACCOUNT}:policy/${M300_PERMISSIONS_BOUNDARY:-m300-nightly-boundary}"

say "run ${RUN_ID} in ${AWS_REGION}, state in ${state_region}"
# HARNESS_AWS_ACCOUNT is harness.awsAccount (the account guard), and the evidence masks that account
# wherever it appears before it is encoded (steps' Evidence reads it from the environment)
export HARNESS_AWS_ACCOUNT=$ACCOUNT
exec ./mvnw -B -ntp verify \
  -Dharness.target=aws \
  -Dharness.region="${AWS_REGION}" \
  -Dharness.runId="${RUN_ID}" \
  -Dharness.stateBucket="${STATE_BUCKET}" \
  -Dharness.stateRegion="${state_region}" \
  -Dharness.phaseTimeout=30m
