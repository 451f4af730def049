"""Addition: target content words that nothing in the source accounts for.

Reads the word-level evidence of :mod:`review_app.checks.meaning` (``ctx.analyses.meaning``): a target content
word (not an English function word) is *explained* when its stem is among the stems of the source words'
dictionary glosses, or it renders a source name, number or Latin word. A unit is reported when

* a run of at least ``min_run`` (default 9) consecutive unexplained content words (function words in between
  do not break it) — an invented clause; or
* at least ``min_share`` (default 0.75) of the target's content words are unexplained, with at least
  ``min_words`` (default 2) of them, *and* the source's own words are mostly uncovered (weighted share ≥
  ``min_source_uncovered``, default 0.8, of at least ``min_source_weight``, default 4.5: two nouns and a verb) — a
  target that says something else (an MT hallucination); or
* the target has more sentences than the source and one of them has at least ``sentence_words`` (default 3)
  content words, none of them explained — an invented sentence; or
* the target is at least ``invented_ratio`` (default 3.5) times the source's length in characters, has at least
  ``invented_words`` (default 3) content words, none of them explained, and no source word is covered under the
  strict coverage of :mod:`review_app.checks.clauses` — a short source (投稿、ありがとうございます。) given a
  longer, unrelated target ("It's a great app, but I can't wait to see how it works.").

A Latin-script source word that the analysis found only inside a target word (``R`` in *sure*) counts as
uncovered (:func:`review_app.checks.clauses.strict_status`).

English number words (*seven*, *twice*) are explained by the source's numerals. The thresholds were chosen on the
WMT21/22 professional references (≤ 2 % of their segments flagged) and the labelled rows written before the code
(``bench/meaning.py``: 14 of 22 additions found, no false alarm): a professional translation adds many words a
dictionary cannot trace (explanations, idiomatic renderings), so only long runs, invented sentences and whole
targets are reported.

The finding's ``target_span`` covers the unexplained run and the message quotes it.
"""

from __future__ import annotations

import itertools
import re
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
        min_share = float(ctx.config.option(self.check_id, "min_share", 0.75))
        min_words = int(ctx.config.option(self.check_id, "min_words", 2))
        min_src_uncovered = float(ctx.config.option(self.check_id, "min_source_uncovered", 0.8))
        min_src_weight = float(ctx.config.option(self.check_id, "min_source_weight", 4.5))
        best = _longest_run(d.unexplained, target) if len(d.unexplained) >= min_run else []
        # Latin words found only inside a target word (R in "sure") count as uncovered
        latin = d.strict.latin if d.strict is not None else 0.0
        src_uncovered = (d.uncovered + latin) / d.total if d.total else 1.0
        share = len(d.unexplained) / d.target_content if d.target_content else 0.0
        whole = (len(d.unexplained) >= min_words and share >= min_share and src_uncovered >= min_src_uncovered
                 and d.total >= min_src_weight)
        # a short source and a much longer target none of whose content words it explains (an MT hallucination:
        # "It's a great app, but I can't wait to see how it works." for 投稿、ありがとうございます。)
        invented_words = int(ctx.config.option(self.check_id, "invented_words", 3))
        invented_ratio = float(ctx.config.option(self.check_id, "invented_ratio", 3.5))
        ratio = len(target) / len(unit.source) if unit.source else 0.0
        strict = d.strict
        invented = (not whole and strict is not None and len(d.unexplained) >= invented_words
                    and len(d.unexplained) == d.target_content and ratio >= invented_ratio
                    and strict.uncovered >= strict.total)
        sentence_words = int(ctx.config.option(self.check_id, "sentence_words", 3))
        extra = _added_sentence(unit.source, target, d.unexplained, sentence_words) if (
            len(best) < min_run and not whole and not invented and len(d.unexplained) >= sentence_words) else []
        if len(best) < min_run and not whole and not invented and not extra:
            return
        run = best if len(best) >= min_run else list(d.unexplained) if whole or invented else extra
        span = (run[0][0], run[-1][1])
        why = f"; the target is {ratio:.1f}× the source's length and renders none of its words" if (
            invented and len(best) < min_run) else ""
        yield self.issue(
            unit, f"the target's {target[span[0]:span[1]]!r} has no counterpart in the source "
                  f"({len(d.unexplained)} of {d.target_content} target content words unexplained){why}; expected "
                  "only what the source says",
            target_span=span, unexplained=round(share, 2))


_SOURCE_END = re.compile(r"[。．！？!?]+(?=[」』）)\s]*.)")
_TARGET_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")


def _added_sentence(source: str, target: str, spans: tuple[tuple[int, int], ...], min_words: int
                    ) -> list[tuple[int, int]]:
    """The content words of a target sentence that nothing in the source accounts for, all of them, when the
    target has more sentences than the source (an invented sentence: "No returns or exchanges." after a product
    name); else []."""
    if min_words <= 0 or not spans:
        return []
    cuts = [m.end() for m in _TARGET_END.finditer(target)]
    if not cuts or len(cuts) + 1 <= len(_SOURCE_END.findall(source.strip())) + 1:
        return []
    unexplained = set(spans)
    bounds = [0, *cuts, len(target)]
    content = [(s, e) for w, s, e in target_words(target) if w.lower() not in EN_STOP and len(w) >= 3]
    for a, b in itertools.pairwise(bounds):
        words = [sp for sp in content if a <= sp[0] < b]
        if len(words) >= min_words and all(sp in unexplained for sp in words):
            return words
    return []


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
