"""Benchmark: review_app.metrics against calling sacrebleu directly, for the same work in the same run.

Work: N engines × M synthetic segments (default 5 × 10 000): corpus BLEU, chrF and TER for every engine, then
a paired bootstrap test of every engine against the first (sacrebleu's ``PairedTest``). Our side goes through
``review_app.metrics`` (``get_metric(...).corpus_score`` and ``paired_test``); the direct side builds the
sacrebleu objects itself. Results are checked equal, and both times are printed with their ratio (target:
ours ≤ 1.5 × direct).

    .venv/bin/python bench/metrics.py [--segments 10000] [--engines 5] [--samples 200] [--repeat 1]

Note: sacrebleu's bootstrap materialises an (samples × segments × statistics) array per metric and system
(~150 MB for chrF at 200 samples × 10 000 segments; 5 × that at its default 1000), hence the default of 200.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any

VOCAB = (
    "the", "president", "said", "that", "musk", "would", "leave", "government", "after", "tariffs", "and",
    "spending", "cuts", "in", "june", "tesla", "shares", "fell", "on", "thursday", "department", "of",
    "efficiency", "bill", "congress", "senate", "house", "vote", "critics", "supporters", "white", "house",
    "billionaire", "social", "platform", "post", "wrote", "called", "disgusting", "abomination", "deficit",
    "trillion", "dollars", "budget", "election", "campaign", "rally", "pennsylvania", "butler", "florida",
    "texas", "border", "policy", "adviser", "federal", "agencies",
)


def synthetic(n_segments: int, n_engines: int, seed: int = 2026) -> tuple[list[str], dict[str, list[str]]]:
    """References plus engines of decreasing quality (word substitutions, drops, swaps)."""
    rnd = random.Random(seed)
    refs = [" ".join(rnd.choice(VOCAB) for _ in range(rnd.randint(8, 30))) + "." for _ in range(n_segments)]
    engines: dict[str, list[str]] = {}
    for e in range(n_engines):
        noise = 0.05 + 0.07 * e
        hyps = []
        for ref in refs:
            words = ref[:-1].split()
            out = []
            for w in words:
                r = rnd.random()
                if r < noise / 3:
                    continue  # dropped
                if r < 2 * noise / 3:
                    out.append(rnd.choice(VOCAB))  # substituted
                else:
                    out.append(w)
            if len(out) > 3 and rnd.random() < noise:
                i = rnd.randrange(len(out) - 1)
                out[i], out[i + 1] = out[i + 1], out[i]
            hyps.append(" ".join(out) + ".")
        engines[f"engine{e + 1}"] = hyps
    return refs, engines


def ours(refs: list[str], engines: dict[str, list[str]], samples: int) -> dict[str, Any]:
    from review_app.metrics import get_metric
    from review_app.metrics.significance import paired_test

    metrics = [get_metric(n) for n in ("bleu", "chrf", "ter")]
    scores = {e: {m.name: m.corpus_score(h, refs).value for m in metrics} for e, h in engines.items()}
    res = paired_test(engines, refs, baseline=next(iter(engines)), metrics=metrics, test="bs", n_samples=samples)
    pvals = {m: [r.p_value for r in rows] for m, rows in res.results.items()}
    return {"scores": scores, "p": pvals}


def direct(refs: list[str], engines: dict[str, list[str]], samples: int) -> dict[str, Any]:
    from sacrebleu.metrics import BLEU, CHRF, TER
    from sacrebleu.significance import PairedTest

    scores = {}
    for e, h in engines.items():
        scores[e] = {
            "bleu": BLEU().corpus_score(h, [refs]).score,
            "chrf": CHRF().corpus_score(h, [refs]).score,
            "ter": TER().corpus_score(h, [refs]).score,
        }
    named = list(engines.items())
    _, res = PairedTest(named, {"BLEU": BLEU(), "chrF": CHRF(), "TER": TER()}, [refs], test_type="bs",
                        n_samples=samples)()
    pvals = {ours_name: [r.p_value for r in res[theirs]]
             for ours_name, theirs in (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER"))}
    return {"scores": scores, "p": pvals}


def timed(fn: Callable[[], dict[str, Any]], repeat: int) -> tuple[float, dict[str, Any]]:
    best = float("inf")
    out: dict[str, Any] = {}
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=10_000)
    ap.add_argument("--engines", type=int, default=5)
    ap.add_argument("--samples", type=int, default=200, help="bootstrap resamples (sacrebleu default: 1000)")
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs")
    args = ap.parse_args()
    t = time.perf_counter()
    refs, engines = synthetic(args.segments, args.engines)
    print(f"{args.engines} engines × {args.segments:,} segments, BLEU+chrF+TER + paired bootstrap "
          f"({args.samples} resamples); data built in {time.perf_counter() - t:.1f} s")
    # Alternate which side runs first so neither always gets the colder process; keep the best of each.
    t_direct = t_ours = float("inf")
    d: dict[str, Any] = {}
    o: dict[str, Any] = {}
    for i in range(args.repeat):
        order = [("direct", direct), ("ours", ours)]
        for name, fn in order if i % 2 == 0 else order[::-1]:
            t, out = timed(lambda fn=fn: fn(refs, engines, args.samples), 1)
            if name == "direct":
                t_direct, d = min(t_direct, t), out
            else:
                t_ours, o = min(t_ours, t), out
    assert o["scores"] == d["scores"], "scores differ from sacrebleu"
    assert o["p"] == d["p"], "p-values differ from sacrebleu"
    for e, s in o["scores"].items():
        print(f"  {e}: BLEU {s['bleu']:.2f}  chrF {s['chrf']:.2f}  TER {s['ter']:.2f}  "
              f"p(BLEU) {o['p']['bleu'][list(o['scores']).index(e)]}")
    print(f"sacrebleu directly : {t_direct:8.2f} s")
    print(f"review_app.metrics : {t_ours:8.2f} s")
    print(f"ratio ours/direct  : {t_ours / t_direct:8.2f}x  (target ≤ 1.5x)")


if __name__ == "__main__":
    main()
