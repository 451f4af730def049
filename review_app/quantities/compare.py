"""What is left after the number and date comparisons, reconciled across kinds.

The number checks pair quantities with quantities and the date checks dates with dates. Real translations move a
value between kinds all the time, and a professional one is not wrong for it: ``24日`` (a date) is "the 24th" (an
ordinal), ``２０００勝`` (a count) may be read as the year 2000, ``３年連続`` (a duration) is "the third straight
year" (an ordinal), ``週3日`` is "3 days a week", ``1980円`` is "1980 yen", ``12年総額…`` is "a 12-year contract".
Before a missing, extra or mismatched value is reported, :func:`reconcile` looks for it among everything the other
side says, in any kind, and among the bare numerals of the other text; only a value found nowhere is reported.

It also drops what the source supplies in other words: an extra year where the source says 今年/昨年 (the
translator resolved "this year" to 2021), an extra day where it says 前日/同日 ("the previous day" → "the 11th"),
and a missing day where the target names a weekday or a holiday ("on Monday", "Christmas Day") instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

from review_app.quantities.model import DateRef, Duration, Parsed, Quantity, TimeOfDay, fold


class Finding(Protocol):
    """A number or date finding (``review_app.checks.numbers.NumberFinding``, ``dates.DateFinding``)."""

    kind: str
    source: Any
    target: Any


F = TypeVar("F", bound=Finding)

# a numeral of the text (the 5 of "No.5" counts; the 55 of "1.55" does not)
_DIGITS = re.compile(r"(?<![0-9])(?<![0-9]\.)[0-9]+(?:\.[0-9]+)?")
_GROUPING = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
# the source states the year in other words: this year, last year, the same year, this season, fiscal…
_RELATIVE_YEAR = re.compile(r"今年|昨年|去年|来年|前年|翌年|同年|本年|一昨年|今季|昨季|来季|今期|前期|当時|同期")
# … or the day: the previous day, the same day, today, yesterday, tomorrow, this/that day
_RELATIVE_DAY = re.compile(r"前日|同日|当日|翌日|今日|きょう|昨日|きのう|明日|あす|あした|本日|先日|その日|この日|"
                           r"週末|曜日|[月火水木金土日]曜|[(（][月火水木金土日][)）]")
# the target names the day in other words: a weekday, a holiday, today…
_EN_DAY_WORDS = re.compile(r"\b(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\b|"
                           r"\b(?:today|yesterday|tomorrow|tonight|Christmas|New Year|Eve|Valentine|weekend)\b|"
                           r"\b(?:that|the same|the previous|the next|the following) (?:day|morning|evening|night)\b",
                           re.IGNORECASE)


# English qualifiers that are also plain prepositions or adverbs ("spreading over 168 stores", "gone up to 977")
_AMBIGUOUS_EN_QUALIFIER = re.compile(r"(?:over|up to|under|below|above|some|just|only)\b", re.IGNORECASE)
# a bound the Japanese states away from the number (最大”600円割引”, 30ミリ以上, 70万本突破, 多い所で80ミリ)
_JA_QUALIFIER_WORDS = re.compile(r"最大|最高|最低|以上|以下|以内|未満|超|突破|上回|下回|近く|余り|あまり|約|多い所|"
                                 r"まで|少なくとも|程度|前後|ほど|累計")


def item_values(item: Any) -> set[float]:
    """The values an item can be matched on: a quantity's value, a date's year, month and day (and the two
    digits of an abbreviated year, or its other reading), a duration's length, a time's hour and minute."""
    if isinstance(item, Quantity):
        return {item.value}
    if isinstance(item, DateRef):
        out = {float(v) for v in (item.year, item.month, item.day) if v is not None}
        if item.year is not None:
            out.add(float(item.year % 100))
        if item.alt is not None:
            out.add(item.alt)
        return out
    if isinstance(item, Duration):
        return {item.value}
    if isinstance(item, TimeOfDay):
        return {float(item.hour), float(item.hour % 12 or 12), float(item.minute)} if item.minute else \
            {float(item.hour), float(item.hour % 12 or 12)}
    return set()


def covered(item: Any, values: set[float]) -> bool:
    """Whether ``values`` account for ``item``: each stated part of a date (year — or its two digits or other
    reading —, month, day), any value of anything else."""
    if isinstance(item, DateRef):
        if item.part is not None:
            return False  # 10月下旬: "late" is the point, and only a date comparison can tell it is there
        year_ok = item.year is None or bool({float(item.year), float(item.year % 100),
                                             *((item.alt,) if item.alt is not None else ())} & values)
        return year_ok and all(float(v) in values for v in (item.month, item.day) if v is not None) and \
            not (item.year is None and item.month is None and item.day is None)
    return bool(item_values(item) & values)


def all_values(parsed: Parsed, text: str, skip: Any = None) -> set[float]:
    """Every value ``parsed`` holds and every bare numeral of ``text`` (digits glued to names count: the 4 of
    "PlayStation4", the 1000 of "ATP1000"), leaving out the item ``skip`` and the text under its span."""
    out: set[float] = set()
    for item in (*parsed.quantities, *parsed.dates, *parsed.durations, *parsed.times):
        if item is not skip:
            out |= item_values(item)
    folded = fold(text)
    if skip is not None:
        a, b = skip.span
        folded = folded[:a] + " " * (b - a) + folded[b:]
    if "," in folded:
        folded = _GROUPING.sub("", folded)
    out.update(float(m.group()) for m in _DIGITS.finditer(folded))
    return out


def match_times(src: Sequence[TimeOfDay], tgt: Sequence[TimeOfDay]) -> tuple[list[TimeOfDay], list[TimeOfDay]]:
    """The times of each side that the other does not state (19時 = "7pm"; 8時 = "8:00am" or "8pm")."""
    s_left, t_left = list(src), list(tgt)
    for s in list(s_left):
        for t in t_left:
            if s.same_as(t):
                s_left.remove(s)
                t_left.remove(t)
                break
    return s_left, t_left


def reconcile(findings: Iterable[F], src: Parsed, tgt: Parsed, source: str, target: str) -> list[F]:
    """``findings`` without those another kind of value or the wording of the other side accounts for."""
    findings = list(findings)
    if not findings:
        return findings
    tgt_values = all_values(tgt, target)
    src_values = all_values(src, source)
    day_words = None
    out = []
    for f in findings:
        if f.kind == "missing" and f.source is not None:
            if covered(f.source, tgt_values):
                continue  # the value is in the target, as another kind (24日 ↔ "the 24th")
            if isinstance(f.source, DateRef) and f.source.day is not None and f.source.month is None:
                if day_words is None:
                    day_words = _EN_DAY_WORDS.search(target) is not None
                if day_words:
                    continue  # the day named as a weekday or holiday ("on Monday", "Christmas Day")
        elif f.kind == "extra" and f.target is not None:
            if covered(f.target, src_values):
                continue  # the value is in the source, as another kind
            t = f.target
            if isinstance(t, DateRef) and t.year is not None and t.month is None and t.day is None \
                    and _RELATIVE_YEAR.search(source):
                continue  # 今年 resolved to "2021"
            if isinstance(t, DateRef) and t.day is not None and t.month is None and _RELATIVE_DAY.search(source):
                continue  # 前日 resolved to "the 11th"
            if isinstance(t, DateRef) and t.year is None and t.month is None and t.day is None:
                continue  # "the beginning of this year", said without a date in the source
        elif f.kind == "qualifier" and f.target is not None and f.target.qualifier is not None and (
                f.source is None or f.source.qualifier is None):
            if _AMBIGUOUS_EN_QUALIFIER.match(f.target.text) or _JA_QUALIFIER_WORDS.search(source):
                continue  # "spreading over 168 stores", "up to 977"; or the source bounds it in other words
        elif f.kind == "mismatch" and f.source is not None and not getattr(f, "slip", None):
            others = all_values(tgt, target, skip=f.target) if f.target is not None else tgt_values
            if f.target is not None and item_values(f.source) & item_values(f.target):
                pass  # the same value in another unit (5ポイント ↔ "5%"): the unit is the error
            elif covered(f.source, others):
                continue  # the source value is elsewhere in the target: the pairing was wrong, not the value
        out.append(f)
    return out
