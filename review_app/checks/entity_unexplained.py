"""A person's name rendered by a word that sounds like nothing in the source (``entity-consistency``).

The other passes pair renderings that sound alike, look alike or take one place; an MT system also replaces a name
by another name (宮本 as *MIYAMOTO* in one line and *McCormick* in the next) or garbles it a different way in each
line (小百合 サユリ as *Koyyoi*, *Koyri*, *Koyyy*). Both show as **unexplained words**: capitalised target words
that are not English (not among the dictionary's English glosses nor function words), not acronyms, not copied
from the source, and that sound like no name-like run of the unit's source (no run of one to three nouns of its
parse whose romanised reading is ≥ :data:`EXPLAINED` alike by letters, a reading at least half as long as the
word and at most twice).

For a person's name of the parse (unidic 人名: 宮本, 小百合) that occurs in two units or more:

* **another name** — where other units render the name by its sound (a word ≥ ``OWN_SOUND`` like its reading),
  a unit whose source has the name, whose target has no word that sounds even partly like it (≥
  :data:`EXPLAINED`), and whose one unexplained word sounds like nothing in the source (the reading of the name
  included), renders the name by that word — when the name is the only person's name of that source rendered by
  sound elsewhere and left unrendered there, and the word is not after a place preposition (*in*, *at*, *from*,
  *to*) and occurs in no unit whose source lacks the name;
* **garbled spellings** — in units whose source has the name and whose target does not render it by its sound,
  unexplained words (they may sound a little like the name — *Koyri* — and less than :data:`OTHER` like any other
  noun run of the source) that begin alike and are ≥ :data:`GARBLED`
  alike by letters, one unit each, are spellings of one name, when the name is the only one of those units'
  common name-like terms (:func:`review_app.checks.entity_terms.source_terms`, persons or not) that their targets
  do not all render (by a word or inside one: *Shin moe* renders 萌).

Each is one finding naming every rendering and its units.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher

from review_app.checks.entity_terms import OWN_SOUND, Term, Variant, canonical, derived, fold, is_english, similar
from review_app.checks.ja_tokens import KANJI, nodes

EXPLAINED = 0.5
"""A target word at least this like (letters) the romanised reading of a noun run of its source renders it."""
AFFIX = 4
"""A word most like the name itself renders it by another reading when it begins or ends with the same letters as the
parser's reading, at least this many (one kanji read alike: *Koyuri* / サユリ *sayuri*, *Kayahara* / 茅原 チハラ
*chihara*); *Minami* for 稔 ミノル (*min*: the 南 of 十和田南支店長, which the parser reads ナン) does not."""


def _shares_a_reading(word: str, reading: str) -> bool:
    """Whether the folded ``word`` and the romanised ``reading`` begin or end alike (:data:`AFFIX` letters)."""
    return len(word) > AFFIX and len(reading) > AFFIX and (
        word[:AFFIX] == reading[:AFFIX] or word[-AFFIX:] == reading[-AFFIX:])


OTHER = 0.67
"""A word at least this like a noun run of its source other than the name renders that run, not a garbled name."""
GARBLED = 0.6
"""Letter likeness of two unexplained words that begin alike to be two spellings of one garbled name."""
_WORD = re.compile(r"[A-Za-z]+")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|into|near)\s+(?:the\s+)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _runs(source: str) -> tuple[tuple[str, str], ...]:
    """(text, romanised reading) of each run of one to three adjacent nouns (kanji or katakana) of ``source``."""
    from review_app.checks.entity_terms import romanise

    toks, starts, ends = nodes(source)
    out: list[tuple[str, str]] = []
    for a in range(len(toks)):
        for b in range(a, min(a + 3, len(toks))):
            if not toks[b][19] or (b > a and starts[b] != ends[b - 1]):
                break  # (not a noun or suffix written in kanji or katakana alone)
            reading = romanise("".join(t[20] for t in toks[a:b + 1]))
            if len(reading) >= 2:
                out.append((source[starts[a]:ends[b]], reading))
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def persons(source: str) -> frozenset[str]:
    """The surfaces of the person's names (unidic 人名) of ``source``'s parse."""
    toks, _s, _e = nodes(source)
    return frozenset(n[0] for n in toks if n[12] == "人名")


EntityParse = tuple[frozenset[str], tuple[tuple[str, str, tuple[frozenset[str], ...], int, str], ...],
                    tuple[tuple[str, str], ...]]
"""What the document passes of this module and :mod:`review_app.checks.entity_translated` read of one source's parse:
(its person's names, :func:`persons`; its compound names, :func:`review_app.checks.entity_translated.compounds`;
its noun runs, :func:`_runs`, when it has a person's name, else ())."""


def prepare(source: str) -> EntityParse:
    """Read what this module and :mod:`review_app.checks.entity_translated` need of ``source``'s parse while the parse
    is fresh: the shared analysis calls it right after a unit's evidence (``ctx.analyses.entity_parse`` keeps the
    answers for the run), so the check, which reads them at the end of the run, parses no source again. The noun
    runs are read only of a source with a person's name: the another-name and garbled-spelling rules look at no
    other unit (on bench/qa.py's file, reading every source's runs was a tenth of the four checks' CPU time)."""
    from review_app.checks.entity_translated import compounds

    names, found = persons(source), (compounds(source) if KANJI.search(source) else ())
    if not names and not found:
        return _NOTHING  # (most sources: one shared empty answer)
    return names, found, (_runs(source) if names else ())


_NOTHING: EntityParse = (frozenset(), (), ())


def _best_run(word: str, runs: Sequence[tuple[str, str]]) -> tuple[float, str]:
    """How much the folded ``word`` sounds like the noun run of a source (its :func:`_runs` ``runs``) it is most like,
    and that run."""
    best = (0.0, "")
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(word)  # (difflib caches what it learns of the second sequence)
    for text, reading in runs:
        if 2 * len(reading) < len(word) or len(reading) > 2 * len(word):
            continue  # (a short reading is like any word that has its letters: 組 クミ and "Fumiya")
        matcher.set_seq1(reading)
        if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
            continue
        s = matcher.ratio()
        if s > best[0]:
            best = (s, text)
    return best


def _unexplained(words: dict[str, str], runs: Sequence[tuple[str, str]]) -> list[tuple[str, float, str]]:
    """(folded word, likeness, the run it is most like) of the unexplained words of one unit (module docstring;
    ``runs``: its source's :func:`_runs`), the likeness at most what a garbled spelling may keep."""
    out = []
    for k, w in words.items():
        if is_english(k) or (w.isupper() and len(w) <= 4) or len(k) < 3:
            continue
        s, text = _best_run(k, runs)
        out.append((k, s, text))
    return out


def _renders(target: str, reading: str, words: dict[str, str], at_least: float) -> bool:
    """Whether ``target`` renders a name read ``reading`` by its sound: a word at least ``at_least`` like it, one
    romanisation of it, or the reading inside the target's letters (*Shin moe* for 萌 モエ)."""
    letters = fold(target)
    if len(reading) >= 3 and (reading in letters or canonical(reading) in canonical(letters)):
        return True
    # (a lower-case word that is no English word too: "brand pig minol pig" renders みのる)
    lower = {w.lower() for w in _WORD.findall(target) if len(w) >= 3 and w[0].islower()}
    return any(similar(k, reading) >= at_least or canonical(k) == canonical(reading)
               for k in (*words, *(w for w in lower if not is_english(w))))


def unexplained_variants(sources: Sequence[str], targets: Sequence[str], terms_of: Sequence[tuple[Term, ...]],
                         words_of: Sequence[dict[str, str]], skip: frozenset[str] = frozenset(),
                         parses: Sequence[EntityParse] | None = None) -> list[Variant]:
    """The person's names of a document rendered by another name or garbled differently in each unit (module
    docstring); ``skip``: names already reported; ``parses``: each source's :func:`prepare`, if read already."""
    units_of: dict[str, list[int]] = defaultdict(list)
    reading: dict[str, str] = {}
    for i, ts in enumerate(terms_of):
        for t in ts:
            if t.reading and len(t.reading) >= 3 and any(
                    p in t.text for p in (parses[i][0] if parses is not None else persons(sources[i]))):
                if i not in units_of[t.text]:
                    units_of[t.text].append(i)
                reading.setdefault(t.text, t.reading)
    names = [t for t, us in units_of.items() if len(us) >= 2 and not any(t in r or r in t for r in skip)]
    if not names:
        return []
    strong = {t: {i for i in units_of[t] if _renders(targets[i], reading[t], words_of[i], OWN_SOUND)} for t in names}
    out: list[Variant] = []
    done: set[str] = set()
    unexpl: dict[int, list[tuple[str, float, str]]] = {}

    def unexplained(i: int) -> list[tuple[str, float, str]]:
        if i not in unexpl:
            # (a unit asked about has a person's name: its runs were read with its parse)
            unexpl[i] = _unexplained(words_of[i], parses[i][2] if parses is not None else _runs(sources[i]))
        return unexpl[i]

    holding: dict[str, list[int]] = {}  # a target word → the units whose target has it (built on first use)

    def elsewhere(k: str, t: str) -> bool:
        """Whether the word ``k`` occurs in a unit whose source lacks ``t`` or whose target renders it by sound.
        Reads an index of the document's words, so a file of n units costs n, not n per suspected unit (a file
        of 100,000 units is one document to this check)."""
        if not holding:
            for j, ws in enumerate(words_of):
                for w in ws:
                    holding.setdefault(w, []).append(j)
        return any(t not in sources[j] or j in strong[t] for j in holding.get(k, ()))

    def rendered_in(i: int, o: str) -> bool:
        """Whether unit ``i``'s target renders the name ``o`` at all: by its sound, or by a word most like a noun run
        of the source that overlaps it (*Shinmoi* for 心萌 renders 萌)."""
        return (i in strong[o] or _renders(targets[i], reading[o], words_of[i], EXPLAINED)
                or any(s >= EXPLAINED and text and (o in text or text in o) for _k, s, text in unexplained(i)))

    # another name (or another reading) where other units render the name by its sound
    for name in names:
        own_units = sorted(strong[name])
        if not own_units:
            continue
        own = max((kk for j in own_units for kk in words_of[j] if similar(kk, reading[name]) >= OWN_SOUND
                   or canonical(kk) == canonical(reading[name])),
                  key=lambda kk: (sum(kk in words_of[j] for j in own_units), kk), default=None)
        if own is None:
            continue
        for i in units_of[name]:
            if i in strong[name]:
                continue
            if any(o != name and i in units_of[o] and strong[o] and not rendered_in(i, o) for o in names):
                continue  # (another name of that source, rendered elsewhere, is left unrendered there too)
            # a word that sounds like nothing in the source (McCormick), or like the name alone without being its
            # reading (Koyuri for 小百合 サユリ, rendered Sayuri elsewhere)
            # (one word most like the name is its rendering there whatever else the target has)
            cands = [k for k, s, text in unexplained(i) if k != own and not derived(k, own) and s >= EXPLAINED
                     and text and (text in name or name in text) and _shares_a_reading(k, reading[name])]
            if not cands and not _renders(targets[i], reading[name], words_of[i], EXPLAINED):
                cands = [k for k, s, _text in unexplained(i) if s < EXPLAINED]
            if len(cands) != 1:
                continue
            k = cands[0]
            w = words_of[i][k]
            at = targets[i].find(w)
            if at < 0 or _PLACE_BEFORE.search(targets[i][:at]) or elsewhere(k, name):
                continue
            own_at = [j for j in own_units if own in words_of[j]]
            mine = [j for j in units_of[name] if k in words_of[j]]
            forms = sorted([(words_of[own_at[0]][own], own_at), (w, mine)], key=lambda f: (-len(f[1]), f[1][0]))
            out.append(Variant(name, forms))
            done.add(name)
            break
    # garbled spellings, one unit each, where no unit renders the name by its sound
    for name in names:
        if name in done:
            continue
        weak = [i for i in units_of[name] if i not in strong[name]]
        if len(weak) < 2:
            continue
        picked: list[tuple[str, int]] = []
        for i in weak:
            for k, _s, text in unexplained(i):
                if (not text or text in name or name in text or _s < OTHER) and not elsewhere(k, name):
                    picked.append((k, i))
        group = _garbled_group(picked)
        if group is None:
            continue
        in_group = sorted({gi for _k, gi in group})
        common = set.intersection(*({o.text for o in terms_of[gi]} for gi in in_group))
        readings = {o.text: o.reading for gi in in_group for o in terms_of[gi]}
        if any(o != name and o not in name and name not in o and readings[o] and not all(
                _renders(targets[gi], readings[o], words_of[gi], OWN_SOUND) for gi in in_group) for o in common):
            continue  # (another name of every one of those units is left unrendered: 海利 beside 理世)
        out.append(Variant(name, [(words_of[gi][k], [gi]) for k, gi in group]))
    return out


def _garbled_group(picked: list[tuple[str, int]]) -> list[tuple[str, int]] | None:
    """The largest set of the (word, unit) ``picked`` in different units whose words, different, begin with the
    same two letters and are ≥ :data:`GARBLED` alike by letters, at least two; None."""
    best: list[tuple[str, int]] | None = None
    alike: dict[tuple[str, str], bool] = {}  # (word, word) → alike enough: the words repeat, the tests are costly

    def fits(k: str, gk: str) -> bool:
        if (k, gk) not in alike:
            alike[k, gk] = k[:2] == gk[:2] and similar(k, gk) >= GARBLED and not derived(k, gk)
        return alike[k, gk]

    for seed in picked:
        group = [seed]
        units, words = {seed[1]}, {seed[0]}
        for k, i in picked:
            if i in units or k in words or k[:2] != seed[0][:2]:
                continue  # (a member shares the seed's first two letters: fits() asks it of every member)
            if all(fits(k, gk) for gk, _gi in group):
                group.append((k, i))
                units.add(i)
                words.add(k)
        if len(group) >= 2 and (best is None or len(group) > len(best)):
            best = group
    return best
