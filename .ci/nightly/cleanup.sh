#!/usr/bin/env bash
# The cleanup job of one leg, whatever happened to its verify job: destroy what Terraform still holds
# (.ci/fallback-destroy.sh, bounded by a timeout below the job's 60 minutes, so the sweep always
# gets its turn), then sweep every attempt of this run by tag, for at most M300_SWEEP_MAX_WAIT (so that
# both fit the job's 60 minutes). When the fallback destroy failed, the sweep keeps the run's state and
# password parameter (--keep-state): the record of a failed night, which the janitor removes a day
# later once a pass finds nothing else of the run; otherwise the Sweeper keeps them only while it
# still finds anything else of the run.
# Exit 1 when the fallback destroy failed or timed out, or the sweep failed.
# Environment (the workflow's names): RUN_ID, RUN_PREFIX, AWS_REGION, STATE_BUCKET, ACCOUNT,
#   STATE_REGION (default AWS_REGION), TF_PLUGIN_MIRROR (the provider cache),
#   M300_FALLBACK_DESTROY_TIMEOUT (default 40m; timeout(1) syntax), M300_SWEEP_MAX_WAIT (default 15m)
# The workspace (the verify job's artifact, without backend.hcl) is expected in
# features/target/harness/$RUN_ID; backend.hcl and terraform.rc are written here from the variables.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[cleanup] %s\n' "$*"; }
: "${RUN_ID:?}" "${RUN_PREFIX:?}" "${AWS_REGION:?}" "${STATE_BUCKET:?}" "${ACCOUNT:?}"
state_region=${STATE_REGION:-$AWS_REGION}
ws=features/target/harness/$RUN_ID
limit=${M300_FALLBACK_DESTROY_TIMEOUT:-40m}

# The account guard, before anything is destroyed: the credentials must belong to the leg's account
# (the sweep below checks it again itself).
if ! HARNESS_AWS_ACCOUNT=$ACCOUNT ./mvnw -B -ntp -q -pl support compile \
  org.codehaus.mojo:exec-maven-plugin:3.7.0:java \
  -Dexec.mainClass=io.m300.harness.support.sweep.AccountGuard \
  -Dexec.cleanupDaemonThreads=false \
  -Dexec.args="--region ${AWS_REGION}"; then
  echo "::error::the credentials are not the leg's account's (output above): nothing was destroyed or swept"
  exit 1
fi

destroy=0
if [ -d "$ws/infra" ]; then
  {
    printf 'bucket       = "%s"\nkey          = "m300/%s/terraform.tfstate"\nregion       = "%s"\nencrypt      = true\n' \
      "$STATE_BUCKET" "$RUN_ID" "$state_region"
    if [ -n "${AWS_ENDPOINT_URL:-}" ]; then   # a rehearsal against an emulator (.ci/nightly/rehearse.sh)
      printf 'use_path_style              = true\nskip_metadata_api_check     = true\nendpoints = { s3 = "%s", sts = "%s" }\n' \
        "$AWS_ENDPOINT_URL" "$AWS_ENDPOINT_URL"
    fi
  } > "$ws/backend.hcl"
  if [ -n "${TF_PLUGIN_MIRROR:-}" ]; then
    printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n' \
      "$TF_PLUGIN_MIRROR" > "$ws/terraform.rc"
  fi
  say "fallback destroy of ${RUN_ID} (at most ${limit})"
  timeout --kill-after=30s "$limit" .ci/fallback-destroy.sh "$ws" || destroy=$?
  case $destroy in
    0) say "fallback destroy: nothing left in the state of ${RUN_ID}";;
    124|137) echo "::error::the fallback destroy of ${RUN_ID} did not end within ${limit}: stopped; the sweep runs now";;
    *) echo "::error::the fallback destroy of ${RUN_ID} failed (exit ${destroy}, output above); the sweep runs now";;
  esac
else
  say "no workspace of ${RUN_ID} (verify ended before it handed one over): the sweep alone"
fi

say "sweep of every attempt of this run (m300:run-id=${RUN_PREFIX}*)"
sweep=0
keep=""
[ "$destroy" = 0 ] || keep=" --keep-state"
HARNESS_AWS_ACCOUNT=$ACCOUNT ./mvnw -B -ntp -q -pl support compile \
  org.codehaus.mojo:exec-maven-plugin:3.7.0:java \
  -Dexec.mainClass=io.m300.harness.support.sweep.Sweeper \
  -Dexec.cleanupDaemonThreads=false \
  -Dexec.args="--run-id-prefix ${RUN_PREFIX} --region ${AWS_REGION} --target aws --state-bucket ${STATE_BUCKET} --max-wait ${M300_SWEEP_MAX_WAIT:-15m}${keep}" || sweep=$?

[ "$sweep" = 0 ] || echo "::error::the sweep of ${RUN_PREFIX}* failed (exit ${sweep}, output above)"
[ "$destroy" = 0 ] && [ "$sweep" = 0 ]
