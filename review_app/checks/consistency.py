"""Document-level consistency: one source, one translation; one translation, one source.

After Okapi CheckMate's "target inconsistency" and "source inconsistency" checks and Weblate's ``consistency``
check. Texts are compared after folding whitespace (and, for targets, case and final punctuation), so a repeated
heading or sentence translated twice in different words is reported, while "The end" vs "The end." is not.
A group of units with one source and several renderings is reported once, naming its renderings (the most
frequent first, which is what the reviewer should use) and where they occur, with bounded lists and counts.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator

from review_app.checks.base import Category, Check, CheckContext, Issue, Unit
from review_app.models import Severity


def _norm_source(text: str) -> str:
    # "".join(t.split()) == re.sub(r"\s+", "", t): str.split and the regex's \s use the same whitespace test
    # (Py_UNICODE_ISSPACE); the split is several times cheaper (test_consistency_normalisation_is_unchanged)
    return "".join(unicodedata.normalize("NFKC", text).split())


def _norm_target(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).replace("“", '"').replace("”", '"').replace("’", "'")
    return " ".join(t.split()).rstrip(".!?;:").casefold()  # == re.sub(r"\s+", " ", t).strip()…


def _repeated(keys: list[int]) -> set[int]:
    """The key hashes that occur more than once. A group of one unit never yields an issue, so the checks
    normalise every text once, keep only its hash, and group by the normalised text itself only the (rare)
    units whose hash repeats — no normalised copy of every text is held; a hash collision only lets a unit
    through to the exact grouping."""
    seen: set[int] = set()
    repeated: set[int] = set()
    for h in keys:
        if h in seen:
            repeated.add(h)
        else:
            seen.add(h)
    return repeated


MAX_RENDERINGS = 10
"""Renderings of a group listed in a finding's data (the most frequent first); the rest are counted."""
MAX_UNITS = 10
"""Unit ids listed per rendering in a finding's data; the rest are counted."""
SHOWN_RENDERINGS = 3
SHOWN_UNITS = 3
"""What the message names: the first renderings and, for each, the first units."""


class InconsistentTarget(Check):
    check_id = "inconsistent-target"
    name = "Same source, different targets"
    description = ("The same source text is translated differently in different units; expected one rendering. "
                   "Reported once per group of units with that source, on the first unit that departs from the "
                   "most frequent rendering, naming the renderings and where they occur.")
    category = Category.STYLE
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        groups: dict[str, list[Unit]] = defaultdict(list)
        eligible = [u for u in ctx.units if u.source.strip() and (u.target or "").strip()]
        hashes = [hash(_norm_source(u.source)) for u in eligible]
        repeated = _repeated(hashes)
        for u, h in zip(eligible, hashes, strict=True):
            if h in repeated:
                groups[_norm_source(u.source)].append(u)
        for units in groups.values():
            issue = self._group_issue(units)
            if issue is not None:
                yield issue

    def _group_issue(self, units: list[Unit]) -> Issue | None:
        """One finding for a group of units with the same source, or None when they agree. Its size is bounded
        (:data:`MAX_RENDERINGS` renderings of :data:`MAX_UNITS` ids each, with counts), however large the group:
        a source repeated 300 times once wrote 300 findings of 299 ids each."""
        keys = [_norm_target(u.target or "") for u in units]
        by_rendering: dict[str, list[Unit]] = {}
        for u, k in zip(units, keys, strict=True):
            by_rendering.setdefault(k, []).append(u)
        if len(by_rendering) < 2:
            return None
        # the most frequent rendering, the first one in the document on a tie
        ranked = sorted(by_rendering.values(), key=lambda us: -len(us))
        majority = ranked[0]
        top = _norm_target(majority[0].target or "")
        first_off = next(u for u, k in zip(units, keys, strict=True) if k != top)
        listed = []
        for us in ranked[:SHOWN_RENDERINGS]:
            ids = ", ".join(u.id for u in us[:SHOWN_UNITS]) + (f" and {len(us) - SHOWN_UNITS} more"
                                                                 if len(us) > SHOWN_UNITS else "")
            listed.append(f"{us[0].target!r} in {len(us)} unit{'s' if len(us) > 1 else ''} ({ids})")
        rest = len(ranked) - SHOWN_RENDERINGS
        more = f", and {rest} other rendering{'s' if rest > 1 else ''}" if rest > 0 else ""
        why = "the most frequent" if len(majority) > 1 else "the first"
        message = (f"the same source is translated {len(ranked)} ways in {len(units)} units: {'; '.join(listed)}"
                   f"{more}; expected one rendering, e.g. {why}: {majority[0].target!r}")
        return self.issue(
            first_off, message, source_span=(0, len(first_off.source)),
            target_span=(0, len(first_off.target or "")), variants=len(ranked), units=len(units),
            departing=len(units) - len(majority),
            renderings=[{"target": us[0].target, "count": len(us), "units": [u.id for u in us[:MAX_UNITS]]}
                        for us in ranked[:MAX_RENDERINGS]])

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:  # pragma: no cover - document check
        return ()


class InconsistentSource(Check):
    check_id = "inconsistent-source"
    name = "Different sources, same target"
    description = ("Different source texts get the same translation; one of them is probably mistranslated "
                   "(or copied from a neighbour).")
    category = Category.ACCURACY
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        min_words = int(ctx.config.option(self.check_id, "min_words", 3))
        groups: dict[str, list[Unit]] = defaultdict(list)
        hashes = [hash(_norm_target(u.target or "")) for u in ctx.units]
        repeated = _repeated(hashes)
        for u, h in zip(ctx.units, hashes, strict=True):
            if h in repeated:
                t = _norm_target(u.target or "")
                if len(t.split()) >= min_words:
                    groups[t].append(u)
        for units in groups.values():
            sources = {_norm_source(u.source) for u in units}
            if len(sources) < 2:
                continue
            first = units[0]
            for u in units[1:]:
                if _norm_source(u.source) == _norm_source(first.source):
                    continue
                yield self.issue(u, f"the same target as unit {first.id} although the sources differ; expected a "
                                    f"translation of this unit's own source",
                                 source_span=(0, len(u.source)), target_span=(0, len(u.target or "")),
                                 other_unit=first.id)

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:  # pragma: no cover - document check
        return ()
