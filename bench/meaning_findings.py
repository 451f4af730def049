#!/usr/bin/env python3
"""Precision of the meaning checks on what they report: a random sample of their findings on WMT system outputs.

The labelled rows of ``bench/meaning.py`` come from pools chosen for their errors (low human scores, outputs much
shorter or longer than the reference), so their precision says little about a finding picked at random from a
real run. This script samples the findings themselves:

    .venv/bin/python bench/meaning_findings.py --draw 25 --seed 20261210 --year wmt21 --check omission
    .venv/bin/python bench/meaning_findings.py            # score the labelled sample with the current checks

``--draw`` runs the checks on every rated system's output (AIST left out: its outputs are mostly unrelated text),
each WMT document as one file as ``bench/realworld.py`` does, and prints N of the findings of one check in one year
at random as JSON lines, each with the source, the output, the reference and the message, and an empty
``verdict`` for the labeller: ``real`` (the output drops — or adds — what the message says, or something else the
check is meant to find in that unit), ``false-alarm`` or ``debatable``. The labelled rows live in
``bench/data/meaning-findings.jsonl`` (how they were drawn: ``bench/data/README.md``).

Scoring prints, per (year, check), the precision of the sample as drawn (real / (real + false-alarm); debatable
rows left out) and which of its rows the current checks still report: the real findings kept and the false alarms
that remain. A check that drops false alarms without dropping real findings raises the precision a reviewer sees.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

SAMPLE = ROOT / "bench" / "data" / "meaning-findings.jsonl"
CHECKS = ("polarity", "omission", "addition")
VERDICTS = ("real", "false-alarm", "debatable")


def _findings(year_name: str, check: str, systems: set[str] | None = None) -> dict[tuple[str, int], list[str]]:
    """(system, 1-based line) → the messages of ``check`` on that system's output, every rated system but AIST."""
    from realworld import DATA, load_year, run, select

    year = load_year(DATA, year_name)
    chosen = select([check], "target")
    out: dict[tuple[str, int], list[str]] = {}
    for name, hyp in sorted(year.hyps.items()):
        if name.startswith("AIST") or name not in year.seg_scores or (systems is not None and name not in systems):
            continue
        for line, fs in enumerate(run(year, hyp, chosen)):
            msgs = [f.message for f in fs if f.check == check]
            if msgs:
                out[(name, line + 1)] = msgs
    return out


def draw(n: int, seed: int, year_name: str, check: str) -> list[dict[str, Any]]:
    """``n`` findings of ``check`` on ``year_name``'s system outputs, at random, as rows to label."""
    from realworld import DATA, load_year

    year = load_year(DATA, year_name)
    found = _findings(year_name, check)
    keys = sorted(found)
    picked = random.Random(seed).sample(keys, min(n, len(keys)))
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=False, capture_output=True,
                            text=True).stdout.strip()
    return [{"dataset": year_name, "system": s, "seg": line, "check": check, "source": year.src[line - 1],
             "target": year.hyps[s][line - 1], "reference": year.ref[line - 1], "message": found[(s, line)][0],
             "human_raw": year.seg_scores[s].get(line - 1, (None, None))[0], "drawn_at": commit,
             "of": len(keys), "verdict": "", "reason": ""} for s, line in picked]


def load(path: Path = SAMPLE) -> list[dict[str, Any]]:
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise SystemExit(f"{path}:{i}: not JSON ({e.msg}); fix or remove the line") from None
        if row.get("verdict") not in VERDICTS:
            raise SystemExit(f"{path}:{i}: verdict {row.get('verdict')!r} is not one of {', '.join(VERDICTS)}")
        rows.append(row)
    return rows


def score(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per sample (``year check @commit``): its verdicts and which rows the current checks still report."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:  # one sample per year, check and the commit it was drawn from
        groups[(r["dataset"], r["check"], r.get("drawn_at") or "")].append(r)
    out: dict[str, dict[str, Any]] = {}
    for (year_name, check, drawn_at), rs in sorted(groups.items(), key=lambda kv: (kv[0][2] != "e00e6d6", kv[0])):
        now = _findings(year_name, check, {r["system"] for r in rs})
        b: dict[str, Any] = {"rows": len(rs), "of": rs[0].get("of"), "drawn_at": rs[0].get("drawn_at")}
        for v in VERDICTS:
            b[v] = sum(r["verdict"] == v for r in rs)
            b[f"{v}_still"] = sum(r["verdict"] == v and (r["system"], r["seg"]) in now for r in rs)
        judged = b["real"] + b["false-alarm"]
        b["precision_drawn"] = round(b["real"] / judged, 3) if judged else None
        kept = b["real_still"] + b["false-alarm_still"]
        b["precision_now"] = round(b["real_still"] / kept, 3) if kept else None
        b["false_alarms_still"] = [f"{r['system']} seg {r['seg']}: {r['reason']}" for r in rs
                                   if r["verdict"] == "false-alarm" and (r["system"], r["seg"]) in now]
        b["real_lost"] = [f"{r['system']} seg {r['seg']}: {r['reason']}" for r in rs
                          if r["verdict"] == "real" and (r["system"], r["seg"]) not in now]
        out[f"{year_name} {check}" + (f" @{drawn_at}" if drawn_at else "")] = b
    return out


def render(sc: dict[str, dict[str, Any]]) -> str:
    lines = [f"{'sample':26} {'rows':>4} {'real':>4} {'false':>5} {'debat':>5}  precision drawn → now "
             "(real still reported / false alarms still reported)"]
    for k, b in sc.items():
        lines.append(f"{k:26} {b['rows']:4} {b['real']:4} {b['false-alarm']:5} {b['debatable']:5}  "
                     f"{b['precision_drawn']} → {b['precision_now']} ({b['real_still']}/{b['real']} real, "
                     f"{b['false-alarm_still']}/{b['false-alarm']} false; drawn at {b['drawn_at']} from "
                     f"{b['of']} findings)")
        lines += [f"    false alarm still reported: {x}" for x in b["false_alarms_still"]]
        lines += [f"    real finding lost: {x}" for x in b["real_lost"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--draw", type=int, default=None, metavar="N", help="print N findings to label and stop")
    ap.add_argument("--seed", type=int, default=20261210)
    ap.add_argument("--year", default="wmt21", choices=("wmt21", "wmt22"))
    ap.add_argument("--check", default="omission", choices=CHECKS)
    ap.add_argument("--labels", type=Path, default=SAMPLE)
    args = ap.parse_args(argv)
    if args.draw is not None:
        for row in draw(args.draw, args.seed, args.year, args.check):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    print(render(score(load(args.labels))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
