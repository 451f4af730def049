"""Benchmark: Review page actions in a real browser (Chromium via Playwright), before/after side by side.

Measures two copies of review_app — BEFORE (``--repo PATH``, a checkout such as ``git worktree add /tmp/review-before
COMMIT``; else ``--base REV`` extracted with ``git archive``, default the commit issue 18's speed work started from)
and the working tree — on the same projects, built once with this checkout's code by ``build()`` of
bench/compare_scale.py (the shipped article repeated, the demo's three engines as candidates, a QA run and the
demo's source fixes): the article itself (326 segments) and ``--large`` segments (default 10,000). Each version
gets a fresh copy of each project. In Chromium it times, REPEAT times each:

- **Next ▶**: click → the next segment's caption is shown and the page has settled;
- **Save**: (text typed and committed beforehand) click → "Saved #n: version v" shown and settled;
- **Approve ▶ next**: (text typed beforehand) click → the next segment shown and settled.

"Settled" means no element is still marked stale and Streamlit's running indicator is gone, polled on every
animation frame. The servers run one at a time (one browser, one server) so they do not compete for the CPU;
``--rounds N`` measures every (size, version) N times, alternating, so a change of the machine's load hits both.
Next to each figure: the machine's load average (1 min, before–after the measurement) and the server's CPU time
(user+sys of its process group) over the whole measured sequence, which the load does not inflate as much.
Between a settled page and the next click the bench waits ``--think`` seconds (default 1: a reviewer reads the
segment before acting; work a version does in the background meanwhile, such as the QA refresh after a save, is
counted in its server CPU figure). Prints medians in milliseconds, the after/before ratios, and the large/article
ratio of each version (goal ≤ 1.5)::

    .venv/bin/python bench/review_browser.py [--repo /tmp/review-before | --base fea0134] [--repeat 7] \
        [--large 10000] [--rounds 1] [--think 1] [--work DIR]

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

BASE_DEFAULT = "fea0134"  # main when issue 18's speed work (this session) started
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


def measure(browser, url: str, total: int, repeat: int, think: float = 0.0) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.goto(url + "/review", wait_until="networkidle")
    _settle(page, f"#1 of {total}")
    editor = page.get_by_label("Target (en)")
    results: dict[str, list[float]] = {"Next ▶": [], "Save": [], "Approve ▶ next": []}
    n = 1
    for i in range(repeat + 1):  # the first round warms the caches up and is not counted
        page.wait_for_timeout(think * 1000)  # the reviewer reads the page before the next action
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
        page.wait_for_timeout(think * 1000)
        t0 = time.perf_counter()
        page.get_by_role("button", name="Save", exact=True).click()
        _settle(page, f"Saved #{n}: version 2")
        save_s = time.perf_counter() - t0
        editor.fill(f"Benchmark translation {i}, approved.")
        editor.blur()
        page.wait_for_timeout(200)
        page.wait_for_function(SETTLED, arg=[f"#{n} of {total}"], polling="raf", timeout=120_000)
        page.wait_for_timeout(think * 1000)
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


def server_cpu(proc: subprocess.Popen[bytes]) -> float:
    """CPU seconds (user+sys) used so far by the processes of the server's group (`review-app serve` and the
    streamlit process it started), from /proc; 0 where /proc is not there."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == proc.pid:  # field 5 of stat: the process group
            total += (int(fields[11]) + int(fields[12])) / tick  # fields 14, 15: utime, stime
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=BASE_DEFAULT, help="git revision to compare against (git archive)")
    parser.add_argument("--repo", type=Path, help="a checkout to compare against (instead of --base)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=1, help="measure each (size, version) this many times")
    parser.add_argument("--large", type=int, default=10_000, help="segments of the large project (0: skip)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds between a settled page and the next click (a reviewer reads the page first; "
                             "work a version does in the background meanwhile is in its server CPU figure)")
    parser.add_argument("--work", type=Path, help="where to build (and keep) the projects; default a temp folder")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from bench.compare_scale import build

    exe = shutil.which("chromium")
    if not exe:
        sys.exit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="review-browser-") as tmp_name:
        tmp = Path(tmp_name)
        work = args.work or tmp
        work.mkdir(parents=True, exist_ok=True)
        if args.repo:
            base, base_label = args.repo.resolve(), f"before ({args.repo})"
        else:
            base, base_label = tmp / "base", f"before ({args.base})"
            base.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base], check=True, capture_output=True)
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        versions = {base_label: base, "after (working tree)": ROOT}
        sizes = {"article": build(work, 326)[0]}
        if args.large:
            sizes[f"{args.large // 1000}k"] = build(work, args.large)[0]
        table: dict[tuple[str, str], dict[str, list[float]]] = {}
        loads: dict[tuple[str, str], list[str]] = {}
        cpu: dict[tuple[str, str], list[float]] = {}
        totals: dict[str, int] = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=exe, args=["--headless", "--no-sandbox", "--disable-gpu"])
            for _ in range(args.rounds):
                for size, built in sizes.items():
                    for label, code in versions.items():
                        project = tmp / f"{size}-{code.name}"
                        shutil.rmtree(project, ignore_errors=True)
                        shutil.copytree(built, project)
                        from review_app.project import open_project

                        op = open_project(project)
                        try:
                            totals[size] = op.service().count_segments()
                        finally:
                            op.close()
                        proc, url = serve(code, project, tmp / f"{size}-{code.name}.log")
                        try:
                            load0, cpu0 = os.getloadavg()[0], server_cpu(proc)
                            res = measure(browser, url, totals[size], args.repeat, args.think)
                            load1, cpu1 = os.getloadavg()[0], server_cpu(proc)
                        finally:
                            stop(proc)
                        for action, secs in res.items():
                            table.setdefault((size, label), {}).setdefault(action, []).append(secs)
                        loads.setdefault((size, label), []).append(f"{load0:.1f}–{load1:.1f}")
                        cpu.setdefault((size, label), []).append(cpu1 - cpu0)
                        print(f"  measured {label} on {size} ({totals[size]} segments): "
                              + ", ".join(f"{a} {v * 1000:.0f} ms" for a, v in res.items())
                              + f"; load {load0:.1f}–{load1:.1f}; server CPU {cpu1 - cpu0:.1f} s", file=sys.stderr)
            browser.close()
    labels = list(versions)
    actions = ["Next ▶", "Save", "Approve ▶ next"]
    med = {k: {a: statistics.median(v) for a, v in d.items()} for k, d in table.items()}
    print(f"Review page, milliseconds from click to a settled page (median of {args.repeat} per round, "
          f"{args.rounds} round(s), {args.think:g} s between a settled page and the next click; Chromium, this "
          "machine; load = 1-min load average before–after)")
    header = ["action", "segments", *labels, "after/before"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size in sizes:
        for action in actions:
            b, a = med[(size, labels[0])][action], med[(size, labels[1])][action]
            print(f"| {action} | {totals[size]:,} | {b * 1000:.0f} | {a * 1000:.0f} | {a / b:.2f} |")
        print(f"| load | {totals[size]:,} | {', '.join(loads[(size, labels[0])])} | "
              f"{', '.join(loads[(size, labels[1])])} | |")
        b_cpu, a_cpu = statistics.median(cpu[(size, labels[0])]), statistics.median(cpu[(size, labels[1])])
        print(f"| server CPU s (whole sequence) | {totals[size]:,} | {b_cpu:.1f} | {a_cpu:.1f} | "
              f"{a_cpu / b_cpu if b_cpu else float('nan'):.2f} |")
    if args.large:
        big = list(sizes)[1]
        print(f"\n{big}/article ratio (goal ≤ 1.5):")
        for label in labels:
            ratios = [med[(big, label)][a] / med[("article", label)][a] for a in actions]
            print(f"  {label}: " + ", ".join(f"{a} {r:.2f}" for a, r in zip(actions, ratios, strict=True)))


if __name__ == "__main__":
    main()
