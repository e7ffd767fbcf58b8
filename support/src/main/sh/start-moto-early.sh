#!/bin/sh
# Starts moto_server while Maven builds the modules, for the features suite of the same build to
# adopt (io.m300.harness.support.target.EarlyEmulator): the root pom runs it in the background at
# the start of a build that runs the integration tests (profile early-emulator). Maven stops it
# when it exits; moto ends itself if Maven is killed; the suite stops it at its end, as its own.
#
# $1: the hand-off folder. The hand-off is <Maven's pid>.json (Maven is this script's parent), so
# that builds side by side in one checkout each adopt their own. $2-$5: harness.target, harness.keep,
# harness.reuse and harness.enforceRolePolicy as Maven has them (empty when not set): nothing is
# started for a run that would not adopt it. Quiet, and
# never fails the build: without moto_server (on PATH, or installed into the harness's cache), the
# harness provisions and starts its own, as it does without this script.
set -u
dir=$1
maven=$PPID
# (each setting as the harness reads it: the -D property, else its HARNESS_* environment variable)
case $(echo "${2:-${HARNESS_TARGET:-auto}}" | tr '[:upper:]' '[:lower:]') in auto|moto) ;; *) exit 0 ;; esac
case $(echo "${3:-${HARNESS_KEEP:-}}${4:-${HARNESS_REUSE:-}}" | tr '[:upper:]' '[:lower:]') in *true*) exit 0 ;; esac
[ -z "${5:-${HARNESS_ENFORCE_ROLE_POLICY:-}}" ] || exit 0
moto=$(command -v moto_server 2>/dev/null) || moto=
if [ -z "$moto" ]; then
  for m in "${XDG_CACHE_HOME:-$HOME/.cache}"/m300-harness/moto/*/venv/bin/moto_server; do
    [ -x "$m" ] && [ -e "${m%/bin/moto_server}/.m300-complete" ] && moto=$m
  done
fi
[ -n "$moto" ] || exit 0

# the Python that runs this moto_server, chosen as the harness chooses it (Tools.python): the venv's,
# else the interpreter its first line names, else python3 on PATH (a pyenv shim)
python=python3
bin=$(dirname "$moto")
if [ -f "$bin/../pyvenv.cfg" ] && [ -x "$bin/python3" ]; then
  python=$bin/python3
else
  first=$(head -n 1 "$(readlink -f "$moto")" 2>/dev/null) || first=
  case $first in
    '#!'*) interpreter=$(echo "${first#??}" | awk '{print $1}')
           case ${interpreter##*/} in python*) [ -x "$interpreter" ] && python=$interpreter ;; esac ;;
  esac
fi

launcher=$(dirname "$0")/../resources/io/m300/harness/support/target/moto_server_launcher.py
mkdir -p "$dir" || exit 0
rm -f "$dir/$maven.json" "$dir/$maven.claimed.json"
M300_HANDOFF=$dir/$maven.json exec "$python" "$launcher" > "$dir/$maven.log" 2>&1
