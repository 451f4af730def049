"""Quantities, dates and durations of Japanese text.

Japanese numerals follow the myriad system (万 10⁴, 億 10⁸, 兆 10¹²; JIS X 4061 / Unicode UTR #15 for the
full-width forms), so ``2億3850万ドル`` is 238,500,000 USD. Supported forms (see ``tests/test_quantities.py`` for
the tables): Arabic and full-width digits with grouping commas and decimals
(``1,000`` ``２０２４`` ``2.4``), kanji numerals with a counter (``三人`` ``二十五社`` ``百倍``), myriad combinations
(``2億3850万`` ``1兆2000億`` ``3千万``), vague amounts (``数兆ドル`` ``数百億ドル`` ``数十人``), ``%`` ``パーセント``
``割`` ``倍`` ``ポイント``, currencies (ドル 円 ユーロ ポンド 元), ordinals (``第1`` ``2期目`` ``3番目``),
qualifiers (約 およそ ほぼ 最大 わずか … 超 以上 以下 未満 近く 余り 前後 程度); dates ``2024年7月13日``
``7月13日`` ``2024年`` ``10月下旬/上旬/中旬`` ``5月末`` ``2023年後半`` ``年末``, eras (令和/平成/昭和, 元年),
durations ``130日間`` ``10年間`` ``3か月`` ``1週間``.
"""

from __future__ import annotations

import re

from review_app.quantities.model import (
    CNY,
    EUR,
    GBP,
    JPY,
    ORDINAL,
    PERCENT,
    POINTS,
    TIMES,
    USD,
    DateRef,
    Duration,
    Parsed,
    Part,
    Qualifier,
    Quantity,
    fold,
    overlaps,
)
from review_app.quantities.prefilter import JA_NUMERIC_HINT, ja_hints

KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                "九": 9, "壱": 1, "弐": 2, "参": 3}
KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
MYRIAD = {"万": 10**4, "億": 10**8, "兆": 10**12}


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


def parse_ja(text: str) -> Parsed:
    """Quantities, dates and durations of a Japanese text (spans index ``text``)."""
    if JA_NUMERIC_HINT.search(text) is None:
        return Parsed()  # nothing any of the patterns below could match (most sentences of prose)
    t = fold(text)
    out = Parsed()
    taken: list[tuple[int, int]] = []
    year_part, date, bare_day, duration, ordinal, number = ja_hints(t)
    for m in JA_YEAR_PART_RE.finditer(t) if year_part else ():
        part: Part | None = {"末": Part.LATE, "初": Part.EARLY, "初め": Part.EARLY, "明け": Part.EARLY,
                             "半ば": Part.MID}[m.group("part")]
        y_part = int(m.group("year")) if m.group("year") else None
        out.dates.append(DateRef(y_part, None, None, part, m.span(), text[m.start():m.end()]))
        taken.append(m.span())
    for m in JA_DATE_RE.finditer(t) if date else ():
        if not (m.group("year") or m.group("era") or m.group("month")) or overlaps(m.span(), taken):
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
        if not overlaps(m.span(), taken):
            out.dates.append(DateRef(None, None, int(m.group("day")), None, m.span(), text[m.start():m.end()]))
            taken.append(m.span())
    for m in JA_DURATION_RE.finditer(t) if duration else ():
        if overlaps(m.span(), taken):
            continue
        num = m.group("num")
        vague = "数" in num
        value = 10.0 if num in ("数十", "十数") else 3.0 if num == "数" else ja_numeral_value(num.replace(",", ""))
        out.durations.append(Duration(value, _JA_DUR_UNIT[m.group("unit")], m.span(), text[m.start():m.end()],
                                      vague))
        taken.append(m.span())
    for m in JA_ORDINAL_RE.finditer(t) if ordinal else ():
        if overlaps(m.span(), taken):
            continue
        raw = m.group("pre") or m.group("num")
        value = ja_numeral_value(raw)
        out.quantities.append(Quantity(value, ORDINAL, m.span(), text[m.start():m.end()], weak=value <= 1))
        taken.append(m.span())
    for m in JA_NUMBER_RE.finditer(t) if number else ():
        span = m.span("num")
        if overlaps(span, taken):
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

