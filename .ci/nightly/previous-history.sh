#!/usr/bin/env bash
# The previously published site's history.json (each control's last 30 verdicts per target), for the
# night's living documentation:
#   .ci/nightly/previous-history.sh <site url> <out file>
# HTTP 200: that file. HTTP 404 (the first night, or no Pages site yet): an empty history, said so.
# Anything else (no answer, a 5xx after curl's retries, a file that is no history): exit 1, so that a
# site without its history is never published over the one that has it; the next night tries again.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 <site url> <out file>" >&2; exit 2; }
url="${1%/}/history.json"
out=$2
code=$(curl -sSL --retry 3 --retry-delay 2 --retry-connrefused --max-time 30 -o "$out.part" -w '%{http_code}' "$url" 2>/dev/null) \
  || code=${code:-000}
case "$code" in
  200)
    if ! grep -q '"runs"' "$out.part"; then
      echo "::error::$url is no history (no \"runs\" in it): nothing is published, so the published history is kept"
      rm -f "$out.part"; exit 1
    fi
    mv "$out.part" "$out"
    echo "[pages] history: the published site's history.json ($(grep -c '"runId"' "$out" || true) earlier run(s))" ;;
  404)
    rm -f "$out.part"
    echo '{"version":1,"runs":[]}' > "$out"
    echo "[pages] history: none at $1 (the first night, or no Pages site yet): it starts afresh" ;;
  *)
    rm -f "$out.part"
    [ "$code" = 000 ] && code="no answer" || code="HTTP $code"
    echo "::error::could not fetch $url ($code): nothing is published, so the published history is kept; run the job again"
    exit 1 ;;
esac
