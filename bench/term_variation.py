"""How often common nouns are rendered two ways across a document, references and MT systems side by side.

The measurement behind ``entity-consistency``'s rule of leaving common nouns out (docs/checks.md, the check's
docstring): on ``../shared/realworld`` (WMT21/22 Japanese→English), for every document and every source noun of
two characters or more that occurs in two or more of its segments (the content words of
:mod:`review_app.checks.meaning`'s analysis), the target words the dictionary alignment finds for it (each
reduced to its crude stem); a noun counts as *varied* when the document renders it with two or more different
stems. Printed per translation (``REF``: the professional reference; every submitted system), with examples
from the reference. If the reference varies as often as the systems, a "term rendered two ways" finding on
common nouns cannot tell a careful translation from a careless one.

    .venv/bin/python bench/term_variation.py [--examples N]

Not part of CI (a few seconds).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def measure(examples: int = 10) -> dict[str, Any]:
    """Per year and translation: repeated nouns, varied nouns, their share; and the reference's first examples."""
    from realworld import DATA, load_year

    from review_app.checks.base import Unit
    from review_app.checks.meaning import COVERED, analyse, stem

    out: dict[str, Any] = {}
    for year in ("wmt21", "wmt22"):
        w = load_year(DATA, year)
        rows: dict[str, dict[str, Any]] = {}
        for name, hyp in [("REF", w.ref), *w.hyps.items()]:
            repeated = varied = 0
            shown: list[str] = []
            for d in w.docs:
                renderings: dict[str, dict[str, str]] = defaultdict(dict)
                seen: Counter[str] = Counter()
                for i in range(d.start, d.end):
                    ev = analyse(Unit(id=str(i + 1), source=w.src[i], target=hyp[i]))
                    for sw in ev.words:
                        if sw.kind != "noun" or len(sw.text) < 2:
                            continue
                        seen[sw.text] += 1
                        if sw.status == COVERED and sw.target_span:
                            t = hyp[i][sw.target_span[0]:sw.target_span[1]]
                            renderings[sw.text].setdefault(stem(t), t)
                for term, by_stem in renderings.items():
                    if seen[term] >= 2:
                        repeated += 1
                        if len(by_stem) >= 2:
                            varied += 1
                            if len(shown) < examples:
                                shown.append(f"{term}: {' / '.join(by_stem.values())}")
            rows[name] = {"repeated": repeated, "varied": varied,
                          "share": round(varied / repeated, 3) if repeated else None, "examples": shown}
        out[year] = rows
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=10, help="examples from the reference per year")
    args = ap.parse_args(argv)
    for year, rows in measure(args.examples).items():
        print(f"{year}: repeated source nouns rendered with two or more words (dictionary alignment)")
        for name, r in sorted(rows.items(), key=lambda kv: (kv[0] != "REF", kv[0])):
            share = f"{100 * r['share']:.1f} %" if r["share"] is not None else "–"
            print(f"  {name:20} {r['varied']:4} / {r['repeated']:4}  {share}")
        print("  examples (REF): " + "; ".join(rows["REF"]["examples"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
