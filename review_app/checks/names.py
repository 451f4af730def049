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
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from review_app.checks.base import Category, Check, CheckContext, Issue, Unit
from review_app.checks.untranslated import is_mostly_japanese
from review_app.models import Severity

_KATA = r"[\u30a1-\u30fa\u30fc\u30fd\u30fe]"
TITLES = (r"氏|大統領|元大統領|前大統領|副大統領|知事|州知事|議員|上院議員|下院議員|首相|長官|報道官|院内総務|補佐官|"
          r"議長|委員長|候補|さん|会長|社長|容疑者|被告|外相|国務長官|国防長官|司法長官|判事|市長|大使|博士|教授|監督|選手")
NAME_RE = re.compile(
    rf"""
    (?<![\u30a1-\u30fa\u30fc])                 # not inside a longer katakana word
    (?P<name>{_KATA}{{2,}}(?:[・=＝]{_KATA}{{2,}})*)   # katakana word(s); ・ joins given and family names
    (?=(?:{TITLES})(?!選|令|府|執務|権|職|の座|首席))   # … a title, not 大統領選 (election), 大統領令 (order)
  | (?<![\u30a1-\u30fa\u30fc])
    (?P<full>{_KATA}{{2,}}(?:[・=＝]{_KATA}{{2,}})+)   # or a dotted full name anywhere (イーロン・マスク)
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
    return re.sub(r"(.)\1+", r"\1", s)


_EN_RULES = (("ph", "f"), ("th", "s"), ("sh", "s"), ("tch", "c"), ("ch", "c"), ("ck", "k"), ("dg", "j"),
             ("q", "k"), ("x", "ks"), ("l", "r"), ("v", "b"), ("gh", "g"))


@functools.lru_cache(maxsize=262144)
def en_skeleton(word: str) -> str:
    """Consonant skeleton of an English word: Trump → trmp, Zuckerberg → zkbg, Leavitt → rbt."""
    w = word.lower()
    w = re.sub(r"[^a-z]", "", w)
    for a, b in _EN_RULES:
        w = w.replace(a, b)
    w = re.sub(r"c(?=[eiy])", "s", w).replace("c", "k")
    # non-rhotic r: after a vowel and before a consonant or at the end it is written ー in katakana
    w = re.sub(r"(?<=[aeiouy])r(?=[^aeiouy]|$)", "", w)
    w = w[:1] + w[1:].replace("h", "") if w else w
    w = re.sub(r"(?<=[aeiou])w", "", w)  # ew, ow, aw are vowels (New York → nk)
    w = re.sub(r"[aeiouy]", "", w).replace("z", "s")
    return _collapse(w)


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


def source_names(text: str) -> list[NameMention]:
    out = []
    for m in NAME_RE.finditer(text):
        grp = "name" if m.group("name") else "full"
        name = m.group(grp)
        out.append(NameMention(name, m.span(grp), tuple(p for p in re.split(r"[・=＝]", name) if p),
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


def _glossary_forms(glossary: Any, unit: Unit, ctx: CheckContext, position: int | None = None
                    ) -> dict[tuple[int, int], list[str]]:
    """Source spans of glossary concepts → their target-language term texts (empty without a glossary).

    ``position`` is the unit's index in ``ctx.units``: the source matches the glossary checks computed for it
    are reused when they ran first on the same glossary."""
    if glossary is None or not hasattr(glossary, "matcher"):
        return {}
    from review_app.checks.glossary import SOURCE_MATCHES_KEY
    from review_app.glossary import TermStatus

    shared = ctx.cache.get(SOURCE_MATCHES_KEY)
    if shared is not None and shared[0] is glossary and shared[1] is ctx.units and position is not None and (
            position in shared[2] or NAME_RE.search(unit.source)):
        # kept for every unit with a name mention and a glossary match
        matches: Iterable[tuple[int, int, str]] = shared[2].get(position, ())
    else:
        matches = ((m.start, m.end, m.concept_id) for m in glossary.matcher(ctx.source_lang).find(unit.source))
    out: dict[tuple[int, int], list[str]] = {}
    memo: dict[str, list[str]] = ctx.cache.setdefault("names.glossary-forms", {})
    for start, end, cid in matches:
        forms = memo.get(cid)
        if forms is None:
            forms = memo[cid] = [t.text for t in glossary.get(cid).terms_in(
                ctx.target_lang, TermStatus.PREFERRED, TermStatus.ADMITTED)]
        if forms:
            out[(start, end)] = forms
    return out


@dataclass(slots=True)
class NameFinding:
    kind: str
    """``missing`` or ``misspelling``."""
    unit: Unit
    mention: NameMention
    message: str
    target_span: tuple[int, int] | None = None


def name_findings(ctx: CheckContext) -> list[NameFinding]:
    if "names" in ctx.cache:
        return list(ctx.cache["names"])
    per_unit: list[tuple[Unit, NameMention, dict[str, Rendering | None]]] = []
    established: dict[str, Counter[str]] = {}
    findings: list[NameFinding] = []
    from review_app.checks.registry import CHECKS

    # with a glossary, concepts are the term-missing check's business when it runs (no double reports)
    term_checks_run = "term-missing" in CHECKS and ctx.config.is_enabled("term-missing")
    for pos, unit in enumerate(ctx.units):
        target = unit.target or ""
        if not target.strip():
            continue
        gloss: dict[tuple[int, int], list[str]] | None = None  # computed when a mention needs it
        reported_forms: set[tuple[str, ...]] = set()
        if is_mostly_japanese(target):
            continue  # a source copy: source-copy and untranslated report it
        for mention in source_names(unit.source):
            if all(len(kana_skeleton(p)) < 2 for p in mention.parts):
                continue  # オハイオ → "": nothing to compare
            if gloss is None:
                gloss = _glossary_forms(ctx.glossary, unit, ctx, pos)
            g = next((forms for span, forms in gloss.items()
                      if span[0] <= mention.span[0] and mention.span[1] <= span[1]), None)
            if g is not None:
                if term_checks_run:
                    continue  # the glossary's term-missing check reports this concept; do not report it twice
                if not any(f.casefold() in target.casefold() for f in g) and tuple(g) not in reported_forms:
                    reported_forms.add(tuple(g))
                    findings.append(NameFinding("missing", unit, mention,
                                                f"name {mention.name!r} missing: expected the glossary form "
                                                f"{' / '.join(repr(f) for f in g)} in the target"))
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
                                            f"its pronunciation ({kana_skeleton(p)}); check the spelling", r.span))
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
    ctx.cache["names"] = findings
    return list(findings)


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

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        for f in name_findings(ctx):
            if f.kind == self.kind:
                yield self.issue(f.unit, f.message, source_span=f.mention.span, target_span=f.target_span)

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
    description = ("A name is written with a small edit distance from its established form in the document "
                   "(or from its pronunciation): \"Muks\" for マスク when the document says \"Musk\".")
    severity = Severity.MAJOR
    kind = "misspelling"
