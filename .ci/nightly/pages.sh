#!/usr/bin/env bash
# The living documentation of the night, every leg side by side, built from the legs' report
# artifacts (<legs>/nightly-reports-<leg>-<attempt>/), masked, and searched for any account id
# before it is handed to Pages.
#   .ci/nightly/pages.sh <legs dir> <site dir>
# Environment: ACCOUNTS (optional: the legs' account ids, space-separated, searched for in every
# encoding; the workflow's job has no environment, so there it masks every 12-digit number).
#   M300_PREVIOUS_SITE   where the previously published site is (default on GitHub Actions: the
#                        repository's Pages URL): its history.json gives each control's last 30 verdicts;
#                        none there (HTTP 404: the first night, or no Pages yet) starts the history
#                        afresh; no answer fails the step, so no site without its history is published.
set -euo pipefail
cd "$(dirname "$0")/../.."
say() { printf '[pages] %s\n' "$*"; }
[ $# -eq 2 ] || { say "usage: $0 <legs dir> <site dir>"; exit 2; }
legs=$(cd "$1" && pwd); mkdir -p "$2"; site=$(cd "$2" && pwd)
merged=$(mktemp -d "${RUNNER_TEMP:-/tmp}/m300-merged-XXXXXX")
.ci/nightly/merge-legs.sh "$legs" "$merged"
./mvnw -B -ntp -q install -DskipTests -DskipITs -Dlivingdocs.skip=true
history=()
previous=${M300_PREVIOUS_SITE:-}
if [ -z "$previous" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
  previous="https://${GITHUB_REPOSITORY_OWNER}.github.io/${GITHUB_REPOSITORY#*/}"
fi
if [ -n "$previous" ]; then
  .ci/nightly/previous-history.sh "$previous" "$merged/previous-history.json"
  history=("-Dlivingdocs.history=$merged/previous-history.json")
fi
./mvnw -B -ntp -q -pl features exec:java@living-docs -Dlivingdocs.reports="$merged" "${history[@]}"
rm -rf "$site"; mkdir -p "$site"
cp -R features/target/living-docs/. "$site/"
java support/src/main/java/io/m300/harness/support/report/AccountRedaction.java "$site"
for account in ${ACCOUNTS:-}; do
  if ! hits=$(printf '%s\n' "$account" | .ci/leak-check.sh - "$site"); then
    echo "::error::an account id is still in the pages (nothing is published):"; printf '%s\n' "$hits"
    exit 1
  fi
done
say "site in $site: $(find "$site" -type f | wc -l) file(s)"
