"""Accepted renderings: English words a project accepts as renderings of a source word, on top of the dictionary
the meaning checks read (:mod:`review_app.checks.meaning`).

The committed JMdict subset lacks many correct renderings: 集める is "collect, assemble, gather", so "attracted
enormous attention" leaves it uncovered and ``omission``/``addition`` report a correct translation; クライマックス
"climax" misses "high point". A reviewer who dismisses such a finding fixes one finding; accepting the rendering
fixes every unit of the project where that source word meets that English word, now and on every later run.

The pairs live in the QA configuration (``renderings`` in a ``review-app qa --config`` file, the project's QA
settings: :mod:`review_app.qa_settings`, ``review-app qa-settings PROJECT --accept 集める=attract``, the Settings
and Review pages)::

    [renderings]
    "集める" = ["attract"]
    "クライマックス" = ["high point", "climax"]

A key is a source word as the finding names it (a surface form such as 達し is fine): the word itself and the
dictionary form of each of its content words get the English words (達し → 達する; a key of several words, 印象深い,
gives them to 印象 and 深い alike). The English words are added to the word's glosses, so they count wherever a
gloss counts: a source word is covered when one is in the target (``omission``), a target word is explained when
it is one (``addition``), the precise matching of ``omission``'s clause rules reads them too. Nothing else
changes: the accepted words never make a finding, they only stop findings the dictionary's gaps made.

The dictionary with the pairs (:func:`dictionary_for`) is another :class:`~review_app.checks.meaning.Dictionary`
with its own memos; :func:`active` makes it the one :func:`review_app.checks.meaning.current_dictionary` returns
while a run's checks read the analysis (:func:`review_app.checks.base.iter_findings` and the analysis's own
per-unit calls set it from ``ctx.config``), so every reader of the dictionary in one run sees the same words.
Every QA run records the pairs' :func:`signature` in its provenance.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from review_app.errors import InputError

if TYPE_CHECKING:
    from review_app.checks.base import CheckConfig
    from review_app.checks.meaning import Dictionary

Renderings = Mapping[str, tuple[str, ...]]

MAX_KEY = 30
MAX_WORDS = 20
MAX_ENGLISH = 60
_JA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶー]")
_KATAKANA = re.compile(r"[\u30a0-\u30ffー]+")
_ENGLISH = re.compile(r"[A-Za-z][A-Za-z0-9'’\- ]*")

_ACTIVE: contextvars.ContextVar[Dictionary | None] = contextvars.ContextVar("review_app_renderings", default=None)


def parse(value: Any, label: str) -> dict[str, tuple[str, ...]]:
    """The pairs of a configuration's ``renderings`` table (a source word → an English word or a list of them),
    validated; errors name ``label``, the key and the fix. English words are kept as written (trimmed)."""
    if not isinstance(value, Mapping):
        raise InputError(f"{label}: 'renderings' must map source words to lists of English words, e.g. "
                         f'[renderings] "集める" = ["attract"]')
    out: dict[str, tuple[str, ...]] = {}
    for key, words in value.items():
        ja = key.strip() if isinstance(key, str) else ""
        where = f"{label}: renderings[{key!r}]"
        if not ja or len(ja) > MAX_KEY or any(c.isspace() for c in ja) or _JA.search(ja) is None:
            raise InputError(f"{where}: the key must be one Japanese source word as a finding names it "
                             f"(kana or kanji, no spaces, at most {MAX_KEY} characters)")
        items = [words] if isinstance(words, str) else words
        if not isinstance(items, list | tuple) or not items or not all(isinstance(w, str) for w in items):
            raise InputError(f"{where}: give an English word or a non-empty list of them")
        clean: list[str] = []
        for item in items:
            w = " ".join(item.split())
            if not w or len(w) > MAX_ENGLISH or _ENGLISH.fullmatch(w) is None:
                raise InputError(f"{where}: {w!r} is not an English word or phrase (Latin letters, digits, "
                                 f"hyphens and apostrophes, at most {MAX_ENGLISH} characters)")
            if w.lower() not in (c.lower() for c in clean):
                clean.append(w)
        if len(clean) > MAX_WORDS:
            raise InputError(f"{where}: at most {MAX_WORDS} English words per source word")
        out[ja] = tuple(clean) if ja not in out else tuple(dict.fromkeys(out[ja] + tuple(clean)))
    return out


def parse_pair(text: str, label: str) -> tuple[str, tuple[str, ...]]:
    """``集める=attract`` or ``クライマックス=high point,climax`` (the command line's form) → one pair."""
    ja, sep, en = text.partition("=")
    if not sep:
        raise InputError(f"{label}: {text!r} is not SOURCE=ENGLISH (e.g. 集める=attract, or 集める=attract,draw)")
    [(key, words)] = parse({ja: [w for w in en.split(",") if w.strip()] or [""]}, label).items()
    return key, words


def signature(pairs: Renderings) -> str | None:
    """``renderings:N|sha256:…`` (12 hex digits of the sorted pairs), None without pairs: what a run's
    provenance records."""
    if not pairs:
        return None
    text = "\n".join(f"{k}\t{'|'.join(v)}" for k, v in sorted(pairs.items()))
    return f"renderings:{len(pairs)}|sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def of_config(config: CheckConfig | None) -> Renderings:
    return getattr(config, "renderings", None) or {}


def heads(key: str) -> tuple[str, ...]:
    """The dictionary headwords a key gives its English words to: the key, and the surface and dictionary form of
    each of its content words (nouns, verbs, adjectives, adverbs; the parser's loanword origin left out), read from
    the key alone and from the key followed by た (a verb's stem as a finding names it, 達し, is read as a noun
    alone and as the verb 達する before た)."""
    from review_app.checks.ja_tokens import nodes

    out = [key]
    for probe in (key, key + "た"):  # 達し alone is read as a noun; 達した as the verb 達する
        toks, _starts, ends = nodes(probe)
        cut = [n for n, e in zip(toks, ends, strict=True) if e <= len(key)]
        if "".join(n[0] for n in cut) != key:
            continue
        for n in cut:
            if n[1] in ("名詞", "動詞", "形容詞", "形状詞", "副詞"):
                lemma = n[3].partition("-")[0]
                if _KATAKANA.fullmatch(lemma) and not _KATAKANA.fullmatch(n[0]):
                    lemma = ""  # a reading given as the lemma (金 → キン before た), not a word
                for h in (n[0], lemma):
                    if h and h not in out and _JA.search(h):
                        out.append(h)
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _merged(pairs: tuple[tuple[str, tuple[str, ...]], ...]) -> Dictionary:
    from review_app.checks.meaning import load_dictionary

    base = load_dictionary()
    extra: dict[str, list[str]] = {}
    for key, words in pairs:
        english = [w.lower() for phrase in words for w in re.split(r"[\s\-]+", phrase.replace("’", "'")) if w]
        for h in heads(key):
            extra.setdefault(h, []).extend(english)
    sig = signature(dict(pairs)) or ""
    return base.with_glosses({h: " ".join(dict.fromkeys(ws)) for h, ws in extra.items()}, sig)


def dictionary_for(pairs: Renderings) -> Dictionary:
    """The committed dictionary with ``pairs`` added (the base itself without pairs); one instance per distinct
    set of pairs (the last eight kept), so its memos serve every run with the same pairs."""
    from review_app.checks.meaning import load_dictionary

    if not pairs:
        return load_dictionary()
    return _merged(tuple(sorted((k, tuple(v)) for k, v in pairs.items())))


def current() -> Dictionary | None:
    """The dictionary :func:`active` set in this thread (None: the committed one)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def active(config: CheckConfig | None) -> Iterator[None]:
    """Within the block, the meaning analysis reads the dictionary with ``config``'s accepted renderings (the
    committed one when it has none)."""
    pairs = of_config(config)
    token = _ACTIVE.set(dictionary_for(pairs) if pairs else None)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def with_pair(pairs: Renderings, key: str, words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``pairs`` with ``words`` added to ``key``'s (no duplicate, case folded)."""
    out = {k: tuple(v) for k, v in pairs.items()}
    old = out.get(key, ())
    out[key] = old + tuple(w for w in words if w.lower() not in {o.lower() for o in old})
    return out


def without(pairs: Renderings, key: str, words: tuple[str, ...] = ()) -> dict[str, tuple[str, ...]]:
    """``pairs`` without ``words`` of ``key`` (all of them when ``words`` is empty); the key goes with its last
    word. Raises :class:`InputError` when the key or a word is not there."""
    out = {k: tuple(v) for k, v in pairs.items()}
    if key not in out:
        raise InputError(f"no accepted rendering for {key!r}; accepted: {', '.join(sorted(out)) or 'none'}")
    if not words:
        del out[key]
        return out
    low = {w.lower() for w in words}
    missing = low - {o.lower() for o in out[key]}
    if missing:
        raise InputError(f"{key!r} has no accepted rendering {', '.join(sorted(missing))}; it has "
                         f"{', '.join(out[key])}")
    kept = tuple(o for o in out[key] if o.lower() not in low)
    if kept:
        out[key] = kept
    else:
        del out[key]
    return out


def as_table(pairs: Renderings) -> dict[str, list[str]]:
    """The stored form (a JSON/TOML table of lists)."""
    return {k: list(v) for k, v in sorted(pairs.items())}
