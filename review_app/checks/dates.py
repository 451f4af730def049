"""Date and duration checks for Japanese→English.

Source dates (``2024年7月13日``, ``7月13日``, ``10月下旬``, ``2023年後半``, ``年末``, ``令和6年``) and durations
(``130日間``, ``10年間``) are parsed by :mod:`review_app.quantities` and matched against the English forms
("July 13, 2024", "13 July 2024", "Jul. 13", "late October", "the second half of 2023", "130 days").
A different year, month or day is a major error; a dropped part of month (下旬 → "October") is minor; a year
may be left out when the month and day are given (the article's context supplies it), as in AP style.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from review_app.checks.base import EN, JA, Category, Check, CheckContext, Issue, Unit
from review_app.models import Severity
from review_app.quantities.model import DateRef, Duration, format_value
from review_app.quantities.prefilter import ASCII_DIGIT_RE

_FIELDS = ("year", "month", "day")


@dataclass(slots=True)
class DateFinding:
    kind: str
    """``mismatch``, ``missing`` or ``extra``."""
    source: DateRef | Duration | None
    target: DateRef | Duration | None
    message: str
    severity: Severity | None = None


def _satisfies(s: DateRef, t: DateRef) -> bool:
    for f in _FIELDS:
        sv, tv = getattr(s, f), getattr(t, f)
        if sv is not None and tv is not None and sv != tv:
            return False
    if s.month is not None and t.month is None and not (s.day is None and s.year is not None and t.year):
        return False
    if s.day is not None and t.day is None:
        return False
    if s.year is not None and t.year is None and s.month is None:
        return False
    if s.part and t.part and s.part != t.part:
        return False
    if s.year is None and s.month is None and s.day is None:  # 年末 ↔ "the end of the year"
        return s.part == t.part and t.year is None and t.month is None and t.day is None
    return True


def _overlap(s: DateRef, t: DateRef) -> int:
    return sum(1 for f in _FIELDS if getattr(s, f) is not None and getattr(s, f) == getattr(t, f))


def compare_dates(src: list[DateRef], tgt: list[DateRef]) -> list[DateFinding]:
    s_left, t_left = list(src), list(tgt)
    out: list[DateFinding] = []
    for s in list(s_left):  # first the matches that agree on the part of month too (5月末 ↔ the end of May)
        for t in t_left:
            if s.part == t.part and _satisfies(s, t):
                s_left.remove(s)
                t_left.remove(t)
                break
    for s in list(s_left):
        for t in t_left:
            if _satisfies(s, t):
                if s.part and not t.part:
                    out.append(DateFinding(
                        "mismatch", s, t,
                        f"part of the date dropped: source {s.describe()} says {s.part.value}, target "
                        f"{t.describe()} does not; expected '{s.part.value} …'", Severity.MINOR))
                s_left.remove(s)
                t_left.remove(t)
                break
    for s in list(s_left):
        cands = [t for t in t_left if (s.month is None) == (t.month is None) or _overlap(s, t)]
        if not cands:
            continue
        t = max(cands, key=lambda c: _overlap(s, c))
        diffs = []
        for f in _FIELDS:
            sv, tv = getattr(s, f), getattr(t, f)
            if sv is not None and tv is not None and sv != tv:
                diffs.append(f"{f} {tv} instead of {sv}")
            elif sv is not None and tv is None and not (f == "year" and s.month is not None):
                diffs.append(f"{f} {sv} missing")
        if s.part and t.part and s.part != t.part:
            diffs.append(f"'{t.part.value}' instead of '{s.part.value}'")
        if not diffs:
            continue
        out.append(DateFinding("mismatch", s, t, f"date differs ({'; '.join(diffs)}): source {s.describe()}, "
                                                 f"target {t.describe()}" + (f" (minor: {s.doubt})" if s.doubt else ""),
                               Severity.MINOR if s.doubt else None))
        s_left.remove(s)
        t_left.remove(t)
    for s in s_left:
        out.append(DateFinding("missing", s, None,
                               f"date missing: source {s.describe()} does not appear in the target"
                               + (f" (minor: {s.doubt})" if s.doubt else ""), Severity.MINOR if s.doubt else None))
    src_years = {d.year for d in src if d.year}
    for t in t_left:
        if t.year and t.month is None and t.year in src_years:
            continue  # the year repeated in English ("in 2024, … later that year")
        out.append(DateFinding("extra", None, t, f"extra date: target {t.describe()} is not in the source"))
    return out


def compare_durations(src: list[Duration], tgt: list[Duration]) -> list[DateFinding]:
    s_left, t_left = list(src), list(tgt)
    out: list[DateFinding] = []
    for s in list(s_left):
        for t in t_left:
            if s.unit == t.unit and (s.value == t.value or (s.vague and t.vague)):
                s_left.remove(s)
                t_left.remove(t)
                break
    for s in list(s_left):
        if s.vague:
            continue
        cands = [t for t in t_left if t.unit == s.unit and not t.vague]
        if cands:
            t = cands[0]
            out.append(DateFinding("mismatch", s, t,
                                   f"duration differs: source {s.describe()}, target {t.describe()}; expected "
                                   f"{format_value(s.value)} {s.unit}s"))
            t_left.remove(t)
        elif s.value > 1:
            out.append(DateFinding("missing", s, None, f"duration missing: source {s.describe()} does not "
                                                       f"appear in the target; expected {format_value(s.value)} "
                                                       f"{s.unit}s"))
    return out


def date_findings(unit: Unit, ctx: CheckContext) -> Sequence[DateFinding]:
    return ctx.analyses.numbers.of(unit)[1]


class _DateCheck(Check):
    kind: str = ""
    category = Category.ACCURACY
    source_langs = JA
    target_langs = EN
    skip_source_copies = True

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        for f in date_findings(unit, ctx):
            if f.kind == self.kind:
                yield self.issue(unit, f.message, source_span=f.source.span if f.source else None,
                                 target_span=f.target.span if f.target else None, severity=f.severity)


DATE_FORMAT_RE = re.compile(
    r"""
    (?<![0-9/.-])
    (?:
        (?P<ymd>(?:19|20)[0-9]{2}[ ,]+(?:January|February|March|April|May|June|July|August|September|October|
              November|December)\ [0-3]?[0-9]\b)                  # 2025 April 6 (Japanese order in words)
      | (?P<slash>(?:19|20)[0-9]{2}/[01]?[0-9]/[0-3]?[0-9])         # 2024/7/13
      | (?P<md>\b[01]?[0-9]/[0-3]?[0-9]\b(?!/))                    # 7/13 (ambiguous: US or day/month)
    )
    (?![0-9/])
    """,
    re.VERBOSE,
)


_ASCII_DIGIT = ASCII_DIGIT_RE
_FULL_MONTH = re.compile("January|February|March|April|May|June|July|August|September|October|November|December")


class DateFormat(Check):
    check_id = "date-format"
    name = "Date format"
    description = ("A date written in Japanese order or with slashes (2025 April 6, 2024/7/13, 7/13); English news "
                   "style writes April 6, 2025 (or 6 April 2025).")
    category = Category.LOCALE_CONVENTION
    severity = Severity.MINOR
    target_langs = EN

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        target = unit.target or ""
        if _ASCII_DIGIT.search(target) is None or ("/" not in target and _FULL_MONTH.search(target) is None):
            return  # every form DATE_FORMAT_RE reports has ASCII digits and a slash or a month's full name
        for m in DATE_FORMAT_RE.finditer(unit.target or ""):
            if m.group("md") and not re.search(r"[0-9]+月[0-9]+日|[0-9]+/[0-9]+", unit.source):
                continue  # 7/13 only when the source has a date there (not a fraction or a score)
            yield self.issue(unit, f"date {m.group()!r} is not in English order; expected e.g. 'April 6, 2025'",
                             target_span=m.span())


class DateMismatch(_DateCheck):
    check_id = "date-mismatch"
    name = "Date mismatch"
    description = ("A date or duration of the source appears in the target with a different year, month, day, "
                   "part of month (上旬/中旬/下旬 ↔ early/mid/late) or length (130日間 ↔ 130 days).")
    severity = Severity.MAJOR
    kind = "mismatch"


class DateMissing(_DateCheck):
    check_id = "date-missing"
    name = "Date missing"
    description = ("A date or duration of the source does not appear in the target. An abbreviated year (２０年) "
                   "may be the year 2020 or 20 years: its finding is minor and says so; a day the target names as a "
                   "weekday or holiday is not reported.")
    severity = Severity.MAJOR
    kind = "missing"


class DateExtra(_DateCheck):
    check_id = "date-extra"
    name = "Extra date"
    description = "The target states a date that is not in the source."
    severity = Severity.MINOR
    kind = "extra"
