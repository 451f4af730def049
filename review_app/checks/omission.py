"""Omission: source content words with no counterpart in the target, weighted by importance.

Reads the word-level evidence of :mod:`review_app.checks.meaning` (``ctx.analyses.meaning``): each source content
word is covered (a dictionary gloss, a number, a name's sound or a Latin word found in the target), uncovered or
unknown (the dictionary has nothing to look for: never counted). A unit is reported when

* a run of consecutive uncovered words weighs at least ``min_run`` (default 12: four names, numbers or
  main-clause verbs; six other verbs; eight nouns) — a dropped clause; or
* the uncovered words weigh at least ``min_share`` (default 0.7) of the known words' weight, with at least
  ``min_weight`` (default 6) known, and at least 0.8 of the target's content words are unexplained by the source
  (``addition``'s evidence) — a target that translates something else.

The thresholds were chosen on the WMT21/22 professional references (≤ 1.5 % of their segments flagged) and the
labelled rows written before the code (``bench/meaning.py``).

Weights: names, numbers and the sentence's last predicate 3; verbs and adjectives 2; nouns 1.5; adverbs 0.5.
The finding's ``source_span`` covers the uncovered run (from its first to its last word) and the message quotes
it; for a dropped clause, ``target_span`` points at the rendering of the last covered source word before it (where
the clause should have followed), which the Review page highlights on the target side.
"""

from __future__ import annotations

from collections.abc import Iterable

from review_app.checks.base import CheckContext, Issue, Unit
from review_app.checks.meaning import UNCOVERED, MeaningCheck, UnitEvidence, anchor_before, runs


class Omission(MeaningCheck):
    check_id = "omission"
    name = "Source words not translated"
    description = ("Source content words (names, numbers, verbs, nouns) that nothing in the target renders: a "
                   "dropped clause or a target that translates something else. Reports the uncovered span; "
                   "expected every part of the source to be translated.")

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        ev: UnitEvidence = ctx.analyses.meaning.of(unit)
        min_run = float(ctx.config.option(self.check_id, "min_run", 12.0))
        min_share = float(ctx.config.option(self.check_id, "min_share", 0.7))
        min_weight = float(ctx.config.option(self.check_id, "min_weight", 6.0))
        known = ev.known()
        total = sum(w.weight for w in known)
        if not total:
            return
        uncovered = sum(w.weight for w in known if w.status == UNCOVERED)
        best = max(runs(ev.words, UNCOVERED), key=lambda r: sum(w.weight for w in r), default=[])
        weight = sum(w.weight for w in best)
        unexplained = len(ev.unexplained) / ev.target_content if ev.target_content else 1.0
        whole = total >= min_weight and uncovered / total >= min_share and unexplained >= 0.8
        if weight < min_run and not whole:
            return
        if whole:
            words = [w for w in known if w.status == UNCOVERED]
            span = (words[0].span[0], words[-1].span[1])
            what = (f"{len(words)} of the source's {len(known)} content words have no counterpart in the target "
                    f"({', '.join(w.text for w in words[:8])}{'…' if len(words) > 8 else ''}); the target may "
                    "translate something else")
        else:
            span = (best[0].span[0], best[-1].span[1])
            what = (f"the source's {unit.source[span[0]:span[1]]!r} has no counterpart in the target (uncovered: "
                    f"{', '.join(w.text for w in best[:8])}{'…' if len(best) > 8 else ''})")
        at = None if whole else anchor_before(ev, span[0])
        target = unit.target or ""
        where = f" after {target[at[0]:at[1]]!r}" if at else ""
        yield self.issue(unit, f"{what}; expected it translated{where}", source_span=span, target_span=at,
                         uncovered=round(uncovered / total, 2), run_weight=weight)
