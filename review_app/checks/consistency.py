"""Document-level consistency: one source, one translation; one translation, one source.

After Okapi CheckMate's "target inconsistency" and "source inconsistency" checks and Weblate's ``consistency``
check. Texts are compared after folding whitespace (and, for targets, case and final punctuation), so a repeated
heading or sentence translated twice in different words is reported, while "The end" vs "The end." is not.
Each issue names the other units and the majority rendering, which is what the reviewer should use.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
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


class InconsistentTarget(Check):
    check_id = "inconsistent-target"
    name = "Same source, different targets"
    description = "The same source text is translated differently in different units; expected one rendering."
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
            variants = Counter(_norm_target(u.target or "") for u in units)
            if len(variants) < 2:
                continue
            top, top_n = variants.most_common(1)[0]
            example = next(u for u in units if _norm_target(u.target or "") == top)
            for u in units:
                if _norm_target(u.target or "") == top and top_n > 1:
                    continue
                if u is example:
                    continue
                others = ", ".join(x.id for x in units if x is not u)
                yield self.issue(u, f"same source as unit(s) {others} but translated differently; expected "
                                    f"{example.target!r} (unit {example.id})",
                                 source_span=(0, len(u.source)), target_span=(0, len(u.target or "")),
                                 variants=len(variants))

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
