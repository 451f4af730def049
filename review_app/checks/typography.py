"""Typography of English targets translated from Japanese.

After Weblate's ``checks/chars.py`` (double space, punctuation spacing) and Translate Toolkit's
``filters/checks.py`` (brackets, doublewords), adapted to Japanese sources: full-width punctuation and brackets
(，。（）「」『』！？：) must be converted, and the normal conversions 。→. and 「」→“ ” are never reported
(these checks look at the target only and never compare end punctuation with the source, pofilter's
false-positive source on ja→en).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from review_app.checks.base import Category, Check, CheckContext, Issue, Unit
from review_app.models import Severity

FULLWIDTH_RE = re.compile(
    r"""
      [\u3000-\u303f]               # CJK symbols and punctuation: 、。「」『』【】〔〕〜, ideographic space
    | [\uff01-\uff0f]               # full-width ！＂＃＄％＆＇（）＊＋，－．／
    | [\uff1a-\uff20]               # full-width ：；＜＝＞？＠
    | [\uff3b-\uff40\uff5b-\uff65]  # full-width ［＼］＾＿｀｛｜｝～ and halfwidth ｡｢｣､･
    | [・]                          # katakana middle dot
    """,
    re.VERBOSE,
)
_REPLACEMENT = {"、": ",", "，": ",", "。": ".", "．": ".", "（": "(", "）": ")", "「": "“", "」": "”",
                "『": "‘", "』": "’", "！": "!", "？": "?", "：": ":", "；": ";", "・": "·' or a space",
                "\u3000": "a space", "【": "[", "】": "]", "〜": "-", "～": "-", "％": "%"}

_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("‘", "’"))


class FullwidthPunctuation(Check):
    check_id = "fullwidth-punctuation"
    name = "Full-width punctuation"
    description = ("Japanese punctuation, brackets or quotes (，。（）「」『』！？： ideographic space) left in the "
                   "English target; expected their ASCII or English typographic equivalents.")
    category = Category.LOCALE_CONVENTION
    severity = Severity.MINOR
    target_spaced = True
    skip_source_copies = True

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        for m in FULLWIDTH_RE.finditer(unit.target or ""):
            ch = m.group()
            repl = _REPLACEMENT.get(ch, "its ASCII form")
            kind = "Japanese quotation mark" if ch in "「」『』" else "full-width character"
            yield self.issue(unit, f"{kind} {ch!r} (U+{ord(ch):04X}) in the English target; expected '{repl}'",
                             target_span=m.span())


_STRAIGHT_QUOTES = re.compile(r'"|(?<![A-Za-z])\'(?=[^\']+\'(?![A-Za-z]))')  # " or a quoting ' (not Trump's)
_CURLY_QUOTES = re.compile(r"[“”]|(?<![A-Za-z])‘")
_STRAIGHT_DOUBLE = re.compile(r'"')
_CURLY_DOUBLE = re.compile(r"[“”]")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")


class QuoteStyleMix(Check):
    check_id = "quote-style-mix"
    name = "Straight and curly quotes mixed"
    description = ("Straight (\" ') and curly (“ ” ‘ ’) quotation marks are mixed, in one target or across the "
                   "document (a unit with straight quotes where most units use curly ones); expected one style.")
    category = Category.STYLE
    severity = Severity.MINOR
    target_spaced = True

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        yield from super().check_document(ctx)
        # the substring tests (C scans) skip the pattern where its characters are absent (most units)
        straight = [u for u in ctx.units if u.target and ('"' in u.target or "'" in u.target)
                    and _STRAIGHT_QUOTES.search(u.target)]
        curly = [u for u in ctx.units if u.target and ("“" in u.target or "”" in u.target or "‘" in u.target)
                 and _CURLY_QUOTES.search(u.target)]
        if len(curly) < 5 or len(straight) * 4 > len(curly):
            return  # no clear house style to compare with
        curly_ids = {id(u) for u in curly}  # (membership depends on the target alone: identity is enough)
        for u in straight:
            if id(u) in curly_ids:
                continue  # already reported by the per-unit check
            m = _STRAIGHT_QUOTES.search(u.target or "")
            assert m is not None
            yield self.issue(u, f"straight quotation mark {m.group()!r} while {len(curly)} other units use curly "
                                "quotes; expected “…” (or ‘…’)", target_span=m.span())

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        t = unit.target or ""
        if '"' not in t:
            return  # no straight double quote: nothing can be mixed
        straight = [m.start() for m in _STRAIGHT_DOUBLE.finditer(t)]
        curly = [m.start() for m in _CURLY_DOUBLE.finditer(t)]
        if straight and curly:
            yield self.issue(unit, f"{len(straight)} straight and {len(curly)} curly double quotes mixed; "
                                   "expected one style throughout",
                             target_span=(min(straight[0], curly[0]), max(straight[-1], curly[-1]) + 1))


class UnbalancedBrackets(Check):
    check_id = "unbalanced-brackets"
    name = "Unbalanced brackets or quotes"
    description = "An opening bracket or quotation mark without its closing partner (or vice versa) in the target."
    category = Category.FLUENCY
    severity = Severity.MINOR

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        mirrored = source_unbalanced(unit.source)
        for issue in balance_issues(self, unit, unit.target or "", _PAIRS, side_target=True):
            if _KIND.get((unit.target or " ")[issue.target_span[0]] if issue.target_span else "", "") not in mirrored:
                yield issue
        t = unit.target or ""
        straight = [m.start() for m in _STRAIGHT_DOUBLE.finditer(t)] if '"' in t else []
        if len(straight) % 2 and "quote" not in mirrored:
            yield self.issue(unit, f"odd number ({len(straight)}) of straight double quotes; expected pairs",
                             target_span=(straight[-1], straight[-1] + 1))


_KIND = {'"': "quote", "“": "quote", "”": "quote", "‘": "quote", "’": "quote", "(": "paren", ")": "paren",
         "[": "paren", "]": "paren"}
_SOURCE_PAIRS = (("「", "」", "quote"), ("『", "』", "quote"), ("“", "”", "quote"), ("（", "）", "paren"),
                 ("(", ")", "paren"), ("【", "】", "paren"))


def source_unbalanced(source: str) -> frozenset[str]:
    """The kinds of bracket (``quote``, ``paren``) the source itself leaves open or closes without opening: a
    quotation or an aside that runs over several segments. The target mirrors it ("I think we have about 10
    cases. … for 「１０ケースくらいはあるかと思います。"), which is no error of the translation."""
    out = set()
    for op, cl, kind in _SOURCE_PAIRS:
        if (op in source or cl in source) and source.count(op) != source.count(cl):
            out.add(kind)
    if source.count('"') % 2:
        out.add("quote")
    if ")" in source and re.search(r"(?:^|\s)[0-9]+\.?\)", source):
        out.add("paren")  # a list number 4.) or 1)
    return frozenset(out)


_PAIR_FINDERS: dict[tuple[str, str], re.Pattern[str]] = {}


def balance_issues(chk: Check, unit: Unit, text: str, pairs: Iterable[tuple[str, str]], *,
                   side_target: bool) -> Iterable[Issue]:
    """Report unmatched openers/closers of ``pairs`` in ``text`` (a stack per pair type)."""
    for op, cl in pairs:
        if op not in text and cl not in text:
            continue
        stack: list[int] = []
        finder = _PAIR_FINDERS.get((op, cl))
        if finder is None:
            finder = _PAIR_FINDERS[(op, cl)] = re.compile(f"[{re.escape(op)}{re.escape(cl)}]")
        for m in finder.finditer(text):  # only the positions of the pair's characters, in order
            i, ch = m.start(), m.group()
            if ch == op:
                stack.append(i)
            elif ch == cl:
                if stack:
                    stack.pop()
                elif not (cl == "’" and i > 0 and text[i - 1].isalpha()):  # apostrophe: Trump’s
                    span = (i, i + 1)
                    yield chk.issue(unit, f"closing {cl!r} without an opening {op!r}; expected a matching pair",
                                    target_span=span if side_target else None,
                                    source_span=None if side_target else span)
        for i in stack:
            if op == "‘":
                continue  # ‘ is rare as an opener and ’ doubles as the apostrophe: do not guess
            span = (i, i + 1)
            yield chk.issue(unit, f"opening {op!r} is never closed; expected a matching {cl!r}",
                            target_span=span if side_target else None, source_span=None if side_target else span)


class DoubleSpace(Check):
    check_id = "double-space"
    name = "Double space"
    description = "Two or more spaces in a row inside the target."
    category = Category.FLUENCY
    severity = Severity.MINOR
    target_spaced = True

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        t = unit.target or ""
        if "  " not in t:
            return
        for m in _DOUBLE_SPACE.finditer(t):
            yield self.issue(unit, f"{len(m.group())} spaces in a row; expected one", target_span=m.span())


class EdgeWhitespace(Check):
    check_id = "edge-whitespace"
    name = "Leading or trailing whitespace"
    description = "The target starts or ends with whitespace the source does not have."
    category = Category.FLUENCY
    severity = Severity.MINOR

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        t = unit.target or ""
        lead = len(t) - len(t.lstrip())
        trail = len(t) - len(t.rstrip())
        if lead and not unit.source[:1].isspace():
            yield self.issue(unit, f"{lead} leading whitespace character(s); expected none",
                             target_span=(0, lead))
        if trail and not unit.source[-1:].isspace():
            yield self.issue(unit, f"{trail} trailing whitespace character(s); expected none",
                             target_span=(len(t) - trail, len(t)))


REPEATED_WORD_RE = re.compile(
    r"""
    \b(?P<w>[A-Za-z]++(?:'[a-z]++)?+)   # a word (with an apostrophe suffix: Trump's); possessive: a shorter
                                        # prefix of a word is followed by a letter or ', never by whitespace,
                                        # so not backtracking into the word changes no match, only the cost
    \s++                                # whitespace
    (?P=w)\b                            # the same word again
    """,
    re.VERBOSE | re.IGNORECASE,
)
_PARTICLES = frozenset({"in", "on", "up", "out", "off", "down", "over", "by"})
_REPEAT_OK = frozenset({"had", "that", "bye", "no", "very", "so", "ha", "knock", "tsk", "blah", "is"})


# a run of two or more kana or kanji said twice (マヨマヨ, ラボラボ, 本当に本当に)
_DOUBLED = re.compile(r"([\u3041-\u30ff\u4e00-\u9fff]{2,})\1")


class RepeatedWord(Check):
    check_id = "repeated-word"
    name = "Repeated word"
    description = "The same word twice in a row (\"the the\"); expected one."
    category = Category.FLUENCY
    severity = Severity.MINOR
    target_spaced = True

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        for m in REPEATED_WORD_RE.finditer(unit.target or ""):
            if m.group("w").lower() in _REPEAT_OK:
                continue
            if _DOUBLED.search(unit.source):
                continue  # the source doubles a word too (エビマヨマヨ): the repetition is the source's
            before = unit.target[:m.start()] if unit.target else ""
            if m.group("w").lower() in _PARTICLES and re.search(r"[A-Za-z]+(?:ed|en|n|t|ing)\s+$", before):
                continue  # a phrasal verb before a preposition: "sworn in in Washington", "logged on on"
            yield self.issue(unit, f"repeated word {m.group('w')!r}; expected it once", target_span=m.span())
