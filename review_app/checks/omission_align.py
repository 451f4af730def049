"""Clause-by-clause coverage for ``omission``: a source clause none of whose words the target renders, in a target
that renders the other clauses, whatever the target's length.

The unit-level rules of :mod:`review_app.checks.omission` allow paraphrase per unit: a target long enough for its
source is read as a loose but complete translation, so a full, fluent target that drops one clause of a long
source passes (新型コロナウイルスの影響で、…交流が難しい中、感染症の早期収束や健康を願い企画した rendered up to
"…interact with local residents every year."). Here the allowance is per clause: each clause of the source
(:func:`review_app.checks.clauses.source_clauses`) is aligned with the target through its anchors — its known
content words (dictionary glosses, numbers, names, Latin words), by the analysis's loose coverage *and* by the
strict one-to-one coverage of :func:`review_app.checks.clauses.strict_status`. A run of whole clauses is
**dropped** when every known word in it is uncovered by both, it has a predicate (a verb, an adjective, or a noun
before する/な/だ) and at least ``min_words`` known words weighing at least ``min_weight``, while the other
clauses are **rendered**: at least ``min_rendered`` of the rest of the source's known weight is covered (the
target is this source's translation, aligned clause by clause, not a target that says something else, which the
``whole`` rule reads).

With four or more anchors of one clause all missing, a paraphrase the dictionary cannot link is much less likely
than with the one or two of a unit-level miss: the figures are in :mod:`review_app.checks.omission`.

Only units whose digest already shows a loose uncovered run of ``min_words`` words and ``min_weight`` weight are
re-analysed here (:func:`review_app.checks.meaning.analyse` memoises the source side; the evidence is dropped
after the digest), so the cost is that of the few suspected units; in a QA run that re-analysis is made right after
the unit's digest, while its source's analysis is still kept (:class:`AlignedAhead`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from review_app.checks.base import Unit
from review_app.checks.clauses import source_clauses, strict_status
from review_app.checks.meaning import COVERED, UNCOVERED, UNKNOWN, SourceWord, analyse, refine_exact

_PREDICATE_AFTER = ("し", "す", "さ", "せ", "な", "だ")


@dataclass(frozen=True, slots=True)
class AlignedGap:
    """A run of whole source clauses the target renders none of, in a target that renders the rest."""

    span: tuple[int, int]
    weight: float
    words: tuple[str, ...]
    rendered: float
    """The share of the rest of the source's known weight the target covers."""
    main: bool
    """The run holds the source's last predicate."""


@dataclass(frozen=True, slots=True)
class AlignedOptions:
    """The ``aligned`` rule's options in one run (:func:`review_app.checks.omission.aligned_options`)."""

    min_words: int
    min_weight: float
    min_rendered: float
    shown: int
    slack: float
    expected: float
    """The run's median target/source length ratio (or ``default_ratio``)."""


class AlignedAhead:
    """:func:`dropped_clause` of the units the ``aligned`` rule will ask about (``ctx.analyses.aligned``), computed
    right after each unit's digest, while its source's analysis is still kept (:func:`review_app.checks.meaning.analyse`
    keeps the last sources'): in the rule's own pass, long after, each such source was parsed and analysed again
    (1,488 of bench/qa.py's 20,000 units). :meth:`prepare` computes it for a unit that meets the rule's necessary
    condition (:func:`review_app.checks.omission.may_align`); :meth:`gap` hands each answer over once, and computes
    it there when it was not prepared with the same options. The answer is the function's own: only when it is
    computed changes."""

    __slots__ = ("_done", "options")

    def __init__(self, options: AlignedOptions) -> None:
        self.options = options
        self._done: dict[str, tuple[Unit, AlignedGap | None]] = {}

    def prepare(self, unit: Unit, d: Any) -> None:
        """Compute ``unit``'s gap now if the rule can read it (``d``: its digest)."""
        from review_app.checks.omission import may_align

        if may_align(d, unit, self.options):
            self._done[unit.id] = (unit, _dropped(unit, self.options))

    def gap(self, unit: Unit, options: AlignedOptions) -> AlignedGap | None:
        """:func:`dropped_clause` of ``unit`` with ``options``: the prepared answer, or computed now."""
        hit = self._done.pop(unit.id, None)
        if hit is not None and hit[0] is unit and options == self.options:
            return hit[1]
        return _dropped(unit, options)


def _dropped(unit: Unit, o: AlignedOptions) -> AlignedGap | None:
    return dropped_clause(unit, o.min_words, o.min_weight, o.min_rendered, o.shown)


def dropped_clause(unit: Unit, min_words: int = 4, min_weight: float = 6.0, min_rendered: float = 0.7,
                   shown: int = 8) -> AlignedGap | None:
    """The heaviest run of whole clauses of ``unit``'s source whose known words are all uncovered (loosely and
    strictly), with a predicate, at least ``min_words`` known words and ``min_weight`` weight, when at least
    ``min_rendered`` of the other known weight is covered; None otherwise (see the module docstring)."""
    source, target = unit.source, unit.target or ""
    if not source or not target.strip():
        return None
    ev = analyse(unit)
    words = ev.words
    if not words or not _may_drop(words, source, min_words, min_weight):
        return None
    refine_exact(ev, target)
    strict = strict_status(words, target, source)
    # a word is rendered when either coverage finds it; unknown by both: not an anchor
    status: list[int] = []
    for w, s in zip(words, strict, strict=True):
        if w.status == UNKNOWN and s == UNKNOWN:
            status.append(UNKNOWN)
        elif COVERED in (w.status, s):
            status.append(COVERED)
        else:
            status.append(UNCOVERED)
    runs: list[tuple[list[int], tuple[int, int]]] = []
    cur: list[int] = []
    cur_span = (0, 0)
    k, n = 0, len(words)
    for a, b in source_clauses(source):
        inside: list[int] = []
        while k < n and words[k].span[0] < b:
            if words[k].span[0] >= a and status[k] != UNKNOWN:
                inside.append(k)
            k += 1
        if not inside:
            continue
        if any(status[i] == COVERED for i in inside):
            if cur:
                runs.append((cur, cur_span))
            cur = []
            continue
        cur_span = (cur_span[0] if cur else a, b)
        cur = [*cur, *inside]
    if cur:
        runs.append((cur, cur_span))
    known = [i for i in range(n) if status[i] != UNKNOWN]
    total = sum(words[i].weight for i in known)
    best: AlignedGap | None = None
    for ids, span in runs:
        if len(ids) < min_words:
            continue
        weight = sum(words[i].weight for i in ids)
        if weight < min_weight or not _has_predicate(words, source, span):
            continue
        rest = total - weight
        covered = sum(words[i].weight for i in known if status[i] == COVERED)
        if rest <= 0 or covered / rest < min_rendered:
            continue
        main = any(words[i].weight >= 3 and words[i].kind in ("verb", "adj") for i in ids) or _ends(source, span)
        if best is None or weight > best.weight:
            best = AlignedGap(span, weight, tuple(words[i].text for i in ids[:shown + 1]), covered / rest, main)
    return best


def _may_drop(words: list[SourceWord], source: str, min_words: int, min_weight: float) -> bool:
    """A necessary condition of a dropped clause run, from the loose coverage alone (before the precise matching,
    the costly part): some run of clauses with no loosely covered word holds at least ``min_words`` other words
    weighing ``min_weight``. A word the strict reading covers is never loosely uncovered and a clause with a loosely
    covered word is never dropped, so every run :func:`dropped_clause` can report lies inside such a run."""
    n_words, weight = 0, 0.0
    k, n = 0, len(words)
    for a, b in source_clauses(source):
        inside = 0
        w_in = 0.0
        covered = False
        while k < n and words[k].span[0] < b:
            w = words[k]
            if w.span[0] >= a:
                if w.status == COVERED:
                    covered = True
                else:
                    inside += 1
                    w_in += w.weight
            k += 1
        if covered:
            n_words, weight = 0, 0.0
            continue
        n_words, weight = n_words + inside, weight + w_in
        if n_words >= min_words and weight >= min_weight:
            return True
    return False


def _has_predicate(words: list[SourceWord], source: str, span: tuple[int, int]) -> bool:
    return any(span[0] <= w.span[0] < span[1] and (w.kind in ("verb", "adj") or (
        w.kind == "noun" and source.startswith(_PREDICATE_AFTER, w.span[1]))) for w in words)


def _ends(source: str, span: tuple[int, int]) -> bool:
    """The run reaches the end of the source's text (only punctuation, quotes or spaces after it)."""
    return not any(ch.isalnum() for ch in source[span[1]:])


_LOOP = re.compile(r"(?i)\b([a-z0-9'’]+(?:[\s,.!?;:\-]+[a-z0-9'’]+){0,3}?[\s,.!?;:\-]+)\1{5,}")
"""One to four words said at least six times in a row (``Hun Hun Hun …``, ``no, no, no, …``): an MT loop."""


def target_loop(target: str, min_share: float = 0.3) -> tuple[tuple[int, int], str, int] | None:
    """The first MT loop of ``target`` (:data:`_LOOP`) spanning at least ``min_share`` of the target's characters:
    (its target span, the repeated words, how many times), or None. Linear in the target: the regex only starts
    where a word starts and backtracks over at most four words."""
    if len(target) < 24:
        return None
    # (necessary, and cheap: the unit's first word comes back at least six times, five of them as the same token)
    tokens = target.lower().split()
    if len(tokens) < 6 or Counter(tokens).most_common(1)[0][1] < 5:
        return None
    for m in _LOOP.finditer(target):
        a, b = m.span()
        if (b - a) >= min_share * len(target.strip()):
            unit = m.group(1)
            return (a, b), unit.strip(" ,.!?;:-"), (b - a) // len(unit)
    return None
