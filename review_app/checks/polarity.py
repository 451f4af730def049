"""Reversed polarity: a negation of the source the target drops, one the target adds, or an antonym.

Reads the word-level evidence of :mod:`review_app.checks.meaning` (``ctx.analyses.meaning``):

* **dropped negation** — the source negates (〜ない, 〜ず, 〜ぬ, 〜ません; idioms that do not negate the
  proposition such as かもしれない, に違いない, しかない, 〜なければ and rhetorical 〜ないか are left out) and the
  target has no negation at all: no *not*/*n't*/*no*/*never*/*without*/*fail to*/*unable*…, no word with a
  negative prefix or suffix (*un-*, *in-*, *im-*, *non-*, *dis-*, *-less*) and no word that carries the negation
  in its meaning (*lack*, *refuse*, *prevent*, *stop*, *avoid*, *instead*, *only*…: 忘れない → *remember* is
  such a rendering too, so a target whose words render every source content word is not reported);
* **added negation** — the target negates explicitly (*not*, *n't*, *never*, *no longer*, *none*, *nobody*,
  *nothing*) and the source has no negation marker, no 未/不/非/無-prefixed word and no word whose dictionary
  glosses are negative (*lack*, *impossible*, *stop*, *forget*…);
* **antonym** — a source word's JMdict antonym (上昇 ↔ 下降, 勝つ ↔ 負ける, 好き ↔ 嫌い) is what the target
  says, and nothing in the target renders the source word itself (antonym pairs from the dictionary, not a hand
  list).

A target that says something else altogether (the source's words mostly uncovered, or at least 60 % of them
uncovered with three quarters of the target's content words unexplained) is left to omission and addition.

The message quotes the source marker and, where there is one, the target words; the finding's spans point at
them (``source_span`` at the source negation or word, ``target_span`` at the target's negation or antonym).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from review_app.checks.base import CheckContext, Issue, Unit
from review_app.checks.meaning import EN_STOP, Digest, MeaningCheck, target_words

EXPLICIT_NEG = re.compile(r"\b(?:not|never|no\s+longer|none|nobody|nothing|nowhere|neither|nor)\b|n't\b|\bcannot\b|"
                          r"\b[Nn]o\b(?!\.\s?\d)(?=\s+[a-z])")
"""An explicit negation of the target (``no`` before a lower-case word: not ``No. 7`` nor the Japanese particle
of ``Megane no Yonezawa``)."""
ANY_NEG = re.compile(
    r"\b(?:not|never|no|none|nobody|nothing|nowhere|neither|nor|without|cannot|unable|fail(?:s|ed|ing|ure)?|"
    r"lack\w*|refus\w*|reject\w*|deny|denie[sd]|prevent\w*|avoid\w*|stop\w*|cease\w*|instead|rather|only|just|"
    r"hardly|barely|scarcely|seldom|rarely|little|few|free|absen\w*|miss\w*|lost|lose|loss|forg[eo]t\w*|"
    r"ban\w*|prohibit\w*|forbid\w*|refrain\w*|cancel\w*|postpon\w*|halt\w*|quit|end(?:ed|s)?|except|"
    r"impossib\w*|difficult\w*|hard|beyond|too|hesita\w*|reluctan\w*|remain\w*|still|keep|kept|yet|"
    r"(?:un|in|im|il|ir|non|dis|mis)[a-z]{3,}|[a-z]{3,}less(?:ly|ness)?)\b|n't\b",
    re.IGNORECASE)
"""Anything in the target that can carry a source negation, explicitly or in a word's meaning."""


class Polarity(MeaningCheck):
    check_id = "polarity"
    name = "Reversed polarity"
    description = ("The target says the opposite of the source: it drops the source's negation (〜ない, 〜ず, "
                   "〜ません), adds one the source does not have, or renders a source word by its dictionary "
                   "antonym; expected the source's polarity. The message names the source and target words.")
    # opt-in like every meaning check; and even switched on, its recall on the labelled rows is far below the
    # 60 % target and, on WMT21/22, the segments it flags score no lower with the human raters than the others

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        d: Digest = ctx.analyses.meaning.of(unit)
        source, target = unit.source, (unit.target or "").replace("’", "'")
        if d.total and (d.uncovered / d.total >= 0.7 or (
                d.uncovered / d.total >= 0.6 and d.target_content
                and len(d.unexplained) / d.target_content >= 0.75)):
            return  # the target says something else altogether: omission and addition report that
        if d.negations and not ANY_NEG.search(target):
            # a lexical rendering (忘れない → remember) leaves every content word covered: do not report it; a
            # negated clause the target leaves out is an omission (the negated word is not covered either)
            rendered = [(span, at) for span, covered, at in d.negations if covered]
            if d.all_covered or not rendered:
                return
            (s, e), at = rendered[0]
            where = f" with {target[at[0]:at[1]]!r}" if at else ""
            yield self.issue(
                unit, f"the source negates ({source[max(0, s - 4):e]!r}) but the target has no negation; "
                      f"expected the negation to be rendered{where} (not, no, never, without, fail to…)",
                source_span=(s, e), target_span=at, kind="dropped-negation")
            return
        if not d.negations and not d.negating:
            m = EXPLICIT_NEG.search(target)
            if m is not None and not _rhetorical(source) and _negates_source_words(d, target, m.end()):
                yield self.issue(
                    unit, f"the target negates ({m.group()!r}) but the source has no negation; expected the "
                          "source's polarity",
                    target_span=m.span(), kind="added-negation")
                return
        for src_span, tgt_span, word, antonym in d.flips:
            yield self.issue(
                unit, f"the target says {target[tgt_span[0]:tgt_span[1]]!r}, a rendering of {antonym!r}, the "
                      f"dictionary antonym of the source's {word!r}; expected {word!r} itself",
                source_span=src_span, target_span=tgt_span, kind="antonym")
            return


_QUESTION = re.compile(r"(?:じゃない|ではない|ないか|ませんか|ないの|なくない)[？?]?$")


def _rhetorical(source: str) -> bool:
    return bool(_QUESTION.search(source.rstrip("。．.!！ 　")))


def _negates_source_words(d: Digest, target: str, at: int) -> bool:
    """Whether the target's negation ending at ``at`` negates something the source says: the next content word
    is one the source accounts for ("not a baseball player" for 野球以外), or the negation closes a question
    ("why not?"). A negation inside words the source does not account for belongs to an addition."""
    after = target[at:]
    nxt = next(((at + s, at + e) for w, s, e in target_words(after) if w.lower() not in EN_STOP and len(w) >= 3),
               None)
    if nxt is None:
        return after.strip().startswith("?")
    return nxt not in set(d.unexplained)
