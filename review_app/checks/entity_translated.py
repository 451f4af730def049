"""A name of the source translated in one line and romanised in another (``entity-consistency``).

A compound name made of a proper noun and other nouns (西日本新聞 = 西 + 日本 + 新聞, 北海道新聞, 東京大学) is
rendered by its sound (*Nishinippon Shimbun*) or by the meaning of its parts (*West Japan Newspaper*); a document
should use one. The other passes of the check compare renderings by sound or by where they occur and cannot pair a
translation with a romanisation, which share no letter.

For each compound of the document's sources that occurs in two units or more — a run of two to four adjacent
kanji nouns of the parse, one of them a proper noun whose dictionary glosses have an English word that does not
sound like its reading (日本 ニッポン: *Japan*; 神戸 コウベ has only *Kobe*, its sound) — a unit's target renders it

* **by translation** when, for each part in order, a word of the part's glosses follows the previous one (at most
  one function word between: "West Japan Newspaper", "Bank of Japan" is not in order), the proper noun's by a word
  that is not its sound, and no word of the target sounds like the compound;
* **by sound** when one to three adjacent capitalised words, at least one of them no English word, read together
  as the compound's reading (:func:`review_app.checks.entity_terms.canonical`, letters ≥ :data:`SOUND` alike:
  *Nishinippon Shimbun* for ニシニッポンシンブン).

A compound rendered both ways in one document, in different units, is one finding naming each rendering and its
units. Legitimate variation is left alone: a unit that glosses the name beside its romanisation ("Nishinippon
Shimbun (West Japan Newspaper)") renders it by sound; a translated title with the name in its sound (*Osaka
Prefecture* / *Osaka-fu*) is no translation of the proper noun.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import defaultdict
from collections.abc import Sequence

from review_app.checks.entity_terms import Variant, canonical, fold, is_english, romanise, similar
from review_app.checks.ja_tokens import KANJI, KANJI_PROPER_NOUN, nodes

SOUND = 0.85
"""How alike (letters, after :func:`~review_app.checks.entity_terms.canonical`) adjacent capitalised words and a
compound's reading must be to render it by sound."""
GLOSS_SOUND = 0.5
"""A gloss word of the proper noun at most this like its reading is a translation (*Japan* / ニッポン 0.18); one
more alike is its sound (*Kobe* / コウベ)."""
_BETWEEN = frozenset({"of", "the", "and", "'s"})
_KANJI_NOUN = operator.itemgetter(18)
"""A token's :data:`review_app.checks.ja_tokens.KANJI_NOUN` code."""
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’]s)?")


@functools.lru_cache(maxsize=1 << 14)
def _gloss_words(surface: str) -> frozenset[str]:
    from review_app.checks.meaning import EN_STOP, load_dictionary

    gloss = load_dictionary().glosses.get(surface, "")
    return frozenset(w for w in gloss.split() if w.isalpha() and w not in EN_STOP and len(w) >= 3)


@functools.lru_cache(maxsize=4096)
def compounds(source: str) -> tuple[tuple[str, str, tuple[frozenset[str], ...], int, str], ...]:
    """The compound names of ``source`` (see the module docstring): (text, romanised reading, each part's English
    gloss words in order, the index of the part that is the proper noun translated, that part's reading)."""
    toks, starts, ends = nodes(source)
    if KANJI_PROPER_NOUN not in map(_KANJI_NOUN, toks):
        return ()  # (a compound name needs a proper noun written in kanji: most sources, one C pass)
    out: list[tuple[str, str, tuple[frozenset[str], ...], int, str]] = []
    run: list[int] = []

    def close() -> None:
        if len(run) < 2 or all(toks[i][2] != "固有名詞" for i in run):
            run.clear()  # (no compound without a proper noun: most runs, decided before any gloss is read)
            return
        for a in range(len(run)):
            for b in range(a + 2, min(a + 4, len(run)) + 1):
                part = [toks[i] for i in run[a:b]]
                if all(n[2] != "固有名詞" for n in part):
                    continue
                glosses = tuple(_gloss_words(n[0]) for n in part)
                if not all(glosses):
                    continue
                proper = next((k for k, n in enumerate(part) if n[2] == "固有名詞" and any(
                    similar(w, romanise(n[14])) <= GLOSS_SOUND for w in glosses[k])), None)
                if proper is None:
                    continue
                text = source[starts[run[a]]:ends[run[b - 1]]]
                reading = romanise("".join(n[14] for n in part))
                if len(reading) >= 6 and all(o[0] != text for o in out):
                    out.append((text, reading, glosses, proper, romanise(part[proper][14])))
        run.clear()

    for i, n in enumerate(toks):
        if n[18] and (not run or starts[i] == ends[run[-1]]):  # (a noun written in kanji alone)
            run.append(i)
            continue
        if run:
            close()
        if n[18]:
            run.append(i)
    if run:
        close()
    return tuple(out)


def _translated(words: list[str], glosses: tuple[frozenset[str], ...], proper: int,
                reading: str) -> str | None:
    """The words of a target (as written) that translate the compound part by part, in order; None."""
    low = [w.lower().removesuffix("'s").removesuffix("’s") for w in words]
    for start in range(len(words)):
        k, i, used = 0, start, []
        while k < len(glosses) and i < len(words):
            w = low[i]
            if w in glosses[k] or (w.endswith("s") and w[:-1] in glosses[k]):
                if k == proper and similar(w, reading) > GLOSS_SOUND:
                    break
                used.append(i)
                k += 1
                i += 1
            elif used and w in _BETWEEN and i - used[-1] == 1:
                i += 1
            else:
                break
        if k == len(glosses) and any(words[j][0].isupper() for j in used):
            return " ".join(words[used[0]:used[-1] + 1])
    return None


def _romanised(words: list[str], reading: str) -> str | None:
    """One to three adjacent capitalised words of a target (as written) that read as ``reading``; None."""
    want = canonical(reading)
    for start in range(len(words)):
        if not words[start][:1].isupper() or fold(words[start])[:1] != want[:1]:
            continue
        for end in range(start + 1, min(start + 3, len(words)) + 1):
            chunk = words[start:end]
            if not all(w[:1].isupper() for w in chunk):
                break
            letters = fold("".join(chunk))
            if len(letters) < len(want) * SOUND - 2:
                continue  # (too short to read as it: one more word may do)
            if len(letters) > len(want) / SOUND + 2:
                break
            joined = canonical(letters)
            if (similar(joined, want) >= SOUND and not all(is_english(w.lower()) for w in chunk)):
                return " ".join(chunk)
    return None


def translated_and_romanised(sources: Sequence[str], targets: Sequence[str], skip: frozenset[str] = frozenset(),
                             compounds_of: Sequence[tuple[tuple[str, str, tuple[frozenset[str], ...], int, str], ...]]
                             | None = None) -> list[Variant]:
    """The compound names of a document (its units' ``sources`` and ``targets`` in order) translated in one unit
    and romanised in another (module docstring), as :class:`~review_app.checks.entity_terms.Variant` (the most
    frequent rendering first); ``skip``: names already reported (a compound containing one, or contained in one,
    is left out too); ``compounds_of``: each source's :func:`compounds`, if read already
    (:func:`review_app.checks.entity_unexplained.prepare`)."""
    where: dict[str, list[int]] = defaultdict(list)
    info: dict[str, tuple[str, tuple[frozenset[str], ...], int, str]] = {}
    for i, s in enumerate(sources):
        if compounds_of is None and not KANJI.search(s):
            continue
        for text, *rest in (compounds_of[i] if compounds_of is not None else compounds(s)):
            where[text].append(i)
            info.setdefault(text, tuple(rest))  # type: ignore[arg-type]
    out: list[Variant] = []
    for text, units in sorted(where.items(), key=lambda kv: -len(kv[0])):  # (the longest compound first)
        if len(units) < 2 or any(text in r or r in text for r in skip):
            continue
        reading, glosses, proper, proper_reading = info[text]
        forms: dict[str, list[int]] = defaultdict(list)
        kinds: dict[str, str] = {}
        for i in units:
            words = _WORD.findall(targets[i])
            by_sound = _romanised(words, reading)
            if by_sound is not None:
                forms[by_sound].append(i)
                kinds[by_sound] = "sound"
                continue
            by_meaning = _translated(words, glosses, proper, proper_reading)
            if by_meaning is not None:
                forms[by_meaning].append(i)
                kinds[by_meaning] = "meaning"
        if len(set(kinds.values())) < 2:
            continue
        ranked = sorted(forms.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))
        out.append(Variant(text, [(w, idx) for w, idx in ranked]))
        skip = skip | {text}
    return out

