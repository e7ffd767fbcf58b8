#!/usr/bin/env bash
# Usage: .ci/leak-check.sh <secret|-> <dir|file>...
# Prints the names of the files (and zip entries, as file!entry) that hold the secret in any form:
# as is, JSON-escaped, base64 (also base64 of a text that holds it), URL-encoded; zip files (a saved
# Terraform plan is one) are opened, zips in zips too. Never prints the secret. '-' reads the secret
# from the first line of stdin, so it does not show in the process list.
# Exit 0: found nowhere; 1: found (names on stdout); 2: usage or build problem.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "$#" -lt 2 ]; then
  echo "usage: $0 <secret|-> <dir|file>..." >&2
  exit 2
fi
classes="$root/support/target/classes"
cp_file="$root/support/target/leak-check.classpath"
if [ ! -f "$classes/io/m300/harness/support/secrets/LeakCheck.class" ] || [ ! -s "$cp_file" ]; then
  (cd "$root" && ./mvnw -B -ntp -q -pl support compile dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >&2) || { echo "leak-check: could not build support/" >&2; exit 2; }
fi
exec java -cp "$classes:$(cat "$cp_file")" io.m300.harness.support.secrets.LeakCheck "$@"
