"""Draw the pool part of the meaning checks' third held-out set (``"set": "after-code-3"``, bench/data/README.md).

Segment rows to label by hand, drawn without running any check, from rated WMT21/22 system outputs (AIST left out)
on segments no other labelled row uses, from three pools where omissions, additions and reversed polarity gather:

* ``short`` — the output is shorter than 0.6 × the reference (a reference of more than 30 characters);
* ``long`` — the output is longer than 1.5 × the reference (a reference of more than 20 characters);
* ``neg`` — the output and the reference disagree on having a negation word (not, no, never, n't…).

    .venv/bin/python bench/meaning_pools.py [--short 25 --long 15 --neg 20 --seed 20261207]

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


def draw(short: int, long: int, neg: int, seed: int, set_name: str = SET) -> list[dict[str, Any]]:
    """The pool rows of set ``set_name``: every labelled row counts as used except the pool rows of that set
    itself and the rows of later sets (so that a set's own draw can be repeated)."""
    from meaning import drawn_after, load_rows, unlabelled_outputs

    later = drawn_after(set_name)[1:]
    rows = [r for r in load_rows() if r.get("set") not in later
            and not (r.get("set") == set_name and r.get("pool") in ("short", "long", "neg"))]
    rng = random.Random(seed)
    pools: dict[str, list[dict[str, Any]]] = {"short": [], "long": [], "neg": []}
    for row, r in unlabelled_outputs(rows, set_name):
        h = row["target"]
        if len(r) > 30 and len(h) < 0.6 * len(r):
            pools["short"].append(row)
        if len(r) > 20 and len(h) > 1.5 * len(r):
            pools["long"].append(row)
        if bool(NEG.search(h)) != bool(NEG.search(r)):
            pools["neg"].append(row)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    for name, n in (("short", short), ("long", long), ("neg", neg)):
        pool, k = pools[name], 0
        while k < n and pool:
            row = pool.pop(rng.randrange(len(pool)))
            if (row["dataset"], row["seg"]) in seen:
                continue
            seen.add((row["dataset"], row["seg"]))
            out.append({**row, "pool": name})
            k += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--short", type=int, default=25)
    ap.add_argument("--long", type=int, default=15)
    ap.add_argument("--neg", type=int, default=20)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--set", default=SET, help="the set the rows are drawn for (after-code-3: the third held-out "
                    "set again; after-code-4: the fourth, drawn with --seed 20261208 --short 20 --long 10 --neg 20)")
    args = ap.parse_args(argv)
    for row in draw(args.short, args.long, args.neg, args.seed, args.set):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
