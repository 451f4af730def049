#!/usr/bin/env python3
"""Where the meaning checks' time goes in one ``review-app qa`` run: a sampling profile's stacks put into stages.

Record the run with py-spy (not a dependency of the project: ``pip install py-spy``), raw (collapsed) stacks::

    py-spy record -r 250 -f raw -o STACKS.txt --nonblocking -- .venv/bin/python -m review_app.cli qa FILE \\
        --glossary G --format json -o OUT --config MEANING.toml
    .venv/bin/python bench/meaning_stages.py [--cpu SECONDS] STACKS.txt [MORE.txt ...]

Each sample goes to the first stage below whose function is on its stack (so the parse inside the source side
counts as the parse, the source side inside the target side's call as the source side), else by the deepest frame's
module. Printed: each stage's share of the samples and, with ``--cpu`` (the command's CPU time, measured apart:
sampling counts a waiting process as a running one), its seconds. A sampling profile, unlike cProfile, adds no
cost to each Python call, which would inflate the per-word stages.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("a MeCab parse", ("raw (review_app/checks/ja_tokens.py)",)),
    ("e entity-consistency: names read from each source's parse",
     ("source_terms (review_app/checks/entity_terms.py)", "prepare (review_app/checks/entity_unexplained.py)")),
    ("d addition: neighbour analyses", ("Neighbours.prepare (review_app/checks/addition.py)",)),
    ("d omission: aligned rule's clause alignments", ("AlignedAhead.prepare (review_app/checks/omission_align.py)",)),
    ("e entity-consistency: document passes",
     ("EntityConsistency.check_document (review_app/checks/entity_consistency.py)",)),
    ("g meaning dictionary load", ("load_dictionary (review_app/checks/meaning.py)",)),
    ("b source side: tokens read from the parse", ("nodes (review_app/checks/ja_tokens.py)",)),
    ("b source side: content words and anchors", ("_source_side (review_app/checks/meaning.py)",)),
    ("c target side: precise keys (refine_exact)", ("refine_exact (review_app/checks/meaning.py)",)),
    ("c target side: one-to-one coverage (clauses)",
     ("_strict (review_app/checks/meaning.py)", "_sentence (review_app/checks/meaning.py)")),
    ("c target side: words matched (analyse)", ("analyse (review_app/checks/meaning.py)",)),
    ("c target side: digest", ("digest (review_app/checks/meaning.py)",)),
    ("g meaning glue (per-unit calls, parse-ahead)",
     ("evidence_of.<locals>.compute (review_app/checks/meaning.py)",
      "ParseAhead.__call__ (review_app/checks/meaning.py)")),
    ("d polarity rules", ("Polarity.check (review_app/checks/polarity.py)",)),
    ("d omission rules", ("Omission.check (review_app/checks/omission.py)",)),
    ("d addition rules",
     ("Addition.check_document (review_app/checks/addition.py)", "Addition.check (review_app/checks/addition.py)")),
    ("f glossary pass", ("Analyses.glossary (review_app/checks/analyses.py)",)),
    ("f default checks",
     ("Check.check_document (review_app/checks/base.py)", "iter_findings (review_app/checks/base.py)")),
    ("f XLIFF read", ("read_units (review_app/qa.py)",)),
    ("f glossary load", ("load_glossary_or_none (review_app/qa.py)",)),
    ("f imports", ("_find_and_load (<frozen importlib._bootstrap>)",)),
]
FALLBACK: list[tuple[str, str]] = [
    ("checks/meaning.py", "c target side: words matched (analyse)"),
    ("checks/ja_tokens.py", "b source side: tokens read from the parse"),
    ("checks/clauses.py", "c target side: one-to-one coverage (clauses)"),
    ("checks/addition.py", "d addition rules"), ("checks/omission", "d omission rules"),
    ("checks/modality.py", "d omission rules"), ("checks/polarity.py", "d polarity rules"),
    ("checks/entity_", "e entity-consistency: document passes"), ("json/", "f JSON report"),
    ("review_app/findings.py", "f JSON report"), ("glossary", "f glossary pass"), ("review_app/", "f default checks"),
]
_LINE = re.compile(r":\d+\)$")


def stages(paths: list[Path]) -> tuple[Counter[str], int]:
    got: Counter[str] = Counter()
    total = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            total += n
            raw = stack.split(";")
            frames = {_LINE.sub(")", f) for f in raw}
            name = next((s for s, keys in STAGES if any(k in frames for k in keys)), None)
            if name is None:
                name = next((s for f in reversed(raw) for key, s in FALLBACK if key in f), "f interpreter, CLI")
            got[name] += n
    return got, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("stacks", nargs="+", type=Path, help="py-spy raw (collapsed) stack files of one command")
    ap.add_argument("--cpu", type=float, default=None, help="the command's CPU seconds, to print each stage's")
    a = ap.parse_args(argv)
    got, total = stages(a.stacks)
    for name, n in sorted(got.items()):
        sec = f"  {n / total * a.cpu:6.2f} s" if a.cpu else ""
        print(f"{100 * n / total:5.1f} %{sec}  {name}")
    meaning = sum(n for name, n in got.items() if not name.startswith("f "))
    print(f"{100 * meaning / total:5.1f} %  the meaning checks' stages (a–e, g); {total} samples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
