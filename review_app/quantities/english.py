"""Quantities, dates and durations of English text.

"$238.5 million" "US$1bn" "2.4 trillion dollars" "¥500" "€3" "yen" "71%" "71 percent" "10 percentage points"
"50 times" "twice" "-fold", number words (values by the maintained ``text2num`` library), "a dozen", vague
"hundreds of" "tens of billions" "dozens" "several", ordinals "1st" "first"…"twentieth"; dates "July 13, 2024"
"13 July 2024" "Jul. 13" "late October" "mid-2023" "the end of 2024"; durations "130 days" "130-day" "a decade".
"""

from __future__ import annotations

import re

from review_app.quantities.model import (
    CNY,
    EUR,
    GBP,
    JPY,
    MONTH_NAMES,
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
from review_app.quantities.prefilter import (
    H_CLOCK,
    H_DECADE,
    H_DIGIT,
    H_DURATION,
    H_MONTH,
    H_NUMBER,
    H_ORDINAL,
    H_SCALE,
    H_TIMES,
    H_YEAR,
    en_hints,
    spelled_cases,
)

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
             r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)(?![a-z])")
_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![A-Za-z])")
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
      | [oO]n\ the\ (?P<d3>[0-3]?[0-9])(?:st|nd|rd|th)\b            # on the 13th / On the 13th
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
        up\ to|as\ much\ as|as\ many\ as|at\ most|no\ more\ than|just|only|a\ mere|merely|
        (?:a\ )?maximum\ (?:of\ )?|(?:a\ )?minimum\ (?:of\ )?)?
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
      | \.[0-9]+(?![0-9])                                   # .346 (a batting average)
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
    "maximum": Qualifier.UP_TO, "maximum of": Qualifier.UP_TO, "a maximum of": Qualifier.UP_TO,
    "minimum": Qualifier.AT_LEAST, "minimum of": Qualifier.AT_LEAST, "a minimum of": Qualifier.AT_LEAST,
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


_MAY_CONTEXT = re.compile(r"(?:\b(?:in|of|early|late|mid|since|until|by|from|through|to|last|next|this|end of|"
                          r"beginning of|on)[\s-]*)$", re.IGNORECASE)


_EN_DURATION_CS = spelled_cases(EN_DURATION_RE)
_EN_ORDINAL_CS = spelled_cases(EN_ORDINAL_RE)
_EN_NUMBER_CS = spelled_cases(EN_NUMBER_RE)
_EN_TIMES_CS = spelled_cases(_EN_TIMES_WORDS)


EN_TIME_RE = re.compile(
    r"""
    (?=[0-9])(?<![0-9:.,])                                       # (a class first: the fast path)
    (?:
        (?P<h>1[0-2]|0?[0-9])(?::(?P<m>[0-5][0-9]))?[\ \u00a0]?(?P<ap>[aApP]\.?[mM]\.?)(?![A-Za-z])  # 7pm, 8:30 a.m.
      | (?P<h2>[01]?[0-9]|2[0-4]):(?P<m2>[0-5][0-9])(?![0-9]|:[0-9])                             # 19:00, 10:59
    )
    """,
    re.VERBOSE,
)
# midnight, noon, "three o'clock (in the morning)"
_EN_CLOCK_WORDS_RE = re.compile(
    r"\b(?:(?P<mid>midnight|noon|midday)|(?P<h>[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)\ o['’]clock(?:\ in\ the\ (?P<part>morning|afternoon|evening))?)\b", re.IGNORECASE)
_CLOCK_WORDS = {w: i + 1 for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                                "ten", "eleven", "twelve"))}
# a necessary condition of EN_TIME_RE that the regex engine scans for quickly (it starts with a class)
_EN_TIME_HINT = re.compile(r"[0-9](?:[\ \u00a0]?[aApP]\.?[mM]|:[0-5])")
# fixed phrases whose numbers are not quantities (24時間365日 ↔ "24/7")
_EN_FIXED_RE = re.compile(r"(?<![0-9/])(?:24/7|24/365|50/50)(?![0-9/])")
# decades of age: ６０代 ↔ "in his sixties", １０代 ↔ "as a teenager"
_EN_DECADE_RE = re.compile(r"\b(?P<w>teen(?:s|agers?|aged?)|twenties|thirties|forties|fifties|sixties|seventies|"
                           r"eighties|nineties)\b", re.IGNORECASE)
# letters that may follow a number directly: plural s (the 1990s), ordinal and scale suffixes (5th, $5m, 3bn)
_NUMBER_SUFFIX = re.compile(r"(?:'?s|st|nd|rd|th|bn|mn|mln|tn|[kmbKMB]|x)(?![A-Za-z])")
_DECADES = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90}


def parse_en(text: str) -> Parsed:
    """Quantities, dates, durations and times of an English text (spans index ``text``)."""
    t = fold(text)
    out = Parsed()
    taken: list[tuple[int, int]] = []
    hints = en_hints(t)
    if hints & H_DIGIT:
        taken += [m.span() for m in _EN_FIXED_RE.finditer(t)] if "/" in t else []
        for m in EN_TIME_RE.finditer(t) if _EN_TIME_HINT.search(t) else ():
            if overlaps(m.span(), taken):
                continue
            if m.group("h") is not None:
                hour, minute = int(m.group("h")), int(m.group("m") or 0)
                if m.group("ap").lower().startswith("p") and hour < 12:
                    hour += 12
                elif m.group("ap").lower().startswith("a") and hour == 12:
                    hour = 0
                half = True
            else:
                hour, minute, half = int(m.group("h2")), int(m.group("m2")), True
            out.times.append(TimeOfDay(hour, minute, half, m.span(), text[m.start():m.end()]))
            taken.append(m.span())
    if hints & H_CLOCK:
        for m in _EN_CLOCK_WORDS_RE.finditer(t):
            if overlaps(m.span(), taken):
                continue
            if m.group("mid"):
                hour, half = (0 if m.group("mid").lower() == "midnight" else 12), True
            else:
                h = m.group("h").lower()
                hour = int(h) if h.isdigit() else _CLOCK_WORDS[h]
                part = (m.group("part") or "").lower()
                half = bool(part)
                if part in ("afternoon", "evening") and hour < 12:
                    hour += 12
            # (weak: "midnight market", "at noon" said for 昼): matched, never reported as extra
            out.times.append(TimeOfDay(hour, 0, half, m.span(), text[m.start():m.end()], weak=True))
            taken.append(m.span())
    if hints & H_DECADE:
        for m in _EN_DECADE_RE.finditer(t):
            w = m.group("w").lower()
            decade = 10 if w.startswith("teen") else next(v for k, v in _DECADES.items() if w.startswith(k))
            out.quantities.append(Quantity(float(decade), "", m.span(), text[m.start():m.end()], weak=True))
            taken.append(m.span())
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
        if month_raw in ("May", "March") and not day_raw and not year_raw and not m.group("part") \
                and not _MAY_CONTEXT.search(t[:m.start("m3")]):
            continue  # the verbs "may" and "march" ("Troops March On"): a month alone needs "in", "since"…
        if m.group("y4") and not m.group("part") and re.match(
                r"\s*(?:people|votes|persons|members|jobs|units|troops|yen|dollars?|euros?|won|yuan|points?|pts|wins|"
                r"victories|games|items|copies|stores|companies|cases|times)\b", t[m.end():]):
            continue  # "2024 people" / "2024 votes": an amount, not a year
        day = int(day_raw) if day_raw else None
        if day is not None and not 1 <= day <= 31:
            continue
        if m.group("m6") and (re.match(r"\s+(?:of|majority|share|vote|votes|cup|inch|mile|star|point|rating|score)s?\b",
                                       t[m.end():])
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
        if overlaps(m.span(), taken):
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
        if overlaps(m.span(), taken):
            continue
        value = float(m.group("num")) if m.group("num") else float(_EN_ORD[m.group("word").lower()])
        # word ordinals ("first", "second") are everywhere in English prose, and small ones in digits render
        # words as often as numbers (三塁 "3rd base", 三が日 "the 3rd day"): weak, never an "extra" number
        out.quantities.append(Quantity(value, ORDINAL, m.span(), text[m.start():m.end()],
                                       weak=bool(m.group("word")) or value < 10))
        taken.append(m.span())
    for m in _EN_NUMBER_CS.finditer(t) if hints & (H_DIGIT | H_NUMBER | H_SCALE) else ():
        span = m.span("num")
        if not m.group("num") or overlaps(span, taken):
            continue
        start = span[0]
        if start > 0 and (t[start - 1].isalnum() or t[start - 1] in "_"):
            continue  # inside a word or identifier (G7, COVID-19 counted separately)
        if start > 0 and t[start - 1] == "-" and start > 1 and t[start - 2].isalpha():
            continue  # COVID-19, F-35
        end_num = span[1]
        if t[end_num:end_num + 1] == "-" and t[end_num + 1:end_num + 2].isupper() and t[start].isdigit():
            continue  # 7-Eleven, 7-Up: a number that starts a name
        if end_num < len(t) and t[end_num].isalpha() and t[start].isdigit() and not m.group("scale") \
                and not m.group("unit") and not _NUMBER_SUFFIX.match(t, end_num):
            continue  # 3D, 5G, 24h, 4K: a number glued to letters is a name or a symbol
        num = m.group("num")
        low = num.lower()
        scale_raw = (m.group("scale") or "").lower()
        unit_raw = (m.group("unit") or "").lower().strip()
        cur_raw = (m.group("cur1") or "").lower().strip()
        is_word = not (num[0].isdigit() or num[0] == ".")
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
        if is_word and unit == POINTS and not (unit_raw.endswith("s") and value >= 2):
            continue  # "at one point": not a number of points
        if is_word and not unit and not scale_raw and not vague and value <= 20 and low in ("one",) and (
                re.match(r"\s+of\b", t[m.end("num"):]) or re.search(r"\b(?:no|the|any|every|some)\s+$",
                                                                      t[:start])):
            continue  # "one of", "no one", "the one": not a count
        qual_raw = (m.group("post") or "").strip().lower() or (m.group("pre") or "").lower().strip()
        qual = _EN_QUAL.get(qual_raw) if qual_raw else None
        full_start = m.start("pre") if m.group("pre") and qual else (m.start("cur1") if m.group("cur1") else start)
        full_end = max(e for e in (m.end("num"), m.end("scale"), m.end("unit"), m.end("post")) if e != -1)
        weak = (is_word and not scale_raw and not unit) or (value <= 1 and unit not in (PERCENT, POINTS, TIMES))
        out.quantities.append(Quantity(value, unit, (full_start, full_end), text[full_start:full_end], qual,
                                       vague, weak))
        taken.append((full_start, full_end))
    for m in _EN_TIMES_CS.finditer(t) if hints & H_TIMES else ():
        if not overlaps(m.span(), taken):
            val = 2.0 if m.group("w").lower().startswith(("twice", "doubl")) else (
                3.0 if m.group("w").lower().startswith("tripl") else 4.0)
            out.quantities.append(Quantity(val, TIMES, m.span(), text[m.start():m.end()], weak=True))
    out.quantities.sort(key=lambda q: q.span)
    out.dates.sort(key=lambda d: d.span)
    return out

