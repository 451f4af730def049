"""Draw findings of the opt-in ``consensus`` check to judge by reading: the precision a reviewer meets.

The labelled rows (``bench/meaning_consensus.py``) come from pools chosen for their errors; this samples what the
check reports on ordinary output. Every rated WMT21/22 system's output (AIST left out: mostly unrelated text) is
checked with three other systems' outputs of the same segment as its sibling candidates, drawn as
``bench/meaning_consensus.py`` draws them for its engine ranking (seed 0, the product's rules, at least three usable
siblings), and ``--per`` findings per year and kind (omission, addition) are drawn at random and printed as JSON
lines with an empty ``verdict`` to fill by reading (``real``, ``false-alarm`` or ``debatable``) before scoring:

    .venv/bin/python bench/consensus_findings.py --per 8 --seed 20261270 > sample.jsonl
    .venv/bin/python bench/consensus_findings.py --score bench/data/consensus-sample.jsonl

``--score`` prints, per year and kind, real / false alarm / debatable and the precision without the debatable ones
(a row whose ``verdict`` is still empty is counted as unjudged, not scored). The judged files are named
``*-sample*.jsonl``, not ``*-findings.jsonl``: ``bench/meaning_findings.py`` reads every
``bench/data/*-findings.jsonl`` as a sample of the four meaning checks' findings.

``--added N`` draws the omission findings the quorum rule (``consensus.QUORUM``, ``consensus.IN_LINE``) reports and
the rule before it (every usable sibling must agree, none set aside) does not, in the setting where they differ:
every rated system's output (AIST left out as a target) with *every* other system's output of the segment as its
siblings, AIST's included (WMT22; its outputs are mostly unrelated text). ``N`` of them at random, unjudged:

    .venv/bin/python bench/consensus_findings.py --added 15 --seed 20261207 > bench/data/consensus-sample-quorum.jsonl
    .venv/bin/python bench/consensus_findings.py --score bench/data/consensus-sample-quorum.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

JUDGED = ROOT / "bench" / "data" / "consensus-sample.jsonl"
QUORUM_SAMPLE = ROOT / "bench" / "data" / "consensus-sample-quorum.jsonl"
"""The omission findings the quorum rule added (``--added``), to judge by reading."""
SAMPLES = (JUDGED, QUORUM_SAMPLE)
VERDICTS = ("real", "false-alarm", "debatable")
K = 3


def findings(k: int = K, seed: int = 0) -> list[dict[str, Any]]:
    """Every finding of ``consensus`` on the rated WMT21/22 outputs (AIST left out), ``k`` siblings each."""
    from meaning_consensus import pick, siblings_of, years

    from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
    from review_app.checks.registry import all_checks

    check = [c for c in all_checks() if c.check_id == "consensus"]
    config = CheckConfig(enabled_only=frozenset({"consensus"}), options={"consensus": {"enabled": True}})
    out = []
    for year, w in years().items():
        for system in sorted(w.seg_scores):
            if system.startswith("AIST") or system not in w.hyps:
                continue
            units, sibs_of = [], {}
            for line in range(w.lines):
                chosen = pick(siblings_of(w, line, system), k, seed, f"{year}|{line}|{system}")
                sibs_of[line] = chosen
                units.append(Unit(id=str(line), source=w.src[line], target=w.hyps[system][line], index=line,
                                  alternatives=tuple(w.hyps[s][line] for s in chosen)))
            for i in run_checks(check, CheckContext(units=units, source_lang="ja", target_lang="en", config=config)):
                line = int(i.unit)
                out.append({"dataset": year, "system": system, "seg": line + 1, "kind": i.data.get("kind"),
                            "source": w.src[line], "target": w.hyps[system][line],
                            "siblings": {s: w.hyps[s][line] for s in sibs_of[line]}, "message": i.message,
                            "verdict": "", "note": ""})
    return out


def every_sibling() -> tuple[list[dict[str, Any]], set[tuple[str, str, int]]]:
    """The omission findings of the product on every rated WMT21/22 output (AIST left out as a target) with every
    other system's output of the segment as its siblings (AIST's included), and the (year, system, segment) keys the
    rule before the quorum reports in the same setting (every usable sibling agrees, none set aside: ``quorum=1``,
    ``in_line_ratio=0``)."""
    from meaning_consensus import years

    from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
    from review_app.checks.consensus import MIN_SIBLINGS, judge
    from review_app.checks.registry import all_checks

    check = [c for c in all_checks() if c.check_id == "consensus"]
    config = CheckConfig(enabled_only=frozenset({"consensus"}), options={"consensus": {"enabled": True}})
    out: list[dict[str, Any]] = []
    before: set[tuple[str, str, int]] = set()
    for year, w in years().items():
        systems = [s for s in sorted(w.seg_scores) if not s.startswith("AIST") and s in w.hyps]
        units = []
        for line in range(w.lines):  # line by line: the candidates of a line are analysed once (memoised)
            for system in systems:
                sibs = tuple(w.hyps[s][line] for s in sorted(w.hyps) if s != system)
                units.append(Unit(id=f"{system}|{line}", source=w.src[line], target=w.hyps[system][line],
                                  index=line, alternatives=sibs))
                om, _ad, _n = judge(w.src[line], w.hyps[system][line], sibs, min_siblings=MIN_SIBLINGS, quorum=1.0,
                                    in_line_ratio=0.0)
                if om is not None:
                    before.add((year, system, line + 1))
        for i in run_checks(check, CheckContext(units=units, source_lang="ja", target_lang="en", config=config)):
            if i.data.get("kind") != "omission":
                continue
            system, _, line_s = str(i.unit).partition("|")
            line = int(line_s)
            out.append({"dataset": year, "system": system, "seg": line + 1, "kind": "omission",
                        "source": w.src[line], "target": w.hyps[system][line],
                        "siblings": {s: w.hyps[s][line] for s in sorted(w.hyps) if s != system},
                        "message": i.message, "verdict": "", "note": ""})
    return out, before


def draw_added(n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` omission findings at random among those the quorum rule reports and the rule before it does not
    (:func:`every_sibling`), unjudged."""
    found, before = every_sibling()
    pool = [f for f in found if (f["dataset"], f["system"], f["seg"]) not in before]
    rng = random.Random(seed)
    picked = sorted(rng.sample(pool, min(n, len(pool))), key=lambda f: (f["dataset"], f["seg"], f["system"]))
    return [{**f, "drawn_from": len(pool), "seed": seed,
             "setting": "every other system's output as siblings (AIST included); added by the quorum rule"}
            for f in picked]


def draw(per: int, seed: int) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for f in findings():
        groups[(f["dataset"], f["kind"])].append(f)
    rng = random.Random(seed)
    out = []
    for key in sorted(groups):
        pool = groups[key]
        for f in rng.sample(pool, min(per, len(pool))):
            out.append({**f, "drawn_from": len(pool), "seed": seed})
    return out


def score(path: Path = JUDGED) -> dict[str, dict[str, Any]]:
    """Per ``year kind``: the verdicts counted and the precision without the debatable ones (``unjudged``: rows
    whose verdict is still empty)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not JSON ({exc.msg}); one judged finding a line") from exc
            verdict = row.get("verdict")
            if verdict in ("", None):
                verdict = "unjudged"
            elif verdict not in VERDICTS:
                raise SystemExit(f"{path}:{n}: verdict must be real, false-alarm or debatable (or empty while "
                                 f"unjudged), got {verdict!r}")
            counts[f"{row['dataset']} {row['kind']}"][verdict] += 1
    out = {}
    for key, c in sorted(counts.items()):
        judged = c["real"] + c["false-alarm"]
        out[key] = {"real": c["real"], "false": c["false-alarm"], "debatable": c["debatable"],
                    "unjudged": c["unjudged"], "precision": round(c["real"] / judged, 3) if judged else None}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per", type=int, default=8, help="findings per year and kind")
    ap.add_argument("--seed", type=int, default=20261270)
    ap.add_argument("--score", type=Path, nargs="*", default=None, metavar="FILE",
                    help="score judged files (default: " + ", ".join(str(p.relative_to(ROOT)) for p in SAMPLES) + ")")
    ap.add_argument("--added", type=int, default=None, metavar="N",
                    help="draw N omission findings the quorum rule adds (every other system as siblings), unjudged")
    args = ap.parse_args(argv)
    if args.score is not None:
        for path in args.score or [p for p in SAMPLES if p.exists()]:
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
            for key, v in score(path).items():
                print(f"  {key:20} real {v['real']:3}  false {v['false']:3}  debatable {v['debatable']:3}  "
                      f"unjudged {v['unjudged']:3}  precision {v['precision']}")
        return 0
    if args.added is not None:
        for row in draw_added(args.added, args.seed):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    for row in draw(args.per, args.seed):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
