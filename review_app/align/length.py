"""The length model of the alignment: Gale & Church's length cost, fitted on Japanese characters against English
characters (:data:`CALIBRATION`, with its provenance), and its rescaling to one document's expansion."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

CALIBRATION: dict[str, Any] = {
    "ratio": 2.2169,
    "variance": 8.6577,
    "unit": "English characters per Japanese non-whitespace character",
    "method": "Gale & Church 1993 regression: ratio = Σl_en / Σl_ja, variance = Σ(l_en - ratio·l_ja)² / Σl_ja",
    "fitted_on": "corpus/musk-trump: 320 one-to-one segment pairs of the professional reference translation "
    "(tests/data/align_gold.json, built from work/reference.part1.json + part2.json on 2026-11-28, rebuilt "
    "2026-12-06 after the issue-17 revision of the reference) against source.ja.txt",
}
"""Length model of Japanese→English news translation. ``tests/test_align.py`` refits it on the gold
alignment and checks that these numbers are what the data gives."""

MAX_LENGTH_COST = 7.0
"""Cap of the length cost (|δ| ≈ 3.3): a translator's gloss can triple a sentence, and that must stay cheaper
than declaring the sentence untranslated (1-0) plus an unmatched English sentence (0-1)."""
MIN_RESCALE_SEGMENTS = 20
"""Rescale the length model to the document's own expansion only from this many Japanese segments on."""


def _norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def ja_length(text: str) -> int:
    """Japanese length: characters that are not whitespace."""
    return sum(1 for c in text if not c.isspace())


def en_length(text: str) -> int:
    return len(text.strip())


def length_cost(l_ja: int, l_en: int, calibration: dict[str, Any] = CALIBRATION) -> float:
    """Gale & Church's ``-log 2(1 - Φ(|δ|))`` for one link (both lengths in characters)."""
    c, s2 = float(calibration["ratio"]), float(calibration["variance"])
    delta = (l_en - c * l_ja) / math.sqrt(max(l_ja, 1) * s2)
    p = 2.0 * (1.0 - _norm_cdf(abs(delta)))
    return min(-math.log(max(p, 1e-12)), MAX_LENGTH_COST)


def fit_calibration(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Fit ``ratio`` and ``variance`` on ``(japanese, english)`` 1-1 pairs (Gale & Church 1993, §4)."""
    lens = [(ja_length(j), en_length(e)) for j, e in pairs]
    lens = [(a, b) for a, b in lens if a > 0 and b > 0]
    if not lens:
        raise ValueError("fit_calibration needs at least one non-empty pair")
    total_ja = sum(a for a, _ in lens)
    ratio = sum(b for _, b in lens) / total_ja
    variance = sum((b - ratio * a) ** 2 for a, b in lens) / total_ja
    return {"ratio": round(ratio, 4), "variance": round(variance, 4), "pairs": len(lens)}


def document_calibration(calibration: dict[str, Any], ja_lengths: list[int], en_lengths: list[int]) -> dict[str, Any]:
    """Rescale the length model to this translation's overall expansion.

    A literal draft is longer than the reference the model was fitted on (and a terse one shorter); left
    alone, every sentence would look too long and merges would win. With ``k = (Σl_en / Σl_ja) / ratio``
    the model becomes ``ratio·k`` and ``variance·k²`` (the same translator, writing ``k`` times longer). ``k``
    is clamped to [0.5, 2] so that a partial translation is not mistaken for a terse one, and only used from
    :data:`MIN_RESCALE_SEGMENTS` segments on (one added sentence would skew a short text's ratio).
    """
    total_ja = sum(ja_lengths)
    total_en = sum(en_lengths)
    if not total_ja or not total_en or len(ja_lengths) < MIN_RESCALE_SEGMENTS:
        return calibration
    k = min(2.0, max(0.5, total_en / total_ja / float(calibration["ratio"])))
    return {
        **calibration,
        "ratio": round(float(calibration["ratio"]) * k, 4),
        "variance": round(float(calibration["variance"]) * k * k, 4),
    }
