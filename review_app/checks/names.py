"""Person and place names: every name of the source must reach the target, spelled one way.

Names are found in the Japanese source as katakana words followed by a title or honorific (マスク氏, トランプ大統領,
デサンティス知事, ゴンザレス議員…) or as katakana words joined by a middle dot (イーロン・マスク), the JIS X 4051
convention for foreign full names; with a glossary, every glossary concept found in the source counts too.

Without a glossary nothing is hard-coded: the English rendering of a katakana name is found by comparing the
consonant skeleton of its romanisation (a generic kana → Latin table, after Hepburn) with the skeletons of the
capitalised words of the target (``マスク`` → ``msk`` ↔ ``Musk`` → ``msk``; ``トランプ`` → ``trmp`` ↔ ``Trump``).
Across a document, the rendering each name gets most often is its *established* form; a unit that writes the same
name with a small edit distance from it ("Muks", "Trumph") is a misspelling, and a name with no rendering at all
is missing. Skeleton similarity is :class:`difflib.SequenceMatcher`'s ratio; edit distance is Damerau–Levenshtein
(optimal string alignment).

A spelling that keeps the pronunciation ("DeSantes", "Gonzoles", "Eagle Pas") cannot be told from the right one
by sound; it is caught against a *known form*: the English terms of the glossary's person and place concepts
(when a glossary is loaded) and the established forms of the document. Every capitalised word of a target is
looked up (once per distinct word and run, in a deletion index after Garbe's SymSpell) for a known name word at
a small edit distance; when the source names that concept or katakana word and the word is neither a known form
itself nor a derived form of one (Texan, Californian, Trumps), the unit gets a misspelling with the expected form.
Units whose target has no near-miss word pay for one regular-expression scan and a dictionary lookup per word.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from review_app.checks.base import EN, JA, Category, Check, CheckContext, Issue, Unit
from review_app.glossary.model import TermStatus
from review_app.models import Severity

_KATA = r"[\u30a1-\u30fa\u30fc\u30fd\u30fe]"
TITLES = (r"氏|大統領|元大統領|前大統領|副大統領|知事|州知事|議員|上院議員|下院議員|首相|長官|報道官|院内総務|補佐官|"
          r"議長|委員長|候補|さん|会長|社長|容疑者|被告|外相|国務長官|国防長官|司法長官|判事|市長|大使|博士|教授|監督|選手")
NAME_RE = re.compile(
    rf"""
    (?<![\u30a1-\u30fa\u30fc])(?={_KATA})       # at the start of a katakana word (checked once, not per branch:
                                               # the scan of a sentence costs 40 % less)
    (?:
        (?P<name>(?>{_KATA}{{2,}}(?:[・=＝]{_KATA}{{2,}})*))   # katakana word(s); ・ joins given and family
        (?=(?:{TITLES})(?!選|令|府|執務|権|職|の座|首席))     # names … then a title, not 大統領選 (election)
      | (?P<full>(?>{_KATA}{{2,}}(?:[・=＝]{_KATA}{{2,}})+))   # or a dotted full name anywhere (イーロン・マスク)
    )                                          # (atomic groups: a title never starts with katakana or ・, so
                                               # giving back part of the name can never help)
    """,
    re.VERBOSE,
)
# Consonant class of each kana; vowels and length marks vanish in the skeleton.
_KANA_CONS = {}
for _chars, _c in (("カキクケコ", "k"), ("ガギグゲゴ", "g"), ("サスセソ", "s"), ("シ", "s"), ("ザズゼゾ", "z"),
                   ("ジヂ", "j"), ("タテト", "t"), ("チ", "c"), ("ツ", "t"), ("ヅ", "z"), ("ダデド", "d"),
                   ("ナニヌネノ", "n"), ("ハヒヘホ", "h"), ("フ", "f"), ("バビブベボヴ", "b"), ("パピプペポ", "p"),
                   ("マミムメモ", "m"), ("ヤユヨ", "y"), ("ラリルレロ", "r"), ("ワ", "w"), ("ン", "N")):
    for _ch in _chars:
        _KANA_CONS[_ch] = _c


@functools.lru_cache(maxsize=65536)
def kana_skeleton(name: str) -> str:
    """Consonant skeleton of a katakana word: トランプ → trmp, ザッカーバーグ → zkbg."""
    out: list[str] = []
    chars = [c for c in name if c not in "・=＝"]
    for i, ch in enumerate(chars):
        c = _KANA_CONS.get(ch, "")
        if c == "N":
            nxt = _KANA_CONS.get(chars[i + 1], "") if i + 1 < len(chars) else ""
            c = "m" if nxt in ("b", "p", "m") else "n"
        if c == "z":
            c = "s"  # ズ/ザ ↔ s: Times, Bezos (voicing is not reliable across the two scripts)
        if c == "h" and i > 0:
            c = ""
        if c == "y":
            c = ""
        out.append(c)
    return _collapse("".join(out))


def _collapse(s: str) -> str:
    return _REPEATS.sub(r"\1", s)


_EN_RULES = (("ph", "f"), ("th", "s"), ("sh", "s"), ("tch", "c"), ("ch", "c"), ("ck", "k"), ("dg", "j"),
             ("q", "k"), ("x", "ks"), ("l", "r"), ("v", "b"), ("gh", "g"))


_NOT_LOWER_ASCII = re.compile(r"[^a-z]")
_SOFT_C = re.compile(r"c(?=[eiy])")
_SOFT_G = re.compile(r"g(?=[ei])")
_SILENT_R = re.compile(r"(?<=[aeiouy])r(?=[^aeiouy]|$)")
_VOWEL_W = re.compile(r"(?<=[aeiou])w")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


@functools.lru_cache(maxsize=262144)
def en_skeleton(word: str) -> str:
    """Consonant skeleton of an English word: Trump → trmp, Zuckerberg → zkbg, Leavitt → rbt. (The patterns are
    compiled once: a word met for the first time, an id or a name, costs no lookups in the ``re`` cache.)"""
    w = _NOT_LOWER_ASCII.sub("", word.lower())
    for a, b in _EN_RULES:
        w = w.replace(a, b)
    w = _SOFT_C.sub("s", w).replace("c", "k")
    w = _SOFT_G.sub("j", w)  # soft g: Nigeria ナイジェリア, Germany ジャーマニー
    # non-rhotic r: after a vowel and before a consonant or at the end it is written ー in katakana
    w = _SILENT_R.sub("", w)
    w = w[:1] + w[1:].replace("h", "") if w else w
    w = _VOWEL_W.sub("", w)  # ew, ow, aw are vowels (New York → nk)
    w = _VOWELS.sub("", w).replace("z", "s")
    return _REPEATS.sub(r"\1", w)


@functools.lru_cache(maxsize=262144)
def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < 0.45:
        return 0.0  # the ratio cannot reach any threshold used here
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def osa_distance(a: str, b: str) -> int:
    """Damerau–Levenshtein distance (optimal string alignment)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


CAP_WORD_RE = re.compile(r"\b[A-Z][A-Za-z]*[a-z][A-Za-z]*\b|\b[A-Z]{2,}\b")  # Musk, DeSantis, DOGE (Musk's → Musk)
ANY_WORD_RE = re.compile(r"\b[A-Za-z]{2,}\b")


@dataclass(frozen=True, slots=True)
class NameMention:
    name: str
    """The katakana name as written (イーロン・マスク)."""
    span: tuple[int, int]
    parts: tuple[str, ...]
    titled: bool = True
    """Followed by 氏/大統領/…: surely a person. Dotted phrases without a title may be common nouns."""


_NAME_SEPARATORS = re.compile(r"[・=＝]")


def source_names(text: str) -> list[NameMention]:
    out = []
    for m in NAME_RE.finditer(text):
        grp = "name" if m.group("name") else "full"
        name = m.group(grp)
        out.append(NameMention(name, m.span(grp), tuple(p for p in _NAME_SEPARATORS.split(name) if p),
                               titled=grp == "name"))
    return out


@functools.lru_cache(maxsize=4096)
def _candidates(target: str, any_case: bool) -> tuple[tuple[str, tuple[int, int], str], ...]:
    """Words of ``target`` with their skeletons; adjacent pairs too, since a katakana compound may be two
    English words (ホワイトハウス ↔ White House, ニューヨーク ↔ New York)."""
    words = list((ANY_WORD_RE if any_case else CAP_WORD_RE).finditer(target))
    cands = [(m.group(), m.span()) for m in words] + [
        (a.group() + b.group(), (a.start(), b.end())) for a, b in itertools.pairwise(words)
        if target[a.end():b.start()] in (" ", "-")]
    return tuple((w, span, en_skeleton(w)) for w, span in cands)


@dataclass(slots=True)
class Rendering:
    word: str
    span: tuple[int, int]
    score: float


def best_rendering(part: str, target: str, min_score: float = 0.7, *, any_case: bool = False
                   ) -> Rendering | None:
    """The capitalised word of ``target`` whose skeleton is closest to the katakana ``part``."""
    sk = kana_skeleton(part)
    best: Rendering | None = None
    for word, span, esk in _candidates(target, any_case):
        # two-consonant skeletons (スーン sn, ミラー mr) are too short for fuzzy matching: equal or nothing
        score = similarity(sk, esk) if len(sk) > 2 else float(sk == esk) if min_score >= 0.7 else similarity(
            sk, esk)
        if score >= min_score and (best is None or score > best.score):
            best = Rendering(word, span, score)
    return best


def _source_matches(glossary: Any, unit: Unit, ctx: CheckContext, position: int | None = None
                    ) -> Iterable[tuple[int, int, str]]:
    """``(start, end, concept id)`` of the glossary concepts in the unit's source.

    ``position`` is the unit's index in ``ctx.units``: the source matches the glossary checks computed for it
    are reused when they ran first on the same glossary."""
    done = ctx.analyses.computed_glossary()
    shared = done.name_sources if done is not None and glossary is ctx.glossary else None
    if shared is not None and position is not None and (position in shared or NAME_RE.search(unit.source)):
        # kept for every unit with a name mention and a glossary match
        return shared.get(position, ())
    return [(m.start, m.end, m.concept_id) for m in glossary.matcher(ctx.source_lang).find(unit.source)]


def _glossary_forms(glossary: Any, unit: Unit, ctx: CheckContext, position: int | None = None
                    ) -> dict[tuple[int, int], tuple[str, list[str]]]:
    """Source spans of glossary concepts → (concept id, its target-language term texts); empty without a
    glossary."""
    if glossary is None or not hasattr(glossary, "matcher"):
        return {}
    out: dict[tuple[int, int], tuple[str, list[str]]] = {}
    memo = ctx.analyses.glossary_target_forms
    for start, end, cid in _source_matches(glossary, unit, ctx, position):
        forms = memo.get(cid)
        if forms is None:
            forms = memo[cid] = [t.text for t in glossary.get(cid).terms_in(
                ctx.target_lang, TermStatus.PREFERRED, TermStatus.ADMITTED)]
        if forms:
            out[(start, end)] = (cid, forms)
    return out


def _rendered_concepts(ctx: CheckContext, target: str) -> frozenset[str]:
    """The glossary concepts the target renders with an allowed (not forbidden) term, found as term-missing
    finds them (the glossary's target matcher: word boundaries, plurals, ’ and ')."""
    return frozenset(m.concept_id for m in ctx.glossary.matcher(ctx.target_lang).find(target, overlapping=True)
                     if m.status is not TermStatus.FORBIDDEN)


@dataclass(slots=True)
class NameFinding:
    kind: str
    """``missing`` or ``misspelling``."""
    unit: Unit
    mention: NameMention
    message: str
    target_span: tuple[int, int] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None
    """None: the check's default; minor where the evidence is in doubt (a spelling compared with the katakana
    alone: established English names need not follow it, Putin for プーチン, Nigeria for ナイジェリア)."""


def find_names(ctx: CheckContext) -> list[NameFinding]:
    """The name findings of the document (``ctx.analyses.names`` computes them once per run)."""
    per_unit: list[tuple[Unit, NameMention, dict[str, Rendering | None]]] = []
    established: dict[str, Counter[str]] = {}
    findings: list[NameFinding] = []
    copies = ctx.analyses.source_copies  # skip_source_copies: source-copy and untranslated report those
    for pos, unit in enumerate(ctx.units):
        target = unit.target or ""
        if not target.strip():
            continue
        gloss: dict[tuple[int, int], tuple[str, list[str]]] | None = None  # computed when a mention needs it
        rendered: frozenset[str] | None = None
        reported_forms: set[tuple[str, ...]] = set()
        mentions = source_names(unit.source)
        if not mentions or pos in copies:
            continue  # no name; or a source copy
        for mention in mentions:
            if all(len(kana_skeleton(p)) < 2 for p in mention.parts):
                continue  # オハイオ → "": nothing to compare
            if gloss is None:
                gloss = _glossary_forms(ctx.glossary, unit, ctx, pos)
            concept = next((cf for span, cf in gloss.items()
                            if span[0] <= mention.span[0] and mention.span[1] <= span[1]), None)
            if concept is not None:
                # a glossary concept: term-missing reports it with the glossary's forms and supersedes this
                # finding (Check.supersedes); this one stands when term-missing is not run
                cid, g = concept
                if any(f.casefold() in target.casefold() for f in g) or tuple(g) in reported_forms:
                    continue  # (the cheap test first: nearly every glossary name is rendered as written)
                if rendered is None:
                    rendered = _rendered_concepts(ctx, target)
                if cid not in rendered:
                    reported_forms.add(tuple(g))
                    findings.append(NameFinding("missing", unit, mention,
                                                f"name {mention.name!r} missing: expected the glossary form "
                                                f"{' / '.join(repr(f) for f in g)} in the target",
                                                data={"concept": cid}))
                continue
            # any case: ベテラン上院議員 is "a veteran senator", a common noun, not a missing name
            found = {p: best_rendering(p, target, any_case=True) for p in mention.parts}
            per_unit.append((unit, mention, found))
            for p, r in found.items():
                if r is not None:
                    established.setdefault(p, Counter())[r.word] += 1
    position = {u.id: n for n, u in enumerate(ctx.units)}
    for unit, mention, found in per_unit:
        target = unit.target or ""
        if all(r is None for r in found.values()) and _in_neighbour(ctx, position[unit.id], mention):
            continue  # "He also mocked Musk…": a pronoun for a name the previous/next unit spells out
        if all(r is None for r in found.values()):
            # nothing close enough: a near miss (a misspelling) or no rendering at all
            near = [(p, best_rendering(p, target, 0.45)) for p in mention.parts]
            near_hits = [(p, r) for p, r in near if r is not None]
            forms = [established[p].most_common(1)[0][0] for p in mention.parts if p in established]
            close = [(p, r) for p, r in near_hits
                     if p in established and osa_distance(r.word.lower(),
                                                          established[p].most_common(1)[0][0].lower()) <= 2]
            if close:
                p, r = close[0]
                exp = established[p].most_common(1)[0][0]
                findings.append(NameFinding("misspelling", unit, mention,
                                            f"name {mention.name!r} written {r.word!r}; expected {exp!r} as "
                                            "elsewhere in the document", r.span))
            elif near_hits and not forms and mention.titled and any(
                    r.score >= 0.6 and len(kana_skeleton(p)) >= 3 for p, r in near_hits):
                p, r = near_hits[0]
                findings.append(NameFinding("misspelling", unit, mention,
                                            f"name {mention.name!r} written {r.word!r}, which does not match "
                                            f"its pronunciation ({kana_skeleton(p)}); check the spelling (minor: "
                                            "an established English name need not follow the katakana, as "
                                            "Putin for プーチン)", r.span, severity=Severity.MINOR))
            else:
                exp = " ".join(forms) if forms else "an English rendering"
                findings.append(NameFinding("missing", unit, mention,
                                            f"name {mention.name!r} does not appear in the target; expected "
                                            f"{exp!r}"))
            continue
        for p, r in found.items():
            if r is None or p not in established:
                continue
            top, top_n = established[p].most_common(1)[0]
            if r.word.lower() != top.lower() and top_n >= 2 and established[p][r.word] < top_n and (
                    osa_distance(r.word.lower(), top.lower()) <= max(1, len(top) // 3)):
                findings.append(NameFinding("misspelling", unit, mention,
                                            f"name {mention.name!r} written {r.word!r}; expected {top!r} as in "
                                            f"{top_n} other place(s) of the document", r.span))
    index = _form_index(ctx, established)
    if index is not None:
        extra = _near_misses(ctx, index, findings)
        if extra:
            # a near miss explains a "missing" name of the same unit and source span: name-misspelling
            # supersedes name-missing there (Check.supersedes)
            findings += extra
            order = {id(u): n for n, u in enumerate(ctx.units)}
            findings.sort(key=lambda f: order[id(f.unit)])
    return findings


# -- near misses of known forms (glossary person/place terms, established document forms) ---------------------

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
"""A word of a target or of a form: letters with inner apostrophes (O'Rourke, Musk's); hyphens and spaces
separate words (Mar-a-Lago is three)."""
_CAP_WORD_RE = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’][^\W\d_]+)*")
"""Letters from a capital on (names, the first word of a sentence; the tail of iPhone too, harmlessly): the
pre-test of every target, so without a ``\\b`` (which makes the scan twice as slow)."""
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;\"“‘(\[]\s*|—\s*)$")
_DERIVED_SUFFIXES = ("s", "es", "n", "an", "ian", "ns", "ans", "ians", "ese", "er", "ers", "ite", "ites", "ism",
                     "ist", "ists")
"""Endings that make another word of a name (Trumps, Texan, Californian, Floridian, Trumpism), not a slip."""
_KANA_BOUNDARY = r"(?<![\u30a1-\u30fa\u30fc])"


def _norm_word(word: str) -> str:
    w = word.casefold().replace("’", "'")
    return w[:-2] if w.endswith("'s") else w


def _edit_limit(token: str) -> int:
    """Edits a known name word tolerates: none below 4 letters (Joe, Ron, US), 1 up to 6, 2 from 7 letters."""
    n = len(token)
    return 0 if n < 4 else 1 if n < 7 else 2


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def _derived(word: str, token: str) -> bool:
    return any(word.startswith(stem) and word[len(stem):] in _DERIVED_SUFFIXES for stem in (token, token[:-1]))


@dataclass(frozen=True, slots=True)
class KnownForm:
    """An English spelling a name must have: a glossary term of a person/place concept or a document's
    established rendering of a katakana name."""

    text: str
    tokens: tuple[str, ...]
    key: str
    """The glossary concept id, or the katakana name (document forms)."""
    origin: str
    """``glossary`` or ``document``."""
    count: int = 0
    """Document forms: how many units write it."""


@dataclass(slots=True)
class _FormIndex:
    forms: dict[str, list[KnownForm]]
    """key → its allowed forms."""
    by_token: dict[str, list[tuple[KnownForm, int]]]
    """Known word → (form, position of the word in the form)."""
    deletes: dict[str, set[str]]
    """Deletion neighbourhood → known words (SymSpell)."""
    kana: dict[str, re.Pattern[str]]
    """Document key (katakana name) → its pattern in a source."""
    memo: dict[str, tuple[str, ...]]
    """Capitalised target word → the known words it is a near miss of (per run)."""

    def add(self, form: KnownForm) -> None:
        self.forms.setdefault(form.key, []).append(form)
        for pos, tok in enumerate(form.tokens):
            self.by_token.setdefault(tok, []).append((form, pos))
            if _edit_limit(tok) and not tok.isupper():
                for d in _deletes(tok, _edit_limit(tok)):
                    self.deletes.setdefault(d, set()).add(tok)

    def near(self, word: str) -> tuple[str, ...]:
        """Known words within their edit limit of ``word`` (a capitalised target word), memoised."""
        hit = self.memo.get(word)
        if hit is not None:
            return hit
        w = _norm_word(word)
        out: tuple[str, ...] = ()
        if len(w) >= 3 and w not in self.by_token:
            cands: set[str] = set()
            for d in _deletes(w, 1):
                cands |= self.deletes.get(d, set())
            out = tuple(sorted(t for t in cands if _is_near(w, t)))
        self.memo[word] = out
        return out


def _types_option(ctx: CheckContext) -> frozenset[str]:
    value = ctx.config.option("name-misspelling", "glossary_types", ["person", "place"])
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ValueError(f"[options.name-misspelling] glossary_types must be a list of concept types, got {value!r}; "
                         "e.g. glossary_types = [\"person\", \"place\", \"organisation\"]")
    return frozenset(str(v).lower() for v in value)


def _form_index(ctx: CheckContext, established: dict[str, Counter[str]]) -> _FormIndex | None:
    """The known forms of this run: glossary person/place terms (cached per glossary and options) and the
    document's established renderings (a word written for a katakana name in 2+ units, the majority)."""
    index = _FormIndex({}, {}, {}, {}, {})
    glossary = ctx.glossary
    if glossary is not None and hasattr(glossary, "concepts"):
        from review_app.glossary import TermStatus

        types = _types_option(ctx)
        for concept in glossary.concepts:
            if concept.type.value not in types:
                continue
            for term in concept.terms_in(ctx.target_lang, TermStatus.PREFERRED, TermStatus.ADMITTED):
                tokens = tuple(_norm_word(w) for w in _WORD_RE.findall(term.text))
                if tokens and any(w[:1].isupper() for w in _WORD_RE.findall(term.text)):
                    index.add(KnownForm(term.text, tokens, concept.id, "glossary"))
    for part, counts in established.items():
        word, n = counts.most_common(1)[0]
        if n >= 2 and len(word) >= 4 and counts[word] > sum(counts.values()) - counts[word]:
            tokens = tuple(_norm_word(w) for w in _WORD_RE.findall(word))
            if tokens:
                index.add(KnownForm(word, tokens, part, "document", n))
                index.kana[part] = re.compile(_KANA_BOUNDARY + re.escape(part) + r"(?![\u30a1-\u30fa\u30fc])")
    return index if index.by_token else None


def _target_words(target: str) -> list[tuple[str, int, int, str]]:
    """Words of a target: (normalised, start, end without a possessive 's, the word as written)."""
    out = []
    for m in _WORD_RE.finditer(target):
        raw = m.group()
        low = raw.casefold().replace("’", "'")
        end = m.end()
        if low.endswith("'s"):
            low, end = low[:-2], end - 2
        out.append((low, m.start(), end, raw))
    return out


def _occurs(words: list[tuple[str, int, int, str]], seq: tuple[str, ...]) -> list[tuple[int, int]]:
    """Word index ranges where ``seq`` occurs in ``words``."""
    k = len(seq)
    return [(i, i + k) for i in range(len(words) - k + 1)
            if all(words[i + q][0] == seq[q] for q in range(k))]


def _near_misses(ctx: CheckContext, index: _FormIndex, findings: list[NameFinding]) -> list[NameFinding]:
    """Misspellings of known forms: a capitalised target word within a small edit distance of a known name
    word, in a unit whose source names that concept or katakana word."""
    out: list[NameFinding] = []
    near = index.near
    copies = ctx.analyses.source_copies
    for pos, unit in enumerate(ctx.units):
        target = unit.target
        if not target:
            continue
        for w in _CAP_WORD_RE.findall(target):
            if near(w):
                break
        else:
            continue  # the common case: every capitalised word is a known form, or far from every known form
        if pos in copies:
            continue
        words = _target_words(target)
        source_keys: dict[str, list[tuple[int, int]]] | None = None
        taken: set[str] = set()
        for i, (_, start, _, raw) in enumerate(words):
            if not raw[:1].isupper():
                continue
            for known in near(raw):
                for form, j in index.by_token[known]:
                    if form.key in taken:
                        continue
                    window = _window(words, target, i, j, form)
                    if window is None:
                        continue
                    if source_keys is None:
                        source_keys = _source_keys(ctx, unit, pos, index)
                    spans = source_keys.get(form.key)
                    if spans is None or _renders_other_kana(unit.source, spans, raw):
                        # the source does not name it (another person, or a common word), or the word is the
                        # rendering of another katakana name of the source (Osama for オサマ beside オバマ)
                        continue
                    a, b = window
                    rendered = any(_occurs(words, f.tokens) for f in index.forms[form.key])
                    if a == i and _SENTENCE_START_RE.search(target[:start]) and (rendered or _common_like(
                            words[i][0], form.tokens[j])):
                        # "Must Musk resign?", "Must he resign?": the capital is the sentence's, and the word may
                        # be an ordinary one (beside the right name, or a short one-letter substitution)
                        continue
                    span = (words[a][1], words[b - 1][2])
                    if any(f.unit is unit and f.target_span and f.target_span[0] < span[1]
                           and span[0] < f.target_span[1] for f in findings):
                        continue  # already reported against the mention
                    taken.add(form.key)
                    out.append(_near_finding(unit, form, spans[0], span, target[span[0]:span[1]],
                                             [w for w, _, _, _ in words[a:b]]))
    return out


def _window(words: list[tuple[str, int, int, str]], target: str, i: int, j: int, form: KnownForm
            ) -> tuple[int, int] | None:
    """Word range ``[a, b)`` of ``target`` spelling ``form`` with small slips (word ``i`` being the form's word
    ``j``), or None: one phrase (words joined by a space or a hyphen), every word equal or a capitalised near
    miss, at least one slip."""
    a, b = i - j, i - j + len(form.tokens)
    if a < 0 or b > len(words):
        return None
    slips = 0
    for q in range(a, b):
        word, start, _, raw = words[q]
        if q > a and target[words[q - 1][2]:start] not in (" ", "-", "\u00a0", "\u2010", "\u2011"):
            return None
        want = form.tokens[q - a]
        if word == want:
            continue
        if not raw[:1].isupper() or not _is_near(word, want):
            return None
        slips += 1
    return (a, b) if slips else None


_KATA_RUN_RE = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}")


def _renders_other_kana(source: str, spans: list[tuple[int, int]], word: str) -> bool:
    """Whether ``word`` sounds like a katakana word of ``source`` other than the name at ``spans``."""
    sk = en_skeleton(word)
    own = [source[a:b] for a, b in spans]
    for m in _KATA_RUN_RE.finditer(source):
        if any(a < m.end() and m.start() < b for a, b in spans) or any(m.group() in o for o in own):
            continue  # the name itself (ミレイ of ハビエル・ミレイ氏, again later as ミレイ氏)
        ks = kana_skeleton(m.group())
        if len(ks) >= 2 and similarity(ks, sk) >= 0.7:
            return True
    return False


def _common_like(word: str, known: str) -> bool:
    """A short word one substituted letter away from a short name (Must/Musk, Mark/Mars, Bush/Rush): as likely
    an ordinary word as a slip when nothing but the sentence capitalises it."""
    return len(word) == len(known) <= 5 and sum(x != y for x, y in zip(word, known, strict=True)) == 1


def _is_near(word: str, known: str) -> bool:
    limit = _edit_limit(known)
    return bool(limit) and abs(len(known) - len(word)) <= limit and (len(known) >= 7 or known[0] == word[:1]) \
        and not _derived(word, known) and osa_distance(word, known) <= limit


def _source_keys(ctx: CheckContext, unit: Unit, pos: int, index: _FormIndex
                 ) -> dict[str, list[tuple[int, int]]]:
    """Keys of the known forms the unit's source names, with their source spans."""
    out: dict[str, list[tuple[int, int]]] = {}
    if ctx.glossary is not None and hasattr(ctx.glossary, "matcher"):
        for start, end, cid in _source_matches(ctx.glossary, unit, ctx, pos):
            if cid in index.forms:
                out.setdefault(cid, []).append((start, end))
    for part, pattern in index.kana.items():
        spans = [m.span() for m in pattern.finditer(unit.source)]
        if spans:
            out.setdefault(part, []).extend(spans)
    return out


def _near_finding(unit: Unit, form: KnownForm, src_span: tuple[int, int], span: tuple[int, int], found: str,
                  words: list[str]) -> NameFinding:
    distance = sum(osa_distance(w, t) for w, t in zip(words, form.tokens, strict=True))
    name = unit.source[src_span[0]:src_span[1]]
    if form.origin == "glossary":
        why = f"the glossary form of {form.key}"
    else:
        why = f"as in {form.count} other place(s) of the document"
    mention = NameMention(name, src_span, (name,), titled=False)
    return NameFinding("misspelling", unit, mention,
                       f"name {name!r} written {found!r}; expected {form.text!r} ({why}; {distance} "
                       f"letter(s) differ)", span,
                       data={"found": found, "expected": form.text, "distance": distance, "origin": form.origin,
                             **({"concept": form.key} if form.origin == "glossary" else {})})


def _in_neighbour(ctx: CheckContext, pos: int, mention: NameMention) -> bool:
    for k in (pos - 1, pos + 1):
        if 0 <= k < len(ctx.units):
            t = ctx.units[k].target or ""
            if t and mention.name in ctx.units[k].source and all(
                    best_rendering(p, t, any_case=True) is not None for p in mention.parts):
                return True
    return False


class _NameCheck(Check):
    kind = ""
    category = Category.ACCURACY
    skip_source_copies = True  # (honoured by the names analysis, a document-level one)
    source_langs = JA  # katakana names
    target_langs = EN  # English spelling rules in the consonant skeleton

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        for f in ctx.analyses.names:
            if f.kind == self.kind:
                yield self.issue(f.unit, f.message, source_span=f.mention.span, target_span=f.target_span,
                                 severity=f.severity, **f.data)

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:  # pragma: no cover - document check
        return ()


class NameMissing(_NameCheck):
    check_id = "name-missing"
    name = "Name missing"
    description = ("A person or place name of the source (katakana name + 氏/大統領/知事/議員…, a dotted full "
                   "name, or a glossary concept) has no rendering in the target.")
    severity = Severity.MAJOR
    kind = "missing"


class NameMisspelling(_NameCheck):
    check_id = "name-misspelling"
    name = "Name misspelt"
    description = ("A person or place name is written a few letters away from its known form — the glossary "
                   "term of the concept the source names (with a glossary; option glossary_types, default "
                   "person and place), the rendering the document uses in most places, or, for a slip that "
                   "changes the sound, its pronunciation: \"Muks\" for マスク, \"Eagle Pas\" for イーグルパス. "
                   "Forbidden glossary renderings are left to term-forbidden.")
    severity = Severity.MAJOR
    kind = "misspelling"
    # "Ron DeSantos" is one error: the misspelling, not also a missing term; a near miss ("Muks") explains a
    # missing name of the same source span; a misspelling is also the name's second rendering in the document,
    # which entity-consistency would report again
    supersedes = ("term-missing", "name-missing", "entity-consistency")
