"""One name or katakana term of the source rendered two or more ways across a document.

Reads the word-level evidence of :mod:`review_app.checks.meaning` (``ctx.analyses.meaning``): for each name of
the source (a proper noun of the fugashi/unidic-lite parse, or a katakana word the dictionary does not have) the
capitalised target word whose consonant skeleton is closest to the name's reading (similarity ≥ 0.6 for proper
nouns, 0.7 for other katakana words; each target word renders at most one source name), as the name checks
compare them (外崎 トノサキ → ``tnsk`` ↔ ``Tonosaki``). Across each document (``Unit.meta["document"]``;
a file without documents is one), the renderings of one source name are compared after folding case, a
possessive ``'s`` and anything but letters. Legitimate variation is not reported:

* a unit that names the entity by a pronoun or not at all gives no rendering, so it cannot disagree;
* a shortened second mention ("Masayoshi Uryu" then "Uryu") is the same rendering: renderings are single words;
* case and possessives (``URYU``, ``Uryu's``) fold to one form;
* a rendering that extends another (``Misakubo`` / ``Misakubocho``, ``Teflon`` / ``Teflon-treated``) is a
  compound or derived word, not another spelling;
* country names (unidic's 地名-国) are left out: *Japan* and *Japanese* differ by grammar.

Renderings that do not look like spellings of one another (skeleton similarity below 0.6: another word of the
target matched) are left out. One finding per group, on the first unit that departs from the most frequent
rendering, naming every rendering and the units where it occurs (at most ``MAX_SHOWN`` each, with counts).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from review_app.checks.base import Category, CheckContext, Issue, Unit
from review_app.checks.meaning import Digest, MeaningCheck
from review_app.models import Severity

MAX_SHOWN = 10
_NON_LETTERS = re.compile(r"[^a-z]")


def fold(word: str) -> str:
    w = word.lower()
    if w.endswith("'s") or w.endswith("’s"):
        w = w[:-2]
    return _NON_LETTERS.sub("", w)


def _derived(a: str, b: str) -> bool:
    """One folded rendering extends the other (Misakubo / Misakubocho, Teflon / Teflon-treated, Korean /
    Koreans): a compound or a derived word, not another spelling."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short)


class EntityConsistency(MeaningCheck):
    check_id = "entity-consistency"
    name = "Name rendered several ways"
    description = ("One source name or katakana term is rendered two or more ways across a document (Tonosaki "
                   "here, Sotozaki there); expected one rendering throughout. Reported once per name, naming "
                   "each rendering and the units where it occurs; pronouns and shortened second mentions are "
                   "not counted as renderings.")
    category = Category.TERMINOLOGY
    severity = Severity.MINOR

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        copies = ctx.analyses.source_copies
        docs: dict[str | None, list[Unit]] = defaultdict(list)
        for n, u in enumerate(ctx.units):
            if n not in copies and u.target and not u.target.isspace():
                docs[u.meta.get("document") if u.meta else None].append(u)
        for units in docs.values():
            yield from self._document(ctx, units)

    def _document(self, ctx: CheckContext, units: list[Unit]) -> Iterator[Issue]:
        from review_app.checks.names import en_skeleton, similarity

        # name → folded rendering → [(unit, source span, target span, as written)]
        seen: dict[str, dict[str, list[tuple[Unit, tuple[int, int], tuple[int, int], str]]]] = defaultdict(
            lambda: defaultdict(list))
        for u in units:
            d: Digest = ctx.analyses.meaning.of(u)
            for name, s_span, t_span in d.names:
                written = (u.target or "")[t_span[0]:t_span[1]]
                key = fold(written)
                if len(key) >= 2:
                    seen[name][key].append((u, s_span, t_span, written))
        for name, by_form in seen.items():
            if len(by_form) < 2:
                continue
            ranked = sorted(by_form.items(), key=lambda kv: (-len(kv[1]), kv[1][0][0].index))
            top_key, top = ranked[0]
            top_sk = en_skeleton(top_key)
            variants = [(k, occ) for k, occ in ranked[1:] if similarity(top_sk, en_skeleton(k)) >= 0.6
                        and not _derived(k, top_key)]
            if not variants:
                continue
            forms = [(top_key, top), *variants]
            listed = []
            for _k, occ in forms:
                ids = [o[0].id for o in occ]
                shown = ", ".join(dict.fromkeys(ids[:MAX_SHOWN])) + (f" and {len(ids) - MAX_SHOWN} more"
                                                                     if len(ids) > MAX_SHOWN else "")
                listed.append(f"{occ[0][3]!r} in unit{'s' if len(set(ids)) > 1 else ''} {shown}")
            unit, s_span, t_span, _w = variants[0][1][0]
            yield self.issue(
                unit, f"{name} is rendered {len(forms)} ways in this document: {'; '.join(listed)}; expected one "
                      f"rendering throughout, e.g. the most frequent, {top[0][3]!r}",
                source_span=s_span, target_span=t_span, name=name,
                renderings=[{"rendering": occ[0][3], "count": len(occ), "units": [o[0].id for o in occ[:MAX_SHOWN]]}
                            for _k, occ in forms[:MAX_SHOWN]])

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:  # pragma: no cover - document check
        return ()
