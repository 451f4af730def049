"""Grammatical content the dictionary alignment cannot see, for ``omission``: conditions and quantity bounds.

The dictionary coverage of :mod:`review_app.checks.meaning` matches content words; a full, fluent target that
renders every content word of its source can still drop what the grammar says about them. Two closed classes are
read here, each with a closed set of English renderings (matched without a parse; Japanese text is never assumed
to have spaces or ASCII punctuation):

* **conditions** (:data:`CONDITION`) — 〜場合 (場合は, 場合に, 場合の, 場合、): the source says *if*; a target
  with none of *if, when, whenever, unless, in case, in the event, once, should, provided, as long as, whether,
  where…* states it as a fact or a plan (改正が行われる場合の時期は "the revision will be made after …"). Not
  場合が/も ある ("in some cases") nor 場合によって ("depending on"). The verb conditionals (〜たら, 〜れば, 〜なら)
  were measured and left out: with the same English list they reported 3 of 1005 and 20 of 2008 WMT references
  (たら of a past sequence, 飲んだら楽しくなった "I drank … and it was fun"; なら of a topic, 今なら "now"), against
  0 and 0 for 場合.
* **quantity bounds** (:data:`BOUND`) — a number (digits or kanji numerals, with its counter) followed by 以上,
  以下, 未満, 以内, 超 or を超える: the source says *at least / or more / over / under / less than / within*; a
  target with none of *over, more, above, least, exceed, under, less, fewer, below, within, up to, maximum,
  minimum, +, ≥…* has dropped the bound (1900円以上で送料無料 "free shipping for many products").

Both are read by :func:`dropped_grammar`; ``omission``'s ``condition`` and ``bound`` rules report them when the
target renders most of the source (its ``hedge_max_uncovered`` gate: a target that says something else is
another rule's).
"""

from __future__ import annotations

import re

from review_app.checks.modality import Closed, dropped_closed

EN_CONDITION = re.compile(
    r"\b(?:if|when|whenever|unless|case|cases|in the event|once|provided|providing|long as|whether|otherwise|assuming|"
    r"suppose|supposing|depending|condition|conditions|conditional|should|where|wherever|as soon as|contingency|"
    r"scenario|eventuality)\b", re.IGNORECASE)
"""English words that render a condition: the conjunctions (*if, when, unless, once, provided, as long as*), *case*
and *in the event* (of), *should* (Should X happen), *where*, *depending* (場合によっては)."""

CONDITION: tuple[Closed, ...] = (
    Closed("condition", re.compile(r"場合(?:は|に|には|でも|の|、|，)(?!よ)"), EN_CONDITION, "if / in case (場合)"),
)
"""The condition 〜場合 ("if", "in case"), not 場合が/も ある ("in some cases", "sometimes") nor 場合によって
("depending on")."""

_NUMBER = r"(?:[0-9０-９][0-9０-９,，.．]*|[〇一二三四五六七八九十百千万億]+)"
_COUNTER = r"[\u3040-\u309f\u30a0-\u30ff\u4e00-\u9fffA-Za-z％%]{0,3}?"

EN_BOUND = re.compile(
    r"\b(?:over|more|above|least|exceed(?:s|ed|ing)?|excess|beyond|upwards?|plus|under|less|fewer|below|within|"
    r"up to|maximum|max|minimum|min|most|or so|higher|lower|greater|smaller|larger|longer|shorter|older|younger|"
    r"before|after|until|by|no later|inside|and up|above|surpass(?:es|ed|ing)?|top(?:s|ped)?|reach(?:es|ed)?|"
    r"limit(?:ed)?|only|cap(?:ped)?|starting|from|minimal|beneath|short of|not exceeding|or so)\b|[+≥≤<>＋~〜]|"
    r"\d\s*-\s*\d", re.IGNORECASE)
"""English words and signs that render a quantity bound."""

BOUND: tuple[Closed, ...] = (
    Closed("bound", re.compile(r"(?<![約およそ0-9０-９〇一二三四五六七八九十百千万億,，.．])" + _NUMBER + _COUNTER
                               + r"(?:以上|以下|未満|以内|超(?=[のがとでにはも、。，,)）]|$)|"
                               r"を超え|を超す|を上回|を下回)(?![くぐ]らい|ほど|程度|前後)"),
           EN_BOUND, "at least / over / under / within (以上・以下・未満・以内・超)"),
)
"""A number with its counter and a bound after it (1900円以上, 3日以内, 20歳未満, 100人超); not an approximate one
(約, くらい, ほど, 程度: ４〜５年以内くらい "these past 4 or 5 years" on a WMT22 reference), which a translator may
render as a plain round number."""


PRICE: tuple[Closed, ...] = (
    Closed("price", re.compile(r"税抜|税別|税込|税抜き|税込み|[（(]税"),
           re.compile(r"\b(?:excl\w*|before|plus|without|pre-?tax|ex|incl\w*|with|after|tax-in|tax in|tax-free|net|"
                      r"gross|tax-exclusive|tax-inclusive|not including|separately|extra|additional)\b|\+|税|"
                      r"\bw/o\b|\bw/",
                      re.IGNORECASE),
           "tax included / excluded (税込・税抜)"),
)
"""Whether a price includes tax (税込, 税抜, 税別): rendered *excl. tax, before tax, plus tax, incl. tax, tax
included*; 790円税抜 → "790 yen tax" has dropped it (抜 "excluded" is the word the dictionary pairs with *tax*'s
neighbour, and the coverage finds *tax*)."""

_HEAD = r"(?P<h>方|人|店|もの|ところ|者|とき|時|場合|ケース|子|家庭|会社|企業|学校|日)"
EN_BOTH = re.compile(r"\b(?:and|or|while|whereas|others?|but|both|whether|versus|vs|between|each|either|neither|nor|"
                     r"yet|from|unlike|rather)\b", re.IGNORECASE)
"""English words that join the two sides of a contrast (*some do and some don't*, *those that are from those that
are not*, *whether or not*)."""

CONTRAST: tuple[Closed, ...] = (
    Closed("contrast", re.compile(r"(?P<p>[\u4e00-\u9fff\u30a0-\u30ff]{1,6}|[ぁ-ん]{2,4})[ぁ-ん]{0,4}" + _HEAD
                                  + r"(?:と|も(?:いれば|あれば)[、，]?|[、，])(?P=p)[ぁ-ん]{0,4}"
                                  + r"(?:ない|ません|ぬ|ず)(?P=h)"),
           EN_BOTH, "both sides of a contrast (〜する方と〜しない方)"),
    Closed("contrast", re.compile(r"(?:人|方|者|店)も(?:いれば|あれば)[、，]?.{1,20}?(?:人|方|者|店)も"
                                  r"(?:いる|います|いて|ある)"),
           EN_BOTH, "both sides of a contrast (〜人もいれば〜人もいる)"),
)
"""A contrast of a thing and its negation (合う方と合わない方, やってくれてる店とやってない店, やめれる人もいれば、
やめれない人もいる): English needs a word that joins the two sides."""


_NEGATIVE = ("ない", "ません", "ぬ", "ず")
"""The negative endings a :data:`CONTRAST` needs (its second side)."""


def dropped_grammar(source: str, target: str) -> list[tuple[Closed, tuple[int, int]]]:
    """The conditions, quantity bounds, contrasts and tax qualifiers of ``source`` (:data:`CONDITION`, :data:`BOUND`,
    :data:`CONTRAST`, :data:`PRICE`) none of whose English renderings is in ``target``, in source order (one per
    class)."""
    if not source or not target:
        return []
    if "場合" not in source and "と" not in source and "もいれば" not in source and "税" not in source and not any(
            b in source for b in ("以上", "以下", "未満", "以内", "超", "を上回", "を下回")):
        return []
    found = dropped_closed(CONDITION, source, target) + dropped_closed(BOUND, source, target)
    if any(x in source for x in _NEGATIVE) and ("と" in source or "も" in source or "、" in source):
        found += dropped_closed(CONTRAST, source, target)[:1]
    if "税" in source:
        found += dropped_closed(PRICE, source, target)
    return sorted(found, key=lambda x: x[1])


POSITION_AFTER = re.compile(r"(?:番目|番|位|号|回目|回戦|打席|枚目|人目|度目|試合目|戦目|棟|列目|条)")
"""Counters that make a number a position or an ordinal (8番 "the No. 8 hitter", 3位 "third place", 第2打席)."""

_ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth")
_CARDINALS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
              "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")


def spelled(n: int) -> tuple[str, ...]:
    """English words for ``n`` (0–99) as a cardinal and an ordinal, lower case (8: eight, eighth; 85: eighty-five,
    eighty-fifth): a number the target spells out is there in some form."""
    if 0 <= n < 20:
        return _CARDINALS[n], _ORDINALS[n]
    if 20 <= n < 100:
        tens, ones = divmod(n, 10)
        stem = _TENS[tens - 2]
        if not ones:
            return stem + "y", stem + "ieth"
        return f"{stem}y-{_CARDINALS[ones]}", f"{stem}y-{_ORDINALS[ones]}"
    return ()


def is_position(source: str, span: tuple[int, int]) -> bool:
    """The number at ``span`` of ``source`` is a position or an ordinal: 第 before it or a :data:`POSITION_AFTER`
    counter after it."""
    return source[max(0, span[0] - 1):span[0]] == "第" or bool(POSITION_AFTER.match(source, span[1]))
