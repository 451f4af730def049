"""One fugashi/unidic-lite parse of a Japanese text for the checks that read parts of speech of their own
(``polarity``'s negations, ``entity-consistency``'s name-like terms): (surface, pos1, pos2, pos3, pos4, lemma,
kana) per token, '*' as ''. The tagger prints MeCab's raw feature string (``%H``), about three times cheaper than
a node object per token; the last :data:`CACHE_SIZE` texts are kept, so the MT candidates of one source and the
two checks share one parse. (:mod:`review_app.checks.meaning` keeps its own parse, of content words.)"""

from __future__ import annotations

import csv
import functools
from typing import Any

CACHE_SIZE = 4096

Token = tuple[str, str, str, str, str, str, str]
"""(surface, pos1, pos2, pos3, pos4, lemma, kana)."""


@functools.lru_cache(maxsize=1)
def _tagger() -> Any:
    import fugashi

    return fugashi.Tagger(r'-O "" --node-format=%m\\t%H\\n --unk-format=%m\\t%H\\n --eos-format=EOS\\n')


_MEMO: dict[str, Token | None] = {}
_MEMO_LIMIT = 1 << 16


def _token(line: str) -> Token | None:
    """The fields of one line of the tagger's output, memoised by the line (a token type)."""
    hit = _MEMO.get(line, False)
    if hit is not False:
        return hit  # type: ignore[return-value]
    surf, tab, feature = line.partition("\t")
    tok: Token | None = None
    if tab:
        head = next(csv.reader([feature])) if '"' in feature else feature.split(",", 18)
        f = ["" if x == "*" else x for x in head[:18]]
        f += [""] * (18 - len(f))
        tok = (surf, f[0], f[1], f[2], f[3], f[7] or surf, f[17])
    if len(_MEMO) < _MEMO_LIMIT:
        _MEMO[line] = tok
    return tok


@functools.lru_cache(maxsize=CACHE_SIZE)
def tokens(text: str) -> tuple[tuple[Token, int], ...]:
    """The tokens of ``text`` with their start offsets (MeCab drops whitespace between tokens; line breaks are
    parsed as spaces)."""
    out: list[tuple[Token, int]] = []
    pos = 0
    for line in _tagger().parse(text.replace("\n", " ").replace("\r", " ")).split("\n"):
        tok = _token(line)
        if tok is None:
            continue
        at = text.find(tok[0], pos)
        if at < 0:
            continue
        pos = at + len(tok[0])
        out.append((tok, at))
    return tuple(out)
