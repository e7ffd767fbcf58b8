#!/usr/bin/env bash
# The janitor (its own schedule): sweeps every nightly run (m300n*) older than 24 h that every
# cleanup job missed, in this leg's account and region. Environment: AWS_REGION, STATE_BUCKET, ACCOUNT.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${AWS_REGION:?}" "${STATE_BUCKET:?}" "${ACCOUNT:?}"
HARNESS_AWS_ACCOUNT=$ACCOUNT exec ./mvnw -B -ntp -q -pl support compile \
  org.codehaus.mojo:exec-maven-plugin:3.7.0:java \
  -Dexec.mainClass=io.m300.harness.support.sweep.Sweeper \
  -Dexec.cleanupDaemonThreads=false \
  -Dexec.args="--run-id-prefix m300n --older-than ${M300_JANITOR_AGE:-24h} --region ${AWS_REGION} --target aws --state-bucket ${STATE_BUCKET}"
