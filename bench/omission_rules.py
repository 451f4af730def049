#!/usr/bin/env python3
"""Every ``omission`` finding on the WMT system outputs (AIST left out, as ``bench/meaning_findings.py`` does),
with its rule, as JSON lines, and a count per rule: the population a per-rule reading samples from.

    .venv/bin/python bench/omission_rules.py --year wmt21 -o /tmp/omission-wmt21.jsonl
    .venv/bin/python bench/omission_rules.py --year wmt22 --rule main-clause --sample 12 --seed 7 -o ...
    .venv/bin/python bench/omission_rules.py --score bench/data/omission-findings-read.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def findings(year_name: str) -> list[dict[str, object]]:
    from realworld import DATA, load_year, select

    from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks

    year = load_year(DATA, year_name)
    checks = select(["omission"], "target")
    config = CheckConfig(enabled_only=frozenset({"omission"}), options={"omission": {"enabled": True}})
    out: list[dict[str, object]] = []
    for name, hyp in sorted(year.hyps.items()):
        if name.startswith("AIST") or name not in year.seg_scores:
            continue
        for doc in year.docs:
            units = [Unit(id=str(i + 1), source=year.src[i], target=hyp[i], index=i) for i in range(doc.start, doc.end)]
            ctx = CheckContext(units=units, config=config)
            for issue in run_checks(checks, ctx):
                line = int(issue.unit)
                d = ctx.analyses.meaning.of(units[line - 1 - doc.start])
                st = d.strict
                out.append({"dataset": year_name, "system": name, "seg": line, "rule": issue.data.get("rule"),
                            "source": year.src[line - 1], "target": hyp[line - 1], "reference": year.ref[line - 1],
                            "message": issue.message,
                            "unexplained": st.unexplained if st else None,
                            "target_content": d.target_content,
                            "gap_words": st.gap.n_words if st and st.gap else None,
                            "gap_weight": st.gap.weight if st and st.gap else None,
                            "n_uncovered": st.n_uncovered if st else None})
    return out


def score(path: Path) -> list[str]:
    """Per sample and rule of a judged file (bench/data/omission-findings-read.jsonl: rows with ``sample``,
    ``dataset``, ``system``, ``seg``, ``rule`` and ``verdict``), the precision as drawn (real / (real + false alarm);
    debatable rows left out) and now: the rows the current check still reports, any rule."""
    rows = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    now: dict[str, set[tuple[str, int]]] = {}
    for year in sorted({str(r["dataset"]) for r in rows}):
        now[year] = {(str(f["system"]), int(str(f["seg"]))) for f in findings(year)}
    groups: dict[tuple[str, str], list[dict[str, object]]] = {}
    for r in rows:
        groups.setdefault((str(r["sample"]), str(r["rule"])), []).append(r)
        groups.setdefault((str(r["sample"]), "all"), []).append(r)
    out = []
    for (sample, rule), rs in sorted(groups.items()):
        def prec(kept: list[dict[str, object]]) -> str:
            real = sum(r["verdict"] == "real" for r in kept)
            false = sum(r["verdict"] == "false-alarm" for r in kept)
            return f"{real}/{false}/{sum(r['verdict'] == 'debatable' for r in kept)} " + (
                f"{100 * real / (real + false):.1f} %" if real + false else "–")
        kept = [r for r in rs if (str(r["system"]), int(str(r["seg"]))) in now[str(r["dataset"])]]
        out.append(f"{sample:12s} {rule:12s} drawn {prec(rs):18s} now {prec(kept)}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--score", type=Path, help="score a judged file instead (real/false/debatable as drawn and of "
                    "the rows still reported; bench/data/omission-findings-read.jsonl)")
    ap.add_argument("--year")
    ap.add_argument("-o", "--out", type=Path)
    ap.add_argument("--rule", help="keep only this rule's findings (whole, run, clause, main-clause, unmatched, "
                    "sentence, aligned, loop, condition, bound, contrast, price, bracket, position, hedge, scope)")
    ap.add_argument("--sample", type=int, help="then draw this many of them at random (how "
                    "bench/data/omission-rule-sample.jsonl was drawn: --sample 12 --seed 7, per rule and year)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if a.score:
        print("\n".join(score(a.score)))
        return 0
    if not a.year:
        ap.error("--year is needed unless --score")
    from rule_findings import pick

    pick(a.year, findings(a.year), "rule", a.rule, a.sample, a.seed, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
