"""Term matching: Aho-Corasick over normalised term forms, with token boundaries for Japanese.

Source side (Japanese, Chinese)
    Text and terms are normalised the same way — Unicode NFKC (full-width Latin and digits, half-width
    katakana with their voiced marks ``ﾊﾞ`` → ``バ``), middle dots ``・･·`` and spaces between katakana removed
    (``イーロン・マスク`` = ``イーロン マスク`` = ``イーロンマスク``), long-vowel look-alikes after katakana
    (``‐ - − —``) unified to ``ー``, case folded — keeping an offset map so that every span points at the
    original characters. Term forms that end in a katakana long vowel also match without it and vice versa
    (``コンピューター`` = ``コンピュータ``, JIS Z 8301 style). All forms go into one pyahocorasick automaton;
    the matches are filtered and the leftmost-longest non-overlapping ones kept.

    A match must start and end on a token boundary of the fugashi tokenizer with the unidic-lite dictionary,
    so ``京都`` does not match inside ``東京都`` (東京|都) while ``トランプ`` still matches in ``トランプ氏``
    (トランプ|氏). The tokenizer runs only for matches whose edges lie between two characters of the same
    script (kanji–kanji, katakana–katakana, Latin–Latin) or between a kanji and a following hiragana
    (okurigana); a change of script is a boundary by itself.

Target side (English and other space-delimited languages)
    NFKC, curly apostrophes to ``'``, hyphens between words to spaces, whitespace runs to one space, case
    folded, with an offset map. A match needs a word boundary on both sides; plural and possessive endings
    (``s``, ``es``, ``'s``, ``s'``) are accepted and included in the span. Case-sensitive and do-not-translate
    terms must match with their exact capitalisation (a lower-case first letter may be capitalised).

Algorithm: Aho & Corasick (1975), "Efficient string matching: an aid to bibliographic search", CACM 18(6),
via the pyahocorasick C extension.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick

from review_app.glossary.model import Glossary, Term, TermStatus, base_lang, norm_lang

# Languages written without spaces between words: normalised and matched on tokenizer boundaries.
CJK_LANGS = frozenset({"ja", "zh", "ko"})

_KATA = "\u30a1-\u30fa\u30fc-\u30fe\u31f0-\u31ff"
# Separators inside katakana names: middle dots (U+30FB, U+00B7, U+2027) and spaces between katakana.
_KANA_SEPARATOR = re.compile(rf"(?<=[{_KATA}])[\u30fb\u00b7\u2027\s]+(?=[{_KATA}])")
# Long-vowel look-alikes after katakana: hyphen-minus, hyphens, minus sign, dashes, wave-less bars.
_KANA_LONG = re.compile(rf"(?<=[{_KATA}])[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500]")
_VOICED_MARKS = frozenset("\uff9e\uff9f\u3099\u309a")
# Cheap pre-test: only texts with one of these characters can need the two look-behind passes above.
_SOURCE_PASS2 = re.compile(r"[\u30fb\u00b7\u2027\s\-\u2010-\u2015\u2212\u2500]")

# Target side: apostrophes, hyphens between word characters, whitespace runs.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
_WORD_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011\u2012\u2013](?=\w)")  # also en dash: Trump–Musk
_SPACE_RUN = re.compile(r"\s{2,}|[^\S ]")
# Cheaper regexes that match exactly when the two above can (a hyphen character; two spaces or a whitespace
# other than the space): most English segments have neither, and the lookbehind scan costs more than this one.
_HYPHEN_CHAR = re.compile(r"[-\u2010\u2011\u2012\u2013]")
_SPACE_HINT = re.compile(r"[^\S ]|  ")


def _straighten_apostrophes(text: str) -> str:
    """``text.translate(_APOSTROPHES)``; four ``str.replace`` calls are about 20× faster on non-ASCII text."""
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'").replace("\u2032", "'")
_PLURAL_POSSESSIVE = re.compile(
    r"""
    (?: 's          # possessive: DOGE's
      | s'          # plural possessive: the Musks'
      | es          # plural after sibilants: taxes
      | s           # plural: bills
      | '           # possessive of a word ending in s: Politico's vs. Axios'
    )
    (?!\w)          # and then the word ends
    """,
    re.VERBOSE,
)


@dataclass(slots=True)
class Normalized:
    """A normalised text with the map back to the original (``None`` maps mean identity)."""

    original: str
    cased: str
    """Normalised text before case folding (for case-sensitive terms)."""
    folded: str
    """Normalised, case-folded text (what the automaton scans)."""
    starts: list[int] | None = None
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)``."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _fold(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _nfkc_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """NFKC per character cluster (a base character with its combining / half-width voiced marks)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and (text[j] in _VOICED_MARKS or unicodedata.combining(text[j])):
            j += 1
        piece = unicodedata.normalize("NFKC", text[i:j])
        for ch in piece:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends


def _remove_spans(text: str, starts: list[int] | None, ends: list[int] | None,
                  spans: list[tuple[int, int]], replacement: str = "") -> tuple[str, list[int], list[int]]:
    """Replace each ``[a, b)`` in ``spans`` by ``replacement`` (≤ 1 char), keeping the offset maps."""
    if starts is None or ends is None:
        starts = list(range(len(text)))
        ends = list(range(1, len(text) + 1))
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for a, b in spans:
        pieces.append(text[pos:a])
        new_starts.extend(starts[pos:a])
        new_ends.extend(ends[pos:a])
        if replacement:
            pieces.append(replacement)
            new_starts.append(starts[a])
            new_ends.append(ends[b - 1])
        pos = b
    pieces.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(pieces), new_starts, new_ends


def normalize_source(text: str) -> Normalized:
    """Normalise Japanese (or Chinese) text for matching; see the module docstring."""
    starts: list[int] | None = None
    ends: list[int] | None = None
    base = text
    if not unicodedata.is_normalized("NFKC", text):
        base, starts, ends = _nfkc_with_map(text)
    if _SOURCE_PASS2.search(base):
        if _KANA_LONG.search(base):
            base = _KANA_LONG.sub("ー", base)  # same length: maps unchanged
        seps = [m.span() for m in _KANA_SEPARATOR.finditer(base)]
        if seps:
            base, starts, ends = _remove_spans(base, starts, ends, seps)
    return Normalized(text, base, _fold(base), starts, ends)


def normalize_target(text: str) -> Normalized:
    """Normalise English (space-delimited) text for matching; see the module docstring."""
    starts: list[int] | None = None
    ends: list[int] | None = None
    base = text
    if not unicodedata.is_normalized("NFKC", text):
        base, starts, ends = _nfkc_with_map(text)
    base = _straighten_apostrophes(base)  # one character for one: maps unchanged
    if _HYPHEN_CHAR.search(base):
        base = _WORD_HYPHEN.sub(" ", base)
    runs = [m.span() for m in _SPACE_RUN.finditer(base)] if _SPACE_HINT.search(base) else []
    if runs:
        base, starts, ends = _remove_spans(base, starts, ends, runs, replacement=" ")
    return Normalized(text, base, _fold(base), starts, ends)


# --------------------------------------------------------------------------------- token boundaries


@functools.lru_cache(maxsize=1)
def _tagger() -> Any:
    import fugashi

    return fugashi.Tagger()


@functools.lru_cache(maxsize=1)
def _wakati() -> Any:
    import fugashi

    return fugashi.Tagger("-Owakati")


def token_boundaries(text: str) -> frozenset[int]:
    """Character offsets where fugashi/unidic-lite tokens of ``text`` start or end."""
    out = {0, len(text)}
    pos = 0
    if "\n" in text or "\r" in text:
        surfaces = [w.surface for w in _tagger()(text)]
    else:
        # One C call returning the surfaces separated by spaces (MeCab never puts a space inside a token):
        # about twice as fast as building a node object per token.
        surfaces = _wakati().parse(text).split(" ")
    lengths = [len(x) for x in surfaces]
    if sum(lengths) == len(text):  # no whitespace dropped: offsets are the running sums
        out.update(itertools.accumulate(lengths))
        return frozenset(out)
    for surface in surfaces:
        if not surface:
            continue
        idx = text.find(surface, pos)
        if idx < 0:
            continue
        out.add(idx)
        out.add(idx + len(surface))
        pos = idx + len(surface)
    return frozenset(out)


def _script_of(ch: str) -> str:
    """hiragana, katakana, kanji, alnum (Latin letters, digits) or other (punctuation, spaces, symbols)."""
    o = ord(ch)
    if 0x3041 <= o <= 0x309F:
        return "hiragana"
    if 0x30A0 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
        return "katakana"
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or o == 0x3005 or 0xF900 <= o <= 0xFAFF:
        return "kanji"
    if ch.isalnum():
        return "alnum"
    return "other"


_MEMO_LIMIT = 1 << 16
_SCRIPT_MEMO: dict[str, str] = {}
_EDGE_MEMO: dict[str, bool] = {}


def _script(ch: str) -> str:
    """Script class of ``ch`` (memoised: matching asks for the same few thousand characters again and again)."""
    found = _SCRIPT_MEMO.get(ch)
    if found is None:
        found = _script_of(ch)
        if len(_SCRIPT_MEMO) < _MEMO_LIMIT:
            _SCRIPT_MEMO[ch] = found
    return found


_NEVER_OKURIGANA = frozenset("をのはへ")


def _edge_is_clear_uncached(left: str, right: str) -> bool:
    """True when the script change between ``left`` and ``right`` is a word boundary by itself."""
    sl, sr = _script(left), _script(right)
    if sl == "other" or sr == "other":
        return True
    if sl == sr:
        return False
    if sl == "kanji" and sr == "hiragana":
        # Okurigana (高い, 最も, 特に, 上がる) make kanji + hiragana one word; only particles that are never
        # okurigana are boundaries by themselves.
        return right in _NEVER_OKURIGANA
    return True


def _edge_is_clear(left: str, right: str) -> bool:
    """True when the script change between ``left`` and ``right`` is a word boundary by itself."""
    pair = left + right
    found = _EDGE_MEMO.get(pair)
    if found is None:
        found = _edge_is_clear_uncached(left, right)
        if len(_EDGE_MEMO) < _MEMO_LIMIT:
            _EDGE_MEMO[pair] = found
    return found


def _on_token_boundaries(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts and ends on token boundaries.

    Only the window around the match up to the nearest clear edges on both sides (script changes,
    punctuation, particles) is tokenized: segmentation does not cross those edges, and a window is several
    times cheaper to tokenize than the sentence (unknown katakana words elsewhere cost MeCab the most).
    Measured: on the seed article the matches are identical to whole-sentence tokenization; on synthetic
    random kanji strings 4 of 20,000 segments differ.
    """
    a = start
    while a > 0 and not _edge_is_clear(text[a - 1], text[a]):
        a -= 1
    b = end
    while b < len(text) and not _edge_is_clear(text[b - 1], text[b]):
        b += 1
    window = text[a:b]
    inner = _WINDOW_MEMO.get(window)
    if inner is None:
        inner = token_boundaries(window)
        if len(_WINDOW_MEMO) < _WINDOW_MEMO_LIMIT:
            _WINDOW_MEMO[window] = inner
    return (start - a) in inner and (end - a) in inner


_WINDOW_MEMO_LIMIT = 1 << 14  # ≈ 300 bytes an entry: at most ~5 MB
_WINDOW_MEMO: dict[str, frozenset[int]] = {}
"""Token boundaries of the windows tokenized so far: a window is one same-script run around a match (大統領選挙,
トランプ政権), and the same runs come back all through a document, so MeCab runs once per distinct run.
(Bounded like the other memos; MeCab's output depends on the window alone.)"""


_CASE_MEMO: dict[tuple[int, str], tuple[tuple[_Entry, ...], tuple[_Entry, ...]]] = {}


def _case_filter(entries: tuple[_Entry, ...], found: str) -> tuple[_Entry, ...]:
    """:func:`_case_filter_uncached`, memoised per automaton entry tuple and matched text (a document repeats
    the same few names in the same few casings). The key holds ``id(entries)``; the value keeps ``entries``
    itself alive, so the id cannot be reused by another tuple while the entry exists."""
    key = (id(entries), found)
    hit = _CASE_MEMO.get(key)
    if hit is not None and hit[0] is entries:
        return hit[1]
    keep = _case_filter_uncached(entries, found)
    if len(_CASE_MEMO) < _MEMO_LIMIT:
        _CASE_MEMO[key] = (entries, keep)
    return keep


def _case_filter_uncached(entries: tuple[_Entry, ...], found: str) -> tuple[_Entry, ...]:
    """Entries whose case policy accepts ``found`` (the normalised, unfolded matched text).

    Case-sensitive forms must match exactly; a form starting with a lower-case letter may also be
    capitalised (sentence start) — unless another case-sensitive form of the same key matches exactly, so
    "Butler" is the town, not a forbidden "butler".
    """
    exact = any(e.term.matches_case_sensitively and e.cased_key == found for e in entries)

    def ok(e: _Entry) -> bool:
        if not e.term.matches_case_sensitively or e.cased_key == found:
            return True
        key = e.cased_key
        return not exact and bool(key) and key[0].islower() and found == key[0].upper() + key[1:]

    return tuple(e for e in entries if ok(e))


# ------------------------------------------------------------------------------------------ matcher


@dataclass(frozen=True, slots=True)
class TermMatch:
    """One occurrence of a glossary term: ``text[start:end]`` in the original string."""

    start: int
    end: int
    text: str
    concept_id: str
    term: Term

    @property
    def status(self) -> TermStatus:
        return self.term.status

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass(frozen=True, slots=True)
class _Entry:
    concept_id: str
    term: Term
    cased_key: str


_NEW = object.__new__
_SET_START, _SET_END, _SET_TEXT, _SET_CONCEPT, _SET_TERM = (
    TermMatch.__dict__[f].__set__ for f in ("start", "end", "text", "concept_id", "term"))


def _term_match(start: int, end: int, text: str, concept_id: str, term: Term) -> TermMatch:
    """``TermMatch(start, end, text, concept_id, term)`` without the frozen dataclass's ``__init__``, which sets
    each slot through ``object.__setattr__`` (1.7 µs against 0.6 µs here; a 100k-unit run builds ~600k matches).
    The result is the same object: equal, same hash, still frozen to ordinary assignment."""
    m = _NEW(TermMatch)
    _SET_START(m, start)
    _SET_END(m, end)
    _SET_TEXT(m, text)
    _SET_CONCEPT(m, concept_id)
    _SET_TERM(m, term)
    return m


class TermMatcher:
    """Finds the terms of one language of a glossary in texts of that language.

    ``statuses`` limits the terms (default: all). Build once per glossary and language
    (:meth:`Glossary.matcher` caches it) and call :meth:`find` per segment.
    """

    def __init__(self, glossary: Glossary, lang: str, *, statuses: Iterable[TermStatus] | None = None,
                 tokenizer_boundaries: bool = True) -> None:
        self.lang = norm_lang(lang)
        self.cjk = base_lang(self.lang) in CJK_LANGS
        self.use_tokenizer = tokenizer_boundaries and base_lang(self.lang) == "ja"
        self._normalize = normalize_source if self.cjk else normalize_target
        wanted = set(statuses) if statuses is not None else None
        table: dict[str, list[_Entry]] = {}
        self.term_count = 0
        for concept in glossary.concepts:
            for term in concept.terms_in(self.lang):
                if wanted is not None and term.status not in wanted:
                    continue
                self.term_count += 1
                for cased in self._forms(term.text):
                    entries = table.setdefault(_fold(cased), [])
                    entry = _Entry(concept.id, term, cased)
                    if entry not in entries:
                        entries.append(entry)
        self._automaton: Any = None
        if table:
            automaton = ahocorasick.Automaton()
            for key, entries in table.items():
                any_case = any(e.term.matches_case_sensitively for e in entries)
                automaton.add_word(key, (len(key), tuple(entries), any_case))
            automaton.make_automaton()
            self._automaton = automaton

    def _forms(self, text: str) -> list[str]:
        cased = self._normalize(text).cased.strip()
        if not cased:
            return []
        forms = [cased]
        if self.cjk and _script(cased[-1]) == "katakana":
            if cased.endswith("ー") and len(cased) >= 3 and _script(cased[-2]) == "katakana" and cased[-2] != "ー":
                forms.append(cased[:-1])
            elif not cased.endswith("ー") and len(cased) >= 3:
                forms.append(cased + "ー")
        return forms

    def __bool__(self) -> bool:
        return self._automaton is not None

    def find(self, text: str, *, overlapping: bool = False) -> list[TermMatch]:
        """Leftmost-longest, non-overlapping term matches in ``text`` (original offsets), in order.

        With ``overlapping=True`` every valid occurrence is returned, also those inside a longer match
        ("Wisconsin" inside "Wisconsin Supreme Court"): what a check needs to tell whether a concept is
        rendered at all.
        """
        if self._automaton is None or not text:
            return []
        norm = self._normalize(text)
        hits = list(self._automaton.iter(norm.folded))
        return self._select(text, norm, hits, overlapping) if hits else []

    def find_many(self, texts: Iterable[str], *, overlapping: bool = False) -> list[list[TermMatch]]:
        """:meth:`find` for each text. (One automaton pass over the texts joined by NUL was measured: it is
        slower in CPython than a pass per text, because mapping hits back costs more than the calls saved.)"""
        return [self.find(t, overlapping=overlapping) for t in texts]

    def find_both(self, text: str) -> tuple[list[TermMatch], list[TermMatch]]:
        """``(find(text), find(text, overlapping=True))`` from one normalisation, automaton pass and candidate
        filtering: only the final leftmost-longest pick differs between the two."""
        if self._automaton is None or not text:
            return [], []
        norm = self._normalize(text)
        hits = list(self._automaton.iter(norm.folded))
        if not hits:
            return [], []
        candidates = self._candidates(text, norm, hits)
        if not candidates:
            return [], []
        return self._pick_both(text, norm, candidates)

    def _select(self, text: str, norm: Normalized, hits: list[tuple[int, Any]], overlapping: bool = False
                ) -> list[TermMatch]:
        """Filter automaton hits by boundaries and case, then keep the leftmost-longest non-overlapping."""
        candidates = self._candidates(text, norm, hits)
        return self._pick(text, norm, candidates, overlapping) if candidates else []

    def _candidates(self, text: str, norm: Normalized, hits: list[tuple[int, Any]]
                    ) -> list[tuple[int, int, tuple[_Entry, ...], int]]:
        """The automaton hits that sit on word/token boundaries and pass the case policy, sorted leftmost,
        then longest; on equal spans the form that matched without a plural/possessive ending first ("Jeff
        Bezos" over a forbidden "Jeff Bezo" + s)."""
        folded = norm.folded
        candidates: list[tuple[int, int, tuple[_Entry, ...], int]] = []
        for end_idx, (length, entries, any_case) in hits:
            ns, ne = end_idx - length + 1, end_idx + 1
            if self.cjk:
                start, end = norm.span(ns, ne)
                need_tokens = (start > 0 and not _edge_is_clear(text[start - 1], text[start])) or (
                    end < len(text) and not _edge_is_clear(text[end - 1], text[end]))
                if need_tokens and self.use_tokenizer and not _on_token_boundaries(text, start, end):
                    continue
                # Chinese/Korean have no tokenizer here: same-script edges are accepted (documented limitation).
            else:
                if ns > 0 and folded[ns - 1].isalnum() and folded[ns].isalnum():
                    continue  # starts inside a word
                if ne < len(folded) and folded[ne - 1].isalnum() and (folded[ne].isalnum() or folded[ne] == "'"):
                    m = _PLURAL_POSSESSIVE.match(folded, ne) if folded[ne - 1].isalpha() else None
                    if m is not None:
                        ne = m.end()  # plural or possessive ending, part of the match
                    elif folded[ne] != "'":
                        continue  # ends inside a word; a bare ' after the term is a closing quote
            keep = _case_filter(entries, norm.cased[ns : ns + length]) if any_case else entries
            if keep:
                candidates.append((ns, ne, keep, length))
        if len(candidates) > 1:
            candidates.sort(key=lambda c: (c[0], c[0] - c[1], -c[3]))
        return candidates

    @staticmethod
    def _pick_both(text: str, norm: Normalized, candidates: list[tuple[int, int, tuple[_Entry, ...], int]]
                   ) -> tuple[list[TermMatch], list[TermMatch]]:
        """``(_pick(…, False), _pick(…, True))`` in one loop: the non-overlapping matches are a subset of all
        matches, so each match is built once and shared by both lists."""
        out: list[TermMatch] = []
        every: list[TermMatch] = []
        last_end = -1  # end of the last *kept* (non-overlapping) candidate
        for ns, ne, entries, _length in candidates:
            start, end = norm.span(ns, ne)
            keep = ns >= last_end
            if len(entries) == 1:
                e = entries[0]
                m = _term_match(start, end, text[start:end], e.concept_id, e.term)
                every.append(m)
                if keep:
                    out.append(m)
            else:
                concepts: set[str] = set()
                for e in entries:  # one match per concept and span: the first of its forms with that key
                    if e.concept_id not in concepts:
                        concepts.add(e.concept_id)
                        m = _term_match(start, end, text[start:end], e.concept_id, e.term)
                        every.append(m)
                        if keep:
                            out.append(m)
            if keep:
                last_end = max(last_end, ne)
        return out, every

    @staticmethod
    def _pick(text: str, norm: Normalized, candidates: list[tuple[int, int, tuple[_Entry, ...], int]],
              overlapping: bool) -> list[TermMatch]:
        """Leftmost-longest non-overlapping matches of the sorted ``candidates`` (all of them if
        ``overlapping``), one per concept and span."""
        out: list[TermMatch] = []
        last_end = -1
        for ns, ne, entries, _length in candidates:
            if ns < last_end and not overlapping:
                continue
            start, end = norm.span(ns, ne)
            if len(entries) == 1:
                e = entries[0]
                out.append(_term_match(start, end, text[start:end], e.concept_id, e.term))
            else:
                concepts: set[str] = set()
                for e in entries:  # one match per concept and span: the first of its forms with that key
                    if e.concept_id not in concepts:
                        concepts.add(e.concept_id)
                        out.append(_term_match(start, end, text[start:end], e.concept_id, e.term))
            last_end = max(last_end, ne)
        return out
