"""The quantity model shared by the Japanese and English parsers and the number and date checks.

A :class:`Quantity` (value + unit + qualifier + span), a :class:`DateRef` (year / month / day / part of month or
year), a :class:`Duration` (value + calendar unit) and a :class:`TimeOfDay`; :class:`Parsed` holds what one text
says. Values compare as numbers: ``2億3850万ドル`` and "$238.5 million" are both 238,500,000 USD
(:func:`same_value`), and "$23.85 million" is a 10× slip (:func:`power_of_ten_slip`).

Spans are offsets into the text as given: full-width digits are folded with a length-preserving ``str.translate``
table (:func:`fold`, never NFKC, which can change lengths), so every span indexes the caller's string.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass, field


class Qualifier(enum.StrEnum):
    """How a quantity is bounded; Japanese and English markers map to the same members."""

    APPROX = "approx"  # 約 およそ 前後 程度 ↔ about, around, approximately, roughly, some
    NEARLY = "nearly"  # 近く 弱 ↔ nearly, almost, close to, just under
    MORE = "more"  # 超 余り 強 を超える ↔ more than, over, above, upwards of
    AT_LEAST = "at-least"  # 以上 少なくとも 最低 ↔ at least, or more
    LESS = "less"  # 未満 足らず を下回る ↔ less than, fewer than, under, below
    AT_MOST = "at-most"  # 以下 以内 ↔ at most, no more than, or less
    UP_TO = "up-to"  # 最大 最高 ↔ up to, as much as, as many as
    ONLY = "only"  # わずか たった ↔ just, only, a mere (emphasis, not a bound)
    AS_MANY = "as-many-as"  # 71%も, 100人も ↔ as much as, as many as (emphasis; or a ceiling like 最大)

    @property
    def direction(self) -> str:
        """``lower`` (a floor), ``upper`` (a ceiling), ``approx`` or ``emphasis``."""
        if self in (Qualifier.MORE, Qualifier.AT_LEAST):
            return "lower"
        if self in (Qualifier.LESS, Qualifier.AT_MOST, Qualifier.UP_TO):
            return "upper"
        if self in (Qualifier.APPROX, Qualifier.NEARLY):
            return "approx"
        return "emphasis"


# Canonical unit codes. "" is a plain count (people, votes, companies…).
USD, JPY, EUR, GBP, CNY = "USD", "JPY", "EUR", "GBP", "CNY"
PERCENT, POINTS, TIMES, ORDINAL = "%", "pt", "x", "ordinal"
CURRENCIES = frozenset({USD, JPY, EUR, GBP, CNY})
UNIT_NAMES = {USD: "US dollars", JPY: "yen", EUR: "euros", GBP: "pounds", CNY: "yuan", PERCENT: "percent",
              POINTS: "percentage points", TIMES: "times", ORDINAL: "ordinal", "": "count"}


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    """The full value (``2億3850万`` → 238500000.0). For vague amounts: the order of magnitude (数兆 → 1e12)."""
    unit: str
    """One of USD JPY EUR GBP CNY % pt x ordinal, or "" for a plain count."""
    span: tuple[int, int]
    text: str
    qualifier: Qualifier | None = None
    vague: bool = False
    """数兆, "hundreds of", "several": an order of magnitude, not a value."""
    weak: bool = False
    """A form that translations routinely drop or add (the numeral 1, "a", number words in English)."""
    doubt: str | None = None
    """Why this may not be a quantity the target must repeat (a bare numeral without unit or counter);
    a finding about it is minor and says so."""

    def describe(self) -> str:
        if self.vague:
            return f"{self.text!r} (an order of magnitude of {format_value(self.value)})"
        unit = f" {UNIT_NAMES.get(self.unit, self.unit)}" if self.unit and self.unit != ORDINAL else ""
        qual = f", {self.qualifier.value}" if self.qualifier else ""
        return f"{self.text!r} (= {format_value(self.value)}{unit}{qual})"


class Part(enum.StrEnum):
    """A part of a month or of a year."""

    EARLY = "early"  # 上旬 初旬 初め 初頭 前半 年初 ↔ early, the beginning of, the first half of
    MID = "mid"  # 中旬 半ば ↔ mid, the middle of
    LATE = "late"  # 下旬 末 後半 年末 ↔ late, the end of, the second half of
    SPRING = "spring"
    SUMMER = "summer"
    AUTUMN = "autumn"
    WINTER = "winter"


@dataclass(frozen=True, slots=True)
class DateRef:
    year: int | None
    month: int | None
    day: int | None
    part: Part | None
    span: tuple[int, int]
    text: str
    doubt: str | None = None
    """Why the reading may be wrong, for an ambiguous form: ``２０年`` may be the year 2020 or 20 years
    (a finding about it is minor and says so)."""
    alt: float | None = None
    """The other reading's value (``２０年`` → 20), which a target may render instead."""

    def describe(self) -> str:
        bits = []
        if self.part:
            bits.append(self.part.value)
        if self.day:
            bits.append(str(self.day))
        if self.month:
            bits.append(MONTH_NAMES[self.month - 1])
        if self.year:
            bits.append(str(self.year))
        return f"{self.text!r} ({' '.join(bits)})"


@dataclass(frozen=True, slots=True)
class Duration:
    value: float
    unit: str
    """hour, day, week, month, year."""
    span: tuple[int, int]
    text: str
    vague: bool = False

    def describe(self) -> str:
        v = format_value(self.value)
        return f"{self.text!r} ({'some ' if self.vague else ''}{v} {self.unit}{'s' if self.value != 1 else ''})"


@dataclass(frozen=True, slots=True)
class TimeOfDay:
    """A clock time: ``19時`` ``午後7時半`` ``10:59`` ↔ "7pm" "7:30 p.m." "10:59". ``hour`` is 0–23 when the text
    says which half of the day (24-hour clock, 午前/午後, am/pm), else as written (1–12)."""

    hour: int
    minute: int
    half_known: bool
    span: tuple[int, int]
    text: str

    unit: str = "time"
    qualifier: None = None
    vague: bool = False
    weak: bool = False
    doubt: str | None = None

    @property
    def value(self) -> float:
        """``hour.minute`` as a number (19:30 → 19.3), for reports."""
        return self.hour + self.minute / 100

    def describe(self) -> str:
        return f"{self.text!r} (= {self.hour:02d}:{self.minute:02d}{'' if self.half_known else ', am or pm'})"

    def same_as(self, other: TimeOfDay) -> bool:
        if self.minute != other.minute:
            return False
        if self.half_known and other.half_known:
            return self.hour % 24 == other.hour % 24
        return self.hour % 12 == other.hour % 12


@dataclass(slots=True)
class Parsed:
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    times: list[TimeOfDay] = field(default_factory=list)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def format_value(v: float) -> str:
    if v == int(v) and abs(v) < 1e16:
        return f"{int(v):,}"
    return f"{v:,.6g}" if abs(v) < 1e6 else f"{v:,.0f}"



# Full-width digits and separators → ASCII, one char for one char (spans stay valid).
# Full-width digits and signs to ASCII, and the four non-ASCII letters Python's IGNORECASE equates with ASCII
# ones (ſ long s, K Kelvin sign, ı dotless i, İ dotted capital I) to those ASCII letters: the case-insensitive
# English patterns matched them anyway ("firſt"), and the word tables then failed to look the word up.
_FOLD = str.maketrans("０１２３４５６７８９．，％＄￥ſ\u212aıİ", "0123456789.,%$¥sKiI")

_FOLD_CHARS = re.compile("[０-９．，％＄￥ſ\u212aıİ]")


def fold(text: str) -> str:
    """Full-width digits, ``．，％＄￥`` and ``ſ K ı İ`` to ASCII; the result has the same length as ``text``."""
    # str.translate walks a non-ASCII text character by character in Python-level dict lookups; the regex
    # tells in C whether there is anything to translate (most Japanese sentences have no full-width digit).
    return text.translate(_FOLD) if _FOLD_CHARS.search(text) else text

def overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


def same_value(a: float, b: float, rel: float = 0.005) -> bool:
    """Equal within rounding: 238.5 million written as 238,500,000 or "about $239 million" (0.5 %)."""
    if a == b:
        return True
    if a == 0 or b == 0:
        return False
    return abs(a - b) / max(abs(a), abs(b)) <= rel


def power_of_ten_slip(expected: float, found: float) -> int | None:
    """``10``/``100``/``1000``… when ``found`` is ``expected`` times or divided by a power of ten, else None."""
    if expected <= 0 or found <= 0:
        return None
    ratio = math.log10(found / expected)
    k = round(ratio)
    if k != 0 and abs(ratio - k) < 0.002:
        return int(10 ** abs(k)) * (1 if k > 0 else -1)
    return None
