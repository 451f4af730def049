#!/usr/bin/env python3
"""The floor of the meaning checks' cost: what parsing the sources alone costs, before any word is matched.

On bench/qa.py's file with every source unique (``build_xliff``, ``N`` units, default 100,000), in one process:

* the fugashi/unidic-lite parse of every source with the tagger the meaning analysis uses
  (:func:`review_app.checks.ja_tokens._tagger`, MeCab's raw ``%H`` output, one C call per source);
* the same parse read into the shared token tuples (:func:`review_app.checks.ja_tokens.nodes`: each line split once
  per token type, offsets), which every reader of the parse starts from.

Printed: CPU seconds of each (``time.process_time``). docs/checks.md compares them with the CPU time of
``review-app qa`` with the default checks on the same file (``bench/meaning.py --cost``): a design that parses each
unique source and matches its words in Python cannot add less than these to the run.

    .venv/bin/python bench/meaning_floor.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT / "bench", ROOT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


def floor(n: int) -> dict[str, float]:
    from qa import build_xliff

    from review_app.checks import ja_tokens
    from review_app.formats import read_bilingual

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-unique.xlf"
        build_xliff(path, n)
        sources = [u.source for u in read_bilingual(path).units]
    tagger = ja_tokens._tagger()
    tagger.parse("準備")  # (the dictionary loaded before the clock starts)
    c0 = time.process_time()
    for s in sources:
        tagger.parse(s.replace("\n", " ").replace("\r", " "))
    c1 = time.process_time()
    ja_tokens.raw.cache_clear()
    ja_tokens.nodes.cache_clear()
    for s in sources:
        ja_tokens.nodes(s)
    c2 = time.process_time()
    return {"units": n, "parse_cpu_s": round(c1 - c0, 2), "parse_and_tokens_cpu_s": round(c2 - c1, 2)}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 100_000
    f = floor(n)
    print(f"{f['units']:,} unique sources: MeCab parse {f['parse_cpu_s']} s CPU; "
          f"parse read into the shared tokens (ja_tokens.nodes) {f['parse_and_tokens_cpu_s']} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
