"""Addition: target content words that nothing in the source accounts for.

Reads the word-level evidence of :mod:`review_app.checks.meaning` (``ctx.analyses.meaning``): a target content
word (not an English function word) is *explained* when its stem is among the stems of the source words'
dictionary glosses, or it renders a source name, number or Latin word. A unit is reported when

* a run of at least ``min_run`` (default 9) consecutive unexplained content words (function words in between
  do not break it) — an invented clause; or
* at least ``min_share`` (default 0.9) of the target's content words are unexplained, with at least
  ``min_words`` (default 4) of them, *and* the source's own words are mostly uncovered (weighted share ≥ 0.7) — a
  target that says something else.

The thresholds were chosen on the WMT21/22 professional references (≤ 1.5 % of their segments flagged) and the
labelled rows written before the code (``bench/meaning.py``): a professional translation adds many words a
dictionary cannot trace (explanations, idiomatic renderings), so only long runs and whole targets are reported.

The finding's ``target_span`` covers the unexplained run and the message quotes it.
"""

from __future__ import annotations

from collections.abc import Iterable

from review_app.checks.base import CheckContext, Issue, Unit
from review_app.checks.meaning import EN_STOP, Digest, MeaningCheck, target_words


class Addition(MeaningCheck):
    check_id = "addition"
    name = "Target words not in the source"
    description = ("Target content words that nothing in the source accounts for: an invented clause or a "
                   "target that says something else. Reports the added span; expected only what the source "
                   "says.")

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        d: Digest = ctx.analyses.meaning.of(unit)
        if not d.unexplained:
            return
        target = unit.target or ""
        min_run = int(ctx.config.option(self.check_id, "min_run", 9))
        min_share = float(ctx.config.option(self.check_id, "min_share", 0.9))
        min_words = int(ctx.config.option(self.check_id, "min_words", 4))
        best = _longest_run(d.unexplained, target)
        src_uncovered = d.uncovered / d.total if d.total else 1.0
        share = len(d.unexplained) / d.target_content if d.target_content else 0.0
        whole = len(d.unexplained) >= min_words and share >= min_share and src_uncovered >= 0.7
        if len(best) < min_run and not whole:
            return
        run = list(d.unexplained) if whole and len(best) < min_run else best
        span = (run[0][0], run[-1][1])
        yield self.issue(
            unit, f"the target's {target[span[0]:span[1]]!r} has no counterpart in the source "
                  f"({len(d.unexplained)} of {d.target_content} target content words unexplained); expected "
                  "only what the source says",
            target_span=span, unexplained=round(share, 2))


def _longest_run(spans: tuple[tuple[int, int], ...], target: str) -> list[tuple[int, int]]:
    """The longest run of unexplained words with only function words and punctuation between them."""
    best: list[tuple[int, int]] = []
    cur: list[tuple[int, int]] = []
    content = [(s, e) for w, s, e in target_words(target) if w.lower() not in EN_STOP and len(w) >= 3]
    unexplained = set(spans)
    for sp in content:
        if sp in unexplained:
            cur.append(sp)
            if len(cur) > len(best):
                best = list(cur)
        else:
            cur = []
    return best
