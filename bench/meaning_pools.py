"""Draw the pool part of the meaning checks' third held-out set (``"set": "after-code-3"``, bench/data/README.md).

Segment rows to label by hand, drawn without running any check, from rated WMT21/22 system outputs (AIST left out)
on segments no other labelled row uses, from three pools where omissions, additions and reversed polarity gather:

* ``short`` — the output is shorter than 0.6 × the reference (a reference of more than 30 characters);
* ``long`` — the output is longer than 1.5 × the reference (a reference of more than 20 characters);
* ``neg`` — the output and the reference disagree on having a negation word (not, no, never, n't…);
* ``mid`` (``--mid N``, none by default) — the output is about as long as the reference (0.8–1.25 × a reference of
  more than 30 characters) and far from it (sentence chrF below ``--mid-max-chrf``, default 30): where a fluent,
  full-length output drops or swaps a clause, the errors the length pools cannot reach (the fourteenth held-out set
  used the ``long`` pool up). Read against the reference, not the checks, so it favours no check.

``--entity-rows`` prints, for ``--entities N`` terms, the entity rows to label — one per rated system (AIST left
out) with the term's source segments and that system's targets — instead of the terms alone.

    .venv/bin/python bench/meaning_pools.py [--short 25 --long 15 --neg 20 --seed 20261207] [--mid N]
    .venv/bin/python bench/meaning_pools.py --entities 6 --seed S --set after-code-N --entity-rows

With the defaults and bench/data/meaning-labels.jsonl as committed it prints the 60 pool rows of that set again
(the rows of the set's own pools are not counted as used). Rows come with empty ``labels``: fill them from
reading the source and the output, before running ``bench/meaning.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

NEG = re.compile(r"\b(not|never|no|none|nothing|nobody|without|cannot)\b|n't\b", re.IGNORECASE)
SET = "after-code-3"


def draw(short: int, long: int, neg: int, seed: int, set_name: str = SET, mid: int = 0,
         mid_max_chrf: float = 30.0) -> list[dict[str, Any]]:
    """The pool rows of set ``set_name``: every labelled row counts as used except the pool and entity rows of that
    set itself (drawn with or after these) and the rows of later sets, so that a set's own draw can be repeated."""
    from meaning import drawn_after, load_rows, unlabelled_outputs

    later = drawn_after(set_name)[1:]
    rows = [r for r in load_rows() if r.get("set") not in later
            and not (r.get("set") == set_name and r.get("pool") in ("short", "long", "neg", "entity"))]
    rng = random.Random(seed)
    pools: dict[str, list[dict[str, Any]]] = {"short": [], "long": [], "neg": [], "mid": []}
    chrf = None
    if mid:
        from sacrebleu.metrics import CHRF

        chrf = CHRF()
    for row, r in unlabelled_outputs(rows, set_name):
        h = row["target"]
        if len(r) > 30 and len(h) < 0.6 * len(r):
            pools["short"].append(row)
        if len(r) > 20 and len(h) > 1.5 * len(r):
            pools["long"].append(row)
        if bool(NEG.search(h)) != bool(NEG.search(r)):
            pools["neg"].append(row)
        if chrf is not None and len(r) > 30 and 0.8 * len(r) <= len(h) <= 1.25 * len(r) and (
                chrf.sentence_score(h, [r]).score < mid_max_chrf):
            pools["mid"].append(row)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    # (mid last: the other pools draw the rows they drew before it existed)
    for name, n in (("short", short), ("long", long), ("neg", neg), ("mid", mid)):
        pool, k = pools[name], 0
        while k < n and pool:
            row = pool.pop(rng.randrange(len(pool)))
            if (row["dataset"], row["seg"]) in seen:
                continue
            seen.add((row["dataset"], row["seg"]))
            out.append({**row, "pool": name})
            k += 1
    return out


def draw_terms(n: int, seed: int, set_name: str = "after-code-4") -> list[tuple[str, str, str, list[int]]]:
    """Entity terms to label by hand, drawn without running any check: proper nouns of the parse (two characters or
    more) that occur in three or more source segments of one WMT21/22 document, (year, document, term) not used by
    an entity row of an earlier set; ``n`` of them at random. Each becomes one entity row per rated system (AIST left
    out), holding the segments with the term (1-based ``segs``), whose labeller lists that system's renderings."""
    from collections import defaultdict

    from meaning import drawn_after, load_rows
    from realworld import DATA, load_year

    from review_app.checks.ja_tokens import tokens

    later = drawn_after(set_name)
    used = {(r["dataset"], r["doc"], r["term"]) for r in load_rows() if "term" in r and r.get("set") not in later}
    found: list[tuple[str, str, str, list[int]]] = []
    for year in ("wmt21", "wmt22"):
        w = load_year(DATA, year)
        for d in w.docs:
            occ: dict[str, set[int]] = defaultdict(set)
            for i in range(d.start, d.end):
                for tok, _offset in tokens(w.src[i]):
                    if tok[2] == "固有名詞" and len(tok[0]) >= 2:
                        occ[tok[0]].add(i)
            found += [(year, d.id, t, sorted(lines)) for t, lines in occ.items()
                      if len(lines) >= 3 and (year, d.id, t) not in used]
    return random.Random(seed).sample(found, n)


def entity_rows(terms: list[tuple[str, str, str, list[int]]], set_name: str) -> list[dict[str, Any]]:
    """The rows to label for drawn ``terms``: one per rated system (AIST left out, as for the segment rows) with the
    term's source segments and that system's targets, labels empty."""
    from meaning import sid_order_of
    from realworld import DATA, load_year

    years = {year: load_year(DATA, year, sid_order=sid_order_of(set_name)) for year in {t[0] for t in terms}}
    out = []
    for year, doc, term, lines in terms:
        w = years[year]
        for system in sorted(s for s in set(w.seg_scores) & set(w.hyps) if not s.startswith("AIST")):
            out.append({"dataset": year, "system": system, "doc": doc, "term": term, "segs": [i + 1 for i in lines],
                        "sources": [w.src[i] for i in lines], "targets": [w.hyps[system][i] for i in lines],
                        "labels": [], "note": "", "labelled_before_code": False, "set": set_name, "pool": "entity"})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--short", type=int, default=25)
    ap.add_argument("--long", type=int, default=15)
    ap.add_argument("--neg", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--set", default=SET, help="the set the rows are drawn for (after-code-3: the third held-out "
                    "set again; after-code-4: the fourth, drawn with --seed 20261208 --short 20 --long 10 --neg 20)")
    ap.add_argument("--mid", type=int, default=0, help="rows from the mid pool (full-length, far from the reference)")
    ap.add_argument("--mid-max-chrf", type=float, default=30.0, help="the mid pool's sentence chrF bound")
    ap.add_argument("--entities", type=int, default=0, metavar="N",
                    help="instead: N entity terms (after-code-4: --entities 8 --seed 20261208 --set after-code-4)")
    ap.add_argument("--entity-rows", action="store_true",
                    help="with --entities: print the rows to label (one per rated system), not the terms")
    args = ap.parse_args(argv)
    if args.entities:
        terms = draw_terms(args.entities, args.seed, args.set)
        if args.entity_rows:
            for row in entity_rows(terms, args.set):
                print(json.dumps(row, ensure_ascii=False))
            return 0
        for year, doc, term, lines in terms:
            print(json.dumps({"dataset": year, "doc": doc, "term": term, "segs": [i + 1 for i in lines]},
                             ensure_ascii=False))
        return 0
    for row in draw(args.short, args.long, args.neg, args.seed, args.set, args.mid, args.mid_max_chrf):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
