"""chrF and chrF++ statistics equal to sacrebleu's, with a faster match count (sacrebleu 2.x ``CHRF``).

sacrebleu counts the clipped matches of an n-gram order by walking the hypothesis's counter and looking each
n-gram up in the reference's. :func:`clipped_matches` walks the smaller of the two instead and sums the totals
in C; the statistics (hypothesis n-grams, reference n-grams, matches per order) are the same numbers, so
scores, signatures and significance tests are unchanged (``tests/test_metrics.py`` checks them against
sacrebleu's ``CHRF`` on the shipped drafts and on WMT22 systems).
"""

from __future__ import annotations

from collections.abc import Mapping

from sacrebleu.metrics import CHRF


def clipped_matches(a: Mapping[str, int], b: Mapping[str, int]) -> int:
    """The n-grams two counters share, each counted as often as the rarer side has it (symmetric)."""
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    count = 0
    for gram, k in a.items():
        other = get(gram)
        if other is not None:
            count += k if k < other else other
    return count


class FastCHRF(CHRF):
    """sacrebleu's ``CHRF`` (same options, signature and scores) with :func:`clipped_matches`."""

    @staticmethod
    def _get_match_statistics(hyp_ngrams: Mapping[str, int], ref_ngrams: Mapping[str, int]) -> list[int]:
        return [sum(hyp_ngrams.values()) if ref_ngrams else 0, sum(ref_ngrams.values()),
                clipped_matches(hyp_ngrams, ref_ngrams)]


__all__ = ["FastCHRF", "clipped_matches"]
