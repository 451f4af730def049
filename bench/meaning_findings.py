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

For ``--check entity-consistency`` one sampled item is one finding: one system's output of one WMT document (each
document checked as one file), shown as the term, each rendering with the lines where it occurs, and the source,
output and reference of those lines (at most :data:`SHOWN_LINES`); its rows live in
``bench/data/entity-findings.jsonl`` (:data:`ENTITY_SAMPLE`) and a row is still reported when the current check
reports the same term on the same output of the same document. With no ``--labels``, both files are scored.

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
ENTITY_SAMPLE = ROOT / "bench" / "data" / "entity-findings.jsonl"
"""The sample of ``entity-consistency`` findings (one row: one finding, one system's output of one WMT document)."""


def samples() -> list[Path]:
    """Every judged sample: :data:`SAMPLE`, :data:`ENTITY_SAMPLE` and the other ``bench/data/*-findings.jsonl``
    (samples judged by the developer who changed a check, e.g. ``polarity-findings.jsonl``), those that exist."""
    others = sorted(p for p in SAMPLE.parent.glob("*-findings.jsonl") if p not in (SAMPLE, ENTITY_SAMPLE))
    return [p for p in (SAMPLE, ENTITY_SAMPLE, *others) if p.exists()]
ENTITY = "entity-consistency"
CHECKS = ("polarity", "omission", "addition", ENTITY)
VERDICTS = ("real", "false-alarm", "debatable")
SHOWN_LINES = 6
"""An entity row lists the source, output and reference of at most this many of the lines its renderings name."""


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


def _entity_findings(year_name: str, systems: set[str] | None = None) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(system, WMT document id, source term) → that ``entity-consistency`` finding on the system's output of the
    document (its message, first line, and renderings with the 1-based lines where each occurs), every rated
    system but AIST; each document checked as one file, as ``bench/realworld.py`` does."""
    from realworld import DATA, load_year, select

    from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks

    year = load_year(DATA, year_name)
    chosen = select([ENTITY], "target")
    config = CheckConfig(enabled_only=frozenset({ENTITY}), options={ENTITY: {"enabled": True}})
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for name, hyp in sorted(year.hyps.items()):
        if name.startswith("AIST") or name not in year.seg_scores or (systems is not None and name not in systems):
            continue
        for doc in year.docs:
            units = [Unit(id=str(i + 1), source=year.src[i], target=hyp[i], index=i) for i in range(doc.start, doc.end)]
            for issue in run_checks(chosen, CheckContext(units=units, config=config)):
                if issue.check != ENTITY:
                    continue
                term = str(issue.data.get("name", ""))
                out.setdefault((name, doc.id, term), {
                    "message": issue.message, "seg": int(issue.unit),
                    "renderings": [{"rendering": r["rendering"], "lines": [int(u) for u in r["units"]]}
                                   for r in issue.data.get("renderings", [])]})
    return out


def _entity_rows(year_name: str, found: dict[tuple[str, str, str], dict[str, Any]], keys: list[tuple[str, str, str]],
                 commit: str) -> list[dict[str, Any]]:
    """Rows to label for the entity findings ``keys``: the term, each rendering with its lines, and the source,
    output and reference of the lines concerned (at most :data:`SHOWN_LINES`, the finding's own line first)."""
    from realworld import DATA, load_year

    year = load_year(DATA, year_name)
    rows = []
    for s, doc, term in keys:
        f = found[(s, doc, term)]
        lines = list(dict.fromkeys([f["seg"], *(ln for r in f["renderings"] for ln in r["lines"])]))[:SHOWN_LINES]
        rows.append({"dataset": year_name, "system": s, "doc": doc, "term": term, "seg": f["seg"], "check": ENTITY,
                     "renderings": f["renderings"], "message": f["message"],
                     "lines": [{"seg": ln, "source": year.src[ln - 1], "target": year.hyps[s][ln - 1],
                                "reference": year.ref[ln - 1]} for ln in sorted(lines)],
                     "drawn_at": commit, "of": len(found), "verdict": "", "reason": ""})
    return rows


def _commit() -> str:
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], check=False, capture_output=True,
                          text=True).stdout.strip()


def draw(n: int, seed: int, year_name: str, check: str) -> list[dict[str, Any]]:
    """``n`` findings of ``check`` on ``year_name``'s system outputs, at random, as rows to label (for
    ``entity-consistency``: one finding is one system's output of one WMT document, :func:`_entity_rows`)."""
    from realworld import DATA, load_year

    if check == ENTITY:
        efound = _entity_findings(year_name)
        ekeys = sorted(efound)
        return _entity_rows(year_name, efound, random.Random(seed).sample(ekeys, min(n, len(ekeys))), _commit())
    year = load_year(DATA, year_name)
    found = _findings(year_name, check)
    keys = sorted(found)
    picked = random.Random(seed).sample(keys, min(n, len(keys)))
    commit = _commit()
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
        systems = {r["system"] for r in rs}
        now: set[tuple[Any, ...]] = (set(_entity_findings(year_name, systems)) if check == ENTITY
                                     else set(_findings(year_name, check, systems)))
        b: dict[str, Any] = {"rows": len(rs), "of": rs[0].get("of"), "drawn_at": rs[0].get("drawn_at"),
                             "by_its_developer": any(r.get("labelled_by") for r in rs)}
        for v in VERDICTS:
            b[v] = sum(r["verdict"] == v for r in rs)
            b[f"{v}_still"] = sum(r["verdict"] == v and _key(r) in now for r in rs)
        judged = b["real"] + b["false-alarm"]
        b["precision_drawn"] = round(b["real"] / judged, 3) if judged else None
        kept = b["real_still"] + b["false-alarm_still"]
        b["precision_now"] = round(b["real_still"] / kept, 3) if kept else None
        b["false_alarms_still"] = [f"{_where(r)}: {r['reason']}" for r in rs
                                   if r["verdict"] == "false-alarm" and _key(r) in now]
        b["real_lost"] = [f"{_where(r)}: {r['reason']}" for r in rs if r["verdict"] == "real" and _key(r) not in now]
        out[f"{year_name} {check}" + (f" @{drawn_at}" if drawn_at else "")] = b
    return out


def _key(r: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies a sampled finding in a new run: (system, line) for a segment check; (system, document,
    term) for ``entity-consistency`` (a finding of the same term on the same output, whichever line it is on)."""
    return (r["system"], r["doc"], r["term"]) if r["check"] == ENTITY else (r["system"], r["seg"])


def _where(r: dict[str, Any]) -> str:
    return f"{r['system']} {r['doc']} {r['term']}" if r["check"] == ENTITY else f"{r['system']} seg {r['seg']}"


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
    ap.add_argument("--labels", type=Path, nargs="*", default=None,
                    help=f"the labelled samples to score (default: {SAMPLE.relative_to(ROOT)}, "
                         f"{ENTITY_SAMPLE.relative_to(ROOT)} and the other bench/data/*-findings.jsonl)")
    args = ap.parse_args(argv)
    if args.draw is not None:
        for row in draw(args.draw, args.seed, args.year, args.check):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    paths = args.labels if args.labels else samples()
    print(render(score([r for p in paths for r in load(p)])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
