"""Quick fixes for QA findings whose remedy the glossary or the document already knows.

Two glossary checks name the exact replacement:

* ``term-source-variant`` (source side): the source uses a forbidden or non-canonical Japanese form of a concept
  (鷹潭 for イーグルパス, 超党派政治活動委員会 for スーパーPAC, 政府効率化局 for 政府効率化省); its data carry the
  ``canonical`` form and its source span covers the variant.
* ``term-forbidden`` (target side): the target uses a forbidden English rendering (*Yingtan*); its data carry the
  ``expected`` preferred term(s) and its target span covers the forbidden text.

A source variant that glosses the canonical form right before it (MAGA(マジシャン)) is removed with its brackets
rather than replaced, which would give MAGA(MAGA).

Source-side checks of the document itself (:data:`SOURCE_FIXES`) name theirs in ``data["expected"]``: the
document's majority spelling, width or spacing (ラマスワミー → ラマスワミ, ２０２６ → 2026, "DOGE の" → "DOGEの"), one
name for an organisation (the glossary's, else the majority's), the Japanese comma, or ``""`` to remove a phrase
written twice (公の場で公の場に → 公の場に).

:func:`fix_for_issue` turns one stored finding into a :class:`Fix` — side, span, old and new text, and a reason for
the revision history — *only* when the span still covers the text the finding was made on (a finding of an older
text never rewrites a newer one). :func:`segment_fixes` lists the fixes of a project segment from the latest QA
run; the app's **Fix** buttons and any script use the same functions. No streamlit here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from review_app.review import ReviewService

SOURCE_FIXES = {
    "source-name-variants": "the document's majority spelling",
    "source-width-mix": "the document's width",
    "source-entity-variants": "one name for the organisation",
    "source-spacing-mix": "the document's spacing",
    "source-repeated-phrase": "a phrase written twice",
    "source-chinese-characters": "Japanese punctuation",
}
"""Source-side checks whose findings carry the replacement in ``data["expected"]`` (the document's majority form,
the glossary's form, or ``""`` to remove the span), with the reason recorded for the correction."""
FIXABLE = ("term-source-variant", "term-forbidden", *SOURCE_FIXES)
_BRACKETS = {("(", ")"), ("（", "）")}  # a gloss in parentheses; 「」 quote, they do not gloss


@dataclass(frozen=True, slots=True)
class Fix:
    side: str  # "source" or "target"
    start: int
    end: int
    old: str
    new: str
    reason: str

    def apply(self, text: str) -> str:
        """``text`` with the span replaced; raises ValueError when the span no longer holds ``old``."""
        if text[self.start : self.end] != self.old:
            raise ValueError(f"the text changed: characters {self.start}-{self.end} are "
                             f"{text[self.start:self.end]!r}, not {self.old!r}; run QA again")
        return text[: self.start] + self.new + text[self.end :]

    @property
    def label(self) -> str:
        if self.new:
            return f"{self.old} → {self.new}"
        return f"remove {self.old}" if self.old.strip() else f"remove the space{'s' if len(self.old) > 1 else ''}"


def fix_for_issue(check: str, data: Mapping[str, Any] | None, *, source: str, target: str | None,
                  source_span: Sequence[int] | None = None, target_span: Sequence[int] | None = None,
                  message: str = "") -> Fix | None:
    """The fix a finding names, or ``None`` (not a fixable check, no replacement, or a span that no longer fits)."""
    data = data or {}
    if check == "term-source-variant":
        side, text, span, new = "source", source, source_span, data.get("canonical")
    elif check == "term-forbidden":
        expected = data.get("expected") or []
        side, text, span = "target", target or "", target_span
        new = expected[0] if isinstance(expected, list) and expected else None
    elif check in SOURCE_FIXES:
        side, text, span, new = "source", source, source_span, data.get("expected")
    else:
        return None
    if not isinstance(new, str) or (not new and check not in SOURCE_FIXES) or span is None or len(span) != 2:
        return None
    start, end = int(span[0]), int(span[1])
    if not 0 <= start < end <= len(text):
        return None
    old = text[start:end]
    if old == new:
        return None
    # A bracketed gloss of the canonical form itself (MAGA(マジシャン)): the fix would read MAGA(MAGA), so the
    # gloss goes, brackets and all.
    if new and check not in SOURCE_FIXES and start > 0 and end < len(text) and \
            (text[start - 1], text[end]) in _BRACKETS and text[: start - 1].endswith(new):
        start, end, old, new = start - 1, end + 1, text[start - 1 : end + 1], ""
    if check == "term-forbidden" and isinstance(data.get("forbidden"), str) and \
            old.casefold() != str(data["forbidden"]).casefold():
        return None  # the span moved: the stored offsets belong to an older target
    concept = data.get("concept")
    if check in SOURCE_FIXES:
        change = f"{old} → {new}" if new else f"removed {old!r}"
        reason = f"{SOURCE_FIXES[check]}: {change}" + (f" — {message}" if message else "")
        return Fix(side, start, end, old, new, reason)
    change = f"{old} → {new}" if new else f"removed {old} (it repeats the canonical form before it)"
    reason = f"glossary{f' ({concept})' if concept else ''}: {change}" + (f" — {message}" if message else "")
    return Fix(side, start, end, old, new, reason)


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    """Apply several fixes of one side at once, last span first; overlapping fixes after the first are skipped."""
    out = text
    taken: list[tuple[int, int]] = []
    for f in sorted(fixes, key=lambda f: f.start, reverse=True):
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        out = f.apply(out)
        taken.append((f.start, f.end))
    return out


def segment_fixes(svc: ReviewService, key: str) -> list[Fix]:
    """The fixes the latest QA run names for segment ``key``, for the findings that are still current (made on
    its present source and target) and not dismissed."""
    from review_app import qa

    seg = svc.get_segment(key)
    out = []
    for stored in qa.list_issues(svc, segment=key):
        i = stored.issue
        if i.fingerprint(seg.effective_source, seg.target) != stored.fingerprint:
            continue  # made on an older text: its offsets may not fit any more
        fix = fix_for_issue(i.check, i.data, source=seg.effective_source, target=seg.target,
                            source_span=i.source_span, target_span=i.target_span, message=i.message)
        if fix is not None:
            out.append(fix)
    return out
