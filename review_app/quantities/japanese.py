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
    TimeOfDay,
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
_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
"""An Arabic numeral: grouping commas only in threes (``２，３回`` is "two or three times", not 23)."""

JA_DATE_RE = re.compile(
    r"""
    (?=[0-9令平昭大明一二三四五六七八九十上初中下前後半末春夏秋冬])   # fast path: only where a date can start
    (?:                                            # a year …
        (?P<era>令和|平成|昭和|大正|明治)             #   era name
        (?P<eray>元|[0-9]{1,2}|[一二三四五六七八九十]{1,3})年(?P<fy1>度)?   #   era year (元年 = year 1)
      | (?<![0-9])(?P<year>[0-9]{4})年(?!間|代)(?P<fy2>度)?    #   Gregorian year (not 年間, 年代); 年度: fiscal
      | (?<![0-9.,])(?P<yy>[0-9]{2})                  #   abbreviated year: ２０年 (2020), ０６年, …
        (?:[(（](?P<era2>令和|平成|昭和|大正|明治)(?P<eray2>元|[0-9]{1,2})[)）])?   #   ２３（大正１２）年 = 1923
        年(?!間|代|前|後|ぶり|以内|以上|連続|目|生|分|余り|あまり|超|近く|弱|強|半|来|が|も|と|を)(?P<fy3>度)?
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
    (?=[0-9年])                          # fast path (a class first: the engine skips to where a match can start)
    (?<![0-9])(?P<year>[0-9]{4})?        # optional year before …
    年(?P<part>末(?!年始|調整)|初め|初(?=に|から|来|の|は|、|。|$|以来|まで)|明け|半ば)   # 年末, 年初, 年半ば
                                    # (not 年末年始 the New Year holidays, 年末調整, 今年初公式戦 "the first … of
                                    # the year")
    """,
    re.VERBOSE,
)
JA_BARE_DAY_RE = re.compile(
    r"""
    (?=[0-9二三十])                                # fast path (3× faster than the lookbehinds first)
    (?<![0-9])(?<![0-9〇一二三四五六七八九十]月)      # (7月13日 is a date with its month, read before)
    (?P<day>3[01]|[12][0-9]|[1-9]|[二三]?十[一二三四五六七八九]?)日   # 13日, 今月13日, 同月13日, 二十四日
    (?!間|前|後|ぶり|以内|連続|本|米|中|韓|銀|経|曜)   # not 3日間 / 3日後 durations, not 日本 / 日米
    """,
    re.VERBOSE,
)
JA_DURATION_RE = re.compile(
    r"""
    (?=[数十0-9一二三四五六七八九百千])   # fast path
    (?<![0-9,.])                 # start at the beginning of a digit run (keeps the scan linear)
    (?P<num>(?:数|十数|数十)|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?|[一二三四五六七八九十百千]+)  # 数: several
    (?P<unit>日間|週間|か月|ヶ月|カ月|ヵ月|箇月|年間|時間   # calendar unit (日間: a bare 13日 is a date)
      | 年(?=前|後|ぶり|以内|以上|連続|に|で|も|の|間|目|が|は|を|と|余り|あまり|近く|超|、|。)  # 2年前, 15年が過ぎた
                                                       # (a year 2024年 or ２０年 is a date, read first)
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
    (?=[第0-9一二三四五六七八九十])                       # fast path
    第(?P<pre>[0-9]+|[一二三四五六七八九十]+)         # 第1, 第二
  | (?<![0-9])(?P<num>[0-9]+|[一二三四五六七八九十]+)(?:期目|番目|回目|度目|代目|位(?!置))   # 2期目, 3番目
    """,
    re.VERBOSE,
)

JA_NUMBER_RE = re.compile(
    rf"""
    (?=[約お凡ほ概最少わ僅た実$¥€£0-9{_KNUM}数])      # fast path: a first character of some match (4× faster)
    (?P<pre>約|およそ|凡そ|ほぼ|概ね|最大で?|最高|最低|少なくとも|わずか|僅か|たった|実に)?  # qualifier before
    (?P<cur1>[$¥€£])?                              # a currency sign written before the number
    (?P<num>
        (?P<vague>十数|数十|数百|数千|数)(?=[十百千万億兆])[十百千]?[万億兆]?  # 数兆, 数百億, 数十 (vague)
      | (?:{_ARABIC}[千百十]?|[{_KNUM}]+)           # Arabic (1,000 / 2.4 / ６千) or kanji (二十五) chunk
        (?:[万億兆](?:{_ARABIC}|[{_KNUM}]+)?)*      # myriad groups: 2億3850万, 1兆2000億
    )
    (?:[\ \u3000](?=%))?                            # 11.7 ％ (a space before the percent sign)
    (?P<unit>
        ドル|米ドル|円|ユーロ|ポンド|元(?![年首])            # currency
      | %|パーセント|ポイント|割|倍                      # ratio units
    )?
    (?P<counter>人|名|件|社|か国|カ国|ヶ国|国|都市|票|議席|世帯|台|個|回|校|店舗|店|点|勝|敗|P|pt)?   # counter
    (?:の(?:水準|大台|節目|ライン))?                     # 3000億ドルの水準を下回った: "the $300 billion level"
    (?P<post>超|以上|以下|未満|近く|余り|あまり|前後|程度|ほど|強|弱|足らず|以内    # qualifier after the number
      |を?超え(?:る|た|て)?|を?突破|を上回(?:る|った|り)|を下回(?:る|った|り)|を割り込|を割(?:る|った|り)
      |も(?=[^\u3040-\u309f]|[のにが急減増下上落伸増])?)?    # 71%も急落: "as much as 71%" (emphasis)
    """,
    re.VERBOSE,
)
# A kanji-only numeral is a number only before a counter: 一方 一部 統一 世界一 十分 are words.
_JA_COUNTER_RE = re.compile(
    r"(?:人|名|件|つ|個|回|度|倍|歳|台|社|か国|カ国|ヶ国|国|州|都市|票|議席|本|枚|冊|頭|匹|軒|店|機|隻|点|"
    r"ドル|円|ユーロ|ポンド|%|パーセント|ポイント|割|議員|選挙区|項目|条|勝|敗|塁|安打|得点|失点|打点|位|番|階|試合|"
    r"戦|種|巻|局|P|pt)"
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


# ・ as a decimal point between digits before a unit of measure (１・５５㍍ = 1.55 m, １８２・４４ドル), and after 率
# (打率・２５２ = a batting average of .252); elsewhere ・ lists (３・４月 = March and April)
_NAKAGURO_DECIMAL = re.compile(
    r"(?<=[0-9])・(?=[0-9]+[ \u3000]?(?:ドル|円|ポイント|%|パーセント|倍|メートル|㍍|キロ|㌔|センチ|ミリ|トン|度|秒|"
    r"m|km|kg|cm|mm|g))|(?<=率)・(?=[0-9])|(?<=[0-9]{3})・(?=[0-9]{2}(?![0-9]))")  # (and index values 10363・18)
_NAKAGURO_HINT = re.compile(r"[0-9率]・[0-9]")
# 打率１割８分２厘: a rate in tenths, hundredths and thousandths (.182)
_JA_RATE_RE = re.compile(r"(?P<w>[0-9〇一二三四五六七八九])割(?P<b>[0-9〇一二三四五六七八九])分"
                         r"(?:(?P<r>[0-9〇一二三四五六七八九])厘)?")
# the first number of a range takes the unit of the second: 40〜50%, 10〜20代, ０４～０５年, １８２５～６９年
_JA_RANGE_RE = re.compile(r"(?=[0-9])(?<![0-9.,])(?P<a>[0-9]+(?:\.[0-9]+)?)[ \u3000]?[〜～~\-－–―][ \u3000]?(?=[0-9])")
JA_TIME_RE = re.compile(
    r"""
    (?=[午APap0-9])                                    # fast path
    (?:(?P<ampm>午前|午後|AM|PM|am|pm)[\ \u3000]?)?
    (?<![0-9:.])(?P<h>[0-9]{1,2})
    (?:
        :(?P<m>[0-5][0-9])(?![0-9])                      # 10:59, 20:00
      | 時(?!間|点|代|期|刻|差|速|給|効|折|事|計|価|系|限|流|局|勢|空|半ば)   # 19時 (not 24時間, 時点, 時代)
        (?:(?P<m2>[0-5]?[0-9])分|(?P<half>半))?            # 7時半, 7時30分
    )
    """,
    re.VERBOSE,
)
# necessary conditions of JA_TIME_RE and _JA_RANGE_RE (patterns that start with a character class, which the
# regex engine scans for quickly; the full patterns start with lookbehinds and are tried at every position)
_JA_TIME_HINT = re.compile(r"[0-9](?:時|:[0-5])")
_JA_RANGE_HINT = re.compile(r"[0-9][ \u3000]?[〜～~\-－–―][ \u3000]?[0-9]")
# fixed phrases whose numbers are not quantities: 24時間365日 ("24/7", "around the clock"), 年中無休
_JA_FIXED_RE = re.compile(r"24時間365日|24時間年中無休|年中無休|24時間営業|工業株30種")


def _century(yy: int) -> int:
    """An abbreviated year's full year: the most recent past one (２０年 → 2020, ９５年 → 1995)."""
    import datetime

    return 2000 + yy if yy <= datetime.date.today().year % 100 + 1 else 1900 + yy


def _token_boundaries(text: str) -> frozenset[int]:
    """Offsets where the fugashi/unidic-lite tokens of ``text`` start or end (the glossary matcher's shared
    tokenizer: one dictionary in memory)."""
    from review_app.glossary.matcher import token_boundaries

    return token_boundaries(text)


def parse_ja(text: str) -> Parsed:
    """Quantities, dates, durations and times of a Japanese text (spans index ``text``)."""
    if JA_NUMERIC_HINT.search(text) is None:
        return Parsed()  # nothing any of the patterns below could match (most sentences of prose)
    t = fold(text)
    if "・" in t and _NAKAGURO_HINT.search(t):
        t = _NAKAGURO_DECIMAL.sub(".", t)  # (same length: spans stay valid)
    out = Parsed()
    taken: list[tuple[int, int]] = [m.span() for m in _JA_FIXED_RE.finditer(t)] \
        if "時間" in t or "無休" in t or "種" in t else []
    yy_of: dict[int, int] = {}  # index in out.dates → the two digits of an abbreviated year (ranges fix the century)
    year_part, date, bare_day, duration, ordinal, number = ja_hints(t)
    for m in JA_YEAR_PART_RE.finditer(t) if year_part else ():
        part: Part | None = {"末": Part.LATE, "初": Part.EARLY, "初め": Part.EARLY, "明け": Part.EARLY,
                             "半ば": Part.MID}[m.group("part")]
        y_part = int(m.group("year")) if m.group("year") else None
        out.dates.append(DateRef(y_part, None, None, part, m.span(), text[m.start():m.end()]))
        taken.append(m.span())
    for m in JA_DATE_RE.finditer(t) if date else ():
        if not (m.group("year") or m.group("era") or m.group("yy") or m.group("month")) or overlaps(m.span(), taken):
            continue
        year: int | None = None
        doubt: str | None = None
        alt: float | None = None
        if m.group("era"):
            ey = m.group("eray")
            year = _JA_ERA[m.group("era")] + (1 if ey == "元" else _ja_small(ey))
        elif m.group("year"):
            year = int(m.group("year"))
        elif m.group("yy"):
            yy = int(m.group("yy"))
            if m.group("era2"):
                ey = m.group("eray2")
                year = _JA_ERA[m.group("era2")] + (1 if ey == "元" else int(ey))
            else:
                year = _century(yy)
                yy_of[len(out.dates)] = yy
                if not (m.group("yy").startswith("0") or m.group("fy3") or m.group("month")):
                    # ２０年に: the year 2020 (abbreviated, as news writes it) or a span of 20 years
                    doubt = f"'{text[m.start('yy'):m.end('yy') + 1]}' could be the year {year} or {yy} years"
                    alt = float(yy)
        month = _ja_small(m.group("month")) if m.group("month") else None
        day = _ja_small(m.group("day")) if m.group("day") else None
        part = _ja_part(m.group("part"), month is not None)
        out.dates.append(DateRef(year, month, day, part, m.span(), text[m.start():m.end()], doubt, alt))
        taken.append(m.span())
    if _JA_TIME_HINT.search(t):
        for m in JA_TIME_RE.finditer(t):
            if overlaps(m.span(), taken):
                continue
            hour, ampm = int(m.group("h")), m.group("ampm")
            minute = 30 if m.group("half") else int(m.group("m") or m.group("m2") or 0)
            if hour > 24:
                continue
            if ampm in ("午後", "PM", "pm") and hour < 12:
                hour += 12
            out.times.append(TimeOfDay(hour, minute, bool(ampm) or hour > 12 or bool(m.group("m")),
                                       m.span(), text[m.start():m.end()]))
            taken.append(m.span())
    if "正午" in t:  # noon
        for m in re.finditer("正午", t):
            out.times.append(TimeOfDay(12, 0, True, m.span(), text[m.start():m.end()]))
            taken.append(m.span())
    for m in JA_BARE_DAY_RE.finditer(t) if bare_day or ("十" in t and "日" in t) else ():
        if not overlaps(m.span(), taken):
            day = _ja_small(m.group("day"))
            if day == 1 and t[m.start() - 1:m.start()] not in ("月", "日"):
                taken.append(m.span())  # 1日: "one day" (1日換算 "per day", 1日でも早く) as often as the 1st
                continue
            out.dates.append(DateRef(None, None, day, None, m.span(), text[m.start():m.end()]))
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
    if "割" in t and "分" in t:
        for m in _JA_RATE_RE.finditer(t):
            if not overlaps(m.span(), taken):
                digits = "".join(str(_ja_small(g)) if not g.isdigit() else g for g in m.group("w", "b", "r") if g)
                out.quantities.append(Quantity(float("0." + digits), "", m.span(), text[m.start():m.end()]))
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
                if prev and ((_KANJI_CHARS.match(prev) and prev not in "約計超勝敗死対") or prev in "々ヶ"):
                    continue  # 統一, 世界一, 唯一: part of a word (三勝二敗, 二死一塁: a record, a count)
                if not unit_txt and not _JA_COUNTER_RE.match(t, end):
                    continue  # 一方, 一部, 十分, 万一: words, not numbers
                if set(num) <= set("万億兆千百十") and not unit_txt:
                    continue  # a lone 百/千/万 is a word (百貨店, 万全)
                w0 = max(0, start - 4)  # (a window around the numeral: tokenizing it costs a fifth of the sentence)
                bounds = _token_boundaries(t[w0:end + 4])
                if start - w0 not in bounds or end - w0 not in bounds:
                    continue  # 九州, 四国, 一方, 八つ当たり: one token, a word that starts with a numeral
        if m.group("vague"):
            mag = ja_numeral_value(num.replace("十数", "十").replace("数", "")) if num not in ("数",) else 1.0
            value, vague = mag, True
        elif start > 0 and t[start - 1] == "." and num.isdigit() and (start < 2 or not t[start - 2].isdigit()):
            value, vague = float("0." + num), False  # 打率.346: a rate written without its leading zero
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
            out.dates.append(DateRef(int(num), None, None, None, span, text[start:end], alt=float(num)))
            taken.append(span)
            continue
        qual_txt = m.group("post") or m.group("pre")
        if qual_txt and qual_txt.startswith("を"):
            qual_txt = ("を下回" if qual_txt.startswith(("を下回", "を割")) else
                        "を上回" if qual_txt.startswith("を上回") else "を超")
        qual = _JA_QUAL.get(qual_txt) if qual_txt else None
        if qual is Qualifier.MORE and qual_txt == "強" and m.group("counter") is None and not unit:
            qual = None  # ４強 is "the top four", not "more than 4"
        full = (m.start("pre") if m.group("pre") else m.start("cur1") if m.group("cur1") else start,
                m.end("unit") if m.group("unit") else end)
        # 1 and 2 of anything (一人, 2つ, 2社) are routinely rendered "alone", "the pair", "both", "the two";
        # a school year (３年生 "seniors") and a team format (７人制 "sevens") are names more than counts
        after = t[end:end + 2]
        weak = (value <= 1 and unit not in (PERCENT, POINTS, TIMES)) or (value <= 2 and not unit) or \
            after in ("年生", "人制")
        counted = bool(unit or m.group("counter") or m.group("cur1") or qual or vague) or \
            _JA_COUNTER_RE.match(t, end) is not None
        doubt = None if counted or weak else (
            f"'{text[start:end]}' has no unit or counter after it: it may be a label, a rank or part of a name")
        out.quantities.append(Quantity(value, unit, full, text[full[0]:full[1]], qual, vague, weak, doubt))
        taken.append(full)
    if _JA_RANGE_HINT.search(t):
        _apply_ranges(t, text, out, yy_of)
    out.quantities.sort(key=lambda q: q.span)
    out.dates.sort(key=lambda d: d.span)
    return out


def _apply_ranges(t: str, text: str, out: Parsed, yy_of: dict[int, int]) -> None:
    """The first number of a range ``A〜B<unit>`` read like B: ``40〜50%`` → 40 % and 50 %; ``０４～０５年`` →
    2004 and 2005; ``１８２５～６９年`` → 1825 and 1869 (the second year abbreviated in A's century)."""
    for r in _JA_RANGE_RE.finditer(t):
        a_span, b = r.span("a"), r.end()
        a_txt = r.group("a")
        a_val = float(a_txt)
        a_text = text[a_span[0]:a_span[1]]
        for i, d in enumerate(out.dates):
            if d.span[0] == b and d.year is not None and d.month is None:
                yy = yy_of.get(i)
                if len(a_txt) == 4 and yy is not None:  # １８２５～６９年
                    year = int(a_txt) // 100 * 100 + yy
                    out.dates[i] = DateRef(year + 100 if year < int(a_txt) else year, None, None, d.part, d.span,
                                           d.text)
                    new = DateRef(int(a_txt), None, None, None, a_span, a_text)
                elif len(a_txt) == 2 and yy is not None:  # ０４～０５年
                    new = DateRef(d.year - yy + int(a_txt), None, None, None, a_span, a_text, d.doubt,
                                  a_val if d.doubt else None)
                elif len(a_txt) == 4:  # 2020～2021年
                    new = DateRef(int(a_txt), None, None, None, a_span, a_text)
                else:
                    break
                _drop_at(out, a_span)
                out.dates.append(new)
                break
        else:
            for q in out.quantities:
                if q.span[0] <= b < q.span[1] and not q.vague:
                    _drop_at(out, a_span)
                    out.quantities.append(Quantity(a_val, q.unit, a_span, a_text, None, False, q.weak))
                    break
            else:
                for du in out.durations:
                    if du.span[0] == b:
                        _drop_at(out, a_span)
                        out.durations.append(Duration(a_val, du.unit, a_span, a_text))
                        break


def _drop_at(out: Parsed, span: tuple[int, int]) -> None:
    """Remove what was read at ``span`` (the first number of a range, read on its own before)."""
    out.quantities[:] = [q for q in out.quantities if not overlaps(q.span, [span])]
    out.dates[:] = [d for d in out.dates if not overlaps(d.span, [span])]
    out.durations[:] = [d for d in out.durations if not overlaps(d.span, [span])]


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

