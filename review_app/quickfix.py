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

import re
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


def segment_fixes(svc: ReviewService, key: str, *, values: bool = False) -> list[Fix]:
    """The fixes the latest QA run names for segment ``key``, for the findings that are still current (made on
    its present source and target) and not dismissed; with ``values``, also the source's numbers and dates where
    the target has others (:func:`value_fix`)."""
    from review_app import qa

    seg = svc.get_segment(key)
    out = []
    for stored in qa.list_issues(svc, segment=key):
        i = stored.issue
        if i.fingerprint(seg.effective_source, seg.target) != stored.fingerprint:
            continue  # made on an older text: its offsets may not fit any more
        args: dict[str, Any] = {"source": seg.effective_source, "target": seg.target, "source_span": i.source_span,
                                "target_span": i.target_span, "message": i.message}
        fix = fix_for_issue(i.check, i.data, **args) or (value_fix(i.check, i.data, **args) if values else None)
        if fix is not None:
            out.append(fix)
    return out


# -- numbers and dates of the target --------------------------------------------------------------------------------

VALUE_FIXES = ("number-mismatch", "date-mismatch", "date-format")
"""Target-side checks whose findings :func:`value_fix` can turn into a replacement: a number of the target that
differs from the source's (the target's own wording kept: "23.85 million yen" → "238.5 million yen"), a date
that differs from the source's, and a date written in Japanese order or with slashes ("2024/7/13" →
"July 13, 2024")."""

_SCALES = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("thousand", 1e3))
_NUMERAL = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s+(trillion|billion|million|thousand)\b)?")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_JA_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(?:(\d{1,2})\s*日)?")
_EN_DATE = re.compile(
    r"(?P<mdy>(?P<m1>" + "|".join(_MONTHS) + r")\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{4}))?)"
    r"|(?P<dmy>(?P<d2>\d{1,2})\s+(?P<m2>" + "|".join(_MONTHS) + r")(?:,?\s+(?P<y2>\d{4}))?)"
    r"|(?P<my>(?P<m3>" + "|".join(_MONTHS) + r")\s+(?P<y3>\d{4}))"
    r"|(?P<ymd>(?P<y4>\d{4})[ ,]+(?P<m4>" + "|".join(_MONTHS) + r")\s+(?P<d4>\d{1,2}))"
    r"|(?P<slash>(?:(?P<y5>\d{4})/)?(?P<m5>\d{1,2})/(?P<d5>\d{1,2}))"
)


def _number_text(value: float, scale_word: str | None, commas: bool) -> str:
    """``value`` written like the target wrote its number: with a scale word when it used one (the largest one that
    keeps the number at 1 or more), with thousands separators when it used them (or the number is large)."""
    if scale_word is not None:
        for word, factor in _SCALES:
            if abs(value) >= factor:
                num = f"{value / factor:,.4f}".rstrip("0").rstrip(".")
                return f"{num} {word}"
    if value == int(value):
        return f"{int(value):,}" if commas or abs(value) >= 10_000 else str(int(value))
    return f"{value:,.6g}" if commas else f"{value:.6g}"


def _number_fix(data: Mapping[str, Any], target: str, start: int, end: int) -> tuple[int, int, str, str] | None:
    """The numeral (with its scale word) inside the target span, and what it should read."""
    src, tgt = data.get("source_value"), data.get("target_value")
    if not isinstance(src, (int, float)) or not isinstance(tgt, (int, float)):
        return None
    if data.get("source_unit", "") != data.get("target_unit", ""):
        return None  # another unit (万人 → "people" is fine, yen → dollars is not a number slip): no blind fix
    span = target[start:end]
    m = next((m for m in _NUMERAL.finditer(span)), None)
    if m is None:
        return None
    written = float((m.group(1) + (m.group(2) or "")).replace(",", ""))
    factor = dict(_SCALES).get(m.group(3) or "", 1.0)
    # the numeral must be the target's value, as the check read it (a percentage, a count, an amount)
    if abs(written * factor - float(tgt)) > 1e-6 * max(1.0, abs(float(tgt))):
        return None
    new = _number_text(float(src), m.group(3), "," in m.group(1))
    old = m.group(0)
    return start + m.start(), start + m.end(), old, new


def _ja_date(source: str, source_span: Sequence[int] | None) -> tuple[int | None, int | None, int | None] | None:
    import unicodedata

    if source_span is None or len(source_span) != 2:
        return None
    text = unicodedata.normalize("NFKC", source[int(source_span[0]) : int(source_span[1])])
    m = _JA_DATE.search(text)
    if m is None or not any(m.groups()):
        return None
    y, mo, d = (int(g) if g else None for g in m.groups())
    if mo is not None and not 1 <= mo <= 12:
        return None
    return y, mo, d


def _en_date(y: int | None, mo: int | None, d: int | None, order: str) -> str | None:
    if mo is None:
        return None
    month = _MONTHS[mo - 1]
    if d is None:
        return f"{month} {y}" if y else month
    if order == "dmy":
        return f"{d} {month}" + (f" {y}" if y else "")
    return f"{month} {d}" + (f", {y}" if y else "")


def _date_fix(check: str, source: str, target: str, start: int, end: int,
              source_span: Sequence[int] | None) -> tuple[int, int, str, str] | None:
    span = target[start:end]
    m = _EN_DATE.search(span)
    if m is None:
        return None
    kind = m.lastgroup if m.lastgroup in ("mdy", "dmy", "my", "ymd", "slash") else next(
        (k for k in ("mdy", "dmy", "my", "ymd", "slash") if m.group(k)), "mdy")
    y: int | None
    mo: int | None
    d: int | None
    if check == "date-format":  # the target's own date, in English order
        if kind == "ymd":
            y, mo, d = int(m.group("y4")), _MONTHS.index(m.group("m4")) + 1, int(m.group("d4"))
        elif kind == "slash":
            y = int(m.group("y5")) if m.group("y5") else None
            mo, d = int(m.group("m5")), int(m.group("d5"))
        else:
            return None
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        new = _en_date(y, mo, d, "mdy")
    else:  # date-mismatch: the source's date, in the order the target wrote its date
        parsed = _ja_date(source, source_span)
        if parsed is None:
            return None
        y, mo, d = parsed
        if kind == "mdy" and y is None and m.group("y1"):
            y = int(m.group("y1"))  # the source left the year out ("7月13日"): keep the target's year
        if kind == "dmy" and y is None and m.group("y2"):
            y = int(m.group("y2"))
        new = _en_date(y, mo, d, "dmy" if kind == "dmy" else "mdy")
    if new is None:
        return None
    return start + m.start(), start + m.end(), m.group(0), new


def value_fix(check: str, data: Mapping[str, Any] | None, *, source: str, target: str | None,
              source_span: Sequence[int] | None = None, target_span: Sequence[int] | None = None,
              message: str = "") -> Fix | None:
    """The replacement a number or date finding of the target implies (:data:`VALUE_FIXES`), or ``None``: the
    finding's target span must still cover what the check read, and only the numeral (or the date) inside it
    changes — "about 13 minutes" → "about 30 minutes", "23.85 million yen" → "238.5 million yen" (a 10× slip),
    "July 31, 2024" → "July 13, 2024", "2024/7/13" → "July 13, 2024". Offered to the reviewer, never applied
    unseen: a number can be right in a way the check cannot see (a unit converted, a figure rounded)."""
    if check not in VALUE_FIXES or not target or target_span is None or len(target_span) != 2:
        return None
    start, end = int(target_span[0]), int(target_span[1])
    if not 0 <= start < end <= len(target):
        return None
    found = (_number_fix(data or {}, target, start, end) if check == "number-mismatch"
             else _date_fix(check, source, target, start, end, source_span))
    if found is None:
        return None
    s, e, old, new = found
    if old == new:
        return None
    what = "number" if check == "number-mismatch" else "date"
    reason = f"{what} of the source: {old} → {new}" + (f" — {message}" if message else "")
    return Fix("target", s, e, old, new, reason)
