"""Benchmark: load time of the pages other than Review — Dashboard, Glossary and the article list (Document view,
Segments before it) — for this checkout and, side by side in the same run, another checkout (``--repo``).

One project is built (the seed article, both shipped drafts as candidates, the literal draft as every target, a
QA run with the shipped glossary; ``--segments N`` repeats the article to N segments) and every checkout is
measured on it in a child process, alternately, ``--repeat`` times:

* **first**: the page's first script run in a fresh session (a new ``AppTest`` that has shown the Dashboard and
  then the Settings page), as a user who clicks the page in the sidebar;
* **rerun**: the page's script run again in that session (what every widget change costs).

Times are the script runs only (AppTest's own start-up, the component scan, is outside them). Medians are printed
per checkout with the ratio after / before.

    .venv/bin/python bench/pages.py --repo /path/to/checkout-before [--repeat 5] [--segments 326]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("dashboard", "glossary", "document")


def build(folder: Path, segments: int) -> Path:
    """The benchmark project (see the module docstring), built with this checkout's code."""
    sys.path.insert(0, str(ROOT))
    from review_app import qa
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine
    from review_app.glossary import load_glossary
    from review_app.project import init_project, open_project

    source = ROOT / "corpus" / "musk-trump" / "source.ja.txt"
    if segments > 326:
        sys.path.insert(0, str(ROOT / "bench"))
        from app import make_source  # bench/app.py: the article's paragraphs repeated and numbered

        source = make_source(segments, folder)
    project = folder / "proj"
    init_project(project, source=source)
    op = open_project(project)
    try:
        svc = op.service()
        for name in ("literal", "fluent"):
            prov = {"kind": "prepared-draft", "by": "hand-prepared by the project maintainers"}
            run_engine(svc, FileEngine(ROOT / "corpus" / "musk-trump" / "candidates" / f"{name}.xlf",
                                       engine_name=f"draft-{name}", provenance=prov))
        for seg in svc.list_segments():
            text = next((c.text for c in svc.candidates(seg.key) if c.engine == "draft-literal"), None)
            if text:
                svc.save_target(seg.key, text, expected_version=seg.version)
        qa.run_project(svc, glossary=load_glossary(ROOT / "glossary" / "musk-trump.tbx"))
    finally:
        op.close()
    return project


def measure(code: Path, project: Path, repeat: int) -> dict[str, dict[str, list[float]]]:
    """Run in a child process whose ``review_app`` is the one of ``code``: seconds per page and kind."""
    sys.path.insert(0, str(code))
    from streamlit.testing.v1 import AppTest  # noqa: TID251  (the benchmark drives the app like the tests)

    os.environ["REVIEW_APP_PROJECT"] = str(project)
    os.environ["REVIEW_APP_GLOSSARY"] = str(ROOT / "glossary" / "musk-trump.tbx")
    app = code / "review_app" / "app" / "streamlit_app.py"
    out: dict[str, dict[str, list[float]]] = {}
    for page in PAGES:
        name = page if (code / "review_app" / "app" / "app_pages" / f"{page}.py").exists() else "segments"
        first, rerun = [], []
        for _ in range(repeat):
            at = AppTest.from_file(str(app), default_timeout=300)
            at.run()  # the default page (Dashboard): AppTest's component scan happens here, outside the timing
            at.switch_page("app_pages/settings.py").run()  # then another page, as a user who comes back
            t0 = time.perf_counter()
            at.switch_page(f"app_pages/{name}.py").run()
            t1 = time.perf_counter()
            at.run()
            t2 = time.perf_counter()
            if at.exception:
                raise SystemExit(f"{code}: {name} failed: {at.exception}")
            first.append(t1 - t0)
            rerun.append(t2 - t1)
        out[page] = {"first": first, "rerun": rerun}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, help="another checkout (the code before a change) to measure alongside")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--segments", type=int, default=326)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.project, args.repeat)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        project = build(tmp, args.segments)
        checkouts = {"after": ROOT} | ({"before": args.repo.resolve()} if args.repo else {})
        results: dict[str, dict[str, dict[str, list[float]]]] = {k: {} for k in checkouts}
        for _ in range(args.repeat):  # alternate the checkouts so a load change on the machine hits both
            for label, code in checkouts.items():
                res = subprocess.run(
                    [sys.executable, __file__, "--measure", str(code), "--project", str(project), "--repeat", "1"],
                    capture_output=True, text=True, check=True, cwd=tmp,
                )
                for page, kinds in json.loads(res.stdout.strip().splitlines()[-1]).items():
                    for kind, values in kinds.items():
                        results[label].setdefault(page, {}).setdefault(kind, []).extend(values)
        print(f"pages bench: {args.segments} segments requested, {args.repeat} runs each, medians in ms "
              f"(script runs in AppTest; after = {ROOT}" + (f", before = {args.repo}" if args.repo else "") + ")")
        print(f"{'page':<10} {'kind':<6} {'after':>8}" + (f" {'before':>8} {'after/before':>12}" if args.repo else ""))
        for page in PAGES:
            for kind in ("first", "rerun"):
                after = statistics.median(results["after"][page][kind]) * 1000
                line = f"{page:<10} {kind:<6} {after:8.0f}"
                if args.repo:
                    before = statistics.median(results["before"][page][kind]) * 1000
                    line += f" {before:8.0f} {after / before:12.2f}"
                print(line)
        if args.repo:
            print("(before: the article list is the Segments page, which the Document view replaces)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
