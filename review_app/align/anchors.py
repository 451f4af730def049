"""Anchors of the alignment: numbers after Japanese unit normalisation (2億3850万 ↔ 238.5 million), dates, Latin
tokens of the Japanese and glossary terms; shared anchors lower a link's cost, one-sided ones raise it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

ANCHOR_MATCH = 2.0
"""Cost reduction per anchor present on both sides of a link."""
ANCHOR_MISS = 1.5
"""Cost added per anchor present on one side only."""

_KANJI_UNITS = {"千": 10**3, "万": 10**4, "億": 10**8, "兆": 10**12}
_EN_UNITS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_JA_DATE = re.compile(
    r"""
    (?:(?P<y>\d{4})年)?                 # optional year: 2024年
    (?P<m>\d{1,2})月                    # month: 7月
    (?:(?P<d>\d{1,2})日)?               # optional day: 13日
    | (?P<yonly>\d{4})年                # a year on its own: 2024年
    """,
    re.VERBOSE,
)
_JA_NUMBER = re.compile(
    r"""
    (?P<num>\d+(?:,\d{3})*(?:\.\d+)?)   # digits (NFKC has already turned ２ into 2), optional decimals
    (?P<unit>[兆億万千]?)                 # Japanese myriad unit: 2.4兆, 2億, 3850万
    """,
    re.VERBOSE,
)
_EN_DATE = re.compile(
    r"""  # case-sensitive on purpose: "May" is a month, "may" a verb
    \b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December
       |Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?
    (?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b)?    # July 13
    (?:,?\s+(?P<y>\d{4})\b)?                    # , 2024 / February 2025
    | \b(?P<d2>\d{1,2})\s+(?P<month2>January|February|March|April|May|June|July|August|September|October
       |November|December)(?:\s+(?P<y2>\d{4}))?\b  # 13 July 2024
    """,
    re.VERBOSE,
)
_EN_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}
_EN_NUMBER_WORD = re.compile(r"\b(" + "|".join(_EN_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_EN_NUMBER = re.compile(
    r"""
    (?<![\w.])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?![.,]?\d)   # 238.5, 1,000, 2024; not in a word or 3.5.1
    (?:\s*(?P<unit>thousand|million|billion|trillion)\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'.\-]*[A-Za-z0-9]|[A-Za-z]")


def _number_key(value: float) -> str:
    if value == int(value):
        return f"n:{int(value)}"
    return f"n:{value:.6g}"


def _ja_compound(match_text: str) -> float:
    """Value of a run like ``2億3850万`` (units applied to each digit group, then summed)."""
    total = 0.0
    for m in _JA_NUMBER.finditer(match_text):
        value = float(m.group("num").replace(",", ""))
        unit = m.group("unit")
        total += value * (_KANJI_UNITS[unit] if unit else 1)
    return total


_JA_COMPOUND = re.compile(r"(?:\d+(?:,\d{3})*(?:\.\d+)?[兆億万千])+\d*(?:,\d{3})*(?:\.\d+)?")


def ja_anchors(text: str, latin_vocab: frozenset[str] = frozenset()) -> set[str]:
    """Anchors of a Japanese sentence: ``n:`` numbers, ``y:``/``m:``/``md:``/``ym:`` dates, ``w:`` Latin."""
    t = unicodedata.normalize("NFKC", text)
    out: set[str] = set()
    spans: list[tuple[int, int]] = []
    for m in _JA_DATE.finditer(t):
        spans.append(m.span())
        if m.group("yonly"):
            out.add(f"y:{int(m.group('yonly'))}")
            continue
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            continue
        out.add(f"m:{month}")
        if m.group("y"):
            out.add(f"y:{int(m.group('y'))}")
            out.add(f"ym:{int(m.group('y'))}-{month}")
        if m.group("d"):
            out.add(f"md:{month}-{int(m.group('d'))}")
    masked = list(t)
    for a, b in spans:
        masked[a:b] = " " * (b - a)
    rest = "".join(masked)
    taken: list[tuple[int, int]] = []
    for m in _JA_COMPOUND.finditer(rest):
        out.add(_number_key(_ja_compound(m.group(0))))
        taken.append(m.span())
    for a, b in taken:
        rest = rest[:a] + " " * (b - a) + rest[b:]
    for m in _JA_NUMBER.finditer(rest):
        value = float(m.group("num").replace(",", ""))
        unit = m.group("unit")
        out.add(_number_key(value * (_KANJI_UNITS[unit] if unit else 1)))
    for tok in _LATIN_TOKEN.findall(t):
        out.add("w:" + tok.lower())
    if latin_vocab:
        out = {a for a in out if not a.startswith("w:") or a[2:] in latin_vocab}
    return out


def en_anchors(text: str, latin_vocab: frozenset[str]) -> set[str]:
    """Anchors of an English sentence, in the same vocabulary as :func:`ja_anchors`.

    Only Latin tokens that also occur in the Japanese document count (``latin_vocab``), so ordinary English
    words are not anchors.
    """
    t = unicodedata.normalize("NFKC", text)
    out: set[str] = set()
    masked = list(t)
    for m in _EN_DATE.finditer(t):
        name = (m.group("month") or m.group("month2") or "").lower().rstrip(".")
        month = _MONTHS.get(name)
        if month is None:
            continue
        day = m.group("d") or m.group("d2")
        year = m.group("y") or m.group("y2")
        out.add(f"m:{month}")
        if day:
            out.add(f"md:{month}-{int(day)}")
        if year:
            out.add(f"y:{int(year)}")
            out.add(f"ym:{int(year)}-{month}")
        a, b = m.span()
        masked[a:b] = " " * (b - a)
    rest = "".join(masked)
    for m in _EN_NUMBER.finditer(rest):
        raw = m.group("num").replace(",", "")
        value = float(raw)
        unit = (m.group("unit") or "").lower()
        if unit:
            value *= _EN_UNITS[unit]
        elif re.fullmatch(r"(19|20)\d\d", raw):
            out.add(f"y:{int(raw)}")
            continue
        out.add(_number_key(value))
    for m in _EN_NUMBER_WORD.finditer(rest):
        out.add(_number_key(_EN_NUMBER_WORDS[m.group(1).lower()]))
    for tok in _LATIN_TOKEN.findall(t):
        low = tok.lower()
        if low in latin_vocab:
            out.add("w:" + low)
    return out


def _latin_vocab(texts: Iterable[str]) -> frozenset[str]:
    vocab: set[str] = set()
    for text in texts:
        for tok in _LATIN_TOKEN.findall(unicodedata.normalize("NFKC", text)):
            vocab.add(tok.lower())
    return frozenset(vocab)


def _glossary_anchors(
    ja_texts: Sequence[str], en_texts: Sequence[str], glossary: Sequence[tuple[str, str]]
) -> tuple[list[set[str]], list[set[str]]]:
    """``g:<i>`` anchors for glossary entry ``i`` found in a Japanese / English sentence."""
    ja_out: list[set[str]] = [set() for _ in ja_texts]
    en_out: list[set[str]] = [set() for _ in en_texts]
    for i, (ja, en) in enumerate(glossary):
        ja_n, en_n = unicodedata.normalize("NFKC", ja).strip(), en.strip()
        if not ja_n or not en_n:
            continue
        en_pat = re.compile(r"(?<!\w)" + re.escape(en_n) + r"(?!\w)", re.IGNORECASE)
        for k, text in enumerate(ja_texts):
            if ja_n in unicodedata.normalize("NFKC", text):
                ja_out[k].add(f"g:{i}")
        for k, text in enumerate(en_texts):
            if en_pat.search(text):
                en_out[k].add(f"g:{i}")
    return ja_out, en_out


def anchor_cost(ja: set[str], en: set[str]) -> float:
    """Shared anchors lower the cost; anchors on one side raise it.

    Latin words (``w:``) and glossary terms (``g:``) found only in the English are free: translators spell
    out what the Japanese writes in katakana (マスク → Musk) or add an acronym for clarity (DOGE).
    """
    shared = len(ja & en)
    missing = len(ja - en) + sum(1 for a in en - ja if a[0] not in "wg")
    return ANCHOR_MISS * missing - ANCHOR_MATCH * shared

