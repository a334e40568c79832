"""Lighthouse scores for the example site's article and index pages (`make audit`).

Serves example_site/output (built by `make example`) on 127.0.0.1 and runs
Lighthouse 12.2.3 through npx against Debian's Chromium (CHROME_PATH). Newer
Lighthouse releases want Node 22. Prints performance, accessibility, best
practices and SEO for each page; the target is 100 in each. Exits non-zero when
Lighthouse cannot run, or when a score is below --fail-under (default: 0, so
the scores are only reported). With --camera-cover it builds the example site
anew with its cover replaced by a 3000x2000 photo-like JPEG, as a camera's
(#28), and audits the article with that cover too.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .serve import serving
from .support import CHROMIUM, CHROMIUM_ARGS, EXAMPLE_SITE, REFERENCE_ARTICLE

OUTPUT = EXAMPLE_SITE / "output"
LIGHTHOUSE = "lighthouse@12.2.3"
PAGES = {"article": REFERENCE_ARTICLE, "index": "index.html"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
COVERED = "evening-walks.html"  # the example site's article with a cover


def camera_site(root: Path) -> Path:
    """The example site built under ``root`` with its cover replaced by a
    3000x2000 photo-like JPEG; its output folder."""
    from tests.helpers import photo  # Pillow: only for this option

    content = root / "content"
    shutil.copytree(EXAMPLE_SITE / "content", content)
    (content / "images" / "evening-hills.jpg").write_bytes(photo(3000, 2000))
    command = [sys.executable, "-m", "pelican", str(content)]
    command += ["-s", str(EXAMPLE_SITE / "pelicanconf.py"), "-o", str(root / "out")]
    command += ["--cache-path", str(root / "cache"), "--fatal", "warnings"]
    done = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"Pelican could not build the site:\n{done.stdout}")
    return root / "out"


def run_lighthouse(url: str, report: Path, chrome: str) -> dict[str, Any]:
    """Run Lighthouse once and return its JSON report."""
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(
            f"Lighthouse failed on {url} (exit {result.returncode}):\n"
            f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
        )
    return json.loads(report.read_text(encoding="utf-8"))


def failing_audits(data: dict[str, Any], category: str) -> list[str]:
    """Titles of the audits that cost points in one category."""
    audits = data["audits"]
    lost = []
    for ref in data["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) > 0 and score is not None and score < 1:
            lost.append(f"{ref['id']} ({score:.2f}): {audit.get('title', '')}")
            for item in (audit.get("details") or {}).get("items", [])[:3]:
                node = item.get("node") if isinstance(item.get("node"), dict) else {}
                where = item.get("sourceLocation") or {}
                parts = [
                    item.get("description"),
                    item.get("url") or where.get("url"),
                    node.get("selector"),
                ]
                shown = " ".join(str(p) for p in parts if p)
                if shown:
                    lost.append(f"    {shown[:200]}")
    return lost


def main(argv: list[str] | None = None) -> int:
    """Serve the built site, audit each page, print a table of scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--fail-under", type=int, default=0)
    parser.add_argument("--camera-cover", action="store_true")
    args = parser.parse_args(argv)
    pages = dict(PAGES)

    chrome = os.environ.get("CHROME_PATH") or CHROMIUM
    if not Path(chrome).is_file():
        print(f"Chromium not found at {chrome}: apt-get install chromium")
        return 2
    if shutil.which("npx") is None:
        print("npx not found: install Node.js and npm (apt-get install nodejs npm)")
        return 2
    if not args.camera_cover and not (args.output / PAGES["article"]).is_file():
        print(f"{args.output} has no {PAGES['article']}: run `make example` first")
        return 2

    worst = 100
    try:
        with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
            if args.camera_cover:
                args.output = camera_site(Path(tmp))
                pages["covered"] = COVERED
            base = stack.enter_context(serving(args.output))
            print(f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES))
            notes = []
            for name, path in pages.items():
                report = Path(tmp) / f"{name}.json"
                data = run_lighthouse(f"{base}/{path}", report, chrome)
                scores = {
                    c: round((data["categories"][c]["score"] or 0) * 100)
                    for c in CATEGORIES
                }
                worst = min(worst, *scores.values())
                print(f"{name:<10}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES))
                for c in CATEGORIES:
                    notes += [f"  {name} / {c}: {a}" for a in failing_audits(data, c)]
            if notes:
                print("Audits that cost points:")
                print("\n".join(notes))
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    return 1 if worst < args.fail_under else 0


if __name__ == "__main__":
    sys.exit(main())
