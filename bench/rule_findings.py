"""What bench/addition_rules.py and bench/omission_rules.py share: list one year's findings of a check with the rule
that made each, keep one rule's, draw some at random and write them as JSON lines to judge by reading."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path


def pick(year: str, rows: list[dict[str, object]], field: str, value: str | None, sample: int | None, seed: int,
         out: Path | None) -> list[dict[str, object]]:
    """Print how many findings each rule made in ``year``; keep those whose ``field`` is ``value`` (all when None),
    then ``sample`` of them drawn with ``seed`` (all when None); write them to ``out`` (one JSON object a line)."""
    print(year, dict(Counter(str(r[field]) for r in rows)), len(rows))
    if value:
        rows = [r for r in rows if r[field] == value]
    if sample is not None:
        rows = random.Random(seed).sample(rows, min(sample, len(rows)))
    if out:
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return rows
