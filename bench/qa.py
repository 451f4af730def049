"""Benchmark: review_app's full QA suite vs Translate Toolkit's pofilter on the same 100k-unit XLIFF.

The file is synthetic: the shipped reference translation (corpus/musk-trump/reference.tmx) repeated with unique
unit ids, a unique letter tag appended to both sides (so no parse is cached across copies) and a slip injected into
every 20th unit (10× number slips, day/month swaps, full-width commas). The glossary has 10,000 terms: the shipped
termbase (glossary/musk-trump.csv, if present) plus synthetic katakana terms. Each tool runs in its own process so
peak RSS (``ru_maxrss``) is its own; both read and check the same XLIFF 1.2 file in the same run.

    .venv/bin/python bench/qa.py [--units 100000] [--terms 10000] [--keep DIR] [--repeat N] [--sources repeated]

Prints units/s, wall and CPU time and peak RSS side by side, and the ratios (target: ≥10× throughput, ≤⅓
memory); the same for the command a user runs, ``review-app qa FILE --glossary G --format json -o OUT``
(targets: ≤ ½ of pofilter's CPU time, ≤ ⅓ of its peak RSS; the repeated runs alternate this command with
pofilter); for review_app also the memory of the XLIFF reading, of the glossary and of the checks separately, and
each check's share of the checking time (checks run one at a time on one shared context, as the CLI's progress
bar does; the first check needing a shared per-run analysis pays for it). CPU time is printed because the
machine may be shared: when wall time exceeds CPU time, other processes were competing.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"


def build_xliff(path: Path, n: int, repeated_sources: bool = False) -> None:
    """The bench file; with ``repeated_sources`` the sources are not tagged (each of the reference's ~320
    sources occurs n/320 times, every time with a different target): a translation memory's worst case for the
    consistency checks, where ``inconsistent-target`` once wrote a 300 MB report."""
    from review_app.formats import BilingualFile, BilingualUnit, read_bilingual, write_bilingual

    ref = [u for u in read_bilingual(ROOT / "corpus" / "musk-trump" / "reference.tmx").units if u.target]
    units = []
    for i in range(n):
        u = ref[i % len(ref)]
        tag = "".join(chr(97 + (i // 26**k) % 26) for k in range(4))  # unique, digit-free: no cache hits
        src, tgt = (u.source if repeated_sources else f"{u.source}[{tag}]"), f"{u.target} [{tag}]"
        if i % 20 == 0:
            kind = (i // 20) % 3
            if kind == 0:
                tgt = tgt.replace("million", "billion", 1) if "million" in tgt else tgt.replace(",", "，", 1)
            elif kind == 1:
                tgt = tgt.replace("13", "31", 1) if "13" in tgt else tgt + "  "
            else:
                tgt = tgt.replace(", ", "，", 1)
        units.append(BilingualUnit(id=f"u{i:06d}", source=src, target=tgt))
    write_bilingual(BilingualFile(units, source_lang="ja", target_lang="en"), path, format="xliff12")


def build_glossary(path: Path, n: int) -> int:
    """The shipped termbase plus synthetic katakana concepts up to ``n`` concepts, written as TBX."""
    from review_app.glossary import Concept, Glossary, Term, load_glossary, save_glossary

    shipped = ROOT / "glossary" / "musk-trump.tbx"
    base = load_glossary(shipped) if shipped.exists() else Glossary()
    concepts = list(base.concepts)
    rng = random.Random(7)
    seen = {t.text for c in concepts for t in c.terms}
    while len(concepts) < n:
        ja = "".join(rng.choice(KATAKANA) for _ in range(rng.randint(4, 8)))
        if ja in seen:
            continue
        seen.add(ja)
        en = "Term" + ja.encode("utf-8").hex()[:12]
        concepts.append(Concept(id=f"syn-{len(concepts)}", terms=(Term(ja, "ja"), Term(en, "en"))))
    save_glossary(Glossary(concepts=tuple(concepts), name="bench", source_lang="ja", target_lang="en"), path)
    return len(concepts)


OURS = r"""
import json, resource, sys, time
def peak_mb(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def now_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20
t0, c0 = time.perf_counter(), time.process_time()
from review_app import qa
from review_app.checks.base import CheckConfig, CheckContext, run_checks
base_mb = now_mb()  # (ru_maxrss may still hold the parent's size right after exec)
with qa.no_gc():  # as `review-app qa FILE` does
    units = qa.units_from_file(sys.argv[1])
    t1, read_peak, read_now = time.perf_counter(), peak_mb(), now_mb()
    glossary = qa.load_glossary_or_none(sys.argv[2]) if sys.argv[2] != "-" else None
    t2, gloss_now = time.perf_counter(), now_mb()
    cfg = CheckConfig()
    checks = qa.select_checks(cfg)
    qa.apply_ignores(units, cfg)
    ctx = CheckContext(units=units, glossary=glossary, config=cfg)
    per_check, issues = {}, []
    for chk in checks:  # one check at a time (as the CLI's progress bar does) to time each
        tc = time.perf_counter()
        issues.extend(run_checks([chk], ctx))
        per_check[chk.check_id] = time.perf_counter() - tc
    order = {u.id: u.index for u in units}
    issues.sort(key=lambda i: (order.get(i.unit, 0), i.check))
t3 = time.perf_counter()
print(json.dumps({"units": len(units), "issues": len(issues), "read_s": t1 - t0, "glossary_s": t2 - t1,
                  "check_s": t3 - t2, "total_s": t3 - t0, "cpu_s": time.process_time() - c0,
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "base_mb": base_mb,
                  "read_peak_mb": read_peak, "read_now_mb": read_now, "gloss_now_mb": gloss_now,
                  "check_now_mb": now_mb(), "per_check": per_check}))
"""

CLI = r"""
import json, resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from review_app.cli import main
try:
    main(["qa", sys.argv[1], "--glossary", sys.argv[2], "--format", "json", "-o", sys.argv[3]])
except SystemExit as exc:
    if exc.code not in (0, 1, None):
        raise
print(json.dumps({"total_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
"""``review-app qa FILE --glossary G --format json -o OUT``, the command a user runs, in its own process."""

POFILTER = r"""
import json, resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from translate.filters import pofilter
sys.argv = ["pofilter", "--progress=none", sys.argv[1], sys.argv[2]]
try:
    pofilter.main()
except SystemExit:
    pass
t2 = time.perf_counter()
print(json.dumps({"total_s": t2 - t0, "cpu_s": time.process_time() - c0,
                  "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run(code: str, *args: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def count_flagged(out: Path) -> int:
    """``<trans-unit`` elements in pofilter's output, read in chunks: this process must stay small, because a
    child's ``ru_maxrss`` starts from its parent's peak (Linux folds the pre-exec memory into it), which would
    inflate the next tool's reported peak."""
    needle, count, tail = b"<trans-unit", 0, b""
    with out.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            count += data.count(needle)
            tail = data[-(len(needle) - 1):]
    return count


GENERATE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import qa as bench
bench.build_xliff(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[6] == "repeated")
print(json.dumps({"terms": bench.build_glossary(Path(sys.argv[4]), int(sys.argv[5]))}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--terms", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, default=None, help="Keep the generated files in this folder.")
    ap.add_argument("--repeat", type=int, default=1,
                    help="Run both tools this many times, alternating, and report each run's CPU-time ratio and "
                         "their median (a shared or virtual machine's speed drifts by ±10%% between runs).")
    ap.add_argument("--sources", choices=["unique", "repeated"], default="unique",
                    help="unique: every source tagged (no cache hits); repeated: sources repeated untagged, each "
                         "time with another target (the consistency checks' worst case).")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        xlf, gloss, out = work / "bench.xlf", work / "glossary.tbx", work / "pofilter-out.xlf"
        t = time.perf_counter()
        # generated in a child process, for the reason count_flagged gives: the parent stays ~20 MB
        terms = run(GENERATE, str(ROOT / "bench"), str(xlf), str(args.units), str(gloss), str(args.terms),
                    args.sources)["terms"]
        print(f"generated {args.units:,} units ({xlf.stat().st_size / 1e6:.1f} MB XLIFF 1.2, {args.sources} "
              f"sources) and a {terms:,}-term glossary in {time.perf_counter() - t:.1f} s", flush=True)
        ours = run(OURS, str(xlf), str(gloss))
        print(f"review_app: {ours['units']:,} units, {ours['issues']:,} issues; read {ours['read_s']:.1f} s + "
              f"glossary {ours['glossary_s']:.1f} s + check {ours['check_s']:.1f} s", flush=True)
        print(f"memory: interpreter + imports {ours['base_mb']:.0f} MB; XLIFF reading peak "
              f"{ours['read_peak_mb']:.0f} MB (+{ours['read_peak_mb'] - ours['base_mb']:.0f} MB, "
              f"{ours['read_now_mb']:.0f} MB held after reading); "
              f"glossary +{ours['gloss_now_mb'] - ours['read_now_mb']:.0f} MB; checks "
              f"+{ours['check_now_mb'] - ours['gloss_now_mb']:.0f} MB (RSS {ours['check_now_mb']:.0f} MB at the end)")
        print("time per check (the first check needing a shared per-run analysis pays for it: term-missing the "
              "glossary matching, number-mismatch the number/date parsing, name-missing the name analysis):")
        total = sum(ours["per_check"].values()) or 1.0
        for cid, sec in sorted(ours["per_check"].items(), key=lambda kv: -kv[1]):
            print(f"  {cid:<28}{sec:>8.2f} s {100 * sec / total:>6.1f} %")
        report = work / "review-app-report.json"
        cli = run(CLI, str(xlf), str(gloss), str(report))
        pof = run(POFILTER, str(xlf), str(out))
        flagged = count_flagged(out) if out.exists() else 0
        n = ours["units"]
        rows = [
            ("units/s (read + check)", n / ours["total_s"], n / pof["total_s"]),
            ("wall time, s", ours["total_s"], pof["total_s"]),
            ("CPU time, s", ours["cpu_s"], pof["cpu_s"]),
            ("peak RSS, MB", ours["rss_kb"] / 1024, pof["rss_kb"] / 1024),
            ("CLI: CPU time, s", cli["cpu_s"], pof["cpu_s"]),
            ("CLI: peak RSS, MB", cli["rss_kb"] / 1024, pof["rss_kb"] / 1024),
        ]
        print(f"\n{'':<24}{'review_app':>14}{'pofilter':>14}{'ratio':>10}")
        for label, a, b in rows:
            print(f"{label:<24}{a:>14,.1f}{b:>14,.1f}{a / b:>9.2f}×")
        print("(CLI: `review-app qa FILE --glossary G --format json -o OUT`, the whole command: reading, checking "
              f"and writing the report, {report.stat().st_size / 1e6:.1f} MB)")
        print(f"\nfindings: review_app {ours['issues']:,} issues; pofilter wrote {flagged:,} of {n:,} units "
              "as failing at least one test")
        print(f"CPU-time throughput ratio {pof['cpu_s'] / ours['cpu_s']:.2f}× (pofilter CPU s / review_app CPU s: "
              "the fair figure when other processes share the machine and stretch one tool's wall time)")
        if args.repeat > 1:
            ratios = [pof["cpu_s"] / cli["cpu_s"]]
            peaks = [cli["rss_kb"] / pof["rss_kb"]]
            for _ in range(args.repeat - 1):  # alternate the tools so a drift of the machine hits both
                again = run(CLI, str(xlf), str(gloss), str(report))
                pof_again = run(POFILTER, str(xlf), str(out))
                ratios.append(pof_again["cpu_s"] / again["cpu_s"])
                peaks.append(again["rss_kb"] / pof_again["rss_kb"])
                print(f"  run {len(ratios)}: review-app qa {again['cpu_s']:.1f} s CPU, pofilter "
                      f"{pof_again['cpu_s']:.1f} s CPU: {ratios[-1]:.2f}×; peak RSS {again['rss_kb'] / 1024:.0f} vs "
                      f"{pof_again['rss_kb'] / 1024:.0f} MB", flush=True)
            cpu_shares = sorted(1 / r for r in ratios)
            print(f"CPU-time throughput ratio over {len(ratios)} alternating runs: median "
                  f"{statistics.median(ratios):.2f}× (min {min(ratios):.2f}×, max {max(ratios):.2f}×); "
                  f"memory ratio median {statistics.median(peaks):.2f} (max {max(peaks):.2f})")
            print(f"review-app qa CLI vs pofilter over {len(ratios)} alternating runs: CPU time median "
                  f"{statistics.median(cpu_shares):.2f} of pofilter's (target ≤ 0.50), peak RSS median "
                  f"{statistics.median(peaks):.2f} of pofilter's (target ≤ 0.33)")
        budget = pof["cpu_s"] / 10
        fixed = ours["read_s"] + ours["glossary_s"]
        print(f"10× budget in this run: {budget:.2f} s (pofilter's CPU time / 10); review_app's imports and XLIFF "
              f"reading ({ours['read_s']:.2f} s) and glossary loading ({ours['glossary_s']:.2f} s) alone take "
              f"{100 * fixed / budget:.0f} % of it, leaving {1e6 * max(budget - fixed, 0.0) / n:.1f} µs per unit "
              f"for all {len(ours['per_check'])} checks (they take {1e6 * ours['check_s'] / n:.1f} µs)")
        print(f"throughput ratio {rows[0][1] / rows[0][2]:.1f}× (target ≥ 10×); memory ratio "
              f"{rows[3][1] / rows[3][2]:.2f} (target ≤ 0.33); CLI: CPU {rows[4][1] / rows[4][2]:.2f} of "
              f"pofilter's (target ≤ 0.50), peak RSS {rows[5][1] / rows[5][2]:.2f} (target ≤ 0.33)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
