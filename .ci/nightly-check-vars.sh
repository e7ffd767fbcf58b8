#!/usr/bin/env bash
# The nightly workflow's first step in every job, before any credentials: the leg's environment holds
# what the run needs, the role it will assume lives in the account the run may touch, and the run id
# is one the stack can carry. Stops with one line per problem before touching AWS.
# Environment: ROLE_ARN, STATE_BUCKET, ACCOUNT, LEG, optionally STATE_REGION, and RUN_ID (when the job deploys).
set -euo pipefail
missing=""
[ -n "${ROLE_ARN:-}" ] || missing="${missing} M300_NIGHTLY_ROLE_ARN"
[ -n "${STATE_BUCKET:-}" ] || missing="${missing} M300_STATE_BUCKET"
[ -n "${ACCOUNT:-}" ] || missing="${missing} M300_AWS_ACCOUNT"
if [ -n "${missing}" ]; then
  echo "::error::variable(s) not set in this leg's environment:${missing} (see docs/nightly.md)"
  exit 1
fi
if ! [[ "${ACCOUNT}" =~ ^[0-9]{12}$ ]]; then
  echo "::error::M300_AWS_ACCOUNT must be the 12 digits of the sandbox account"
  exit 1
fi
if ! [[ "${ROLE_ARN}" =~ ^arn:aws[a-z-]*:iam::([0-9]{12}):role/[A-Za-z0-9+=,.@_/-]+$ ]]; then
  echo "::error::M300_NIGHTLY_ROLE_ARN is not a role ARN (arn:aws:iam::<account>:role/<name>)"
  exit 1
fi
if [ "${BASH_REMATCH[1]}" != "${ACCOUNT}" ]; then
  # only the last four digits: account ids are not published
  echo "::error::M300_NIGHTLY_ROLE_ARN names account ...${BASH_REMATCH[1]: -4}, not M300_AWS_ACCOUNT ...${ACCOUNT: -4}: the run would touch another account; nothing was touched"
  exit 1
fi
if ! [[ "${LEG:-}" =~ ^[a-z]$ ]]; then
  echo "::error::leg '${LEG:-}' must be one lowercase letter (it is part of every run id); see M300_NIGHTLY_LEGS"
  exit 1
fi
if [ -n "${STATE_REGION:-}" ] && ! [[ "${STATE_REGION}" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]]; then
  echo "::error::M300_STATE_REGION '${STATE_REGION}' is not a region name like eu-central-1"
  exit 1
fi
if [ -n "${RUN_ID:-}" ] && ! [[ "${RUN_ID}" =~ ^[a-z][a-z0-9-]{1,18}[a-z0-9]$ ]]; then
  echo "::error::run id '${RUN_ID}' is not 3-20 lowercase characters starting with a letter"
  exit 1
fi
echo "leg ${LEG}, run id ${RUN_ID:-(none: sweep only)}, region ${AWS_REGION:-?}, state in ${STATE_REGION:-${AWS_REGION:-?}}"
