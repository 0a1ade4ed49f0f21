"""`make audit`: Lighthouse 12 on the production-like site, against the budgets.

Starts Nomi as scripts/serve.sh does (DEBUG off, static files collected and
served by whitenoise, gunicorn) on a free port with a throwaway SQLite
database seeded by seed_demo (scripts/demo_site.py), then runs Lighthouse from
node_modules (`npm ci`) with Debian's Chromium on the home page, a search, an
item page and the sell page (logged in as the demo seller: the session cookie
goes in --extra-headers). Lighthouse's defaults: a mobile phone on a
simulated slow 4G network and a slowed-down CPU.

Prints the four category scores per page, writes each page's JSON report to
audit/<page>.json (the folder is emptied first) and exits 1 when performance
is under 95 or accessibility, best practices or SEO under 100 on any page.

    .venv/bin/python scripts/audit.py [--only home,item]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scripts.demo_site import ROOT, SELLER, demo_paths, demo_site, session_cookie  # noqa: E402

OUT = ROOT / "audit"
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
CATEGORIES = {
    "performance": 95,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --no-first-run"


def lighthouse(url: str, report: Path, headers: dict | None = None) -> dict:
    """One Lighthouse run; its report (the JSON also written to `report`)."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    if headers:
        command.append(f"--extra-headers={json.dumps(headers)}")
    env = {
        **os.environ,
        "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
    }
    run = subprocess.run(  # noqa: S603 (our own command line)
        command, env=env, capture_output=True, text=True, timeout=300
    )
    result = json.loads(report.read_text()) if report.exists() else {}
    problem = (result.get("runtimeError") or {}).get("code") or (
        "" if run.returncode == 0 else run.stderr.strip()[-400:] or "failed"
    )
    return {"report": result, "problem": problem}


def audit(url: str, report: Path, headers: dict | None = None) -> dict:
    """Lighthouse on `url`, once more when Chrome's first cold start missed the
    navigation (NO_NAVSTART)."""
    outcome = lighthouse(url, report, headers)
    if "NO_NAVSTART" in outcome["problem"]:
        report.unlink(missing_ok=True)
        outcome = lighthouse(url, report, headers)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated page names")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `npm ci --ignore-scripts` (make audit does).")
        return 1
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir()
    rows, failed = [], False
    with demo_site(production=True) as site:
        paths = demo_paths(site)
        cookie = session_cookie(site, *SELLER)
        pages = [
            ("home", "/", None),
            ("search", paths["search"], None),
            ("item", paths["item"], None),
            ("sell", "/items/new/", {"Cookie": cookie}),
        ]
        for name, path, headers in pages:
            if options.only and name not in options.only.split(","):
                continue
            print(f"Lighthouse: {name} ({path})…", flush=True)
            outcome = audit(site.url + path, OUT / f"{name}.json", headers)
            categories = outcome["report"].get("categories", {})
            scores = {}
            for category, budget in CATEGORIES.items():
                score = (categories.get(category) or {}).get("score")
                scores[category] = None if score is None else round(score * 100)
                if scores[category] is None or scores[category] < budget:
                    failed = True
            final = outcome["report"].get("finalDisplayedUrl", "")
            if outcome["problem"] or not final.endswith(path):
                failed = True
                print(f"  problem: {outcome['problem'] or 'ended on ' + final}")
            rows.append((name, scores))
    width = max(len(category) for category in CATEGORIES)
    print()
    print(f"{'page':<8}" + "".join(f"{c:>{width + 2}}" for c in CATEGORIES))
    for name, scores in rows:
        cells = "".join(
            f"{'-' if s is None else s:>{width + 2}}" for s in scores.values()
        )
        print(f"{name:<8}{cells}")
    budgets = ", ".join(f"{c} ≥ {b}" for c, b in CATEGORIES.items())
    print(f"\nBudgets: {budgets}. Reports: {OUT.relative_to(ROOT)}/<page>.json")
    print("Within budget." if not failed else "Over budget (or a run failed).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
