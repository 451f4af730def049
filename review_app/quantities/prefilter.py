"""Cheap necessary conditions that decide which of the big patterns of the parsers can match at all.

The English patterns cost 10-60 µs per sentence in the regex engine and most sentences cannot match most of them;
one Aho-Corasick pass (:func:`en_hints`) or a few substring tests (:func:`ja_hints`) tell which to run. Every hint
is a *necessary* condition of its pattern (a superset), so skipping a pattern on a missing hint never loses a
match: ``tests/test_qa_perf_equivalence.py`` proves the parsers unchanged with every hint forced on.
"""

from __future__ import annotations

import functools
import re
from typing import Any

JA_NUMERIC_HINT = re.compile(r"[0-9０-９〇零一二三四五六七八九十百千数年月午]")
# What a JA_NUMBER_RE "num" needs (after folding): a digit, a kanji numeral or 数.
_JA_NUM_CHAR = re.compile(r"[0-9〇零一二三四五六七八九十百千数]")
ASCII_DIGIT_RE = re.compile(r"[0-9]")


def ja_hints(t: str) -> tuple[bool, bool, bool, bool, bool, bool]:
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


# ---- hints: which English patterns can match at all, from one Aho-Corasick pass ----------------------------
#
# The four big English patterns cost 10-60 µs per sentence in the regex engine, and most sentences cannot match
# most of them. Every match of each pattern contains a digit or one of a few words, so one C pass of an
# automaton over the lower-cased text tells which patterns to run. Each flag is a *necessary* condition of its
# pattern (a superset: "mar" in "market" lets EN_DATE_RE run, which then finds nothing); the IGNORECASE patterns
# are tested on ``t.lower()``, and the four non-ASCII letters Python's IGNORECASE equates with ASCII ones
# (K ı ſ İ) set every flag. test_qa_perf_equivalence proves parse_en unchanged with every flag forced on.

H_DIGIT, H_CURRENCY, H_MONTH, H_YEAR, H_ORDINAL, H_NUMBER, H_SCALE, H_DURATION, H_TIMES, H_CLOCK, H_DECADE = (
    1 << i for i in range(11))
H_ALL = (1 << 11) - 1
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
    H_CLOCK: ("night", "noon", "midday", "clock"),
    H_DECADE: ("ties", "teen"),
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




# A digit, a currency sign or a month name: what an "extra" number or date in the target needs.
_MAYBE_EN_QUANTITY = re.compile(
    r"[0-9$€£¥]|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|\b(?:dozen|hundred|thousand|"
    r"million|billion|trillion|decade)s?\b", re.IGNORECASE)
_MAYBE_EN_QUANTITY_CS = spelled_cases(_MAYBE_EN_QUANTITY)


def maybe_en_quantity(text: str) -> bool:
    """``_MAYBE_EN_QUANTITY.search(text)``, answered from the hint automaton where it can (a digit or currency
    sign: yes; none of the month or scale words: no); the pattern runs only on the rest."""
    hints = en_hints(text)
    if hints == H_ALL:  # (also where ſ K ı İ occur: only the IGNORECASE pattern itself can tell)
        return _MAYBE_EN_QUANTITY.search(text) is not None
    if hints & (H_DIGIT | H_CURRENCY):
        return True
    if not hints & (H_MONTH | H_SCALE):
        return False
    return _MAYBE_EN_QUANTITY_CS.search(text) is not None  # no ſ K ı İ here: the case-spelled twin is exact
