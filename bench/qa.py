"""Benchmark: review_app's full QA suite vs Translate Toolkit's pofilter on the same 100k-unit XLIFF.

The file is synthetic: the shipped reference translation (corpus/musk-trump/reference.tmx) repeated with unique
unit ids, a unique letter tag appended to both sides (so no parse is cached across copies) and a slip injected into
every 20th unit (10× number slips, day/month swaps, full-width commas). The glossary has 10,000 terms: the shipped
termbase (glossary/musk-trump.csv, if present) plus synthetic katakana terms. Each tool runs in its own process so
peak RSS (``ru_maxrss``) is its own; both read and check the same XLIFF 1.2 file in the same run.

    .venv/bin/python bench/qa.py [--units 100000] [--terms 10000] [--keep DIR]

Prints units/s, wall time and peak RSS side by side, and the ratios (target: ≥10× throughput, ≤⅓ memory).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"


def build_xliff(path: Path, n: int) -> None:
    from review_app.formats import BilingualFile, BilingualUnit, read_bilingual, write_bilingual

    ref = [u for u in read_bilingual(ROOT / "corpus" / "musk-trump" / "reference.tmx").units if u.target]
    units = []
    for i in range(n):
        u = ref[i % len(ref)]
        tag = "".join(chr(97 + (i // 26**k) % 26) for k in range(4))  # unique, digit-free: no cache hits
        src, tgt = f"{u.source}[{tag}]", f"{u.target} [{tag}]"
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
t0 = time.perf_counter()
from review_app import qa
with qa.no_gc():  # as `review-app qa FILE` does
    units = qa.units_from_file(sys.argv[1])
    glossary = qa.load_glossary_or_none(sys.argv[2]) if sys.argv[2] != "-" else None
    t1 = time.perf_counter()
    issues = qa.run_units(units, glossary=glossary)
t2 = time.perf_counter()
print(json.dumps({"units": len(units), "issues": len(issues), "read_s": t1 - t0, "check_s": t2 - t1,
                  "total_s": t2 - t0, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

POFILTER = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from translate.filters import pofilter
sys.argv = ["pofilter", "--progress=none", sys.argv[1], sys.argv[2]]
try:
    pofilter.main()
except SystemExit:
    pass
t2 = time.perf_counter()
print(json.dumps({"total_s": t2 - t0, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def run(code: str, *args: str) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def count_flagged(out: Path) -> int:
    text = out.read_text(encoding="utf-8")
    return text.count("<trans-unit")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--terms", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, default=None, help="Keep the generated files in this folder.")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        xlf, gloss, out = work / "bench.xlf", work / "glossary.tbx", work / "pofilter-out.xlf"
        t = time.perf_counter()
        build_xliff(xlf, args.units)
        terms = build_glossary(gloss, args.terms)
        print(f"generated {args.units:,} units ({xlf.stat().st_size / 1e6:.1f} MB XLIFF 1.2) and a {terms:,}-term "
              f"glossary in {time.perf_counter() - t:.1f} s", flush=True)
        ours = run(OURS, str(xlf), str(gloss))
        print(f"review_app: {ours['units']:,} units, {ours['issues']:,} issues, read {ours['read_s']:.1f} s + "
              f"check {ours['check_s']:.1f} s", flush=True)
        pof = run(POFILTER, str(xlf), str(out))
        flagged = count_flagged(out) if out.exists() else 0
        n = ours["units"]
        rows = [
            ("units/s (read + check)", n / ours["total_s"], n / pof["total_s"]),
            ("wall time, s", ours["total_s"], pof["total_s"]),
            ("peak RSS, MB", ours["rss_kb"] / 1024, pof["rss_kb"] / 1024),
        ]
        print(f"\n{'':<24}{'review_app':>14}{'pofilter':>14}{'ratio':>10}")
        for label, a, b in rows:
            print(f"{label:<24}{a:>14,.1f}{b:>14,.1f}{a / b:>9.2f}×")
        print(f"\nfindings: review_app {ours['issues']:,} issues; pofilter wrote {flagged:,} of {n:,} units "
              "as failing at least one test")
        print(f"throughput ratio {rows[0][1] / rows[0][2]:.1f}× (target ≥ 10×); memory ratio "
              f"{rows[2][1] / rows[2][2]:.2f} (target ≤ 0.33)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
