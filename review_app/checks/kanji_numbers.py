"""Kanji numerals as number anchors for the meaning analysis (:mod:`review_app.checks.meaning`).

The tagger (unidic-lite) splits a kanji numeral into several 数詞 tokens (二十四日 → 二十 / 四 / 日, 十五歳 → 十 / 五
/ 歳, 二〇二一年 → 二 / 〇 / 二 / 一 / 年). Read one by one, each is a dictionary word glossed "twenty", "four": a
date rendered "on the 24th" leaves them uncovered, and a dropped one weighs as two nouns, not as a number. Here
the tokens are joined (:func:`numeral_end`) and read as one value with
:func:`review_app.quantities.japanese.ja_numeral_value` (:func:`kanji_value`), so the analysis compares them with
the target's numbers like an Arabic numeral (``24`` is found in *24th*; 三千 in *3,000*).

Left as they were: a lone 一 (一度 "once", 一番, 一方, 一部: mostly not a count in English), and a numeral before
万/億/兆 (三千万 is "30 million": like ``3000万`` the numbers check compares it, the word-level analysis does not).

Which units make a number no anchor (:func:`unit_skipped`, for Arabic and kanji numerals alike): 年, 月, 時, 分, 秒,
％ and the myriads — their English forms change the digits (令和3年 is 2021, 5月 is May, 15時 is 3 p.m., 30万 is
300,000); the numbers and dates checks compare them. A day of the month (24日, 二十四日) keeps its digits in English
(*the 24th*, *Nov. 24*), so it is an anchor: a dropped date is an uncovered word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from review_app.quantities.japanese import KANJI_DIGITS, KANJI_SMALL, ja_numeral_value

_KANJI_NUMERAL = re.compile("[" + "".join(KANJI_DIGITS) + "".join(KANJI_SMALL) + "]+")
_SKIPPED_UNIT = re.compile(r"^[万億兆千百十]?[年月時分秒％%]|^[万億兆千百]")


def is_kanji_numeral(surface: str) -> bool:
    """Whether a token's surface is written in kanji numerals only (二十, 四, 〇, 千)."""
    return bool(surface) and _KANJI_NUMERAL.fullmatch(surface) is not None


def numeral_end(nodes: Sequence[Any], starts: Sequence[int], ends: Sequence[int], i: int) -> int:
    """The index after the last token of the kanji numeral that starts at token ``i`` (a 数詞 written in kanji
    numerals): the following 数詞 tokens in kanji numerals with no gap between them. ``i + 1`` when token ``i``
    is not such a numeral. ``nodes``: the tagger tokens (:func:`review_app.checks.ja_tokens.nodes`; field 0 the
    surface, field 2 the second part-of-speech level)."""
    if nodes[i][2] != "数詞" or not is_kanji_numeral(nodes[i][0]):
        return i + 1
    j = i + 1
    while j < len(nodes) and nodes[j][2] == "数詞" and starts[j] == ends[j - 1] and is_kanji_numeral(nodes[j][0]):
        j += 1
    return j


def kanji_value(text: str) -> str | None:
    """The digits of a kanji numeral (二十四 → ``24``, 三千 → ``3000``, 二〇二一 → ``2021``), or None: not a kanji
    numeral, or a lone 一 (rarely a count in English)."""
    if not is_kanji_numeral(text) or text == "一":
        return None
    value = ja_numeral_value(text)
    if value <= 0 or value != int(value):
        return None
    return str(int(value))


def unit_skipped(source: str, end: int) -> bool:
    """Whether the number ending at ``end`` is followed by a unit whose English form changes its digits (see the
    module docstring): then it is not an anchor."""
    return _SKIPPED_UNIT.match(source[end:end + 2]) is not None


_COUNTERS = frozenset(["回", "度", "人", "点", "位", "番", "本", "個", "件", "試合", "打席", "安打", "勝", "敗",
                       "階", "倍", "割", "週", "世紀", "軒", "台", "枚", "匹", "頭", "種類", "社", "校", "曲", "冊",
                       "杯", "塁", "連勝", "連敗", "得点", "失点", "イニング", "カ国", "か国", "ヶ国"])
"""Counters the tagger reads as nouns, not suffixes (六回, 三試合): after one of them a lone kanji digit is a count."""


def numeral_start(nodes: Sequence[Any], starts: Sequence[int], ends: Sequence[int], i: int) -> int:
    """The index of the first token of the kanji numeral that token ``i`` belongs to (the tagger leaves some of
    its tokens, such as 十 of 十五, out of the content words the analysis visits)."""
    while i > 0 and nodes[i - 1][2] == "数詞" and starts[i] == ends[i - 1] and is_kanji_numeral(nodes[i - 1][0]) \
            and is_kanji_numeral(nodes[i][0]):
        i -= 1
    return i


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
             "tomorrow", "tonight")


@functools.cache
def _day_stems() -> frozenset[str]:
    from review_app.checks.meaning import stem

    return frozenset(stem(w) for w in _WEEKDAYS)


def number_static(static: tuple[Any, ...], source: str, start: int, end: int, after: Sequence[Any] | None
                  ) -> tuple[Any, ...] | None:
    """What the meaning analysis keeps of the number ``source[start:end]`` (its word record ``static``, of
    :func:`review_app.checks.meaning._word_static`; ``after``: the token that follows, or None): None when it is
    no anchor — a unit that changes its digits follows (:func:`unit_skipped`), or a lone kanji digit is not
    followed by a counter (三重 is a place, 二ゴロ a grounder to second: a counter suffix such as 人, 回, 日 makes
    it a count) —; for a day of the month (24日, not 24日間), the record with the stems of the weekday words as
    other renderings (English news writes 24日 as *on Tuesday*, *yesterday*); else ``static`` unchanged."""
    if unit_skipped(source, end):
        return None
    text = source[start:end]
    if len(text) == 1 and is_kanji_numeral(text) and (after is None or not (
            after[1] == "接尾辞" or after[0] in _COUNTERS)):
        return None
    if source.startswith("日", end) and not source.startswith("日間", end):
        return (*static[:6], _day_stems(), *static[7:])
    return static
