"""Checks of the Japanese source itself (here the source is a machine translation and has its own defects).

* mixed politeness style: です/ます (敬体) and だ/である (常体) sentence endings in one article — Japanese
  style guides (e.g. 記者ハンドブック, JTF 日本語標準スタイルガイド §1.1) require one style per document;
* unbalanced 「」『』（）;
* half-width and full-width digits or Latin letters mixed in one document (JTF style guide §2.1: one width);
* the same katakana word spelled two ways (ラマスワミ / ラマスワミー, イーロン・マスク / イーロンマスク, ヴィ / ビ);
* the same event given different dates in different places (or a date contradicting its own gloss,
  ``10月5日(10月下旬)``): dates of units that share rare content words are compared.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence

from review_app.checks.base import JA, Category, Check, CheckContext, Issue, Side, Unit
from review_app.checks.typography import balance_issues
from review_app.models import Severity
from review_app.quantities.japanese import parse_ja
from review_app.quantities.model import DateRef, Parsed, Part

SENTENCE_END_RE = re.compile(
    r"""
    (?P<ending>
        (?:です|ます|でした|ました|ません|ませんでした|でしょう|ましょう|ください)   # polite (敬体)
      | (?:だ|である|であった|だった|た|ない|なかった|だろう|る|う|い)                 # plain (常体)
    )
    [」』）)]*                      # closing quotes after the verb
    (?=[。！？!?]|$)                # … at the end of a sentence
    """,
    re.VERBOSE,
)
_POLITE = re.compile(r"(?:です|ます|でした|ました|ません|ませんでした|でしょう|ましょう|ください)$")


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


class PolitenessMix(_SourceCheck):
    check_id = "source-politeness-mix"
    name = "Mixed です/ます and だ/である"
    description = ("Source paragraphs mix the polite (です/ます) and plain (だ/である) styles; one article "
                   "should use one style (the majority one is expected).")
    category = Category.STYLE
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        # two passes instead of holding every unit's endings: count the styles (and note, one byte per unit,
        # which styles each unit has), then parse again only the (few) units with minority-style endings
        counts: Counter[str] = Counter()
        has = bytearray(len(ctx.units))  # bit 1: a polite ending, bit 2: a plain one
        for n, u in enumerate(ctx.units):
            for style, _ in sentence_styles(u.source):
                counts[style] += 1
                has[n] |= 1 if style == "polite" else 2
        if len(counts) < 2:
            return
        major, major_n = counts.most_common(1)[0]
        minor_style = "plain" if major == "polite" else "polite"
        total = sum(counts.values())
        label = {"polite": "です/ます (polite)", "plain": "だ/である (plain)"}
        per_para: Counter[object] = Counter()
        minority: list[tuple[Unit, list[tuple[int, int]]]] = []
        minor_bit = 1 if minor_style == "polite" else 2
        for n, v in enumerate(ctx.units):
            if not has[n] & minor_bit:
                continue
            spans = [span for style, span in sentence_styles(v.source) if style == minor_style]
            if spans:
                per_para[v.meta.get("paragraph", ("unit", v.id))] += len(spans)
                minority.append((v, spans))
        seen_paragraphs: set[object] = set()
        for u, spans in minority:
            para = u.meta.get("paragraph", ("unit", u.id))
            if para in seen_paragraphs:
                continue
            # one issue per paragraph, at the first unit with a minority-style ending
            seen_paragraphs.add(para)
            in_para = per_para[para]
            yield self.issue(u, f"{in_para} sentence(s) of this paragraph in the {label[minor_style]} style; "
                                f"the document is mostly {label[major]} ({major_n} of {total} sentence endings); "
                                "expected one style throughout",
                             source_span=spans[0], endings=in_para)


class SourceUnbalancedBrackets(_SourceCheck):
    check_id = "source-unbalanced-brackets"
    name = "Unbalanced brackets in the source"
    description = "An opening 「『（(【 without its closing partner in the source, or the reverse."
    category = Category.FLUENCY
    severity = Severity.MINOR

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        yield from balance_issues(self, unit, unit.source,
                                  (("「", "」"), ("『", "』"), ("（", "）"), ("(", ")"), ("【", "】")),
                                  side_target=False)


_WIDTH_CLASSES = (
    ("digits", re.compile(r"[0-9]+"), re.compile(r"[０-９]+")),
    ("Latin letters", re.compile(r"[A-Za-z]+"), re.compile(r"[Ａ-Ｚａ-ｚ]+")),
)


def _count_runs(pattern: re.Pattern[str], units: Sequence[Unit], chunk: int = 2000) -> int:
    """Matches of ``pattern`` (a run of one character class) summed over the units' sources: one C scan per
    chunk of sources joined by a newline (never part of a run, so runs do not merge across units) instead of a
    match object per run."""
    return sum(len(pattern.findall("\n".join(u.source for u in units[i:i + chunk])))
               for i in range(0, len(units), chunk))


class WidthMix(_SourceCheck):
    check_id = "source-width-mix"
    name = "Half- and full-width mixed"
    description = ("The source writes digits or Latin letters both half-width (2024, DOGE) and full-width "
                   "(２０２４, ＤＯＧＥ); the minority form is reported.")
    category = Category.LOCALE_CONVENTION
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        for label, half, full in _WIDTH_CLASSES:
            # count first, then scan again for the minority form only (no match object of the whole document
            # is kept: 100k units have hundreds of thousands of digit and Latin runs)
            n_half = _count_runs(half, ctx.units)
            n_full = _count_runs(full, ctx.units) if n_half else 0
            if not n_half or not n_full:
                continue
            minority, want = (full, "half-width") if n_full <= n_half else (half, "full-width")
            for u in ctx.units:
                for m in minority.finditer(u.source):
                    yield self.issue(u, f"{label} {m.group()!r} are {'full' if want == 'half-width' else 'half'}"
                                        f"-width while the document mostly uses {want} ({max(n_half, n_full)} vs "
                                        f"{min(n_half, n_full)}); expected {want}", source_span=m.span())


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
    description = ("The same katakana word or name is spelled two ways in the source (ラマスワミ / ラマスワミー, "
                   "with and without ・, ヴィ / ビ); expected one spelling (the most frequent is suggested).")
    category = Category.TERMINOLOGY
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        # pass 1 counts the spellings of every key; pass 2 keeps the occurrences of keys spelled two ways only
        # (a document's every katakana word is never held); keys keep their first-occurrence order
        spellings: dict[str, Counter[str]] = {}
        for u in ctx.units:
            for m in KATAKANA_RUN.finditer(u.source):
                key = katakana_key(m.group())
                if len(key) >= 3:
                    spellings.setdefault(key, Counter())[m.group()] += 1
        variants = {key: forms for key, forms in spellings.items() if len(forms) >= 2}
        occurrences: dict[str, list[tuple[Unit, re.Match[str]]]] = {key: [] for key in variants}
        if variants:
            for u in ctx.units:
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
    description = ("Two places of the source describe the same event (they share rare content words) but give "
                   "it different dates, or a date contradicts its own gloss (10月5日(10月下旬)).")
    category = Category.ACCURACY
    severity = Severity.MAJOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        threshold = float(ctx.config.option(self.check_id, "similarity", 0.25))
        min_shared = int(ctx.config.option(self.check_id, "min_shared_words", 3))
        units = ctx.units
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
        for u, dates, _ in dated:  # a date contradicting its gloss in the same unit
            for i, a in enumerate(dates):
                for b in dates[i + 1:]:
                    why = _conflict(a, b)
                    if why and a.day and b.part:
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
