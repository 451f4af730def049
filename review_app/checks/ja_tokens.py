"""One fugashi/unidic-lite parse of a Japanese text for the checks that read parts of speech of their own
(``polarity``'s negations, ``entity-consistency``'s name-like terms): (surface, pos1, pos2, pos3, pos4, lemma,
kana) per token, '*' as ''. The tagger prints MeCab's raw feature string (``%H``), about three times cheaper than
a node object per token; the last :data:`CACHE_SIZE` texts are kept, so the MT candidates of one source and the
two checks share one parse; the meaning analysis (:mod:`review_app.checks.meaning`) reads the same tagger output
(:func:`raw`), so a source is parsed once for all of them."""

from __future__ import annotations

import csv
import functools
from typing import Any

CACHE_SIZE = 4096
RAW_CACHE_SIZE = 64

Token = tuple[str, str, str, str, str, str, str]
"""(surface, pos1, pos2, pos3, pos4, lemma, kana)."""


@functools.lru_cache(maxsize=1)
def _tagger() -> Any:
    """fugashi + unidic-lite printing each token as ``surface TAB feature-string`` (MeCab's ``%H``): a quarter
    faster than unidic's own output format, which picks and reformats fields for every token."""
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


@functools.lru_cache(maxsize=RAW_CACHE_SIZE)
def raw(text: str) -> str:
    """The tagger's output for ``text`` (line breaks parsed as spaces): one ``surface TAB features`` line a
    token, then ``EOS``. The one parse of a source that :func:`tokens` and the meaning analysis
    (:mod:`review_app.checks.meaning`) both read: the last :data:`RAW_CACHE_SIZE` texts are kept, enough for the
    analyses that read a unit's parse one after the other (the meaning analysis, then the name-like terms of
    ``entity-consistency``, :attr:`review_app.checks.analyses.Analyses.name_terms`)."""
    return str(_tagger().parse(text.replace("\n", " ").replace("\r", " ")))


@functools.lru_cache(maxsize=CACHE_SIZE)
def tokens(text: str) -> tuple[tuple[Token, int], ...]:
    """The tokens of ``text`` with their start offsets (MeCab drops whitespace between tokens; line breaks are
    parsed as spaces)."""
    out: list[tuple[Token, int]] = []
    pos = 0
    for line in raw(text).split("\n"):
        tok = _token(line)
        if tok is None:
            continue
        at = text.find(tok[0], pos)
        if at < 0:
            continue
        pos = at + len(tok[0])
        out.append((tok, at))
    return tuple(out)
