"""Benchmark: Review page actions in a real browser (Chromium via Playwright), before/after side by side.

Builds two copies of review_app — BASE (a git revision, default the commit issue 18's work started from, extracted
with ``git archive``) and the working tree — and for each one serves two projects made by that version's own code:
the shipped article (326 segments, the two shipped drafts as candidates, a QA run) and a synthetic 10,000-segment
project (the article's paragraphs repeated, as in bench/app.py). In Chromium it then times, REPEAT times each:

- **Next ▶**: click → the next segment's caption is shown and the page has settled;
- **Save**: (text typed and committed beforehand) click → "Saved #n: version v" shown and settled;
- **Approve ▶ next**: (text typed beforehand) click → the next segment shown and settled.

"Settled" means no element is still marked stale and Streamlit's running indicator is gone, polled on every
animation frame. The servers run one at a time (one browser, one server) so they do not compete for the CPU. Prints
medians in seconds and the after/before ratios, and the 10k/326 ratio of each version (goal ≤ 1.5)::

    .venv/bin/python bench/review_browser.py [--base 2ca89b3] [--repeat 7] [--large 10000]

Needs Debian's chromium (``apt-get install chromium``); never ``playwright install``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE_DEFAULT = "2ca89b3"  # main when issue 18's Review work started
SETUP = r"""
import json, sys
from pathlib import Path
from review_app.project import init_project, open_project
src, project, drafts = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
init_project(project, source=src)
if drafts:
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine
    from review_app.glossary import load_glossary
    from review_app import qa
    corpus = Path("corpus/musk-trump")
    op = open_project(project)
    svc = op.service()
    for name in ("literal", "fluent"):
        prov = json.loads((corpus / "candidates" / f"{name}.provenance.json").read_text(encoding="utf-8"))
        run_engine(svc, FileEngine(corpus / "candidates" / f"{name}.xlf", engine_name=f"draft-{name}",
                                   provenance=prov))
    qa.run_project(svc, glossary=load_glossary("glossary/musk-trump.tbx"))
    op.close()
"""
SETTLED = """([text]) => document.body.innerText.includes(text)
  && !document.querySelector('[data-stale="true"]')
  && !document.querySelector('[data-testid="stStatusWidget"]')"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(code: Path, project: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONUNBUFFERED": "1",
           "REVIEW_APP_GLOSSARY": str(code / "glossary" / "musk-trump.tbx")}
    proc = subprocess.Popen([sys.executable, "-m", "review_app.cli", "serve", str(project), "--port", str(port)],
                            cwd=code, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not start: {log.read_text(errors='replace')}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop `review-app serve` and the streamlit process it started (one process group)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(15)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _settle(page, text: str) -> float:
    t0 = time.perf_counter()
    page.wait_for_function(SETTLED, arg=[text], polling="raf", timeout=120_000)
    return time.perf_counter() - t0


def measure(browser, url: str, total: int, repeat: int) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url + "/review", wait_until="networkidle")
    _settle(page, f"#1 of {total}")
    editor = page.get_by_label("Target (en)")
    results: dict[str, list[float]] = {"Next ▶": [], "Save": [], "Approve ▶ next": []}
    n = 1
    for i in range(repeat + 1):  # the first round warms the caches up and is not counted
        t0 = time.perf_counter()
        page.get_by_role("button", name="Next ▶").click()
        n += 1
        _settle(page, f"#{n} of {total}")
        next_s = time.perf_counter() - t0
        editor.fill(f"Benchmark translation {i}.")
        editor.blur()
        page.wait_for_function(SETTLED, arg=[f"#{n} of {total}"], polling="raf", timeout=120_000)
        page.wait_for_timeout(200)  # the commit of the text (blur) may still be on its way: not part of the figure
        page.wait_for_function(SETTLED, arg=[f"#{n} of {total}"], polling="raf", timeout=120_000)
        t0 = time.perf_counter()
        page.get_by_role("button", name="Save", exact=True).click()
        _settle(page, f"Saved #{n}: version 2")
        save_s = time.perf_counter() - t0
        editor.fill(f"Benchmark translation {i}, approved.")
        editor.blur()
        page.wait_for_timeout(200)
        page.wait_for_function(SETTLED, arg=[f"#{n} of {total}"], polling="raf", timeout=120_000)
        t0 = time.perf_counter()
        page.get_by_role("button", name="Approve ▶ next").click()
        n += 1
        _settle(page, f"#{n} of {total}")
        approve_s = time.perf_counter() - t0
        if i:
            results["Next ▶"].append(next_s)
            results["Save"].append(save_s)
            results["Approve ▶ next"].append(approve_s)
    page.close()
    return {k: statistics.median(v) for k, v in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=BASE_DEFAULT, help="git revision to compare against")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--large", type=int, default=10_000, help="segments of the large project (0: skip)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from bench.app import make_source

    exe = shutil.which("chromium")
    if not exe:
        sys.exit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="review-browser-") as tmp_name:
        tmp = Path(tmp_name)
        base = tmp / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        versions = {f"before ({args.base})": base, "after (working tree)": ROOT}
        sizes = {"article": (ROOT / "corpus" / "musk-trump" / "source.ja.txt", True)}
        if args.large:
            sizes[f"{args.large // 1000}k"] = (make_source(args.large, tmp), False)
        table: dict[tuple[str, str], dict[str, float]] = {}
        totals: dict[str, int] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, args=["--headless", "--no-sandbox", "--disable-gpu"])
            for size, (src, drafts) in sizes.items():
                for label, code in versions.items():
                    project = tmp / f"{size}-{code.name}"
                    env = {**os.environ, "PYTHONPATH": str(code)}
                    subprocess.run([sys.executable, "-c", SETUP, str(src), str(project), "1" if drafts else "0"],
                                   cwd=code, env=env, check=True)
                    from review_app.project import open_project

                    op = open_project(project)
                    try:
                        totals[size] = op.service().count_segments()
                    finally:
                        op.close()
                    proc, url = serve(code, project, tmp / f"{size}-{code.name}.log")
                    try:
                        table[(size, label)] = measure(browser, url, totals[size], args.repeat)
                    finally:
                        stop(proc)
                    print(f"  measured {label} on {size} ({totals[size]} segments)", file=sys.stderr)
            browser.close()
    labels = list(versions)
    actions = ["Next ▶", "Save", "Approve ▶ next"]
    print(f"Review page, seconds from click to a settled page (median of {args.repeat}; Chromium, this machine)")
    header = ["action", "segments", *labels, "after/before"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size in sizes:
        for action in actions:
            b, a = table[(size, labels[0])][action], table[(size, labels[1])][action]
            print(f"| {action} | {totals[size]:,} | {b:.3f} | {a:.3f} | {a / b:.2f} |")
    if args.large:
        big = list(sizes)[1]
        print(f"\n{big}/article ratio (goal ≤ 1.5):")
        for label in labels:
            ratios = [table[(big, label)][a] / table[("article", label)][a] for a in actions]
            print(f"  {label}: " + ", ".join(f"{a} {r:.2f}" for a, r in zip(actions, ratios, strict=True)))


if __name__ == "__main__":
    main()
