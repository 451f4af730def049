"""Paired significance of N engines against a baseline: sacrebleu's paired tests, computed from statistics.

Two tests, both as sacrebleu 2.x runs them (Post, 2018; the ``--paired-bs`` / ``--paired-ar`` options of its CLI):

* paired bootstrap resampling (Koehn, 2004) — ``bs``, 1000 resamples by default: p-value, and each system's
  bootstrap mean with a 95 % interval;
* approximate randomisation (Riezler & Maxwell, 2005) — ``ar``, 10 000 trials by default; intervals from an
  extra 1000 bootstrap resamples.

The seed is sacrebleu's (``SACREBLEU_SEED``, default 12345), so results are reproducible, and it is part of
the signature shown with every result. A plain-language verdict accompanies each comparison, with a warning
when the sample is too small for the test to detect realistic differences.

Same numbers, less work than ``sacrebleu.significance.PairedTest``: the same random draws (a fresh
``default_rng(seed)`` per system, as sacrebleu seeds each system's test) and the same float32 statistics
reach the metric's ``_compute_score_from_stats``, so scores, p-values and means are equal to sacrebleu's
(``tests/test_metrics.py``). But the per-segment statistics are extracted once per system and metric (the
caller's corpus scores reuse them: :func:`paired_test_from_stats`), the resampled sums are a matrix product of
per-resample segment counts with the statistics, in chunks, instead of sacrebleu's (resamples × segments ×
statistics) array — 720 MB for chrF at 1000 × 10 000, per system — and the baseline's resampled scores are
computed once instead of once per system. Memory is linear in segments; time is linear in segments × systems.

The 95 % interval is the bootstrap percentile interval (the 2.5th and 97.5th percentile of the resampled
scores, the bounds sacrebleu's ``estimate_ci`` itself sorts out), so it never leaves the metric's possible
range; sacrebleu prints ``mean ± half its width`` instead, which at a handful of segments runs past 100 BLEU
or below 0 TER. The half width is kept (:attr:`SystemResult.ci_half_width`) for comparison with sacrebleu.
Below :data:`MIN_SEGMENTS` the interval is flagged as unreliable and below :data:`MIN_TESTABLE` not shown.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from review_app.errors import InputError
from review_app.metrics.scores import Metric, get_metric

DEFAULT_SAMPLES = {"bs": 1000, "ar": 10_000}
AR_CONFIDENCE_SAMPLES = 1000
_CHUNK_CELLS = 4_000_000
"""Resample counts are built this many (resample, segment) cells at a time (32 MB of float64)."""

MIN_SEGMENTS = 100
MIN_TESTABLE = 10
"""Below this many segments no paired test is reported at all: resampling one segment always draws that
segment, so every bootstrap difference equals the observed one and p takes its minimum whatever the texts."""


def verdict(p_value: float | None, score: float, baseline_score: float, n_segments: int) -> str:
    """The short 'vs baseline' label the CLI and the app print: never 'significant' from a sample too small to
    test, and 'indicative' below :data:`MIN_SEGMENTS`."""
    if p_value is None:
        return "baseline"
    if n_segments < MIN_TESTABLE:
        return f"no test possible ({n_segments} segment{'s' if n_segments != 1 else ''})"
    if p_value < ALPHA and score != baseline_score:
        return "significant (p < 0.05)" if n_segments >= MIN_SEGMENTS else \
            f"p < 0.05, indicative only ({n_segments} segments)"
    return "not significant"
"""Below this many segments a paired test rarely detects differences of a few points (Koehn, 2004 used
300-sentence samples); results are shown with a warning."""
ALPHA = 0.05


@dataclass(slots=True)
class SystemResult:
    system: str
    metric: str
    score: float
    p_value: float | None
    """``None`` for the baseline."""
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    same_as_baseline: bool = False
    """Exactly the baseline's score. sacrebleu (after MultEval) counts resampled differences strictly greater
    than the observed one, so a zero difference gets the smallest p-value; we never call that significant."""
    ci_half_width: float | None = None
    """sacrebleu's ``ci``: half the width of the percentile interval (sacrebleu prints ``mean ± ci``)."""

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA and not self.same_as_baseline

    def as_json(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        return {"system": self.system, "metric": self.metric, "score": r(self.score), "p_value": r(self.p_value),
                "mean": r(self.mean), "ci95": [r(self.ci_low), r(self.ci_high)],
                "ci95_half_width": r(self.ci_half_width)}


@dataclass(slots=True)
class PairedResult:
    baseline: str
    test: str
    n_samples: int
    n_segments: int
    signatures: dict[str, str]
    """Our metric name → sacrebleu signature including ``seed``, ``bs``/``ar``."""
    results: dict[str, list[SystemResult]]
    """Our metric name → one result per system, the baseline first."""
    warnings: list[str] = field(default_factory=list)

    def verdicts(self, higher_is_better: Mapping[str, bool]) -> list[str]:
        """One plain sentence per (system, metric) comparison with the baseline."""
        out: list[str] = []
        if self.n_segments < MIN_TESTABLE:
            return [f"Only {self.n_segments} scored segment(s): the scores describe those segments, but no paired "
                    f"test can tell the systems apart below {MIN_TESTABLE}; approve more segments or choose "
                    "another reference."]
        indicative = "" if self.n_segments >= MIN_SEGMENTS else f" (indicative: {self.n_segments} segments)"
        for metric, rows in self.results.items():
            base = rows[0]
            for row in rows[1:]:
                diff = row.score - base.score
                better = diff > 0 if higher_is_better.get(metric, True) else diff < 0
                direction = "better" if better else "worse"
                if row.same_as_baseline:
                    out.append(f"{row.system} and {self.baseline} have the same {metric} score: no difference.")
                elif row.significant:
                    out.append(
                        f"{row.system} is {direction} than {self.baseline} on {metric} "
                        f"({diff:+.2f}, p = {row.p_value:.4f}): unlikely to be chance{indicative}."
                    )
                else:
                    out.append(
                        f"{row.system} vs {self.baseline} on {metric}: {diff:+.2f}, p = {row.p_value:.4f} — "
                        "not significant; the data do not show a real difference."
                    )
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "test": self.test,
            "n_samples": self.n_samples,
            "n_segments": self.n_segments,
            "signatures": self.signatures,
            "results": {m: [r.as_json() for r in rows] for m, rows in self.results.items()},
            "warnings": self.warnings,
        }


def small_sample_warning(n: int) -> str | None:
    if n >= MIN_SEGMENTS:
        return None
    return (
        f"Only {n} segments: with so few, a paired test can miss real differences of several points and a "
        f"single sentence can swing a score. Treat these p-values as indicative, not as proof; "
        f"{MIN_SEGMENTS}+ segments are needed for a reliable comparison."
    )


def sacrebleu_seed() -> int | None:
    """The seed sacrebleu uses (``SACREBLEU_SEED``, default 12345; ``none`` for an unseeded generator)."""
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    return None if seed.lower() == "none" else int(seed)


def _resample_sums(rng: Any, n: int, count: int, arrays: Sequence[Any]) -> list[Any]:
    """For ``count`` bootstrap resamples of ``n`` segments drawn from ``rng`` exactly as sacrebleu draws them
    (``rng.choice(n, size=(count, n))``, chunked: the same stream), each array's (count × statistics) sums."""
    import numpy as np

    out = [np.empty((count, a.shape[1]), dtype=np.float64) for a in arrays]
    step = max(1, _CHUNK_CELLS // max(n, 1))
    for lo in range(0, count, step):
        c = min(step, count - lo)
        idxs = rng.choice(n, size=(c, n), replace=True)
        flat = (idxs + (np.arange(c, dtype=np.int64) * n)[:, None]).ravel()
        counts = np.bincount(flat, minlength=c * n).reshape(c, n).astype(np.float64)
        del idxs, flat
        for a, o in zip(arrays, out, strict=True):
            o[lo:lo + c] = counts @ a
    return out


def _scores(metric: Any, sums: Any) -> Any:
    """Resampled scores as sacrebleu computes them: from float32 sums (exact: counts below 2**24)."""
    import numpy as np

    rows = sums.astype(np.float32)
    return np.array([metric._compute_score_from_stats(r).score for r in rows])


def _estimate(scores: Any, top: float | None) -> tuple[float, float, float, float]:
    """(mean, percentile low, percentile high, half width) as sacrebleu's ``estimate_ci`` sorts them out; the
    bounds clipped to the possible range [0, ``top``] (float rounding gives BLEU 100.00000000000004)."""
    import numpy as np

    ordered = np.sort(scores)
    n = len(ordered)
    lo_idx = n // 40
    low, high = float(ordered[lo_idx]), float(ordered[n - lo_idx - 1])
    half = 0.5 * (high - low)
    low, high = max(low, 0.0), max(high, 0.0)
    if top is not None:
        low, high = min(low, top), min(high, top)
    return float(ordered.mean()), low, high, half


def _p_value(stats: Any, real_difference: float) -> float:
    import numpy as np

    c = int(np.sum(stats > real_difference))
    return (c + 1) / (len(stats) + 1)


def _check_request(test: str, baseline: str, systems: list[str], n: int) -> None:
    if test not in ("bs", "ar"):
        raise InputError(f"unknown significance test {test!r}; use 'bs' (bootstrap) or 'ar' (randomisation)")
    if baseline not in systems:
        raise InputError(f"baseline {baseline!r} is not one of the systems: {', '.join(systems)}")
    if len(systems) < 2:
        raise InputError("a paired test needs at least two systems")
    if n == 0:
        raise InputError("no segments to compare: every system needs a candidate for segments with a reference")


def paired_test_from_stats(
    stats: Mapping[str, Mapping[str, Sequence[Sequence[float]]]],
    *,
    baseline: str,
    metrics: Sequence[Metric],
    test: str = "bs",
    n_samples: int = 0,
) -> PairedResult:
    """The paired test from per-segment sufficient statistics: ``stats[system][metric name]`` as
    :meth:`review_app.metrics.scores.Metric.statistics` returns them (the same segments, in the same order)."""
    import numpy as np

    n = len(stats[baseline][metrics[0].name]) if metrics and baseline in stats else 0
    _check_request(test, baseline, list(stats), n)
    names = [baseline] + [k for k in stats if k != baseline]
    samples = n_samples if n_samples > 0 else DEFAULT_SAMPLES[test]
    seed = sacrebleu_seed()
    sacre = {m.name: m.sacre() for m in metrics}
    raw = {(s, m.name): stats[s][m.name] for s in names for m in metrics}
    for (s, _), rows in raw.items():
        if len(rows) != n:
            raise InputError(f"system {s!r} has {len(rows)} segments for {n} references")
    # sacrebleu: bs uses float32 arrays; ar multiplies its boolean selectors with the plain lists.
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in raw.items()}
    actual = {k: float(sacre[k[1]]._aggregate_and_compute(v).score) for k, v in raw.items()}
    keys = list(arrays)
    results: dict[str, list[SystemResult]] = {m.name: [] for m in metrics}
    conf_n = samples if test == "bs" else AR_CONFIDENCE_SAMPLES
    # Every system's bootstrap draws the same indices (sacrebleu re-seeds for each): one pass serves all.
    sums = dict(zip(keys, _resample_sums(np.random.default_rng(seed), n, conf_n, [arrays[k] for k in keys]),
                    strict=True))
    boot = {k: _scores(sacre[k[1]], sums[k]) for k in keys}
    del sums
    if test == "ar":
        rng = np.random.default_rng(seed)
        pos = rng.integers(2, size=(samples, n), dtype=bool)
        # The systems' intervals come from the draws that follow in the same stream.
        after = dict(zip(keys, _resample_sums(rng, n, AR_CONFIDENCE_SAMPLES, [arrays[k] for k in keys]),
                         strict=True))
        ar_boot = {k: _scores(sacre[k[1]], after[k]) for k in keys if k[0] != baseline}
        del after
    for m in metrics:
        metric = sacre[m.name]
        bl = (baseline, m.name)
        top = 100.0 if m.higher_is_better else None  # BLEU, chrF in [0, 100]; TER in [0, ∞)
        mean, low, high, half = _estimate(boot[bl], top)
        results[m.name].append(SystemResult(baseline, m.name, actual[bl], None, mean, low, high,
                                            ci_half_width=half))
        for system in names[1:]:
            key = (system, m.name)
            diff = abs(actual[bl] - actual[key])
            if test == "bs":
                sample_diffs = np.abs(boot[key] - boot[bl])
                p = _p_value(sample_diffs - sample_diffs.mean(), diff)
                mean, low, high, half = _estimate(boot[key], top)
            else:
                a_int = _ar_matrix(raw[bl])
                s_int = _ar_matrix(raw[key])
                scores_a = np.empty(samples)
                scores_b = np.empty(samples)
                step = max(1, _CHUNK_CELLS // n)
                for lo in range(0, samples, step):
                    sel = pos[lo:lo + step]
                    shuf_a = sel @ a_int + ~sel @ s_int
                    shuf_b = ~sel @ a_int + sel @ s_int
                    scores_a[lo:lo + step] = [metric._aggregate_and_compute(x).score for x in shuf_a[:, None]]
                    scores_b[lo:lo + step] = [metric._aggregate_and_compute(x).score for x in shuf_b[:, None]]
                p = _p_value(np.abs(scores_a - scores_b), diff)
                mean, low, high, half = _estimate(ar_boot[key], top)
            row = SystemResult(system, m.name, actual[key], float(p), mean, low, high, ci_half_width=half)
            row.same_as_baseline = row.score == actual[bl]
            results[m.name].append(row)
    signatures = {}
    for m in metrics:
        obj = m.sacre()
        obj.num_refs = 1  # what extracting the statistics records; get_signature refuses to guess it
        sig = obj.get_signature()
        sig.update("seed", str(seed).lower())
        sig.update(test, samples)
        if test == "ar":
            sig.update("bs", AR_CONFIDENCE_SAMPLES)
        signatures[m.name] = str(sig)
    warning = small_sample_warning(n)
    return PairedResult(
        baseline=baseline,
        test=test,
        n_samples=samples,
        n_segments=n,
        signatures=signatures,
        results=results,
        warnings=[warning] if warning else [],
    )


def _ar_matrix(rows: Sequence[Sequence[float]]) -> Any:
    """The statistics as sacrebleu's randomisation test multiplies them (numpy's own dtype for the list)."""
    import numpy as np

    return np.asarray(rows)


def paired_test(
    systems: Mapping[str, Sequence[str]],
    references: Sequence[str],
    *,
    baseline: str,
    metrics: Sequence[str | Metric] = ("bleu", "chrf", "ter"),
    test: str = "bs",
    n_samples: int = 0,
    target_lang: str = "en",
    tokenize: str | None = None,
) -> PairedResult:
    """Compare every system in ``systems`` with ``baseline`` (one hypothesis per reference, same order); the
    arguments are checked by :func:`paired_test_from_stats` before any statistic is extracted."""
    n = len(references)
    _check_request(test, baseline, list(systems), n)
    for name, hyps in systems.items():
        if len(hyps) != n:
            raise InputError(f"system {name!r} has {len(hyps)} hypotheses for {n} references")
    objs = [m if isinstance(m, Metric) else get_metric(m, target_lang=target_lang, tokenize=tokenize) for m in metrics]
    stats = {name: {m.name: m.statistics(hyps, references) for m in objs} for name, hyps in systems.items()}
    return paired_test_from_stats(stats, baseline=baseline, metrics=objs, test=test, n_samples=n_samples)


__all__ = ["ALPHA", "MIN_SEGMENTS", "MIN_TESTABLE", "PairedResult", "SystemResult", "paired_test",
           "paired_test_from_stats", "sacrebleu_seed",
           "small_sample_warning", "verdict"]
