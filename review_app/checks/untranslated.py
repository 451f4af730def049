"""Untranslated text, copies of the source and empty targets (Japanese→English).

Japanese script in an English target is found by Unicode script ranges (UAX #24: Hiragana, Katakana, Han,
plus the halfwidth katakana block); CJK punctuation is the typography checks' business. Japanese that the
glossary allows in the target (an English-side term containing the original, e.g. "Reiwa (令和)") is not
reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from review_app.checks.base import JA, Category, Check, CheckContext, Issue, Unit
from review_app.models import Severity

_JAPANESE_CHARS = (
    "\u3040-\u309f"                            # Hiragana
    "\u30a0-\u30ff\u31f0-\u31ff"                # Katakana (with ー ・) and phonetic extensions
    "\uff66-\uff9f"                            # halfwidth Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"   # CJK ideographs: extension A, unified, compatibility
    "々〆〇"                                   # iteration mark, shime, ideographic zero
)
JAPANESE_RUN = re.compile(f"[{_JAPANESE_CHARS}]+")


def japanese_share(text: str) -> float:
    """Share of the non-space characters of ``text`` that are Japanese script."""
    chars = len("".join(text.split()))
    return sum(m.end() - m.start() for m in JAPANESE_RUN.finditer(text)) / chars if chars else 0.0


@functools.lru_cache(maxsize=8192)
def _mostly_japanese(text: str) -> bool:
    return japanese_share(text) > 0.3


def is_mostly_japanese(text: str | None) -> bool:
    """A "target" that is mostly Japanese (a source copy): English-side checks have nothing to compare."""
    if not text or text.isascii() or JAPANESE_RUN.search(text) is None:
        return False  # no Japanese at all (nearly every target): share 0, no cache entry needed
    return _mostly_japanese(text)


class Untranslated(Check):
    check_id = "untranslated"
    name = "Untranslated Japanese"
    description = "Kana or kanji left in the English target; expected an English rendering."
    category = Category.ACCURACY
    severity = Severity.MAJOR
    source_langs = JA
    target_spaced = True

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        target = unit.target or ""
        allowed = ctx.analyses.allowed_japanese
        for m in JAPANESE_RUN.finditer(target):
            if m.group() == "・":
                continue  # a katakana middle dot alone is punctuation (typography reports it)
            if m.group() in allowed:
                continue
            src = unit.source.find(m.group())
            yield self.issue(unit, f"Japanese text {m.group()!r} left in the target; expected it translated",
                             target_span=m.span(), source_span=(src, src + len(m.group())) if src >= 0 else None)


def glossary_japanese(ctx: CheckContext) -> frozenset[str]:
    """Japanese runs inside the glossary's admitted/preferred target-language terms
    (``ctx.analyses.allowed_japanese`` computes them once per run)."""
    if ctx.glossary is None:
        return frozenset()
    from review_app.glossary import TermStatus

    return frozenset(m.group() for c in ctx.glossary
                     for t in c.terms_in(ctx.target_lang, TermStatus.PREFERRED, TermStatus.ADMITTED)
                     for m in JAPANESE_RUN.finditer(t.text))


# One character of JAPANESE_RUN (no match: share 0), scanned without building runs.
_NO_JAPANESE_HINT = re.compile(f"[{_JAPANESE_CHARS}]")


class SourceCopy(Check):
    check_id = "source-copy"
    name = "Source copied"
    description = "The target equals or mostly equals the source; expected a translation."
    category = Category.ACCURACY
    severity = Severity.CRITICAL

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        src, tgt = unit.source.strip(), (unit.target or "").strip()
        if not src or not tgt:
            return
        if not JAPANESE_RUN.search(src):
            return  # a Latin-only source ("DOGE", "Musk 2024") may legitimately be kept as is
        threshold = float(ctx.config.option(self.check_id, "ratio", 0.8))
        if src != tgt and threshold > 0 and _NO_JAPANESE_HINT.search(tgt) is None:
            return  # no Japanese character: share 0 (one C scan instead of japanese_share)
        if src != tgt and japanese_share(tgt) < threshold / 2:
            return  # mostly English: cannot be a near-copy of a Japanese source (skips the costly ratio)
        ratio = 1.0 if src == tgt else SequenceMatcher(None, src, tgt, autojunk=False).ratio()
        if ratio >= threshold:
            yield self.issue(unit, f"the target is {ratio:.0%} the same as the source (threshold "
                                   f"{threshold:.0%}); expected an English translation",
                             source_span=(0, len(unit.source)), target_span=(0, len(unit.target or "")),
                             similarity=round(ratio, 3))


class EmptyTarget(Check):
    check_id = "empty-target"
    name = "Empty target"
    description = "The source has text but the target is missing, empty or only whitespace."
    category = Category.ACCURACY
    severity = Severity.MAJOR
    needs_target = False

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        if unit.meta.get("status") == "new":
            return  # a project segment nobody has translated yet is work to do, not an error
        if unit.source.strip() and not (unit.target or "").strip():
            what = "missing" if unit.target is None else "empty"
            yield self.issue(unit, f"the target is {what}; expected a translation of the source",
                             source_span=(0, len(unit.source)),
                             target_span=None if unit.target is None else (0, len(unit.target)))
