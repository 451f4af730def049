"""Quantities and dates in Japanese and English text, parsed to comparable values.

Japanese numerals follow the myriad system (万 10⁴, 億 10⁸, 兆 10¹²; JIS X 4061 / Unicode UTR #15 for the
full-width forms), so ``2億3850万ドル`` is 238,500,000 USD and an English rendering "$238.5 million" has the same
value while "$23.85 million" is ten times too small. This module turns both sides into lists of
:class:`Quantity` (value + unit + qualifier + span), :class:`DateRef` (year / month / day / part of month or
year) and :class:`Duration` (value + calendar unit) so the number and date checks compare values, not strings.

Spans are offsets into the text as given: full-width digits are folded with a length-preserving ``str.translate``
table (never NFKC, which can change lengths), so every span indexes the caller's string.

Supported forms (see ``tests/test_checks_jaquant.py`` for the table):

* Japanese: Arabic and full-width digits with grouping commas and decimals (``1,000`` ``２０２４`` ``2.4``),
  kanji numerals with a counter (``三人`` ``二十五社`` ``百倍``), myriad combinations (``2億3850万`` ``1兆2000億``
  ``3千万``), vague amounts (``数兆ドル`` ``数百億ドル`` ``数十人``), ``%`` ``パーセント`` ``割`` ``倍``
  ``ポイント``, currencies (ドル 円 ユーロ ポンド 元), ordinals (``第1`` ``2期目`` ``3番目``), qualifiers
  (約 およそ ほぼ 最大 わずか … 超 以上 以下 未満 近く 余り 前後 程度).
* Dates: ``2024年7月13日`` ``7月13日`` ``2024年`` ``10月下旬/上旬/中旬`` ``5月末`` ``2023年後半`` ``年末``,
  eras (令和/平成/昭和, 元年), durations ``130日間`` ``10年間`` ``3か月`` ``1週間``.
* English: ``$238.5 million`` ``US$1bn`` ``2.4 trillion dollars`` ``¥500`` ``€3`` ``yen`` ``71%`` ``71 percent``
  ``10 percentage points`` ``50 times`` ``twice`` ``-fold``, words one…ninety-nine with hundred/thousand/
  million/billion/trillion, ``a dozen``, vague ``hundreds of`` ``tens of billions`` ``dozens`` ``several``,
  ordinals ``1st`` ``first``…``twentieth``; dates ``July 13, 2024`` ``13 July 2024`` ``Jul. 13`` ``late October``
  ``mid-2023`` ``the end of 2024``, durations ``130 days`` ``130-day`` ``a decade``.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from dataclasses import dataclass, field
from typing import Any

# --------------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------------


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


@dataclass(slots=True)
class Parsed:
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def format_value(v: float) -> str:
    if v == int(v) and abs(v) < 1e16:
        return f"{int(v):,}"
    return f"{v:,.6g}" if abs(v) < 1e6 else f"{v:,.0f}"


# --------------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------------

# Full-width digits and separators → ASCII, one char for one char (spans stay valid).
# Full-width digits and signs to ASCII, and the four non-ASCII letters Python's IGNORECASE equates with ASCII
# ones (ſ long s, K Kelvin sign, ı dotless i, İ dotted capital I) to those ASCII letters: the case-insensitive
# English patterns matched them anyway ("firſt"), and the word tables then failed to look the word up.
_FOLD = str.maketrans("０１２３４５６７８９．，％＄￥ſ\u212aıİ", "0123456789.,%$¥sKiI")
KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                "九": 9, "壱": 1, "弐": 2, "参": 3}
KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
MYRIAD = {"万": 10**4, "億": 10**8, "兆": 10**12}


_FOLD_CHARS = re.compile("[０-９．，％＄￥ſ\u212aıİ]")


def fold(text: str) -> str:
    """Full-width digits, ``．，％＄￥`` and ``ſ K ı İ`` to ASCII; the result has the same length as ``text``."""
    # str.translate walks a non-ASCII text character by character in Python-level dict lookups; the regex
    # tells in C whether there is anything to translate (most Japanese sentences have no full-width digit).
    return text.translate(_FOLD) if _FOLD_CHARS.search(text) else text


def _chunk_value(chunk: str) -> float:
    """Value of a numeral below 10⁴: ``3850``, ``二十五``, ``3千``, ``千二百``, ``2.5``."""
    if not chunk:
        return 1.0
    total = 0.0
    pending: float | None = None
    digits = ""
    for ch in chunk:
        if ch.isascii() and (ch.isdigit() or ch == "."):
            digits += ch
            continue
        if ch == ",":
            continue
        if digits:
            pending = float(digits)
            digits = ""
        if ch in KANJI_DIGITS:
            # positional kanji (二〇二四) continue the pending digit string; otherwise a new digit
            pending = pending * 10 + KANJI_DIGITS[ch] if pending is not None else float(KANJI_DIGITS[ch])
        elif ch in KANJI_SMALL:
            total += (pending if pending is not None else 1) * KANJI_SMALL[ch]
            pending = None
    if digits:
        pending = float(digits)
    return total + (pending or 0)


def ja_numeral_value(numeral: str) -> float:
    """Value of a Japanese numeral with myriad units: ``2億3850万`` → 238500000, ``二十五`` → 25."""
    total = 0.0
    chunk = ""
    for ch in numeral:
        if ch in MYRIAD:
            total += _chunk_value(chunk) * MYRIAD[ch]
            chunk = ""
        else:
            chunk += ch
    if chunk:
        total += _chunk_value(chunk)
    return total


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in taken)


# --------------------------------------------------------------------------------------------------
# Japanese
# --------------------------------------------------------------------------------------------------

_JA_ERA = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867}
_KNUM = "〇零一二三四五六七八九十百千"

JA_DATE_RE = re.compile(
    r"""
    (?=[0-9令平昭大明一二三四五六七八九十上初中下前後半末春夏秋冬])   # fast path: only where a date can start
    (?:                                            # a year …
        (?P<era>令和|平成|昭和|大正|明治)             #   era name
        (?P<eray>元|[0-9]{1,2}|[一二三四五六七八九十]{1,3})年   #   era year (元年 = year 1)
      | (?<![0-9])(?P<year>[0-9]{4})年(?!間|代|度)    #   Gregorian year (not 年間 duration, 年代 decade)
    )?
    (?:
        (?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?!間)   # month number + 月
        (?:(?P<day>3[01]|[12][0-9]|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日(?!間))?
    )?
    (?P<part>上旬|初旬|中旬|下旬|初め|初頭|前半|後半|半ば|末|春|夏|秋|冬)?   # part of month / year
    """,
    re.VERBOSE,
)
JA_YEAR_PART_RE = re.compile(
    r"""
    (?<![0-9])(?P<year>[0-9]{4})?        # optional year before …
    年(?P<part>末|初|初め|明け|半ば)       # 年末 year-end, 年初 start of year, 年半ば mid-year
    """,
    re.VERBOSE,
)
JA_BARE_DAY_RE = re.compile(
    r"""
    (?<![0-9月])(?P<day>3[01]|[12][0-9]|[1-9])日   # 13日 (the 13th of the month in context)
    (?!間|前|後|ぶり|以内|連続|本|米|中|韓|銀|経|曜)   # not 3日間 / 3日後 durations, not 日本 / 日米
    """,
    re.VERBOSE,
)
JA_DURATION_RE = re.compile(
    r"""
    (?<![0-9,.])                 # start at the beginning of a digit run (keeps the scan linear)
    (?P<num>(?:数|十数|数十)|[0-9][0-9,]*(?:\.[0-9]+)?|[一二三四五六七八九十百]+)  # count (数 = several)
    (?P<unit>日間|週間|か月|ヶ月|カ月|ヵ月|箇月|年間|時間   # calendar unit (日間: a bare 13日 is a date)
      | 年(?=前|後|ぶり|以内|以上|連続|に|で|も|の|間|目)  # 2年前, 10年後 (4-digit 2024年 is a date, read first)
      | 週(?=前|後|ぶり|以内|連続|に|で|も|の)            # 2週後
      | 日(?=前|後|ぶり|以内|連続))                       # 3日後
    """,
    re.VERBOSE,
)
_JA_DUR_UNIT = {"年": "year", "週": "week", "日": "day", "日間": "day", "週間": "week", "か月": "month",
                "ヶ月": "month", "カ月": "month", "ヵ月": "month",
                "箇月": "month", "年間": "year", "時間": "hour"}

JA_ORDINAL_RE = re.compile(
    r"""
    第(?P<pre>[0-9]+|[一二三四五六七八九十]+)         # 第1, 第二
  | (?<![0-9])(?P<num>[0-9]+|[一二三四五六七八九十]+)(?:期目|番目|回目|度目|代目|位(?!置))   # 2期目, 3番目
    """,
    re.VERBOSE,
)

JA_NUMBER_RE = re.compile(
    rf"""
    (?P<pre>約|およそ|凡そ|ほぼ|概ね|最大で?|最高|最低|少なくとも|わずか|僅か|たった|実に)?  # qualifier before
    (?P<cur1>[$¥€£])?                              # a currency sign written before the number
    (?P<num>
        (?P<vague>十数|数十|数百|数千|数)(?=[十百千万億兆])[十百千]?[万億兆]?  # 数兆, 数百億, 数十 (vague)
      | (?:[0-9][0-9,]*(?:\.[0-9]+)?|[{_KNUM}]+)       # Arabic (1,000 / 2.4) or kanji (二十五) chunk
        (?:[万億兆](?:[0-9][0-9,]*(?:\.[0-9]+)?|[{_KNUM}]+)?)*   # myriad groups: 2億3850万, 1兆2000億
    )
    (?P<unit>
        ドル|米ドル|円|ユーロ|ポンド|元(?![年首])            # currency
      | %|パーセント|ポイント|割|倍                      # ratio units
    )?
    (?P<counter>人|名|件|社|か国|カ国|ヶ国|国|都市|票|議席|世帯|台|個|回|校|店舗|店)?   # counter word
    (?:の(?:水準|大台|節目|ライン))?                     # 3000億ドルの水準を下回った: "the $300 billion level"
    (?P<post>超|以上|以下|未満|近く|余り|あまり|前後|程度|ほど|強|弱|足らず|以内    # qualifier after the number
      |を超え(?:る|た|て)?|を突破|を上回(?:る|った|り)|を下回(?:る|った|り)|を割り込|を割(?:る|った|り)
      |も(?=[^\u3040-\u309f]|[のにが急減増下上落伸増])?)?    # 71%も急落: "as much as 71%" (emphasis)
    """,
    re.VERBOSE,
)
# A kanji-only numeral is a number only before a counter: 一方 一部 統一 世界一 十分 are words.
_JA_COUNTER_RE = re.compile(
    r"(?:人|名|件|つ|個|回|度|倍|歳|台|社|か国|カ国|ヶ国|国|州|都市|票|議席|本|枚|冊|頭|匹|軒|店|機|隻|点|"
    r"ドル|円|ユーロ|ポンド|%|パーセント|ポイント|割|議員|選挙区|項目|条)"
)
_JA_CUR = {"ドル": USD, "米ドル": USD, "円": JPY, "ユーロ": EUR, "ポンド": GBP, "元": CNY,
           "$": USD, "¥": JPY, "€": EUR, "£": GBP}
_JA_QUAL = {
    "約": Qualifier.APPROX, "およそ": Qualifier.APPROX, "凡そ": Qualifier.APPROX, "ほぼ": Qualifier.APPROX,
    "概ね": Qualifier.APPROX, "前後": Qualifier.APPROX, "程度": Qualifier.APPROX, "ほど": Qualifier.APPROX,
    "最大": Qualifier.UP_TO, "最大で": Qualifier.UP_TO, "最高": Qualifier.UP_TO,
    "最低": Qualifier.AT_LEAST, "少なくとも": Qualifier.AT_LEAST, "以上": Qualifier.AT_LEAST,
    "わずか": Qualifier.ONLY, "僅か": Qualifier.ONLY, "たった": Qualifier.ONLY, "実に": Qualifier.ONLY,
    "超": Qualifier.MORE, "余り": Qualifier.MORE, "あまり": Qualifier.MORE, "強": Qualifier.MORE,
    "を超": Qualifier.MORE, "を上回": Qualifier.MORE,
    "以下": Qualifier.AT_MOST, "以内": Qualifier.AT_MOST,
    "未満": Qualifier.LESS, "足らず": Qualifier.LESS, "を下回": Qualifier.LESS,
    "近く": Qualifier.NEARLY, "弱": Qualifier.NEARLY, "も": Qualifier.AS_MANY,
}
_KANJI_CHARS = re.compile(r"[\u4e00-\u9fff々]")


def _ja_small(s: str) -> int:
    return int(s) if s.isdigit() else int(ja_numeral_value(s))


# Every quantity, date and duration parse_ja finds needs one of these characters (before folding): a digit or
# kanji numeral (numbers, ordinals, durations, bare days), 数 (vague amounts), 年 or 月 (years, months, 年末).
_JA_NUMERIC_HINT = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千数年月]")
# What a JA_NUMBER_RE "num" needs (after folding): a digit, a kanji numeral or 数.
_JA_NUM_CHAR = re.compile(r"[0-9〇零一二三四五六七八九十百千数]")
ASCII_DIGIT_RE = re.compile(r"[0-9]")


def _ja_hints(t: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    """Whether JA_YEAR_PART_RE, JA_DATE_RE (a match parse_ja uses), JA_BARE_DAY_RE, JA_DURATION_RE,
    JA_ORDINAL_RE and JA_NUMBER_RE can match the folded text ``t``: substring tests (C scans costing a fraction
    of one pass of those patterns), each a necessary condition of its pattern. test_qa_perf_equivalence
    proves parse_ja unchanged with every hint forced true."""
    num = _JA_NUM_CHAR.search(t) is not None  # a digit or kanji numeral: what all but 年末 / 元年 need
    nen, tsuki = "年" in t, "月" in t
    return (nen and ("年末" in t or "年初" in t or "年明け" in t or "年半ば" in t),
            (nen or tsuki) and (num or "元" in t),
            num and "日" in t and ASCII_DIGIT_RE.search(t) is not None,
            num and (nen or tsuki or "日" in t or "週" in t or "間" in t),
            num and ("第" in t or "目" in t or "位" in t),
            num)


def parse_ja(text: str) -> Parsed:
    """Quantities, dates and durations of a Japanese text (spans index ``text``)."""
    if _JA_NUMERIC_HINT.search(text) is None:
        return Parsed()  # nothing any of the patterns below could match (most sentences of prose)
    t = fold(text)
    out = Parsed()
    taken: list[tuple[int, int]] = []
    year_part, date, bare_day, duration, ordinal, number = _ja_hints(t)
    for m in JA_YEAR_PART_RE.finditer(t) if year_part else ():
        part: Part | None = {"末": Part.LATE, "初": Part.EARLY, "初め": Part.EARLY, "明け": Part.EARLY,
                             "半ば": Part.MID}[m.group("part")]
        y_part = int(m.group("year")) if m.group("year") else None
        out.dates.append(DateRef(y_part, None, None, part, m.span(), text[m.start():m.end()]))
        taken.append(m.span())
    for m in JA_DATE_RE.finditer(t) if date else ():
        if not (m.group("year") or m.group("era") or m.group("month")) or _overlaps(m.span(), taken):
            continue
        year: int | None = None
        if m.group("era"):
            ey = m.group("eray")
            year = _JA_ERA[m.group("era")] + (1 if ey == "元" else _ja_small(ey))
        elif m.group("year"):
            year = int(m.group("year"))
        month = _ja_small(m.group("month")) if m.group("month") else None
        day = _ja_small(m.group("day")) if m.group("day") else None
        part = _ja_part(m.group("part"), month is not None)
        out.dates.append(DateRef(year, month, day, part, m.span(), text[m.start():m.end()]))
        taken.append(m.span())
    for m in JA_BARE_DAY_RE.finditer(t) if bare_day else ():
        if not _overlaps(m.span(), taken):
            out.dates.append(DateRef(None, None, int(m.group("day")), None, m.span(), text[m.start():m.end()]))
            taken.append(m.span())
    for m in JA_DURATION_RE.finditer(t) if duration else ():
        if _overlaps(m.span(), taken):
            continue
        num = m.group("num")
        vague = "数" in num
        value = 10.0 if num in ("数十", "十数") else 3.0 if num == "数" else ja_numeral_value(num.replace(",", ""))
        out.durations.append(Duration(value, _JA_DUR_UNIT[m.group("unit")], m.span(), text[m.start():m.end()],
                                      vague))
        taken.append(m.span())
    for m in JA_ORDINAL_RE.finditer(t) if ordinal else ():
        if _overlaps(m.span(), taken):
            continue
        raw = m.group("pre") or m.group("num")
        value = ja_numeral_value(raw)
        out.quantities.append(Quantity(value, ORDINAL, m.span(), text[m.start():m.end()], weak=value <= 1))
        taken.append(m.span())
    for m in JA_NUMBER_RE.finditer(t) if number else ():
        span = m.span("num")
        if _overlaps(span, taken):
            continue
        num = m.group("num")
        start, end = span
        unit_txt = m.group("unit") or ""
        is_kanji_only = not any(c.isdigit() for c in num)
        if not m.group("vague"):
            if start > 0 and t[start - 1].isascii() and (t[start - 1].isalpha() or (
                    t[start - 1] == "-" and start > 1 and t[start - 2].isalpha())):
                continue  # G7, F35, COVID-19 style identifiers
            if is_kanji_only:
                prev = t[start - 1] if start > 0 else ""
                if prev and ((_KANJI_CHARS.match(prev) and prev not in "約計超") or prev in "々ヶ"):
                    continue  # 統一, 世界一, 唯一: part of a word
                if not unit_txt and not _JA_COUNTER_RE.match(t, end):
                    continue  # 一方, 一部, 十分, 万一: words, not numbers
                if set(num) <= set("万億兆千百十") and not unit_txt:
                    continue  # a lone 百/千/万 is a word (百貨店, 万全)
        if m.group("vague"):
            mag = ja_numeral_value(num.replace("十数", "十").replace("数", "")) if num not in ("数",) else 1.0
            value, vague = mag, True
        else:
            value, vague = ja_numeral_value(num.replace(",", "")), False
        unit = ""
        if unit_txt in _JA_CUR:
            unit = _JA_CUR[unit_txt]
        elif m.group("cur1"):
            unit = _JA_CUR[m.group("cur1")]
        elif unit_txt in ("%", "パーセント"):
            unit = PERCENT
        elif unit_txt == "割":
            unit, value = PERCENT, value * 10
        elif unit_txt == "ポイント":
            unit = POINTS
        elif unit_txt == "倍":
            unit = TIMES
        # a bare 4-digit 1900–2099 without 年 ("Musk 2024") is a year, not an amount
        if not unit and not vague and re.fullmatch(r"(19|20)[0-9]{2}", num) and not _JA_COUNTER_RE.match(t, end):
            out.dates.append(DateRef(int(num), None, None, None, span, text[start:end]))
            taken.append(span)
            continue
        qual_txt = m.group("post") or m.group("pre")
        if qual_txt and qual_txt.startswith("を"):
            qual_txt = ("を下回" if qual_txt.startswith(("を下回", "を割")) else
                        "を上回" if qual_txt.startswith("を上回") else "を超")
        qual = _JA_QUAL.get(qual_txt) if qual_txt else None
        full = (m.start("pre") if m.group("pre") else m.start("cur1") if m.group("cur1") else start,
                m.end("unit") if m.group("unit") else end)
        # 1 and 2 people (一人, 2人) are routinely rendered "alone", "the pair", "both", "the two men"
        weak = (value <= 1 and unit not in (PERCENT, POINTS, TIMES)) or (
            value <= 2 and not unit and (is_kanji_only or m.group("counter") in ("人", "名")))
        out.quantities.append(Quantity(value, unit, full, text[full[0]:full[1]], qual, vague, weak))
        taken.append(full)
    out.quantities.sort(key=lambda q: q.span)
    out.dates.sort(key=lambda d: d.span)
    return out


def _ja_part(raw: str | None, has_month: bool) -> Part | None:
    if not raw:
        return None
    if raw in ("上旬", "初旬", "初め", "初頭", "前半"):
        return Part.EARLY
    if raw in ("中旬", "半ば"):
        return Part.MID
    if raw in ("下旬", "末", "後半"):
        return Part.LATE
    return {"春": Part.SPRING, "夏": Part.SUMMER, "秋": Part.AUTUMN, "冬": Part.WINTER}.get(raw)


# --------------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------------

_EN_SMALL = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"])}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}
_EN_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
             "k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9, "tn": 10**12,
             "tr": 10**12}
_EN_ORD = {w: i + 1 for i, w in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
     "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
     "twentieth"])}
_MONTHS = {m.lower(): i + 1 for i, m in enumerate(MONTH_NAMES)}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "oct": 10, "nov": 11, "dec": 12})

_WORD_NUM = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|"
             r"seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
             r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")
_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_EN_PART = (r"(?P<part>early\ to\ mid|mid\ to\ late|early\ to\ late|early|mid|late|"
            r"the\ beginning\ of|the\ start\ of|the\ middle\ of|the\ end\ of|end\ of|"
            r"the\ first\ half\ of|the\ second\ half\ of|the\ latter\ half\ of|spring|summer|autumn|fall|winter|"
            r"the\ spring\ of|the\ summer\ of|the\ autumn\ of|the\ fall\ of|the\ winter\ of)")

EN_DATE_RE = re.compile(
    rf"""
    (?<![A-Za-z0-9])                                # at a word start (keeps the scan cheap)
    (?:{_EN_PART}[-\ ](?:of\ )?)?                   # late October, mid-2023, the end of May
    (?:
        (?P<m1>{_MONTH_RE})\ (?P<d1>[0-3]?[0-9])(?:st|nd|rd|th)?\b  # July 13 / Jul. 13th
          (?:,?\ (?P<y1>(?:19|20)[0-9]{{2}})\b)?                      #   , 2024
      | (?:the\ )?(?P<d2>[0-3]?[0-9])(?:st|nd|rd|th)?\ (?:of\ )?(?P<m2>{_MONTH_RE})   # 13 July / the 13th of July
          (?:,?\ (?P<y2>(?:19|20)[0-9]{{2}})\b)?                      #   2024
      | (?P<m3>{_MONTH_RE})(?:,?\ (?:of\ )?(?P<y3>(?:19|20)[0-9]{{2}})\b)?   # July 2024 / October
      | (?P<y5>(?:19|20)[0-9]{{2}})/(?P<m5>1[0-2]|0?[1-9])/(?P<d5>3[01]|[12][0-9]|0?[1-9])(?![0-9/])  # 2024/7/13
      | (?P<m6>1[0-2]|0?[1-9])/(?P<d6>3[01]|[12][0-9]|0?[1-9])(?![0-9/])   # 7/13 (US month/day)
      | on\ the\ (?P<d3>[0-3]?[0-9])(?:st|nd|rd|th)\b                # on the 13th
      | (?P<ypart>(?:the\ )?(?:start|beginning|middle|end)\ of\ (?:the|this|last|next)\ year|year[-\ ]end)
      | (?P<y4>(?<![$€£¥0-9.,])(?:19|20)[0-9]{{2}})(?![0-9%]|[.,][0-9]|[- ]?(?:percent|per\ cent)\b)  # 2024
    )
    """,
    re.VERBOSE,
)
EN_DURATION_RE = re.compile(
    rf"""
    (?<![A-Za-z])                                   # at a word start
    (?<![0-9,.])                                               # at the start of a digit run
    (?P<num>[0-9][0-9,]*(?:\.[0-9]+)?|{_WORD_NUM}|an?|a\ few|several|a\ couple\ of)   # 130 / one / a / several
    [-\ ]                                                                 # 130 days / 130-day
    (?P<unit>days?|weeks?|months?|years?|hours?)\b(?![-\ ]old)            # not "70-year-old" (an age)
  | (?P<decade>(?:a|one|two|three|the\ next|the\ past|the\ last)\ decades?|a\ fortnight)\b   # decade = 10 years
    """,
    re.VERBOSE | re.IGNORECASE,
)
EN_ORDINAL_RE = re.compile(
    r"""
    \b(?P<num>[0-9]+)(?:st|nd|rd|th)\b                        # 1st 2nd 23rd
  | \b(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|
       thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)\b
    """,
    re.VERBOSE | re.IGNORECASE,
)
EN_NUMBER_RE = re.compile(
    rf"""
    (?<![A-Za-z0-9.,])                              # at a word or number start (keeps the scan linear and cheap)
    (?P<pre>about|around|approximately|roughly|some|an\ estimated|nearly|almost|close\ to|just\ under|
        more\ than|over|above|upwards\ of|in\ excess\ of|at\ least|less\ than|fewer\ than|under|below|
        topped|topping|exceeded|exceeding|surpassed|surpassing|fell\ below|falling\ below|
        up\ to|as\ much\ as|as\ many\ as|at\ most|no\ more\ than|just|only|a\ mere|merely)?
    \s?
    (?:(?:(?<=below\ )|(?<=above\ )|(?<=under\ )|(?<=over\ ))the\ (?:(?:level|mark|threshold)\ of\ )?)?
                                                     # fell below the (level of) $300 billion (mark)
    (?P<cur1>US\$|USD\ ?|\$|€|£|¥|JP¥)?                  # currency before: $ US$ € £ ¥
    (?P<num>
        (?P<vaguew>(?:tens|hundreds|thousands|millions|billions|trillions)\ of\      # vague: tens of billions
                   (?:(?:millions|billions|trillions)\ of\ )?                      #   (of millions)
          | several\ (?:hundred|thousand|million|billion|trillion)                 # several million
          | dozens\ of                                                             # dozens of
          | a\ few\ (?:hundred|thousand|million|billion|trillion))                 # a few hundred
      | [0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?            # 1,000,000
      | [0-9]+(?:\.[0-9]+)?                                 # 238.5
      | (?:a|one)\ dozen | half\ a                           # a dozen = 12, half a (million)
      | {_WORD_NUM}(?:\ hundred(?:\ (?:and\ )?{_WORD_NUM})?)?  # twenty-five / two hundred and five
      | an?(?=\ (?:hundred|thousand|million|billion|trillion)\b)  # a million
    )
    (?:[\ -]?(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|mln|tn|[kmbKMB](?![a-z])))?   # scale
    (?:[\ -]?(?P<unit>%|percent|per\ cent|percentage[\ -]points?|points?|times|fold|
        (?:US\ )?dollars?|USD|yen|JPY|euros?|EUR|pounds?\ sterling|pounds?|GBP|yuan|renminbi|CNY)(?![a-z]))?
    (?P<post>\ or\ more|\ or\ less|\ plus|\+)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_EN_CUR = {"$": USD, "us$": USD, "usd": USD, "dollar": USD, "dollars": USD, "us dollars": USD, "us dollar": USD,
           "€": EUR, "eur": EUR, "euro": EUR, "euros": EUR, "£": GBP, "gbp": GBP, "pound": GBP, "pounds": GBP,
           "pound sterling": GBP, "pounds sterling": GBP, "¥": JPY, "jp¥": JPY, "yen": JPY, "jpy": JPY,
           "yuan": CNY, "renminbi": CNY, "cny": CNY}
_EN_QUAL = {
    "about": Qualifier.APPROX, "around": Qualifier.APPROX, "approximately": Qualifier.APPROX,
    "roughly": Qualifier.APPROX, "some": Qualifier.APPROX, "an estimated": Qualifier.APPROX,
    "nearly": Qualifier.NEARLY, "almost": Qualifier.NEARLY, "close to": Qualifier.NEARLY,
    "just under": Qualifier.NEARLY, "more than": Qualifier.MORE, "over": Qualifier.MORE,
    "above": Qualifier.MORE, "topped": Qualifier.MORE, "topping": Qualifier.MORE, "exceeded": Qualifier.MORE,
    "exceeding": Qualifier.MORE, "surpassed": Qualifier.MORE, "surpassing": Qualifier.MORE,
    "fell below": Qualifier.LESS, "falling below": Qualifier.LESS, "upwards of": Qualifier.MORE,
    "in excess of": Qualifier.MORE, "plus": Qualifier.MORE,
    "+": Qualifier.MORE, "at least": Qualifier.AT_LEAST, "or more": Qualifier.AT_LEAST,
    "less than": Qualifier.LESS, "fewer than": Qualifier.LESS, "under": Qualifier.LESS, "below": Qualifier.LESS,
    "up to": Qualifier.UP_TO, "as much as": Qualifier.AS_MANY, "as many as": Qualifier.AS_MANY,
    "at most": Qualifier.AT_MOST, "no more than": Qualifier.AT_MOST, "or less": Qualifier.AT_MOST,
    "just": Qualifier.ONLY, "only": Qualifier.ONLY, "a mere": Qualifier.ONLY, "merely": Qualifier.ONLY,
}
_EN_TIMES_WORDS = re.compile(r"\b(?P<w>twice|double[ds]?|doubling|triple[ds]?|tripling|quadruple[ds]?)\b",
                             re.IGNORECASE)


def en_words_value(words: str) -> float:
    """``twenty-five`` → 25, ``two hundred and five`` → 205, ``a`` → 1."""
    total = 0
    current = 0
    for w in re.split(r"[\s-]+", words.lower()):
        if w in ("a", "an", "and", ""):
            current = current or (1 if w in ("a", "an") else current)
            continue
        if w in _EN_SMALL:
            current += _EN_SMALL[w]
        elif w in _EN_TENS:
            current += _EN_TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
    return float(total + current)


def _en_part(raw: str | None) -> Part | None:
    if not raw:
        return None
    r = raw.lower().split(" to ")[0]
    if r in ("early", "the beginning of", "the start of", "the first half of"):
        return Part.EARLY
    if r in ("mid", "the middle of"):
        return Part.MID
    if r in ("late", "the end of", "end of", "the second half of", "the latter half of"):
        return Part.LATE
    r = r.removeprefix("the ").removesuffix(" of")
    return {"spring": Part.SPRING, "summer": Part.SUMMER, "autumn": Part.AUTUMN, "fall": Part.AUTUMN,
            "winter": Part.WINTER}.get(r)


def spelled_cases(rx: re.Pattern[str]) -> re.Pattern[str]:
    """``rx`` (an IGNORECASE pattern) compiled case-sensitively, each ASCII letter spelled as ``[xX]``.

    The two match the same on every text without the four non-ASCII letters IGNORECASE equates with ASCII ones
    (ſ K ı İ), which :func:`fold` removes: parse_en only scans folded text. The reason is speed: CPython's regex
    engine skips an alternative whose first item is a plain character or class that does not match, but it
    enters every alternative that starts with a case-insensitive literal — EN_NUMBER_RE has ~80 of those at
    each word start, and spelled out it scans a sentence about 30 % faster. The pattern must be VERBOSE-or-plain,
    use letters only in literals, classes, group names and escapes (the patterns of this module; the
    equivalence tests compare every use with the original on hostile text).
    """
    src, verbose = rx.pattern, bool(rx.flags & re.VERBOSE)
    out: list[str] = []
    i, n, in_class = 0, len(src), False
    while i < n:
        c = src[i]
        if c == "\\":
            out.append(src[i:i + 2])
            i += 2
        elif in_class:
            if c == "]":
                in_class = False
                out.append(c)
            elif c.isascii() and c.isalpha() and src[i + 1:i + 3][:1] == "-" and src[i + 2:i + 3].isalpha():
                a, b = c, src[i + 2]
                out.append(f"{a}-{b}{a.swapcase()}-{b.swapcase()}")
                i += 2
            elif c.isascii() and c.isalpha():
                out.append(c + c.swapcase())
            else:
                out.append(c)
            i += 1
        elif c == "[":
            in_class = True
            out.append(c)
            i += 1
            if src[i:i + 1] == "^":
                out.append("^")
                i += 1
            if src[i:i + 1] == "]":  # a literal ] first in a class
                out.append("]")
                i += 1
        elif c == "#" and verbose:
            while i < n and src[i] != "\n":
                i += 1
        elif src.startswith(("(?P<", "(?P="), i):
            j = src.index(">" if src[i + 3] == "<" else ")", i)
            out.append(src[i:j + 1])
            i = j + 1
        elif c.isascii() and c.isalpha():
            out.append(f"[{c.lower()}{c.upper()}]")
            i += 1
        else:
            out.append(c)
            i += 1
    return re.compile("".join(out), rx.flags & ~re.IGNORECASE)


_MAY_CONTEXT = re.compile(r"(?:\b(?:in|of|early|late|mid|since|until|by|from|through|to|last|next|this|end of|"
                          r"beginning of|on)[\s-]*)$", re.IGNORECASE)


# ---- hints: which English patterns can match at all, from one Aho-Corasick pass ----------------------------
#
# The four big English patterns cost 10-60 µs per sentence in the regex engine, and most sentences cannot match
# most of them. Every match of each pattern contains a digit or one of a few words, so one C pass of an
# automaton over the lower-cased text tells which patterns to run. Each flag is a *necessary* condition of its
# pattern (a superset: "mar" in "market" lets EN_DATE_RE run, which then finds nothing); the IGNORECASE patterns
# are tested on ``t.lower()``, and the four non-ASCII letters Python's IGNORECASE equates with ASCII ones
# (K ı ſ İ) set every flag. test_qa_perf_equivalence proves parse_en unchanged with every flag forced on.

H_DIGIT, H_CURRENCY, H_MONTH, H_YEAR, H_ORDINAL, H_NUMBER, H_SCALE, H_DURATION, H_TIMES = (1 << i for i in range(9))
H_ALL = (1 << 9) - 1
_HINT_WORDS: dict[int, tuple[str, ...]] = {
    H_DIGIT: tuple("0123456789"),
    H_CURRENCY: ("$", "€", "£", "¥"),
    H_MONTH: ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    H_YEAR: ("year",),
    H_ORDINAL: ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                "eleventh", "twelfth", "teenth", "twentieth"),
    # every EN_NUMBER_RE "num" alternative without a digit: word numbers (twenty-one… via "twenty"/"one"),
    # "half a", "tens of", "a dozen" / "dozens of"; "a million" / "several hundred" via H_SCALE
    H_NUMBER: ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
               "twelve", "thirteen", "fifteen", "eighteen", "twenty", "thirty", "forty", "fifty", "sixty",
               "seventy", "eighty", "ninety", "dozen", "half a", "tens"),
    H_SCALE: ("hundred", "thousand", "million", "billion", "trillion", "dozen", "decade"),
    H_DURATION: ("day", "week", "month", "year", "hour", "decade", "fortnight"),
    H_TIMES: ("twice", "doubl", "tripl", "quadrupl"),
}
_IGNORECASE_ODD = re.compile("[\u212a\u0131\u017f\u0130]")


@functools.lru_cache(maxsize=1)
def _hint_automaton() -> Any:
    import ahocorasick

    flags: dict[str, int] = {}
    for flag, words in _HINT_WORDS.items():
        for w in words:
            flags[w] = flags.get(w, 0) | flag
    automaton = ahocorasick.Automaton()
    for w, f in flags.items():
        automaton.add_word(w, f)
    automaton.make_automaton()
    return automaton


def en_hints(t: str) -> int:
    """The ``H_*`` flags whose words occur in ``t`` (case-insensitively; every flag for the odd letters)."""
    if not t.isascii() and _IGNORECASE_ODD.search(t):
        return H_ALL
    found = 0
    for _end, flag in _hint_automaton().iter(t.lower()):
        found |= flag
    return found


# case-sensitive spellings of the IGNORECASE patterns, for the folded text parse_en scans (see spelled_cases)
_EN_DURATION_CS = spelled_cases(EN_DURATION_RE)
_EN_ORDINAL_CS = spelled_cases(EN_ORDINAL_RE)
_EN_NUMBER_CS = spelled_cases(EN_NUMBER_RE)
_EN_TIMES_CS = spelled_cases(_EN_TIMES_WORDS)


def parse_en(text: str) -> Parsed:
    """Quantities, dates and durations of an English text (spans index ``text``)."""
    t = fold(text)
    out = Parsed()
    taken: list[tuple[int, int]] = []
    hints = en_hints(t)
    for m in EN_DATE_RE.finditer(t) if hints & (H_DIGIT | H_MONTH | H_YEAR) else ():
        month_raw = m.group("m1") or m.group("m2") or m.group("m3")
        year_raw = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
        day_raw = m.group("d1") or m.group("d2") or m.group("d3") or m.group("d5") or m.group("d6")
        if m.group("ypart"):  # the end of the year / year-end
            yp = m.group("ypart").lower()
            ypart = Part.LATE if "end" in yp else Part.MID if "middle" in yp else Part.EARLY
            out.dates.append(DateRef(None, None, None, ypart, m.span(), text[m.start():m.end()]))
            taken.append(m.span())
            continue
        if not (month_raw or year_raw or day_raw):
            continue
        if month_raw == "May" and not day_raw and not year_raw and not _MAY_CONTEXT.search(t[:m.start("m3")]):
            continue  # the verb "may" at the start of a sentence
        if m.group("y4") and not m.group("part") and re.match(
                r"\s+(?:people|votes|persons|members|jobs|units|troops)\b", t[m.end():]):
            continue  # "2024 people" / "2024 votes": an amount, not a year
        day = int(day_raw) if day_raw else None
        if day is not None and not 1 <= day <= 31:
            continue
        if m.group("m6") and (re.match(r"\s+(?:of|majority|share|vote|votes|cup|inch|mile)s?\b", t[m.end():])
                              or re.search(r"\b(?:a|the)\s+$", t[:m.start()], re.IGNORECASE)):
            continue  # "a 3/4 majority", "3/4 of": a fraction, not a date
        num_month = m.group("m5") or m.group("m6")
        if num_month:
            month_raw, year_raw = month_raw or num_month, year_raw or m.group("y5")
        month = (int(month_raw) if month_raw.isdigit() else _MONTHS[month_raw.lower().rstrip(".")]) if month_raw \
            else None
        part = _en_part(m.group("part"))
        out.dates.append(DateRef(int(year_raw) if year_raw else None, month, day, part, m.span(),
                                 text[m.start():m.end()]))
        taken.append(m.span())
    for m in _EN_DURATION_CS.finditer(t) if hints & H_DURATION else ():
        if _overlaps(m.span(), taken):
            continue
        if m.group("decade"):
            d = m.group("decade").lower()
            n = 0.5 if "fortnight" in d else ((en_words_value(d.split()[0]) or 1) * 10)
            out.durations.append(Duration(n if "fortnight" not in d else 2, "year" if "fortnight" not in d
                                          else "week", m.span(), text[m.start():m.end()]))
        else:
            num = m.group("num").lower()
            vague = num in ("a few", "several", "a couple of")
            value = 3.0 if vague else float(num.replace(",", "")) if num[0].isdigit() else en_words_value(num)
            out.durations.append(Duration(value, m.group("unit").lower().rstrip("s"), m.span(),
                                          text[m.start():m.end()], vague))
        taken.append(m.span())
    for m in _EN_ORDINAL_CS.finditer(t) if hints & (H_DIGIT | H_ORDINAL) else ():
        if _overlaps(m.span(), taken):
            continue
        value = float(m.group("num")) if m.group("num") else float(_EN_ORD[m.group("word").lower()])
        # word ordinals ("first", "second") are everywhere in English prose: weak, never an "extra" number
        out.quantities.append(Quantity(value, ORDINAL, m.span(), text[m.start():m.end()],
                                       weak=bool(m.group("word")) or value <= 1))
        taken.append(m.span())
    for m in _EN_NUMBER_CS.finditer(t) if hints & (H_DIGIT | H_NUMBER | H_SCALE) else ():
        span = m.span("num")
        if not m.group("num") or _overlaps(span, taken):
            continue
        start = span[0]
        if start > 0 and (t[start - 1].isalnum() or t[start - 1] in "_"):
            continue  # inside a word or identifier (G7, COVID-19 counted separately)
        if start > 0 and t[start - 1] == "-" and start > 1 and t[start - 2].isalpha():
            continue  # COVID-19, F-35
        num = m.group("num")
        low = num.lower()
        scale_raw = (m.group("scale") or "").lower()
        unit_raw = (m.group("unit") or "").lower().strip()
        cur_raw = (m.group("cur1") or "").lower().strip()
        is_word = not num[0].isdigit()
        if scale_raw in ("k", "m", "b") and not cur_raw:
            scale_raw = ""  # "5 m" is metres, "3b" a footnote: only "$5m" / "$3b" are amounts
        vague = bool(m.group("vaguew"))
        if vague:
            words = low.split()
            mag = {"tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9,
                   "trillions": 1e12, "several": 1, "dozens": 12, "a": 1}[words[0]]
            for w in words[1:]:
                if w in ("hundred",):
                    mag *= 100
                elif w in _EN_SCALE:
                    mag *= _EN_SCALE[w]
                elif w.rstrip("s") in _EN_SCALE:
                    mag *= _EN_SCALE[w.rstrip("s")]
            value = float(mag)
        elif low in ("a dozen", "one dozen"):
            value = 12.0
        elif low == "half a":
            value = 0.5
        elif is_word:
            if low in ("a", "an") and not scale_raw:
                continue
            value = en_words_value(low)
        else:
            value = float(num.replace(",", ""))
        if scale_raw:
            value *= 100 if scale_raw == "hundred" else _EN_SCALE[scale_raw]
        unit = ""
        if cur_raw:
            unit = _EN_CUR.get(cur_raw.rstrip(), USD)
        if unit_raw:
            if unit_raw in ("%", "percent", "per cent"):
                unit = PERCENT
            elif unit_raw.startswith("percentage") or unit_raw.startswith("point"):
                unit = POINTS
            elif unit_raw in ("times", "fold"):
                unit = TIMES
            else:
                unit = _EN_CUR.get(unit_raw.removeprefix("us ") if unit_raw != "us dollars" else unit_raw,
                                   _EN_CUR.get(unit_raw, unit))
        if is_word and unit == POINTS:
            continue  # "at one point", "two points of view": not percentage points
        if is_word and not unit and not scale_raw and not vague and value <= 20 and low in ("one",) and (
                re.match(r"\s+of\b", t[m.end("num"):]) or re.search(r"\b(?:no|the|any|every|some)\s+$",
                                                                      t[:start])):
            continue  # "one of", "no one", "the one": not a count
        qual_raw = (m.group("post") or "").strip().lower() or (m.group("pre") or "").lower()
        qual = _EN_QUAL.get(qual_raw) if qual_raw else None
        full_start = m.start("pre") if m.group("pre") and qual else (m.start("cur1") if m.group("cur1") else start)
        full_end = max(e for e in (m.end("num"), m.end("scale"), m.end("unit"), m.end("post")) if e != -1)
        weak = (is_word and not scale_raw and not unit) or (value <= 1 and unit not in (PERCENT, POINTS, TIMES))
        out.quantities.append(Quantity(value, unit, (full_start, full_end), text[full_start:full_end], qual,
                                       vague, weak))
        taken.append((full_start, full_end))
    for m in _EN_TIMES_CS.finditer(t) if hints & H_TIMES else ():
        if not _overlaps(m.span(), taken):
            val = 2.0 if m.group("w").lower().startswith(("twice", "doubl")) else (
                3.0 if m.group("w").lower().startswith("tripl") else 4.0)
            out.quantities.append(Quantity(val, TIMES, m.span(), text[m.start():m.end()], weak=True))
    out.quantities.sort(key=lambda q: q.span)
    out.dates.sort(key=lambda d: d.span)
    return out


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
