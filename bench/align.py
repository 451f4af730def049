"""Benchmark of review_app.align: the seed article and a 10× longer synthetic document, with and without embeddings.

The synthetic document repeats the seed's blocks ten times, each copy's blocks in a different seeded shuffle,
on both sides in the same order (so the gold is known), and adds a one-line-English variant that skips the block
level (the banded sentence-level dynamic programme). Prints wall time, sentences per second, F1 against the gold
and the ratio to the seed run. Usage::

    .venv/bin/python bench/align.py [--no-embeddings] [--repeat 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from review_app import align as align_mod  # noqa: E402
from review_app.segment import parse_document  # noqa: E402

GOLD = ROOT / "tests" / "data" / "align_gold.json"


def synthetic(gold: dict[str, Any], repeat: int) -> tuple[str, str, set[tuple[str, str]]]:
    """(japanese, english, gold text pairs) of ``repeat`` shuffled copies of the seed's blocks."""
    ja_doc = parse_document((ROOT / gold["source"]).read_text(encoding="utf-8"))
    en_doc = parse_document(gold["en_text"], lang="en")
    assert len(ja_doc.blocks) == len(en_doc.blocks)
    ja_text = {s.key: s.text for s in ja_doc.segments}
    en_sent = [s.text for s in en_doc.segments]
    pairs = {
        ("".join(ja_text[k] for k in link["ja"]), " ".join(en_sent[i] for i in link["en"])) for link in gold["links"]
    }
    rng = random.Random(7)
    ja_lines: list[str] = []
    en_lines: list[str] = []
    for _ in range(repeat):
        order = list(range(len(ja_doc.blocks)))
        rng.shuffle(order)
        for k in order:
            ja_lines.append(ja_doc.blocks[k].text)
            en_lines.append(en_doc.blocks[k].text)
    return "\n\n".join(ja_lines) + "\n", "\n\n".join(en_lines) + "\n", pairs


def correct_share(result: align_mod.Alignment, pairs: set[tuple[str, str]]) -> float:
    """Share of the predicted links whose (Japanese, English) texts are a gold link.

    A final full stop is ignored: the one-line variant gives headings one so that they stay sentences.
    """
    gold = {(ja, en.rstrip(".")) for ja, en in pairs}
    found = result.pairs()
    return sum(1 for ja, en in found if (ja, en.rstrip(".")) in gold) / len(found) if found else 0.0


def run(label: str, ja: str, en: str, pairs: set[tuple[str, str]], embeddings: bool) -> float:
    t0 = time.perf_counter()
    result = align_mod.align(ja, en, embeddings=embeddings)
    dt = time.perf_counter() - t0
    n = result.summary["ja_segments"] + result.summary["en_sentences"]
    print(
        f"{label:<44} {'emb' if embeddings else 'no-emb':<7} {dt:8.2f} s  {n / dt:9.0f} sent/s  "
        f"links correct {correct_share(result, pairs):6.1%}  [{result.summary['blocks'].split(',')[-1].strip()}]",
        flush=True,
    )
    return dt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-embeddings", action="store_true", help="only the length+anchors runs")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    seed_ja = (ROOT / gold["source"]).read_text(encoding="utf-8")
    _, _, pairs = synthetic(gold, 1)
    big_ja, big_en, _ = synthetic(gold, args.repeat)
    flat_en = " ".join(
        line.removeprefix("- ") if line.rstrip().endswith((".", "”", "?", "!")) else line.removeprefix("- ") + "."
        for line in big_en.split("\n")
        if line.strip()
    )
    seed_sentences = [
        *parse_document(seed_ja).segments,
        *parse_document(gold["en_text"], lang="en").segments,
    ]
    modes = [False] if args.no_embeddings else [False, True]
    for emb in modes:
        cold = 0.0
        if emb:
            t0 = time.perf_counter()
            align_mod.default_embedder()
            print(f"(model load {time.perf_counter() - t0:.2f} s)")
            cold = run("seed, embedding every sentence", seed_ja, gold["en_text"], pairs, emb)
        base = run("seed (326 segments)" + (", embeddings cached" if emb else ""), seed_ja, gold["en_text"], pairs, emb)
        big = run(f"synthetic {args.repeat}x (blocks)", big_ja, big_en, pairs, emb)
        flat = run(f"synthetic {args.repeat}x (one-line English, banded DP)", big_ja, flat_en, pairs, emb)
        print(f"{'ratio to the seed':<44} {'':<7} blocks {big / base:.1f}x, one-line {flat / base:.1f}x")
        if emb:
            embed = cold - base
            print(
                f"(the synthetic copies repeat the seed's sentences, so their vectors come from the cache and the "
                f"times above are the dynamic programme; embedding is linear — {embed:.1f} s for the seed's "
                f"{len(seed_sentences)} sentences — so a real {args.repeat}x document would take about "
                f"{args.repeat * embed + big:.0f} s with blocks)"
            )


if __name__ == "__main__":
    main()
