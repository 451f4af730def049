#!/usr/bin/env python3
"""Every ``addition`` finding on the WMT system outputs (AIST left out, as ``bench/meaning_findings.py`` does), with
its rule (``kind``), as JSON lines, and a count per rule: the population a per-rule reading samples from; with
``--score``, the per-rule precision of a file of read findings (``verdict`` real / false-alarm / debatable) under
the current code (a read finding the code no longer reports leaves the count).

    .venv/bin/python bench/addition_rules.py --year wmt22 -o /tmp/addition-wmt22.jsonl
    .venv/bin/python bench/addition_rules.py --year wmt22 --kind whole --sample 20 --seed 31001 -o ...
    .venv/bin/python bench/addition_rules.py --score bench/data/addition-*-read.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def findings(year_name: str, systems: set[str] | None = None) -> list[dict[str, object]]:
    from realworld import DATA, load_year, select

    from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks

    year = load_year(DATA, year_name)
    checks = select(["addition"], "target")
    config = CheckConfig(enabled_only=frozenset({"addition"}), options={"addition": {"enabled": True}})
    out: list[dict[str, object]] = []
    for name, hyp in sorted(year.hyps.items()):
        if name.startswith("AIST") or name not in year.seg_scores or (systems is not None and name not in systems):
            continue
        for doc in year.docs:
            units = [Unit(id=str(i + 1), source=year.src[i], target=hyp[i], index=i) for i in range(doc.start, doc.end)]
            ctx = CheckContext(units=units, config=config)
            for issue in run_checks(checks, ctx):
                line = int(issue.unit)
                out.append({"dataset": year_name, "system": name, "seg": line, "kind": issue.data.get("kind"),
                            "source": year.src[line - 1], "target": hyp[line - 1], "reference": year.ref[line - 1],
                            "message": issue.message})
    return out


def score(paths: list[Path]) -> str:
    """Per (year, kind as read): real / false-alarm / debatable as read, and how many of each the current code still
    reports (under any kind)."""
    rows = [json.loads(x) for p in paths for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    now: dict[str, set[tuple[str, int]]] = {}
    for y in sorted({r["dataset"] for r in rows}):
        systems = {r["system"] for r in rows if r["dataset"] == y}
        now[y] = {(f["system"], f["seg"]) for f in findings(y, systems)}  # type: ignore[misc]
    tab: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in rows:
        for key in ((r["dataset"], r["kind"]), ("all", r["kind"]), (r["dataset"], "ALL"), ("all", "ALL")):
            tab[key][r["verdict"]] += 1
            if (r["system"], r["seg"]) in now[r["dataset"]]:
                tab[key][r["verdict"] + "_still"] += 1
    lines = [f"{'year':6} {'kind':18} {'real':>4} {'false':>5} {'deb':>3} {'prec':>6}  →  {'real':>4} {'false':>5} "
             f"{'prec':>6}"]
    for (y, k), c in sorted(tab.items()):
        def p(a: int, b: int) -> str:
            return f"{100 * a / (a + b):5.1f}%" if a + b else "    - "
        lines.append(f"{y:6} {k:18} {c['real']:4} {c['false-alarm']:5} {c['debatable']:3} "
                     f"{p(c['real'], c['false-alarm'])}  →  {c['real_still']:4} {c['false-alarm_still']:5} "
                     f"{p(c['real_still'], c['false-alarm_still'])}")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--year")
    ap.add_argument("-o", "--out", type=Path)
    ap.add_argument("--kind", help="keep only this rule's findings (run, whole, invented, sentence, repetition, …)")
    ap.add_argument("--sample", type=int, help="then draw this many of them at random")
    ap.add_argument("--seed", type=int, default=31000)
    ap.add_argument("--score", type=Path, nargs="+", help="score read findings (JSON lines with a verdict)")
    a = ap.parse_args()
    if a.score:
        print(score(a.score))
        return 0
    if not a.year:
        ap.error("--year or --score")
    from rule_findings import pick

    pick(a.year, findings(a.year), "kind", a.kind, a.sample, a.seed, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
