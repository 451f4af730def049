"""A third way for ``entity-consistency`` to find a name's renderings: by position in the sentence.

The first two ways (:mod:`review_app.checks.entity_consistency`) need the renderings to look alike: a reading
comparison pairs a name with the target word that sounds like it, and the occurrence comparison keeps two
renderings of one term only when their letters are ≥ 70 % alike. Neither sees a name rendered once by one
reading of its kanji and once by another (唐山 as *Karayama* here and the Chinese *Tangshan* there), nor a term the
parser joins with the prefecture before it in one unit (福島県矢祭町) and not in the next (矢祭町).

Here, for each unit of a document:

* the **terms** are the name-like terms of :func:`review_app.checks.entity_terms.source_terms`, each cut after a
  prefecture (福島県 | 矢祭町) and without a trailing 市/町/村/区/郡/県/府 (矢祭町 → 矢祭), so the same name is one
  key whatever the parser joined to it; terms in Latin letters are left out (the target copies them);
* the **candidates** are the capitalised target words of :func:`review_app.checks.entity_terms.target_words`
  that are not English words, or are English words that sound like one of the unit's terms;
* a candidate whose letters are ≥ :data:`SOUND` like a term's romanised reading renders that term (the one it
  sounds most like: *Hiroshima* for 広島, *Yatsuri* for 矢祭 ヤマツリ);
* when exactly one term of the unit is left without a rendering and exactly one candidate is left over, that
  candidate renders that term **by position** (唐山 alone in the source, *Tangshan* alone in the target).

A term is reported when two of its renderings never occur in the same target, are not one word (one extends the
other, *Yamatsuri* / *Yamatsuri-cho*; a plural; two compounds of one name, *Senmaya-cho* / *Senmaya-kaido*), each
occurs mostly in units whose source has the term, and either one of them was found by position in at least
:data:`MIN_POSITION` units — the term is rendered by a name, the same name each time — or the two read as spellings
of one name (:func:`review_app.checks.entity_terms.variant_pair`: *Yatsuri* / *Yamatsuri*). Two renderings found by
position in one unit each are not enough: the leftover word of a unit may render a name the term list lacks (高地原
is parsed as a common noun). A hyphenated word whose last part is English (*AI-driven*, *Japanese-style*) is a
description, not a candidate.

Measured (``bench/meaning.py``): on the WMT21/22 professional references it reports nothing (the three WMT21
reference findings of ``entity-consistency`` are the other two ways'); over all 30 systems' outputs it adds 13
findings, read and all real: 唐山 as Karayama/Tangshan (9 systems), 矢祭 as Yamatsuri/Yatsuri-cho/Yamatsumachi (3),
みな実 as Minami/Minoru (1; the parser splits みな + 実). It was written after the
fourth held-out set's entity rows had been read (set ``after-code-4``, 12 of 24 found, no false alarm); on the
fifth, drawn before it was written, it finds nothing more (3 of 6 found as before: the positives there are
spelling variants the other two ways report).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from review_app.checks.entity_terms import (
    Term,
    Variant,
    beside_own,
    derived,
    is_english,
    own_rendering,
    part_of,
    romanise,
    similar,
    target_words,
)

SOUND = 0.7
"""How much a target word's letters must be like a term's romanised reading to render it (0.6 lets *Asahi* pass
for 愛知 アイチ)."""
MIN_POSITION = 2
"""Units in which a rendering must be the sole candidate for the sole unrendered term (see the module
docstring) for a pair whose letters are not alike to be reported."""

_PREFECTURE = re.compile(r"(?<=[都道府県])(?=[^都道府県])")
_PLACE_SUFFIX = ("市", "町", "村", "区", "郡", "県", "府")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ0-9０-９&＆.．\-－ ・]+")


def term_keys(term: Term) -> list[tuple[str, str]]:
    """(key, romanised reading) of a source term, cut after a prefecture and without a place suffix: 福島県矢祭町
    → 福島, 矢祭; a term in Latin letters gives none."""
    if _LATIN.fullmatch(term.text):
        return []
    out = []
    for piece in _PREFECTURE.split(term.text):
        part = piece[:-1] if len(piece) >= 3 and piece.endswith(_PLACE_SUFFIX) else piece
        if part and part not in _PLACE_SUFFIX and part not in "都道":  # (堤, a one-kanji surname, is a name)
            out.append((part, term.reading if part == term.text else _reading(part)))
    return out


def _reading(text: str) -> str:
    from review_app.checks.ja_tokens import tokens

    return romanise("".join(t[6] for t, _at in tokens(text)))


@dataclass(slots=True)
class _Rendering:
    units: list[int]
    by_position: int = 0


def positional_variants(sources: Sequence[str], targets: Sequence[str], terms_of: Sequence[tuple[Term, ...]],
                        skip: frozenset[str] = frozenset(),
                        words_of: Sequence[dict[str, str]] | None = None) -> list[Variant]:
    """The terms of one document (its units' ``sources``/``targets`` in order, ``terms_of`` each source's
    :func:`~review_app.checks.entity_terms.source_terms`) rendered two ways, found as the module docstring says;
    ``skip``: terms already reported (a term containing or contained in one of them is skipped too);
    ``words_of``: each unit's :func:`~review_app.checks.entity_terms.target_words`, when the caller has them."""
    keys_of: list[dict[str, str]] = []
    given_of: list[dict[str, tuple[int, ...]]] = []
    for ts in terms_of:
        keys: dict[str, str] = {}
        for t in ts:
            for k, r in term_keys(t):
                keys.setdefault(k, r)
        keys_of.append(keys)
        given_of.append({t.text: t.given_at for t in ts if t.given_at})
    keys_of = _split_full_names(keys_of, given_of)
    renderings: dict[str, dict[str, _Rendering]] = defaultdict(dict)
    written: dict[str, str] = {}
    where: dict[str, list[int]] = defaultdict(list)
    for i, (source, target) in enumerate(zip(sources, targets, strict=True)):
        words = target_words(target, source) if words_of is None else words_of[i]
        for w in words:
            where[w].append(i)
        keys = keys_of[i]
        if not keys or not words:
            continue
        rendered: set[str] = set()
        left: list[str] = []
        for w, as_written in words.items():
            written.setdefault(w, as_written)
            if _english_compound(as_written):
                continue
            best = max(((similar(w, r), k) for k, r in keys.items() if r), default=(0.0, ""))
            if best[0] >= SOUND:
                rendered.add(best[1])
                _add(renderings[best[1]], w, i, position=False)
            elif not is_english(w):
                left.append(w)
        unrendered = [k for k in keys if k not in rendered]
        if len(unrendered) == 1 and len(left) == 1:
            _add(renderings[unrendered[0]], left[0], i, position=True)
    units_with: dict[str, set[int]] = defaultdict(set)
    for i, keys in enumerate(keys_of):
        for k in keys:
            units_with[k].add(i)
    out: list[Variant] = []
    for key, forms in renderings.items():
        if len(forms) < 2 or any(key in s or s in key for s in skip):
            continue
        inside = units_with[key]
        # a word renders the term only if it occurs mostly in units whose source has the term
        kept = {w: f for w, f in forms.items()
                if 2 * sum(1 for u in where[w] if u not in inside) <= sum(1 for u in where[w] if u in inside)}
        ranked = sorted(kept, key=lambda w: (-len(kept[w].units), kept[w].units[0]))
        reading = next((keys_of[u][key] for u in sorted(inside) if keys_of[u].get(key)), "")
        # a word beside the term's own rendering in each of its units renders something else (島商 "Shimasho" in a
        # headline that names 島田商 "Shimadasho": :func:`~review_app.checks.entity_terms.beside_own`)
        main = own_rendering(key, reading, ranked, {w: kept[w].units for w in ranked})
        if main is not None:
            ranked = [w for w in ranked if w == main or _same_word(w, main, written) or part_of(w, main, reading)
                      or not beside_own([u for u in where[w] if u in inside], sources, targets, key, written[main])]
        for a_n, a in enumerate(ranked):
            group = [a]
            for b in ranked[a_n + 1:]:
                if any(_same_word(b, g, written) or set(where[b]) & set(where[g]) for g in group):
                    continue
                if any(_pair(kept[g], kept[b], g, b, reading) for g in group):
                    group.append(b)
            if len(group) >= 2:
                out.append(Variant(key, [(written[w], sorted(set(where[w]) & inside)) for w in group]))
                break
    return out


def _split_full_names(keys_of: list[dict[str, str]], given_of: list[dict[str, tuple[int, ...]]]
                      ) -> list[dict[str, str]]:
    """Each unit's keys, a key that starts with another key of the document and goes on with a given name of the
    parse (``Term.given_at``, unidic 人名-名) cut into that key and the rest: the parser joins a surname and a given
    name in one unit (唐山 + 翔 + 自 for 唐山翔自 "Shoji Karayama") and writes the surname alone in the others
    (唐山), which is one name; the given name renders no other term, so the surname's rendering is the one left
    over. A place followed by a place (十和田 + 南支 of 十和田南支店長) is not cut: *Todai* there renders the 大 of
    中野渡大, not 十和田. No text is parsed here (the rest's reading is the key's after the surname's)."""
    alone = {k for keys in keys_of for k in keys if len(k) >= 2}
    if len(alone) < 2 or not any(given_of):
        return keys_of
    reading_of_key = {k: r for keys in keys_of for k, r in keys.items() if r}
    out = []
    for keys, given in zip(keys_of, given_of, strict=True):
        new: dict[str, str] = {}
        for k, r in keys.items():
            head = next((k[:j] for j in range(len(k) - 1, 1, -1) if k[:j] in alone and j in given.get(k, ())),
                        None)
            if head is None:
                new.setdefault(k, r)
                continue
            hr = reading_of_key.get(head, "")
            new.setdefault(head, hr)
            new.setdefault(k[len(head):], r[len(hr):] if hr and r.startswith(hr) else "")
        out.append(new)
    return out


def _english_compound(written: str) -> bool:
    """A hyphenated word whose last part is an English word (*AI-driven*, *Japanese-style*): a description, not a
    name (*Yatsuri-cho*, *Senmaya-kaido* are names)."""
    parts = written.lower().split("-")
    return len(parts) > 1 and is_english(parts[-1])


def _same_word(a: str, b: str, written: dict[str, str]) -> bool:
    """Two folded candidates that are one name: one extends the other (:func:`~review_app.checks.entity_terms.
    derived`), a plural (*Brumby* / *Brumbies*), or two compounds of one name (*Senmaya-cho* / *Senmaya-kaido*)."""
    if derived(a, b):
        return True
    short, long_ = sorted((a, b), key=len)
    if long_ in (short + "s", short + "es") or (short.endswith("y") and long_ == short[:-1] + "ies"):
        return True
    ha, hb = written[a].split("-")[0].lower(), written[b].split("-")[0].lower()
    return "-" in written[a] + written[b] and ha == hb


def _add(forms: dict[str, _Rendering], word: str, unit: int, position: bool) -> None:
    f = forms.get(word)
    if f is None:
        f = forms[word] = _Rendering([])
    if not f.units or f.units[-1] != unit:
        f.units.append(unit)
    f.by_position += position


def _pair(fa: _Rendering, fb: _Rendering, a: str, b: str, reading: str) -> bool:
    from review_app.checks.entity_terms import variant_pair

    if max(fa.by_position, fb.by_position) >= MIN_POSITION:
        return True
    return variant_pair(a, b, reading)

