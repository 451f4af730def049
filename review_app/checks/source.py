"""Checks of the Japanese source itself (here the source is a machine translation and has its own defects).

* mixed politeness style: です/ます (敬体) and だ/である (常体) sentence endings in the running prose of one
  document — Japanese style guides (e.g. 記者ハンドブック, JTF 日本語標準スタイルガイド §1.1) require one style per
  document;
* unbalanced 「」『』（）, a quotation may run over a few segments of one document;
* half-width and full-width digits or Latin letters mixed in one document (JTF style guide §2.1: one width);
* the same katakana word spelled two ways (ラマスワミ / ラマスワミー, イーロン・マスク / イーロンマスク, ヴィ / ビ);
* the same event given different dates in different places (or a date contradicting its own gloss,
  ``10月5日(10月下旬)``): dates of units that share rare content words are compared.

Checks that compare segments compare those of one document (:mod:`review_app.checks.scope`: a WMT ``<doc>``, an
XLIFF ``<file>``, a project's article, or as configured): a chat in plain style never "mixes" with a product page
in です/ます, and a newspaper's house style (full-width digits) is never a finding.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from review_app.checks.base import JA, Category, Check, CheckContext, Issue, Side, Unit
from review_app.checks.scope import documents, paragraph_key
from review_app.models import Severity
from review_app.quantities.japanese import parse_ja
from review_app.quantities.model import DateRef, Parsed, Part

SENTENCE_END_RE = re.compile(
    r"""
    (?P<ending>
        (?:です|ます|でした|ました|ません|ませんでした|でしょう|ましょう|ください|下さい)   # polite (敬体)
      | (?:だ|である|であった|だった|た|ない|なかった|だろう|る|う|い)                 # plain (常体)
    )
    [」』）)]*                      # closing quotes after the verb
    (?=[。！？!?]|$)                # … at the end of a sentence
    """,
    re.VERBOSE,
)
_POLITE = re.compile(r"(?:です|ます|でした|ました|ません|ませんでした|でしょう|ましょう|ください|下さい)$")


def sentence_styles(text: str) -> list[tuple[str, tuple[int, int]]]:
    """(``polite``|``plain``, span of the ending) for every sentence end of ``text``."""
    out = []
    for m in SENTENCE_END_RE.finditer(text):
        end = m.end()
        if end < len(text) and text[end] not in "。！？!?":
            continue
        # skip endings inside quotes: 「…だ」と述べた is judged by 述べた
        before = text[:m.start()]
        if before.count("「") > before.count("」"):
            continue
        style = "polite" if _POLITE.search(m.group("ending")) else "plain"
        out.append((style, m.span("ending")))
    return out


class _SourceCheck(Check):
    side = Side.SOURCE
    needs_target = False
    source_langs = JA

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:  # pragma: no cover - overridden
        return ()


_SENTENCE_STOP = re.compile(r"[。！？!?\n：:]")  # (a speaker's name before a colon starts a sentence too)
_NOT_PROSE_KINDS = frozenset({"heading", "list-item"})


def prose_styles(unit: Unit, min_chars: int) -> list[tuple[str, tuple[int, int]]]:
    """:func:`sentence_styles` of the unit's running prose: sentences closed by 。 (a chat line or a caption
    without one is not prose), not in a heading or list item (where the project knows the block kind), not
    shorter than ``min_chars`` characters (a one-word reply), not inside quotes (also a quote opened in an
    earlier segment: a 」 after the ending that nothing in the segment opened)."""
    if unit.meta.get("kind") in _NOT_PROSE_KINDS:
        return []
    text = unit.source
    out = []
    for style, span in sentence_styles(text):
        end = span[1]
        while end < len(text) and text[end] in "」』）)":
            end += 1
        if end >= len(text) or text[end] != "。":
            continue
        after = text[end:]
        if after.count("」") > after.count("「"):
            continue
        start = 0
        for m in _SENTENCE_STOP.finditer(text, 0, span[0]):
            start = m.end()
        if end + 1 - start >= min_chars:
            out.append((style, span))
    return out


class PolitenessMix(_SourceCheck):
    check_id = "source-politeness-mix"
    name = "Mixed です/ます and だ/である"
    description = ("The running prose of one document mixes the polite (です/ます) and plain (だ/である) styles: "
                   "a document written mostly in one style (75% of its sentence endings or more, option "
                   "`min_share`; 4 endings or more, `min_endings`) has sentences in the other. One finding per "
                   "paragraph. Documents are those of the run's document scope (a WMT <doc>, an XLIFF <file>, the "
                   "project's article); headings, list items, quotes and sentences under 6 characters "
                   "(`min_sentence_chars`) are not counted, and a document evenly split between the styles is "
                   "not judged. A paragraph that itself switches style is named a register break.")
    category = Category.STYLE
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        min_endings = int(ctx.config.option(self.check_id, "min_endings", 4))
        min_share = float(ctx.config.option(self.check_id, "min_share", 0.75))
        min_chars = int(ctx.config.option(self.check_id, "min_sentence_chars", 6))
        for units in documents(ctx):
            yield from self._document(units, min_endings, min_share, min_chars)

    def _document(self, units: Sequence[Unit], min_endings: int, min_share: float, min_chars: int
                  ) -> Iterator[Issue]:
        # two passes instead of holding every unit's endings: count the styles (and note, one byte per unit,
        # which styles each unit has), then parse again only the (few) units with minority-style endings
        counts: Counter[str] = Counter()
        has = bytearray(len(units))  # bit 1: a polite ending, bit 2: a plain one
        for n, u in enumerate(units):
            for style, _ in prose_styles(u, min_chars):
                counts[style] += 1
                has[n] |= 1 if style == "polite" else 2
        if len(counts) < 2:
            return
        major, major_n = counts.most_common(1)[0]
        total = sum(counts.values())
        if total < min_endings or major_n < min_share * total:
            return
        minor_style = "plain" if major == "polite" else "polite"
        label = {"polite": "です/ます (polite)", "plain": "だ/である (plain)"}
        per_para: Counter[object] = Counter()
        minority: list[tuple[Unit, list[tuple[int, int]]]] = []
        minor_bit = 1 if minor_style == "polite" else 2
        for n, v in enumerate(units):
            if not has[n] & minor_bit:
                continue
            spans = [span for style, span in prose_styles(v, min_chars) if style == minor_style]
            if spans:
                per_para[paragraph_key(v)] += len(spans)
                minority.append((v, spans))
        major_bit = 3 - minor_bit
        switching = {paragraph_key(v) for n, v in enumerate(units) if has[n] & major_bit} & set(per_para)
        seen_paragraphs: set[object] = set()
        for u, spans in minority:
            para = paragraph_key(u)
            if para in seen_paragraphs:
                continue
            # one issue per paragraph, at the first unit with a minority-style ending
            seen_paragraphs.add(para)
            in_para = per_para[para]
            brk = para in switching
            extra: dict[str, Any] = {"register_break": True} if brk else {}
            yield self.issue(u, f"{in_para} sentence(s) of this paragraph in the {label[minor_style]} style"
                                + (" (a register break: the paragraph's other sentences are not)" if brk else "")
                                + f"; the document is mostly {label[major]} ({major_n} of {total} sentence "
                                  "endings); expected one style throughout",
                             source_span=spans[0], endings=in_para, **extra)


_SOURCE_PAIRS = (("「", "」"), ("『", "』"), ("（", "）"), ("(", ")"), ("【", "】"))
_BRACKET_FINDERS = {pair: re.compile(f"[{re.escape(pair[0])}{re.escape(pair[1])}]") for pair in _SOURCE_PAIRS}
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s、。]))(?:[0-9０-９]{1,3}|[A-Za-zａ-ｚ])[.．]?$")
"""What precedes a closing bracket that ends an enumerator rather than a parenthesis: 1) 4.) a) ａ)"""


class SourceUnbalancedBrackets(_SourceCheck):
    check_id = "source-unbalanced-brackets"
    name = "Unbalanced brackets in the source"
    description = ("An opening 「『（(【 without its closing partner in the source, or the reverse. A quotation "
                   "may run over several segments of one document: an opening bracket closed within the next "
                   "5 segments of its document (option `max_units`) is balanced. Enumerators such as 1) or a) "
                   "are not brackets.")
    category = Category.FLUENCY
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        window = int(ctx.config.option(self.check_id, "max_units", 5))
        for units in documents(ctx):
            for pair in _SOURCE_PAIRS:
                yield from self._pair(units, pair, window)

    def _pair(self, units: Sequence[Unit], pair: tuple[str, str], window: int) -> Iterator[Issue]:
        op, cl = pair
        finder = _BRACKET_FINDERS[pair]
        stack: list[tuple[int, Unit, int]] = []  # (unit position in the document, unit, offset) of open brackets
        for k, u in enumerate(units):
            text = u.source
            if op not in text and cl not in text:
                continue
            for m in finder.finditer(text):
                i = m.start()
                if m.group() == op:
                    stack.append((k, u, i))
                elif stack and k - stack[-1][0] <= window:
                    stack.pop()
                elif not _LIST_MARKER.search(text, 0, i):
                    yield self.issue(u, f"closing {cl!r} without an opening {op!r}; expected a matching pair",
                                     source_span=(i, i + 1))
        for _, u, i in stack:
            yield self.issue(u, f"opening {op!r} is never closed; expected a matching {cl!r}", source_span=(i, i + 1))


_WIDTH_CLASSES = (
    ("digits", re.compile(r"(?<![A-Za-zＡ-Ｚａ-ｚ0-9０-９])[0-9]+(?![A-Za-zＡ-Ｚａ-ｚ0-9０-９])"),
     re.compile(r"(?<![A-Za-zＡ-Ｚａ-ｚ0-9０-９])[０-９]+(?![A-Za-zＡ-Ｚａ-ｚ0-9０-９])")),
    ("Latin letters", re.compile(r"[A-Za-z]+"), re.compile(r"[Ａ-Ｚａ-ｚ]+")),
)
"""Digit runs glued to letters (G7, ｉＰｈｏｎｅ１２, COVID-19's 19 is not glued) are part of a name or code,
written as the name is: they are not counted."""


def _runs(pattern: re.Pattern[str], units: Sequence[Unit], chunk: int = 2000) -> Iterator[str]:
    """The matches of ``pattern`` (a run of one character class) in the units' sources: one C scan per chunk of
    sources joined by a newline (never part of a run, so runs do not merge across units) instead of a match
    object per run."""
    for i in range(0, len(units), chunk):
        yield from pattern.findall("\n".join(u.source for u in units[i:i + chunk]))


def _width_bucket(label: str, run: str) -> str:
    """Digits are compared within their length class: many Japanese newspapers write one-digit numbers
    full-width and longer ones half-width (１人, 2024年), a house style rather than a mix."""
    return "one digit" if label == "digits" and len(run) == 1 else "longer"


class WidthMix(_SourceCheck):
    check_id = "source-width-mix"
    name = "Half- and full-width mixed"
    description = ("One document writes digits or Latin letters both half-width (2024, DOGE) and full-width "
                   "(２０２４, ＤＯＧＥ); the minority form is reported. Digits: when the majority width has at "
                   "least 2 times as many numbers (option `min_ratio`); one-digit numbers are compared with "
                   "one-digit numbers only (many newspapers write them full-width and longer ones "
                   "half-width), digits glued to letters (G7, ｉＰｈｏｎｅ１２) are part of a name. Latin "
                   "letters: a word written in the minority width that the document also writes in the "
                   "majority one (ＤＯＧＥ and DOGE; brand names such as Yahoo beside ＣＮＮ are written as "
                   "their owners write them). A document that keeps one width, whatever it is, is never a "
                   "finding. Documents are those of the run's document scope.")
    category = Category.LOCALE_CONVENTION
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        ratio = float(ctx.config.option(self.check_id, "min_ratio", 2.0))
        for units in documents(ctx):
            yield from self._document(units, ratio)

    def _document(self, units: Sequence[Unit], ratio: float) -> Iterator[Issue]:
        for label, half, full in _WIDTH_CLASSES:
            # count first, then scan again for the minority forms only (no match object of the whole document
            # is kept: 100k units have hundreds of thousands of digit and Latin runs)
            counts: Counter[tuple[str, str]] = Counter()
            words: dict[str, set[str]] = {"half": set(), "full": set()}
            for width, pattern in (("half", half), ("full", full)):
                for run in _runs(pattern, units):
                    counts[(width, _width_bucket(label, run))] += 1
                    if label != "digits":
                        words[width].add(_to_width(run, "half-width").casefold())
            minorities = {}
            for bucket in ("one digit", "longer"):
                n_half, n_full = counts[("half", bucket)], counts[("full", bucket)]
                if not n_half or not n_full:
                    continue
                if label == "digits" and max(n_half, n_full) < ratio * min(n_half, n_full):
                    continue
                if n_half != n_full:
                    minorities[bucket] = ("full", "half-width", n_half, n_full) if n_full < n_half else \
                        ("half", "full-width", n_full, n_half)
            if not minorities:
                continue
            for u in units:
                for width, pattern in (("half", half), ("full", full)):
                    for m in pattern.finditer(u.source):
                        bucket = _width_bucket(label, m.group())
                        minor = minorities.get(bucket)
                        if minor is None or minor[0] != width:
                            continue
                        other = "full" if width == "half" else "half"
                        if label != "digits" and _to_width(m.group(), "half-width").casefold() not in words[other]:
                            continue
                        kind = f"{bucket} numbers" if label == "digits" else "Latin letters"
                        yield self.issue(u, f"{label} {m.group()!r} are {width}-width while the document mostly "
                                            f"writes {kind} {minor[1]} ({minor[2]} vs {minor[3]}); expected "
                                            f"{minor[1]}", source_span=m.span(),
                                         expected=_to_width(m.group(), minor[1]))


def _to_width(text: str, width: str) -> str:
    """``text``'s ASCII digits and letters in the other width (full-width ↔ half-width)."""
    if width == "half-width":
        return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text)
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc\u30fd\u30fe](?:[\u30a1-\u30fa\u30fc\u30fd\u30fe・=＝]*"
                          r"[\u30a1-\u30fa\u30fc\u30fd\u30fe])?")
_KATAKANA_SEPARATORS = re.compile(r"[・=＝ー]")
_VU = (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴ", "ブ"), ("ヂ", "ジ"), ("ヅ", "ズ"))


_KEY_MEMO: dict[str, str] = {}


def katakana_key(word: str) -> str:
    """Spelling-variant key without ・/=/ー and with ヴ→バ行.

    ラマスワミー and ラマスワミ, イーロン・マスク and イーロンマスク get the same key. (Memoised, bounded: a
    document repeats its katakana words.)
    """
    k = _KEY_MEMO.get(word)
    if k is None:
        k = _katakana_key(word)
        if len(_KEY_MEMO) < 1 << 15:
            _KEY_MEMO[word] = k
    return k


def _katakana_key(word: str) -> str:
    k = _KATAKANA_SEPARATORS.sub("", word)
    for a, b in _VU:
        k = k.replace(a, b)
    return k


class KatakanaVariants(_SourceCheck):
    check_id = "source-name-variants"
    name = "Katakana spelled two ways"
    description = ("The same katakana word or name is spelled two ways in one document of the source (ラマスワミ / "
                   "ラマスワミー, with and without ・, ヴィ / ビ); expected one spelling (the most frequent is "
                   "suggested).")
    category = Category.TERMINOLOGY
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        for units in documents(ctx):
            yield from self._document(units)

    def _document(self, units: Sequence[Unit]) -> Iterator[Issue]:
        # pass 1 counts the spellings of every key; pass 2 keeps the occurrences of keys spelled two ways only
        # (a document's every katakana word is never held); keys keep their first-occurrence order
        spellings: dict[str, Counter[str]] = {}
        for u in units:
            for m in KATAKANA_RUN.finditer(u.source):
                key = katakana_key(m.group())
                if len(key) >= 3:
                    spellings.setdefault(key, Counter())[m.group()] += 1
        variants = {key: forms for key, forms in spellings.items() if len(forms) >= 2}
        occurrences: dict[str, list[tuple[Unit, re.Match[str]]]] = {key: [] for key in variants}
        if variants:
            for u in units:
                for m in KATAKANA_RUN.finditer(u.source):
                    occ = occurrences.get(katakana_key(m.group()))
                    if occ is not None:
                        occ.append((u, m))
        for key, occ in occurrences.items():
            forms = variants[key]
            top, top_n = forms.most_common(1)[0]
            for u, m in occ:
                if m.group() == top:
                    continue
                yield self.issue(u, f"{m.group()!r} is spelled {top!r} elsewhere in the document ({top_n}×); "
                                    f"expected one spelling", source_span=m.span(), expected=top)


_CONTENT_RE = re.compile(r"(?=[\u30a1-\u30fa\u30fc・\u4e00-\u9fffA-Za-z])"  # (one class test per position first)
                         r"(?:[\u30a1-\u30fa\u30fc・]{3,}|[\u4e00-\u9fff]{2,}|[A-Za-z]{3,})")
_PART_DAYS = {Part.EARLY: range(1, 11), Part.MID: range(11, 21), Part.LATE: range(21, 32)}


def _conflict(a: DateRef, b: DateRef) -> str | None:
    if a.month is None or b.month is None or a.month != b.month:
        return None
    if a.year and b.year and a.year != b.year:
        return f"year {a.year} vs {b.year}"
    if a.day and b.day and a.day != b.day:
        return f"day {a.day} vs {b.day}"
    for x, y in ((a, b), (b, a)):
        if x.day and y.part in _PART_DAYS and x.day not in _PART_DAYS[y.part]:
            return f"day {x.day} is not in the {y.part.value} part of the month"
    return None


def _parsed_source(unit: Unit, ctx: CheckContext) -> Parsed:
    if not _DATE_HINT.search(unit.source):
        return Parsed()
    return parse_ja(unit.source)


_DATE_HINT = re.compile(r"[0-9０-９一二三四五六七八九十]月")  # a month: what a conflicting date needs


class DateConflict(_SourceCheck):
    check_id = "source-date-conflict"
    name = "Same event, different dates"
    description = ("Two places of one document of the source describe the same event (they share rare content "
                   "words) but give it different dates, or a date contradicts its own gloss (10月5日(10月下旬)).")
    category = Category.ACCURACY
    severity = Severity.MAJOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        threshold = float(ctx.config.option(self.check_id, "similarity", 0.25))
        min_shared = int(ctx.config.option(self.check_id, "min_shared_words", 3))
        for units in documents(ctx):
            yield from self._document(units, ctx, threshold, min_shared)

    def _document(self, units: Sequence[Unit], ctx: CheckContext, threshold: float, min_shared: int
                  ) -> Iterator[Issue]:
        # Only the words of dated units are ever weighed, so document frequencies are counted for those words
        # alone (a 100k-unit file has a few hundred thousand distinct words: a Counter of them all held tens of
        # MB); pass 1 finds the dated units and their words, pass 2 counts those words' document frequencies.
        dated = []
        vocabulary: set[str] = set()
        for u in units:
            dates = [d for d in _parsed_source(u, ctx).dates if d.month]
            if dates:
                words = set(_CONTENT_RE.findall(u.source))
                vocabulary |= words
                dated.append((u, dates, words))
        df: Counter[str] = Counter()
        if dated:
            for u in units:
                df.update(vocabulary.intersection(_CONTENT_RE.findall(u.source)))  # (a set: once per unit)
        n = max(len(units), 2)
        idf = {w: math.log(n / c) for w, c in df.items()}
        rare_max = min(max(2, int(0.2 * n)), 50)  # a word in 50+ units says nothing about "the same event"
        index: dict[str, list[int]] = defaultdict(list)
        for k, (_, _, words) in enumerate(dated):
            for w in words:
                if df[w] <= rare_max:
                    index[w].append(k)
        shared_counts: Counter[tuple[int, int]] = Counter()
        for ks in index.values():
            for k_i, k_a in enumerate(ks):
                for k_b in ks[k_i + 1:]:
                    shared_counts[(k_a, k_b)] += 1
        reported: set[tuple[str, str]] = set()
        for u, dates, _ in dated:  # a date contradicting its gloss in the same unit (a day, then a part of a month)
            if not any(b.part for b in dates):
                continue  # (no pair to compare: a unit of thousands of dates is not compared pair by pair)
            for i, a in enumerate(dates):
                if not a.day:
                    continue
                for b in dates[i + 1:]:
                    why = _conflict(a, b) if b.part else None
                    if why:
                        yield self.issue(u, f"{a.text!r} and {b.text!r} disagree ({why}); expected one date",
                                         source_span=b.span)
        for (i, j), count in sorted(shared_counts.items()):
            if count < min_shared:
                continue
            (u, dates_u, words_u), (v, dates_v, words_v) = dated[i], dated[j]
            shared = {w for w in words_u & words_v if df[w] <= rare_max}  # rare words only
            wu = sum(idf.get(w, 0) for w in words_u)
            wv = sum(idf.get(w, 0) for w in words_v)
            if len(shared) < min_shared or min(wu, wv) == 0:
                continue
            sim = sum(idf[w] for w in shared) / min(wu, wv)
            if sim < threshold:
                continue
            for a in dates_u:
                for b in dates_v:
                    why = _conflict(a, b)
                    if why and (u.id, v.id) not in reported:
                        reported.add((u.id, v.id))
                        yield self.issue(
                            v, f"{b.text!r} here but {a.text!r} in unit {u.id} for what looks like the same "
                               f"event ({why}; shared words: {', '.join(sorted(shared)[:5])}); expected one "
                               "date", source_span=b.span, other_unit=u.id, similarity=round(sim, 2))
