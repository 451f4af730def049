"""Benchmark: ``review-app compare`` in files mode against sacrebleu's own CLI, on the WMT ja→en test sets.

1. Parity: for every system of ``../shared/realworld`` (WMT21: 16 systems × 1,005 lines, WMT22: 14 × 2,008),
   BLEU and chrF from one files-mode run equal ``sacrebleu REF -i HYP -m bleu chrf -w 2`` (its defaults) to
   2 decimals. Any difference is printed and the script exits 1.
2. Speed, the same work side by side: BLEU + chrF + TER with a paired bootstrap (1,000 resamples) over all
   systems of WMT22 (14 × 2,008):

       A: review-app compare --source src.ja --reference ref.en HYP... --metric bleu --metric chrf --metric ter
          --no-qa --top 0 --samples 1000 --format json
       B: sacrebleu ref.en -i HYP... -m bleu chrf ter --paired-bs

   run alternately (A B A B …, ``--repeat`` pairs); CPU time (user + system of the child) and wall time of each,
   the median A/B ratio (target ≤ 1.5) and both peak RSS. The default report (chrF++ too, the disagreement
   table) is timed once more as A'.

    .venv/bin/python bench/compare_files.py [--repeat 3] [--skip-parity] [--skip-speed]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld"
SETS = {"wmt21": REALWORLD / "wmt21-ja-en", "wmt22": REALWORLD / "wmt22-ja-en"}
REVIEW_APP = [sys.executable, "-c", "import sys; from review_app.cli import main; sys.argv[0] = 'review-app'; main()"]
SACREBLEU = [sys.executable, "-m", "sacrebleu"]


def timed(cmd: list[str]) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak MB, stdout) of ``cmd`` run by a small parent (its rusage is the child's alone)."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "w = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "sys.stderr.write(p.stderr[-2000:] if p.returncode else '')\n"
        "print(p.returncode, w, r.ru_utime + r.ru_stime, r.ru_maxrss)\n"
        "print(p.stdout, end='')\n"
    )
    res = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True)
    head, _, out = res.stdout.partition("\n")
    rc, wall, cpu, rss = head.split()
    if rc != "0":
        raise SystemExit(f"failed (exit {rc}): {' '.join(cmd)}\n{res.stderr}")
    return float(wall), float(cpu), int(rss) / 1024, out


def parity() -> int:
    bad = 0
    for name, folder in SETS.items():
        hyps = sorted((folder / "hyp").glob("*"))
        out = Path(tempfile.mkdtemp()) / "report.json"
        subprocess.run([*REVIEW_APP, "compare", "--source", str(folder / "src.ja"), "--reference",
                        str(folder / "ref.en"), *map(str, hyps), "--metric", "bleu", "--metric", "chrf", "--no-qa",
                        "--top", "0", "--samples", "10", "--format", "json", "-o", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        ours = {e["engine"]: e["scores"] for e in json.loads(out.read_text(encoding="utf-8"))["engines"]}
        print(f"{name}: {len(hyps)} systems")
        print(f"  {'system':<22} {'BLEU ours':>9} {'sacrebleu':>9} {'chrF ours':>9} {'sacrebleu':>9}")
        for hyp, (system, scores) in zip(hyps, ours.items(), strict=True):
            res = subprocess.run([*SACREBLEU, str(folder / "ref.en"), "-i", str(hyp), "-m", "bleu", "chrf", "-w", "2",
                                  "-f", "json"], capture_output=True, text=True, check=True)
            theirs = {r["name"]: float(r["score"]) for r in json.loads(res.stdout)}
            b, c = round(scores["bleu"]["score"], 2), round(scores["chrf"]["score"], 2)
            same = b == theirs["BLEU"] and c == theirs["chrF2"]
            bad += not same
            print(f"  {system:<22} {b:9.2f} {theirs['BLEU']:9.2f} {c:9.2f} {theirs['chrF2']:9.2f}"
                  f"{'' if same else '   <-- differs'}")
    print(f"parity: {'all equal' if not bad else f'{bad} system(s) differ'} (2 decimals)")
    return bad


def speed(repeat: int) -> None:
    folder = SETS["wmt22"]
    hyps = [str(p) for p in sorted((folder / "hyp").glob("*"))]
    out = Path(tempfile.mkdtemp()) / "report.json"
    a = [*REVIEW_APP, "compare", "--source", str(folder / "src.ja"), "--reference", str(folder / "ref.en"), *hyps,
         "--metric", "bleu", "--metric", "chrf", "--metric", "ter", "--no-qa", "--top", "0", "--samples", "1000",
         "--format", "json", "-o", str(out)]
    b = [*SACREBLEU, str(folder / "ref.en"), "-i", *hyps, "-m", "bleu", "chrf", "ter", "--paired-bs",
         "-f", "text"]  # sacrebleu 2.6 with numpy 2 cannot write this test as JSON (float32)
    full = [*REVIEW_APP, "compare", "--source", str(folder / "src.ja"), "--reference", str(folder / "ref.en"), *hyps,
            "--no-qa", "--samples", "1000", "--format", "json", "-o", str(out)]
    print(f"speed: {len(hyps)} systems × 2,008 segments, BLEU + chrF + TER, paired bootstrap 1000")
    print(f"  A = {' '.join(a[3:7])} … --metric bleu/chrf/ter --no-qa --top 0 --samples 1000")
    print("  B = sacrebleu ref.en -i HYP… -m bleu chrf ter --paired-bs")
    ratios_cpu, ratios_wall = [], []
    for i in range(repeat):
        wa, ca, ra, _ = timed(a)
        wb, cb, rb, _ = timed(b)
        ratios_cpu.append(ca / cb)
        ratios_wall.append(wa / wb)
        print(f"  pair {i + 1}: A {wa:6.1f} s wall {ca:6.1f} s CPU {ra:5.0f} MB | B {wb:6.1f} s wall {cb:6.1f} s CPU "
              f"{rb:5.0f} MB | A/B CPU {ca / cb:.2f} wall {wa / wb:.2f}", flush=True)
    print(f"  median A/B: CPU {statistics.median(ratios_cpu):.2f}, wall {statistics.median(ratios_wall):.2f} "
          "(target ≤ 1.5)")
    wf, cf, rf, _ = timed(full)
    print(f"  A' (default report: + chrF++ and the disagreement table): {wf:.1f} s wall, {cf:.1f} s CPU, {rf:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-parity", action="store_true")
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args()
    if not REALWORLD.is_dir():
        raise SystemExit(f"{REALWORLD} not found: the benchmark reads the WMT files of ../shared/realworld")
    bad = 0 if args.skip_parity else parity()
    if not args.skip_speed:
        speed(args.repeat)
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
