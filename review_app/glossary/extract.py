"""Term extraction: glossary candidates from a Japanese source, ranked for review.

Candidates are (1) katakana runs, joined across middle dots (``イーロン・マスク``), (2) Latin-script tokens
and phrases (``Truth Social``, ``CPAC``), and (3) proper nouns by UniDic part of speech (``名詞-固有名詞``, via
fugashi + unidic-lite), joined when adjacent. Text already covered by a glossary term is skipped.

Ranking follows the usual term-extraction signals (frequency × termhood, cf. Frantzi et al. 2000, C-value, and
the named-entity cues of Japanese news text): a candidate's score is its frequency times a weight that grows
when the dictionary says it is a proper noun or does not know it, when it is a dotted full name, and when it
sits in a name context — followed by an honorific or name suffix (氏, 紙, 大統領, 知事, 州…) or preceded by a
place word (州, 市). Known common nouns (ステージ, プラットフォーム) are weighted down.

Everyday words are filtered by how common they are in the language at large: the word frequencies of
``wordfreq`` (Speer, 2022; its data ships inside the package, nothing is downloaded), looked up directly or,
for a compound the list does not have, from its fugashi tokens as wordfreq combines them (the harmonic sum of
the token frequencies, divided by 10 per inferred word boundary). A candidate at Zipf ≥ :data:`COMMON_ZIPF`
(メディア 4.8, ドル 4.9, ライブ 5.1) is dropped unless it stands in a name context somewhere (an honorific
after it, a dotted full name, a proper noun by the dictionary); one between :data:`RARE_ZIPF` and that is
weighted down. :attr:`Suggestion.zipf` says how common each suggestion is.

Where targets are aligned with the source segments (a reference or MT candidate), the likely English rendering
is the capitalised word sequence of the target that co-occurs best with the candidate (Dice coefficient).
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from review_app.glossary.matcher import _tagger
from review_app.glossary.model import Glossary

_KATAKANA_RUN = re.compile(r"[ァ-ヺー]{2,}(?:[・･=＝][ァ-ヺー]+)*")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9&'.-]*(?:[ 　][A-Z][A-Za-z0-9&'.-]*)*(?: \d{2,4})?")
_EN_PHRASE = re.compile(r"\b[A-Z][A-Za-z'’.-]+(?:[ -](?:of|the|a|de|and|[A-Z][A-Za-z'’.-]*))*\b")
_NAME_SUFFIX = ("氏", "紙", "大統領", "知事", "州", "市", "議員", "長官", "報道官", "首席", "副大統領", "通信")
_PLACE_PREFIX = ("州", "市", "町")
_STOP_LATIN = frozenset({"the", "a", "of"})
COMMON_ZIPF = 4.5
"""Zipf frequency (log10 of occurrences per billion words) from which a word outside any name context is an
everyday word, not a glossary candidate (ライブ 5.1, ドル 4.9, メディア 4.8; スーパー 4.4 stays, weighted down)."""
RARE_ZIPF = 3.0
"""Below this Zipf frequency a candidate is rare enough to keep its full weight."""
_INFERRED_SPACE_FACTOR = 10.0  # wordfreq's penalty per inferred word boundary (Japanese, Chinese)


@functools.cache
def _frequencies(lang: str) -> dict[str, float] | None:
    import wordfreq

    try:
        return dict(wordfreq.get_frequency_dict(lang, wordlist="best"))
    except LookupError:  # a language wordfreq has no list for
        return None


def zipf_frequency(text: str, lang: str = "ja") -> float | None:
    """How common ``text`` is in ``lang`` on wordfreq's Zipf scale (0 = unknown; ``None`` without a list)."""
    freqs = _frequencies(lang.partition("-")[0].lower())
    if freqs is None:
        return None
    key = unicodedata.normalize("NFKC", text).lower().replace("・", "").replace("･", "")
    freq = freqs.get(key)
    if freq is None:
        tokens = [w.surface for w in _tagger()(key) if w.surface.strip()]
        if len(tokens) < 2:
            return 0.0
        parts = [freqs.get(t.lower()) for t in tokens]
        if any(p is None for p in parts):
            return 0.0
        freq = 1.0 / sum(1.0 / p for p in parts if p) / _INFERRED_SPACE_FACTOR ** (len(tokens) - 1)
    return round(math.log10(freq * 1e9), 2) if freq > 0 else 0.0


@dataclass(slots=True)
class Suggestion:
    text: str
    kind: str
    """katakana, latin or proper-noun."""
    count: int = 0
    score: float = 0.0
    contexts: list[str] = field(default_factory=list)
    """Up to three source sentences in which the candidate occurs."""
    english: str | None = None
    """Likely rendering from aligned targets, when there are any."""
    english_score: float = 0.0
    zipf: float | None = None
    """How common the word is in the language at large (wordfreq's Zipf scale; 0 = not in its list)."""

    def as_json(self) -> dict[str, object]:
        return {"text": self.text, "kind": self.kind, "count": self.count, "score": round(self.score, 2),
                "english": self.english, "zipf": self.zipf, "contexts": self.contexts}


@dataclass(slots=True)
class _Cand:
    kind: str
    count: int = 0
    weight: float = 1.0
    contexts: list[str] = field(default_factory=list)
    units: set[int] = field(default_factory=set)
    named: bool = False
    """Seen in a name context at least once (honorific or place word around it, dotted, proper noun)."""


def _covered(spans: list[tuple[int, int]], start: int, end: int, text: str = "") -> bool:
    """True when glossary matches cover every character of ``[start, end)`` except name separators."""
    if any(s <= start and end <= e for s, e in spans):
        return True
    if not text:
        return False
    inside = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
    if not inside:
        return False
    hit: set[int] = set()
    for s, e in inside:
        hit.update(range(s, e))
    return all(i in hit or text[i] in "・･ 　" for i in range(start, end))


def suggest_terms(units: Sequence[tuple[str, str | None]], glossary: Glossary | None = None, *,
                  limit: int = 40, source_lang: str = "ja") -> list[Suggestion]:
    """Rank candidates from ``units`` — ``(source, aligned_target_or_None)`` pairs — not in ``glossary``."""
    matcher = glossary.matcher(source_lang) if glossary is not None and glossary.concepts else None
    tagger = _tagger()
    cands: dict[str, _Cand] = {}

    def add(text: str, kind: str, weight: float, idx: int, source: str, named: bool = False) -> None:
        c = cands.setdefault(text, _Cand(kind))
        c.count += 1
        c.weight = max(c.weight, weight)
        c.named = c.named or named
        c.units.add(idx)
        if len(c.contexts) < 3 and source not in c.contexts:
            c.contexts.append(source)

    for idx, (source, _target) in enumerate(units):
        covered = [m.span for m in matcher.find(source)] if matcher is not None else []
        words = list(tagger(source))
        # Offsets and dictionary knowledge of every token.
        tokens: list[tuple[int, int, str, str, bool]] = []
        pos = 0
        for w in words:
            i = source.find(w.surface, pos)
            if i < 0:
                continue
            pos = i + len(w.surface)
            tokens.append((i, pos, w.feature.pos1 or "", w.feature.pos2 or "", bool(w.is_unk)))

        def token_info(start: int, end: int, toks: list[tuple[int, int, str, str, bool]] = tokens
                       ) -> tuple[bool, bool, bool]:
            inside = [t for t in toks if t[0] >= start and t[1] <= end and t[2] != "補助記号"]
            proper = any(t[3] == "固有名詞" or t[4] for t in inside)
            common = bool(inside) and all(t[3] == "普通名詞" and not t[4] for t in inside)
            single = len(inside) == 1
            return proper, common, single

        def context_weight(start: int, end: int, text: str = source) -> float:
            w = 1.0
            after = text[end : end + 4]
            if any(after.startswith(s) for s in _NAME_SUFFIX):
                w *= 3.0
            if start > 0 and text[start - 1] in _PLACE_PREFIX:
                w *= 6.0  # "テキサス州イーグルパス": after a state or city word comes a place name
            return w

        for m in _KATAKANA_RUN.finditer(source):
            start, end = m.span()
            if _covered(covered, start, end, source) or m.group().strip("ー") == "":
                continue
            proper, common, single = token_info(start, end)
            weight = context_weight(start, end)
            if proper:
                weight *= 2.0
            elif common and single and weight == 1.0:
                weight *= 0.3  # a known loanword (ステージ) outside any name context
            dotted = "・" in m.group() or "･" in m.group()
            if dotted:
                weight *= 3.0
            add(m.group(), "katakana", weight, idx, source,
                named=proper or dotted or context_weight(start, end) > 1.0)
        for m in _LATIN_RUN.finditer(source):
            start, end = m.span()
            text = m.group().rstrip(".-'")
            if len(text) < 2 or text.lower() in _STOP_LATIN or _covered(covered, start, end):
                continue
            add(text, "latin", 1.5 * context_weight(start, end), idx, source,
                named=context_weight(start, end) > 1.0 or any(ch.isupper() for ch in text[1:]))
        # Proper nouns written in kanji (地名, 人名, 組織名), joined when adjacent.
        run: list[tuple[int, int]] = []
        for t in [*tokens, (len(source) + 1, len(source) + 1, "", "", False)]:
            is_proper_kanji = t[3] == "固有名詞" and not _KATAKANA_RUN.fullmatch(source[t[0] : t[1]]) and \
                not re.fullmatch(r"[A-Za-z0-9 ]+", source[t[0] : t[1]])
            if is_proper_kanji and (not run or run[-1][1] == t[0]):
                run.append((t[0], t[1]))
                continue
            if run:
                start, end = run[0][0], run[-1][1]
                if end - start >= 2 and not _covered(covered, start, end):
                    add(source[start:end], "proper-noun", 1.5 * context_weight(start, end), idx, source,
                        named=True)
                run = [(t[0], t[1])] if is_proper_kanji else []

    zipf = {text: zipf_frequency(text, source_lang) for text in cands}
    everyday = {text for text, c in cands.items()
              if not c.named and (zipf[text] or 0.0) >= COMMON_ZIPF}  # everyday words (module docstring)

    def score(text: str, c: _Cand) -> float:
        z = zipf[text] or 0.0
        damp = 1.0 if c.named or z <= RARE_ZIPF else 10 ** (-(z - RARE_ZIPF) / 2)
        return c.weight * damp * (1.0 + math.log(c.count))  # sublinear: one mention of a full name matters

    ranked = sorted(((t, c) for t, c in cands.items() if t not in everyday),
                    key=lambda kv: (-score(*kv), -kv[1].count, kv[0]))
    aligned = [(i, tgt) for i, (_s, tgt) in enumerate(units) if tgt and tgt.strip()]
    out: list[Suggestion] = []
    for text, c in ranked[:limit]:
        s = Suggestion(text, c.kind, c.count, score(text, c), c.contexts, zipf=zipf[text])
        if aligned:
            s.english, s.english_score = _likely_english(text, c.units, aligned)
        out.append(s)
    return out


_INITIALS = {"k": "kcq", "g": "gj", "s": "sc", "z": "zjgx", "j": "jg", "t": "tc", "d": "d", "n": "n",
             "h": "hfw", "f": "fh", "b": "bv", "v": "vb", "p": "p", "m": "m", "y": "yj", "r": "rl", "w": "w"}
_CONNECTORS = frozenset({"of", "the", "a", "de"})


def _latin_initials(candidate: str) -> str | None:
    """Plausible first letters of the English form of a katakana candidate (ビ → b/v, ラ → r/l, イ → vowel)."""
    first = candidate[:1]
    if not _KATAKANA_RUN.match(candidate + "ー"):
        return None
    try:
        name = unicodedata.name(first)
    except ValueError:
        return None
    if not name.startswith("KATAKANA LETTER ") or "SMALL" in name:
        return None
    romaji = name.rsplit(" ", 1)[-1].lower()
    if romaji[0] in "aiueo":
        return "aeiouy"
    return _INITIALS.get(romaji[0], romaji[0])


def _romaji(candidate: str) -> str:
    """Rough romanisation of katakana from the Unicode character names (イーグルパス → iguruパス → "igurupasu")."""
    out = []
    for ch in candidate:
        try:
            name = unicodedata.name(ch)
        except ValueError:
            continue
        if name.startswith("KATAKANA LETTER "):
            out.append(name.rsplit(" ", 1)[-1].lower())
    return "".join(out)


_SKELETON_MAP = str.maketrans({"l": "r", "v": "b", "c": "k", "q": "k", "f": "h", "x": "k"})


def _letters(text: str) -> str:
    """Latin letters of a word, with the ones katakana cannot tell apart merged (l/r, v/b, c/k/q, f/h)."""
    return "".join(ch for ch in text.lower() if "a" <= ch <= "z").translate(_SKELETON_MAP)


def _sound_alike(candidate: str, phrase: str) -> float:
    """0–1: how close the katakana candidate sounds to the English phrase: the mean of the similarity of
    the consonant skeletons and of the whole letter sequences (vowel-only names such as アイオワ need the
    latter)."""
    a, b = _letters(_romaji(candidate)), _letters(phrase)
    if not a or not b:
        return 0.0
    ca, cb = (re.sub("[aeiouyw]", "", x) for x in (a, b))
    consonants = difflib.SequenceMatcher(None, ca, cb).ratio() if ca and cb else 0.0
    whole = difflib.SequenceMatcher(None, a, b).ratio()
    return round((consonants + whole) / 2, 1)


_CALENDAR_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})
"""Capitalised in English but never a name's rendering ("Sept. 28, 2023" is not the English of イーグルパス)."""


def _phrases(target: str) -> set[str]:
    """Capitalised word sequences of ``target`` and their sub-sequences that start and end capitalised
    (month and weekday names, written with a capital in English, are left out)."""
    out: set[str] = set()
    for m in _EN_PHRASE.finditer(target):
        words = [re.sub(r"['’]s$", "", w.rstrip(".,'’")) for w in m.group().split()]
        for a in range(len(words)):
            for b in range(a + 1, min(len(words), a + 4) + 1):
                sub = words[a:b]
                if not sub[0][:1].isupper() or not sub[-1][:1].isupper():
                    continue
                if any(w.lower() == "and" or w.lower() in _CALENDAR_WORDS for w in sub):
                    continue
                out.add(" ".join(sub))
    return out


def _likely_english(candidate: str, cand_units: set[int], aligned: Iterable[tuple[int, str]]
                    ) -> tuple[str | None, float]:
    """The capitalised phrase of the targets with the best Dice score against the candidate's segments.

    Latin candidates found as they are in the targets stay as they are (DOGE, MAGA). Ties (a name seen once
    co-occurs with every phrase of its sentence) go to the phrase whose first letter fits the candidate's
    first kana, then to the one whose consonants sound most like the katakana (l/r, b/v merged), then to
    the longer one (United States over United).
    """
    aligned = list(aligned)
    phrase_units: dict[str, set[int]] = {}
    aligned_units: set[int] = set()
    for i, tgt in aligned:
        aligned_units.add(i)
        for phrase in _phrases(tgt):
            phrase_units.setdefault(phrase, set()).add(i)
    mine = cand_units & aligned_units
    if not mine:
        return None, 0.0
    if candidate.isascii() and any(re.search(rf"(?<!\w){re.escape(candidate)}(?!\w)", t) for i, t in aligned
                                   if i in mine):
        return candidate, 1.0
    initials = _latin_initials(candidate)
    best: tuple[float, bool, float, int, str] | None = None
    for phrase, where in phrase_units.items():
        both = len(mine & where)
        if not both:
            continue
        dice = 2 * both / (len(mine) + len(where))
        words = [w for w in phrase.split() if w.lower() not in _CONNECTORS]
        fits = initials is None or phrase[:1].lower() in initials
        alike = _sound_alike(candidate, phrase) if initials else 0.0
        key = (round(dice, 6), fits, alike, len(words), phrase)
        if best is None or key > best:
            best = key
    if best is None:
        return None, 0.0
    return best[4], best[0]
