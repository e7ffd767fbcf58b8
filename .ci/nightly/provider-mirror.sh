#!/usr/bin/env bash
# The provider cache of a nightly job: hashicorp/aws (~700 MB) in a filesystem mirror that
# actions/cache restores; fetched from the registry only on a cache miss. Exports TF_PLUGIN_MIRROR
# (to $GITHUB_ENV on a runner), which the harness and .ci/nightly/cleanup.sh point Terraform at.
#   .ci/nightly/provider-mirror.sh [mirror dir]     (default ~/.terraform.d/mirror)
set -euo pipefail
cd "$(dirname "$0")/../.."
mirror=${1:-$HOME/.terraform.d/mirror}
if [ -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  echo "[provider-mirror] $mirror holds hashicorp/aws (cache hit)"
else
  echo "[provider-mirror] cache miss: terraform providers mirror into $mirror"
  terraform -chdir=infra providers mirror -platform=linux_amd64 "$mirror"
fi
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "TF_PLUGIN_MIRROR=$mirror" >> "$GITHUB_ENV"
fi
