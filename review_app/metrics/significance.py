"""Paired significance of N engines against a baseline, with sacrebleu's ``significance.PairedTest``.

Two tests, both from sacrebleu 2.x (Post, 2018; the ``--paired-bs`` / ``--paired-ar`` options of its CLI):

* paired bootstrap resampling (Koehn, 2004) — ``bs``, 1000 resamples by default: p-value, and each system's
  bootstrap mean with a 95 % interval;
* approximate randomisation (Riezler & Maxwell, 2005) — ``ar``, 10 000 trials by default; intervals from an
  extra 1000 bootstrap resamples.

The seed is sacrebleu's (``SACREBLEU_SEED``, default 12345), so results are reproducible, and it is part of
the signature shown with every result. A plain-language verdict accompanies each comparison, with a warning
when the sample is too small for the test to detect realistic differences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from review_app.errors import InputError
from review_app.metrics.scores import Metric, get_metric

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

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA and not self.same_as_baseline

    def as_json(self) -> dict[str, Any]:
        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        return {"system": self.system, "metric": self.metric, "score": r(self.score), "p_value": r(self.p_value),
                "mean": r(self.mean), "ci95": [r(self.ci_low), r(self.ci_high)]}


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
    """Compare every system in ``systems`` with ``baseline`` (one hypothesis per reference, same order)."""
    from sacrebleu.significance import PairedTest

    if test not in ("bs", "ar"):
        raise InputError(f"unknown significance test {test!r}; use 'bs' (bootstrap) or 'ar' (randomisation)")
    if baseline not in systems:
        raise InputError(f"baseline {baseline!r} is not one of the systems: {', '.join(systems)}")
    if len(systems) < 2:
        raise InputError("a paired test needs at least two systems")
    n = len(references)
    if n == 0:
        raise InputError("no segments to compare: every system needs a candidate for segments with a reference")
    for name, hyps in systems.items():
        if len(hyps) != n:
            raise InputError(f"system {name!r} has {len(hyps)} hypotheses for {n} references")
    objs = [m if isinstance(m, Metric) else get_metric(m, target_lang=target_lang, tokenize=tokenize) for m in metrics]
    named: list[tuple[str, Sequence[str]]] = [(baseline, list(systems[baseline]))]
    named += [(k, list(v)) for k, v in systems.items() if k != baseline]
    sacre = {m.name: m.sacre() for m in objs}
    pt = PairedTest(named, sacre, references=[list(references)], test_type=test, n_samples=n_samples,
                    n_ar_confidence=0 if test == "ar" else -1)
    signatures, scores = pt()
    # sacrebleu keys its output by its own metric names (BLEU, chrF2, chrF2++, TER), in our order.
    sacre_names = [k for k in scores if k != "System"]
    ours = [m.name for m in objs]
    results: dict[str, list[SystemResult]] = {}
    for our, theirs in zip(ours, sacre_names, strict=True):
        rows = []
        res: Any
        for system, res in zip(scores["System"], scores[theirs], strict=True):
            mean = getattr(res, "mean", None)
            ci = getattr(res, "ci", None)
            rows.append(SystemResult(
                system=str(system), metric=our, score=float(res.score),
                p_value=None if res.p_value is None else float(res.p_value),
                mean=None if mean is None else float(mean),
                ci_low=None if mean is None or ci is None else float(mean - ci),
                ci_high=None if mean is None or ci is None else float(mean + ci),
            ))
        for row in rows[1:]:
            row.same_as_baseline = row.score == rows[0].score
        results[our] = rows
    sigs = {our: str(signatures[theirs]) for our, theirs in zip(ours, sacre_names, strict=True)}
    warning = small_sample_warning(n)
    return PairedResult(
        baseline=baseline,
        test=test,
        n_samples=pt.n_samples,
        n_segments=n,
        signatures=sigs,
        results=results,
        warnings=[warning] if warning else [],
    )


__all__ = ["ALPHA", "MIN_SEGMENTS", "MIN_TESTABLE", "PairedResult", "SystemResult", "paired_test",
           "small_sample_warning", "verdict"]
