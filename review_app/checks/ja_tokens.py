"""The one fugashi/unidic-lite parse of a Japanese source, read once, in one token format, by every check that
reads parts of speech: the meaning analysis (:mod:`review_app.checks.meaning`), ``polarity``'s negations and
``entity-consistency``'s name-like terms (:mod:`review_app.checks.entity_terms`).

The tagger prints MeCab's raw feature string (``%H``), about three times cheaper than a node object per token
(:func:`raw`). Each distinct line of that output (a token type: its surface and features) is split once per
process into a :data:`Token` holding what all three readers need of it, decided once (:func:`_token`): the
meaning analysis's negation and content codes, and whether it can be part of a name. :func:`nodes` reads a text's
tokens with their offsets, once per text (the last :data:`NODES_CACHE_SIZE` texts are kept: the meaning
analysis, the name-like terms and the polarity markers of one unit read the same parse one after the other);
:func:`tokens` is the older (surface, pos1, pos2, pos3, pos4, lemma, kana) view of the same tokens.
"""

from __future__ import annotations

import csv
import functools
import itertools
import operator
import re
from typing import Any

CACHE_SIZE = 4096
RAW_CACHE_SIZE = 64
NODES_CACHE_SIZE = 64

View = tuple[str, str, str, str, str, str, str]
"""(surface, pos1, pos2, pos3, pos4, lemma — the surface when unidic has none —, kana) of a token: what
:func:`tokens` gives."""

Token = tuple[str, str, str, str, str, str, str, int, int, "str | None", bool, bool, str, str, str, int, View, int, int,
              bool, str]
"""One token type, '*' read as '': (0 surface, 1 pos1, 2 pos2, 3 lemma — '' when unidic has none; an unknown
word is its own lemma —, 4 the lemma's reading, 5 conjugation form, 6 pos3-pos4 joined with '-', then the meaning
analysis's codes (:func:`review_app.checks.meaning._codes`): 7 negation code, 8 content code, 9 content kind,
10 a main-clause predicate, 11 joins a compound noun; then 12 pos3, 13 pos4, 14 kana (the surface's reading),
15 name code (:data:`NAME_NO`, :data:`NAME_YES`, :data:`NAME_UNLESS_WORD`), 16 its :data:`View`, 17 its serial
number, 18 :data:`KANJI_NOUN` code, 19 a noun or suffix written in kanji or in katakana alone, 20 the reading a
name takes from it: the kana, else the surface when it is katakana, else ''). The serial number is an integer id of
the token type, unique in the process (a new one for each line split, so a type split again once :data:`_MEMO` is
full gets another): what a per-type memo keys on (an int hashes in one step; the tuple's hash reads all its fields,
the view's too, on every lookup). Fields 18-20 answer, once per type, the script tests ``entity-consistency``'s
readers of the parse made of every token of every source."""

NOT_KANJI_NOUN, KANJI_NOUN, KANJI_PROPER_NOUN = 0, 1, 2
"""Codes of field 18 of a :data:`Token`: not a noun written in kanji alone; a noun written in kanji alone (名詞, its
surface all kanji); such a noun that is a proper noun (固有名詞)."""

NAME_NO, NAME_YES, NAME_UNLESS_WORD = 0, 1, 2
"""Name codes: not part of a name; a noun that can be part of a name (a proper noun that is not a country, a
single kanji); a katakana noun, part of a name unless the dictionary has it as a word
(:func:`review_app.checks.entity_terms.source_terms`)."""

KANJI = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0002ffff々〆ヶ]+")
KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc・]+")


@functools.lru_cache(maxsize=1)
def _tagger() -> Any:
    """fugashi + unidic-lite printing each token as ``surface TAB feature-string`` (MeCab's ``%H``): a quarter
    faster than unidic's own output format, which picks and reformats fields for every token."""
    import fugashi

    return fugashi.Tagger(r'-O "" --node-format=%m\\t%H\\n --unk-format=%m\\t%H\\n --eos-format=EOS\\n')


_MEMO: dict[str, Token | None] = {}
_SERIAL = itertools.count()
_MEMO_LIMIT = 1 << 16


def _name_code(surf: str, pos1: str, pos2: str, pos3: str, pos4: str) -> int:
    if pos1 != "名詞" or pos2 in ("数詞", "代名詞") or (pos3, pos4) == ("地名", "国"):
        return NAME_NO
    if pos2 == "固有名詞" or (KANJI.fullmatch(surf) is not None and len(surf) == 1):
        return NAME_YES
    return NAME_UNLESS_WORD if KATAKANA.fullmatch(surf) is not None else NAME_NO


def _token(line: str) -> Token | None:
    """The :data:`Token` of one line of the tagger's output (None for the EOS line and the empty last one),
    memoised by the line, so that a token type seen before costs one dict lookup."""
    tok = _MEMO.get(line, False)
    if tok is not False:
        return tok  # type: ignore[return-value]
    surf, tab, feature = line.partition("\t")
    if not tab:
        tok = None
    else:
        from review_app.checks.meaning import _codes

        f = next(csv.reader([feature])) if '"' in feature else feature.split(",")
        f = ["" if x == "*" else x for x in f]
        f18 = [*f[:18], *([""] * (18 - len(f[:18])))]
        view = (surf, f18[0], f18[1], f18[2], f18[3], f18[7] or surf, f18[17])
        if len(f) < 8:  # an unknown word (six features): its own lemma and reading
            f = [*f[:6], *([""] * (6 - len(f[:6]))), surf, surf]
        kanji = KANJI.fullmatch(surf) is not None
        kata = KATAKANA.fullmatch(surf) is not None
        kanji_noun = NOT_KANJI_NOUN if f18[0] != "名詞" or not kanji else (
            KANJI_PROPER_NOUN if f18[1] == "固有名詞" else KANJI_NOUN)
        tok = (surf, f[0], f[1], f[7], f[6], f[5], "-".join(x for x in f[2:4] if x), *_codes(surf, f[0], f[1], f[7]),
               f18[2], f18[3], f18[17], _name_code(surf, f18[0], f18[1], f18[2], f18[3]), view, next(_SERIAL),
               kanji_noun, f18[0] in ("名詞", "接尾辞") and (kanji or kata), f18[17] or (surf if kata else ""))
    if len(_MEMO) < _MEMO_LIMIT:
        _MEMO[line] = tok
    return tok


_SURFACE = operator.itemgetter(0)


@functools.lru_cache(maxsize=RAW_CACHE_SIZE)
def raw(text: str) -> str:
    """The tagger's output for ``text`` (line breaks parsed as spaces): one ``surface TAB features`` line a
    token, then ``EOS``."""
    return str(_tagger().parse(text.replace("\n", " ").replace("\r", " ")))


@functools.lru_cache(maxsize=NODES_CACHE_SIZE)
def nodes(text: str) -> tuple[tuple[Token, ...], tuple[int, ...], tuple[int, ...]]:
    """The tokens of ``text`` (:data:`Token`) with their start and end offsets in ``text``: one C call
    (:func:`raw`), each distinct line split once per process (:func:`_token`). MeCab drops whitespace between
    tokens (line breaks are parsed as spaces): when it dropped none the offsets are the running sums of the
    surfaces' lengths, else each surface is found from the end of the one before (a token not found is left
    out)."""
    lines = raw(text).split("\n")
    got: list[Token | None] = list(map(_MEMO.get, lines))  # (C calls: the lines seen before are most of them)
    k = -1
    try:
        while True:  # the lines not seen before, the EOS line and the empty last one
            k = got.index(None, k + 1)
            got[k] = _token(lines[k])
    except ValueError:
        pass
    toks: tuple[Token, ...] = tuple(filter(None, got))
    if not toks:
        return (), (), ()
    ends = tuple(itertools.accumulate(map(len, map(_SURFACE, toks))))
    if ends[-1] == len(text):  # no whitespace dropped
        return toks, (0, *ends[:-1]), ends
    starts: list[int] = []
    found: list[int] = []
    kept: list[Token] = []
    pos = 0
    for tok in toks:
        at = text.find(tok[0], pos)
        if at < 0:
            continue
        pos = at + len(tok[0])
        starts.append(at)
        found.append(pos)
        kept.append(tok)
    return tuple(kept), tuple(starts), tuple(found)


READINGS_NBEST = 6
"""How many of the parser's best parses :func:`readings` reads."""


@functools.lru_cache(maxsize=CACHE_SIZE)
def readings(text: str) -> tuple[str, ...]:
    """The katakana readings the parser has for ``text`` read as one word: the reading of each of its
    :data:`READINGS_NBEST` best parses of ``text`` alone that is a single token, the best first, each once (大谷 →
    オオヤ, オオタニ, ダイヤ). A kanji name has several readings and the parse of a sentence picks one, often not
    the one the name has there (大谷翔平 is read オオヤ); empty when no parse holds ``text`` as one token."""
    out: list[str] = []
    for parse in str(_tagger().nbest(text.replace("\n", " "), READINGS_NBEST)).split("EOS\n"):
        lines = [line for line in parse.split("\n") if line]
        if len(lines) != 1:
            continue
        tok = _token(lines[0])
        if tok is not None and tok[0] == text and tok[14] and tok[14] not in out:
            out.append(tok[14])
    return tuple(out)


@functools.lru_cache(maxsize=CACHE_SIZE)
def tokens(text: str) -> tuple[tuple[View, int], ...]:
    """The tokens of ``text`` as (surface, pos1, pos2, pos3, pos4, lemma, kana) (:data:`View`) with their start
    offsets: :func:`nodes`, seen the older way."""
    toks, starts, _ends = nodes(text)
    return tuple(zip([t[16] for t in toks], starts, strict=True))
