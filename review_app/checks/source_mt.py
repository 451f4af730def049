"""Signals that a Japanese source was machine-translated (from Chinese, as the shipped article was).

Each is a string-level check with its evidence in the message; none needs a model:

* ``source-chinese-characters`` — simplified-Chinese characters that Japanese does not use (们 这 说 为 对…; the
  list :data:`review_app.checks._zh_simplified.SIMPLIFIED_ONLY` is generated from the GB2312, Big5 and CP932
  character sets by ``scripts/gen_zh_simplified.py``), and the Chinese comma ， in a document that otherwise
  writes 、;
* ``source-entity-variants`` — one organisation named with different heads in one document
  (政府効率化局 / 政府効率化委員会 / 政府効率化省): the fix is the glossary's form where the glossary knows one,
  else the document's majority form;
* ``source-kanji-place-name`` — a foreign town named in kanji where Japanese writes katakana (テキサス州の国境の
  町、鷹潭に: 鷹潭 is Yingtan, a Chinese city; the town is Eagle Pass, イーグルパス);
* ``source-repeated-phrase`` — a phrase written twice with a particle between (公の場で公の場に);
* ``source-spacing-mix`` — a Latin word followed by Japanese with a space in one place and without in the
  others of the same document (DOGE の / DOGEの);
* ``source-weekday-mismatch`` — a weekday that does not fall on its date (2024年7月13日(金): a Saturday);
* ``source-age-conflict`` — one person given two ages in one document (トランプ氏(78), later トランプ氏(79)).

Documents are those of the run's document scope (:mod:`review_app.checks.scope`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from review_app.checks._zh_simplified import SIMPLIFIED_ONLY
from review_app.checks.base import Category, CheckContext, Issue, Unit
from review_app.checks.scope import documents
from review_app.checks.source import _SourceCheck
from review_app.models import Severity
from review_app.quantities.model import fold

_SIMPLIFIED_RE = re.compile("[" + re.escape(SIMPLIFIED_ONLY) + "]+")


class SourceChineseCharacters(_SourceCheck):
    check_id = "source-chinese-characters"
    name = "Chinese characters or punctuation in the Japanese source"
    description = ("The source has simplified-Chinese characters that Japanese does not use (们, 这, 说, 为, 对: "
                   "characters of GB2312 that are neither in Big5 nor in Japanese Shift_JIS/CP932), or writes the "
                   "Chinese comma ， where the rest of its document writes the Japanese 、 (at least 3 times as "
                   "often, option `min_ratio`): left over from a translation out of Chinese.")
    category = Category.FLUENCY
    severity = Severity.MAJOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        ratio = float(ctx.config.option(self.check_id, "min_ratio", 3.0))
        for units in documents(ctx):
            commas = sum(u.source.count("，") for u in units)
            ideographic = sum(u.source.count("、") for u in units) if commas else 0
            for u in units:
                for m in _SIMPLIFIED_RE.finditer(u.source):
                    yield self.issue(u, f"{m.group()!r}: simplified-Chinese character(s) that Japanese does not "
                                        "use; expected the Japanese word (written in kanji Japanese uses, or "
                                        "katakana)", source_span=m.span(), characters=m.group())
                if commas and ideographic >= ratio * commas:
                    for m in re.finditer("，", u.source):
                        yield self.issue(u, f"the Chinese comma '，' in a document that writes '、' elsewhere "
                                            f"({ideographic} vs {commas}); expected '、'", source_span=m.span(),
                                         severity=Severity.MINOR, expected="、")


_ORG_HEADS = ("委員会", "事務局", "局", "省", "庁", "部", "室", "院", "会議", "機構", "本部", "協会", "財団", "公社",
              "委員", "センター")
_ORG_RE = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{3,}?)(" + "|".join(
    sorted(_ORG_HEADS, key=len, reverse=True)) + r")(?![\u4e00-\u9fff])")
"""A kanji name of 3+ characters ending in an organisation head (政府効率化 + 局): the stem and the head."""


def _glossary_forms(glossary: Any, lang: str) -> dict[str, str]:
    """Every source-language term of the glossary → its concept's preferred source-language form."""
    if glossary is None:
        return {}
    out: dict[str, str] = {}
    for concept in glossary:
        preferred = concept.preferred(lang)
        if preferred is None:
            continue
        for term in concept.terms_in(lang):
            out.setdefault(term.text, preferred.text)
    return out


class SourceEntityVariants(_SourceCheck):
    check_id = "source-entity-variants"
    name = "One organisation named several ways"
    description = ("One document names an organisation with the same stem and different heads (政府効率化局, "
                   "政府効率化委員会, 政府効率化省): a machine translation often renders one name several ways. "
                   "The forms other than the expected one are reported; expected is the glossary's form where "
                   "the glossary knows one of them, else the document's majority form. Where no form has two "
                   "thirds of the occurrences (option `min_share`) and the glossary does not decide, every "
                   "occurrence is reported (the reviser chooses).")
    category = Category.TERMINOLOGY
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        min_share = float(ctx.config.option(self.check_id, "min_share", 2 / 3))
        known = _glossary_forms(ctx.glossary, ctx.source_lang)
        for units in documents(ctx):
            yield from self._document(units, known, min_share)

    def _document(self, units: Sequence[Unit], known: dict[str, str], min_share: float) -> Iterator[Issue]:
        stems: dict[str, Counter[str]] = defaultdict(Counter)
        for u in units:
            for m in _ORG_RE.finditer(u.source):
                stems[m.group(1)][m.group()] += 1
        varied = {stem: forms for stem, forms in stems.items() if len(forms) >= 2}
        if not varied:
            return
        for u in units:
            for m in _ORG_RE.finditer(u.source):
                forms = varied.get(m.group(1))
                if forms is None:
                    continue
                form = m.group()
                listed = ", ".join(f"{f} {n}×" for f, n in forms.most_common())
                decided = next((known[f] for f in forms if f in known), None)
                top, top_n = forms.most_common(1)[0]
                if decided is not None:
                    expected: str | None = decided
                    why = "the glossary's form"
                elif top_n >= min_share * sum(forms.values()):
                    expected, why = top, "the document's majority form"
                else:
                    expected, why = None, "no form has two thirds of the occurrences"
                if form == expected:
                    continue
                tail = f"expected {expected!r} ({why})" if expected else f"expected one name ({why})"
                fix: dict[str, Any] = {"expected": expected} if expected else {}
                yield self.issue(u, f"{form!r}: this document names the organisation {len(forms)} ways ({listed}); "
                                    + tail, source_span=m.span(), forms=dict(forms), **fix)


_FOREIGN_CONTEXT = re.compile(r"[\u30a1-\u30fa\u30fc・]{2,}(?:州|国|共和国)|アメリカ|米国|米[国軍]?(?=[\u4e00-\u9fff])")
_APPOSITION_NAME = re.compile(r"(?:町|市|村|郡|都市|州都|首都)、([\u4e00-\u9fff]{2,4})(?=[にでをへのはがと、。])")


class SourceKanjiPlaceName(_SourceCheck):
    check_id = "source-kanji-place-name"
    name = "Foreign place named in kanji"
    description = ("A sentence about a foreign country or state (a katakana name with 州 or 国, アメリカ, 米国) "
                   "names a town in kanji after 町、/市、 (テキサス州の国境の町、鷹潭に): Japanese writes foreign "
                   "places in katakana (イーグルパス); a kanji name there is the Chinese rendering of the place "
                   "(鷹潭 is Yingtan, a city in China) carried over by a translation out of Chinese.")
    category = Category.ACCURACY
    severity = Severity.MAJOR

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        text = unit.source
        if "、" not in text:
            return
        for m in _APPOSITION_NAME.finditer(text):
            start = max(text.rfind("。", 0, m.start()) + 1, 0)
            end = text.find("。", m.end())
            sentence = text[start:end if end >= 0 else len(text)]
            context = _FOREIGN_CONTEXT.search(sentence)
            if context is None:
                continue
            yield self.issue(unit, f"{m.group(1)!r} names a town in kanji in a sentence about "
                                   f"{context.group()!r}; Japanese writes foreign places in katakana: expected "
                                   "the place's katakana name (a kanji name here is often a Chinese rendering)",
                             source_span=m.span(1), name=m.group(1))


_REPEATED_RE = re.compile(r"((?=[^\u3040-\u309f、。])[\u3040-\u30ff\u4e00-\u9fff]{3,16}?)([でにをはがへ])\1")


_QUOTED_TWICE = re.compile(r"「([^「」]{1,10})」(?:であり|であると同時に|でもあり|と|や|、)「\1")


class SourceRepeatedPhrase(_SourceCheck):
    check_id = "source-repeated-phrase"
    name = "Phrase written twice"
    description = ("The same phrase of 3+ characters (with a kanji or katakana) is written twice with a particle "
                   "between (公の場で公の場に): a slip of the translation; the fix removes the first occurrence "
                   "and its particle. Emphatic doubling without a particle (何度も何度も, 暑くて暑くて) and "
                   "coordination with と or の (AとA) are not reported. Also a word quoted twice in one breath "
                   "(「仲間」であり「仲間の一人」): two words of the original collapsed into one (no fix: the "
                   "second word is unknown).")
    category = Category.FLUENCY
    severity = Severity.MINOR

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        text = unit.source
        if "「" in text:
            for m in _QUOTED_TWICE.finditer(text):
                yield self.issue(unit, f"「{m.group(1)}」 is quoted twice in one phrase ({m.group()!r}…); two "
                                       "different words of the original may have become one: expected two "
                                       "distinct words, or one", source_span=m.span(), phrase=m.group(1))
        for m in _REPEATED_RE.finditer(text):
            phrase = m.group(1)
            if not re.search(r"[\u30a0-\u30ff\u4e00-\u9fff]", phrase):
                continue
            first = (m.start(), m.start() + len(phrase) + len(m.group(2)))
            yield self.issue(unit, f"{phrase!r} is written twice ({m.group()!r}); expected it once",
                             source_span=first, expected="", phrase=phrase)


_LATIN_BEFORE_JA = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]*)( ?)(?=[\u3040-\u309f])")


class SourceSpacingMix(_SourceCheck):
    check_id = "source-spacing-mix"
    name = "Space after a Latin word sometimes"
    description = ("A Latin word followed by hiragana is written with a half-width space in one place and without "
                   "in others of the same document (DOGE の / DOGEの); the minority spacing is reported when the "
                   "majority has at least twice as many occurrences. A document that always (or never) spaces "
                   "is a house style, not a finding.")
    category = Category.LOCALE_CONVENTION
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        for units in documents(ctx):
            counts: dict[str, Counter[str]] = defaultdict(Counter)
            for u in units:
                for m in _LATIN_BEFORE_JA.finditer(u.source):
                    counts[m.group(1)][m.group(2)] += 1
            minority = {}
            for word, c in counts.items():
                if len(c) == 2:
                    (_, top_n), (low, low_n) = c.most_common(2)
                    if top_n >= 2 * low_n:
                        minority[word] = (low, top_n, low_n)
            if not minority:
                continue
            for u in units:
                for m in _LATIN_BEFORE_JA.finditer(u.source):
                    got = minority.get(m.group(1))
                    if got is None or m.group(2) != got[0]:
                        continue
                    word, space = m.group(1), m.group(2)
                    if space:
                        yield self.issue(u, f"a space after {word!r} here; the document writes {word!r} without "
                                            f"one {got[1]}× ({got[2]}× with); expected no space",
                                         source_span=m.span(2), expected="")
                    else:
                        yield self.issue(u, f"no space after {word!r} here; the document writes {word!r} with one "
                                            f"{got[1]}× ({got[2]}× without); expected a space",
                                         source_span=m.span(1), expected=word + " ")


_WEEKDAYS = "月火水木金土日"
_DATED_WEEKDAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日\s*[（(]([月火水木金土日])(?:曜日?)?[）)]")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


class SourceWeekdayMismatch(_SourceCheck):
    check_id = "source-weekday-mismatch"
    name = "Weekday does not match the date"
    description = ("A date with its weekday (2024年7月13日(土)) where the weekday does not fall on that date. The "
                   "year is the date's own, else the only year the document names; without either nothing is "
                   "judged.")
    category = Category.ACCURACY
    severity = Severity.MAJOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        for units in documents(ctx):
            dated = [(u, list(_DATED_WEEKDAY.finditer(fold(u.source)))) for u in units
                     if "日" in u.source and ("(" in u.source or "（" in u.source)]
            dated = [(u, ms) for u, ms in dated if ms]
            if not dated:
                continue
            years = {int(y) for u in units for y in _YEAR.findall(fold(u.source))}
            only_year = next(iter(years)) if len(years) == 1 else None
            for u, matches in dated:
                for m in matches:
                    year = int(m.group(1)) if m.group(1) else only_year
                    if year is None:
                        continue
                    try:
                        day = dt.date(year, int(m.group(2)), int(m.group(3)))
                    except ValueError:
                        continue
                    actual = _WEEKDAYS[day.weekday()]
                    if actual != m.group(4):
                        yield self.issue(u, f"{u.source[m.start():m.end()]!r}: {day.isoformat()} is a {actual}曜日, "
                                            f"not {m.group(4)}曜日" + ("" if m.group(1) else
                                                                   f" (year {year}: the only year the document names)")
                                            + "; expected the date and its weekday to agree",
                                         source_span=(m.start(4), m.end(4)), expected=actual)


_AGE = re.compile(r"(?:([\u30a1-\u30fa\u30fc・]{2,})(?:氏|さん|容疑者|被告|選手|監督|議員|大統領|首相)?"
                  r"|([\u4e00-\u9fff]{2,})(?:氏|さん|容疑者|被告))[（(]([0-9０-９]{1,3})(?:歳)?[）)]")
"""name(age): a katakana name, or kanji before an honorific (keyed by its last 4 kanji: 団体職員伊藤裕二 → 伊藤裕二)."""
_GENERIC_PEOPLE = ("男性", "女性", "少年", "少女", "男児", "女児", "会社員", "無職")


class SourceAgeConflict(_SourceCheck):
    check_id = "source-age-conflict"
    name = "One person, two ages"
    description = ("One document gives the same person two different ages in the Japanese news form name(age) "
                   "(トランプ氏(78) and トランプ氏(79)): expected one age. A person is a katakana name, or a kanji "
                   "name with 氏, さん, 容疑者 or 被告; generic words (男性, 女性…) are not names.")
    category = Category.ACCURACY
    severity = Severity.MAJOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        for units in documents(ctx):
            ages: dict[str, list[tuple[Unit, re.Match[str], int]]] = defaultdict(list)
            for u in units:
                if "(" not in u.source and "（" not in u.source:
                    continue
                for m in _AGE.finditer(u.source):
                    name = m.group(1) or m.group(2)[-4:]
                    if name.endswith(_GENERIC_PEOPLE):
                        continue
                    ages[name].append((u, m, int(fold(m.group(3)))))
            for name, uses in ages.items():
                values = Counter(age for _, _, age in uses)
                if len(values) < 2:
                    continue
                top, top_n = values.most_common(1)[0]
                first = next((u for u, _, age in uses if age == top), uses[0][0])
                for u, m, age in uses:
                    if age == top:
                        continue
                    yield self.issue(u, f"{name} is {age} here but {top} in unit {first.id} ({top_n}×); expected "
                                        "one age", source_span=m.span(3), other_unit=first.id, name=name)
