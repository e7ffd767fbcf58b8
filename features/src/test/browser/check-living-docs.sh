#!/usr/bin/env bash
# Browser check of the living documentation: opens features/target/living-docs/index.html in a
# headless Chromium, reads the rendered DOM, checks that the control matrix shows every control
# of the catalogue and, for this run, the same scenario counts as Cucumber's own cucumber.json,
# checks that each control's history strip shows as many runs as the site's history.json holds for
# its target (when it holds more than one), and saves a screenshot to features/target/living-docs-screenshot.png.
#
# Installs nothing: expects Debian's chromium at /usr/bin/chromium (CHROMIUM=... to override)
# and python3. Usage: features/src/test/browser/check-living-docs.sh [features/target]
set -euo pipefail

features=$(cd "$(dirname "$0")/../../.." && pwd)
target=${1:-$features/target}
target=$(cd "$target" && pwd)
index=$target/living-docs/index.html
json=$target/cucumber-reports/cucumber.json
catalogue=$features/src/main/resources/catalogue/controls.md
screenshot=$target/living-docs-screenshot.png
chromium=${CHROMIUM:-/usr/bin/chromium}

say() { printf '[browser] %s\n' "$*"; }
[ -x "$chromium" ] || { say "FAIL: no $chromium (CI installs it: apt-get install -y chromium)"; exit 1; }
command -v python3 >/dev/null || { say "FAIL: python3 is required"; exit 1; }
[ -f "$index" ] || { say "FAIL: no $index (run ./mvnw verify first)"; exit 1; }
[ -f "$json" ] || { say "FAIL: no $json"; exit 1; }

profile=$(mktemp -d /tmp/m300-chromium-XXXXXX)
dom=$(mktemp /tmp/m300-dom-XXXXXX.html)
trap 'rm -rf "$profile" "$dom"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$profile" --hide-scrollbars --force-device-scale-factor=1)

say "$("$chromium" --version 2>/dev/null || echo chromium)"
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$index" >"$dom" 2>/dev/null
timeout 120 "$chromium" "${flags[@]}" --window-size=1440,2300 --screenshot="$screenshot" "file://$index" >/dev/null 2>&1
[ -s "$screenshot" ] || { say "FAIL: no screenshot was written"; exit 1; }
say "screenshot: $screenshot"

python3 - "$dom" "$json" "$catalogue" "$target/living-docs/history.json" <<'PY'
import json, os, re, sys
from html.parser import HTMLParser

dom_file, json_file, catalogue_file, history_file = sys.argv[1:5]
ORDER = ["passed", "skipped", "pending", "undefined", "ambiguous", "failed"]

# what Cucumber says: a scenario's status is the worst of its steps' and hooks' results
expected = {"passed": 0, "failed": 0, "skipped": 0}
features = json.load(open(json_file, encoding="utf-8")) if open(json_file).read().strip() else []
for feature in features:
    background = []
    for el in feature.get("elements", []):
        if el.get("type") == "background":
            background = el.get("steps", [])
            continue
        results = [s.get("result", {}) for s in background + el.get("steps", [])]
        results += [h.get("result", {}) for h in el.get("before", []) + el.get("after", [])]
        for s in el.get("steps", []):
            results += [h.get("result", {}) for h in s.get("before", []) + s.get("after", [])]
        background = []
        worst = 0
        for r in results:
            st = r.get("status", "undefined")
            worst = max(worst, ORDER.index(st) if st in ORDER else ORDER.index("undefined"))
        st = ORDER[worst]
        expected["passed" if st == "passed" else "skipped" if st == "skipped" else "failed"] += 1
expected_total = sum(expected.values())

# the catalogue's controls: first cells of the area tables (the mapping table comes after them)
text = open(catalogue_file, encoding="utf-8").read().split("## How the controls map")[0]
controls = re.findall(r"^\|\s*([A-Z]+-\d+)\s*\|", text, re.M)

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.runs, self.rows, self.marks, self.matrix = [], [], [], None
        self.history = {}  # control -> [number of runs in each history strip of its row]
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "section" and "run" in cls:
            self.runs.append(a)
        if tag == "section" and a.get("id") == "matrix":
            self.matrix = a
        if tag == "tr" and "control" in cls:
            self.rows.append(a.get("data-control"))
        if tag == "span" and "history" in cls and self.rows:
            self.history.setdefault(self.rows[-1], []).append(int(a.get("data-history", -1)))
        if "data-scenario-status" in a:
            self.marks.append((a.get("data-run"), a["data-scenario-status"]))

d = Dom()
d.feed(open(dom_file, encoding="utf-8").read())
problems = []
if not d.runs:
    problems.append("no run card rendered")
if d.matrix is None:
    problems.append("no control matrix rendered")
if sorted(d.rows) != sorted(controls):
    missing = sorted(set(controls) - set(d.rows)); extra = sorted(set(d.rows) - set(controls))
    problems.append(f"matrix rows {len(d.rows)} != catalogue controls {len(controls)} (missing {missing}, extra {extra})")
if d.matrix is not None and d.matrix.get("data-controls") != str(len(controls)):
    problems.append(f"matrix says {d.matrix.get('data-controls')} controls, catalogue has {len(controls)}")
if d.runs:
    run = d.runs[0]  # this build's run comes first
    shown = {k: int(run.get("data-" + k, -1)) for k in ("passed", "failed", "skipped")}
    if shown != expected or int(run.get("data-scenarios", -1)) != expected_total:
        problems.append(f"run card shows {run.get('data-scenarios')} scenarios {shown}, cucumber.json has {expected_total} {expected}")
    counted = {"passed": 0, "failed": 0, "skipped": 0}
    for run_id, st in d.marks:
        if run_id == run.get("data-run"):
            counted["passed" if st == "passed" else "skipped" if st == "skipped" else "failed"] += 1
    if counted != expected:
        problems.append(f"scenario marks in the matrix {counted} != cucumber.json {expected}")
# the history: every control row shows, per target, as many runs as history.json holds for it (when more than one)
if os.path.isfile(history_file):
    runs_by_target = {}
    for r in json.load(open(history_file, encoding="utf-8")).get("runs", []):
        runs_by_target[r["target"]] = runs_by_target.get(r["target"], 0) + 1
    expected_strips = sorted(n for n in runs_by_target.values() if n > 1)
    for c in controls:
        if sorted(d.history.get(c, [])) != expected_strips:
            problems.append(f"{c}: history strips {d.history.get(c, [])}, history.json has {runs_by_target} runs per target")
            break
    print(f"[browser] history.json: runs per target {runs_by_target}; strips shown in {len(d.history)} control rows")
else:
    problems.append("no history.json beside index.html")
print(f"[browser] catalogue: {len(controls)} controls, matrix rows: {len(d.rows)}")
print(f"[browser] cucumber.json: {expected_total} scenarios {expected}; rendered marks: "
      f"{sum(1 for r, _ in d.marks if d.runs and r == d.runs[0].get('data-run'))}")
if problems:
    for p in problems:
        print("[browser] FAIL: " + p)
    sys.exit(1)
print("[browser] the control matrix rendered with the right counts")
PY
