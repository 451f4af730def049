"""Automatic MT metrics through sacrebleu 2.x: BLEU (Papineni et al., 2002), chrF (Popović, 2015), chrF++
(Popović, 2017) and TER (Snover et al., 2006), at corpus and sentence level.

Every number travels with sacrebleu's own signature (``BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|
version:2.6.0``) so that a score can be reproduced and is never compared with one computed differently.

English targets use sacrebleu's defaults (BLEU ``13a`` tokenisation). Japanese targets have no spaces between
words: BLEU uses ``ja-mecab`` when sacrebleu's MeCab extra (``mecab-python3`` + ``ipadic``) is installed and
``char`` otherwise, and TER uses ``asian_support``. The tokenizer can always be chosen explicitly.

Sentence-level scores are computed like sacrebleu's ``sentence_score`` (per-sentence sufficient statistics,
then ``_compute_score_from_stats``; BLEU with ``effective_order=True`` as in ``sacrebleu.sentence_bleu``), but
with the statistics extracted once for the whole corpus — the same private hooks sacrebleu's own
``significance`` module uses. ``tests/test_metrics.py`` checks parity with calling sacrebleu directly.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from review_app.errors import InputError
from review_app.registry import Registry


@functools.cache
def ja_mecab_available() -> bool:
    """Whether sacrebleu's ``ja-mecab`` tokenizer can run here (needs ``sacrebleu[ja]``)."""
    try:
        from sacrebleu.tokenizers.tokenizer_ja_mecab import TokenizerJaMecab

        TokenizerJaMecab()
    except Exception:  # ImportError, or MeCab without a dictionary
        return False
    return True


def default_tokenizer(target_lang: str) -> str:
    base = target_lang.partition("-")[0].lower()
    if base == "ja":
        return "ja-mecab" if ja_mecab_available() else "char"
    if base == "zh":
        return "zh"
    if base == "ko":
        return "char"
    return "13a"


@dataclass(frozen=True, slots=True)
class Score:
    metric: str
    """Our metric name (``bleu``, ``chrf``, ``chrf++``, ``ter``)."""
    value: float
    signature: str
    text: str
    """sacrebleu's own rendering, e.g. ``BLEU = 31.20 62.1/38.0/25.3/17.0 (BP = 1.000 …)``."""
    higher_is_better: bool

    def as_json(self) -> dict[str, Any]:
        return {"metric": self.metric, "score": round(self.value, 4), "signature": self.signature,
                "detail": self.text, "higher_is_better": self.higher_is_better}


class Metric:
    """A sacrebleu metric with review_app's defaults. Subclasses set the metadata and ``_make``."""

    name: ClassVar[str] = ""
    higher_is_better: ClassVar[bool] = True
    description: ClassVar[str] = ""

    def __init__(self, *, target_lang: str = "en", tokenize: str | None = None, lowercase: bool = False) -> None:
        self.target_lang = target_lang
        self.tokenize = tokenize
        self.lowercase = lowercase

    def sacre(self, *, sentence: bool = False) -> Any:
        """A fresh sacrebleu metric object configured like this one."""
        return self._make(sentence)

    def _make(self, sentence: bool) -> Any:
        raise NotImplementedError

    @property
    def signature(self) -> str:
        """sacrebleu's signature for this configuration (review_app always scores against one reference)."""
        m = self.sacre()
        m.num_refs = 1  # what corpus_score records; get_signature refuses to guess it
        return str(m.get_signature())

    @staticmethod
    def _check(hyps: Sequence[str], refs: Sequence[str]) -> None:
        if len(hyps) != len(refs):
            raise InputError(f"{len(hyps)} hypotheses but {len(refs)} references; they must pair up")

    def corpus_score(self, hyps: Sequence[str], refs: Sequence[str]) -> Score:
        self._check(hyps, refs)
        m = self.sacre()
        res = m.corpus_score(list(hyps), [list(refs)])
        return Score(self.name, float(res.score), str(m.get_signature()), str(res), self.higher_is_better)

    def statistics(self, hyps: Sequence[str], refs: Sequence[str]) -> list[list[Any]]:
        """Per-segment sufficient statistics (sacrebleu's ``_extract_corpus_statistics``): the corpus score,
        sentence scores and paired tests all derive from them, so a caller needing several extracts once."""
        self._check(hyps, refs)
        if not hyps:
            return []
        return list(self.sacre()._extract_corpus_statistics(list(hyps), [list(refs)]))

    def score_from_statistics(self, stats: Sequence[Sequence[Any]]) -> Score:
        """The corpus score from :meth:`statistics` (equal to :meth:`corpus_score` on the same texts)."""
        m = self.sacre()
        m.num_refs = 1
        res = m._aggregate_and_compute(list(stats))
        return Score(self.name, float(res.score), str(m.get_signature()), str(res), self.higher_is_better)

    def sentence_scores_from_statistics(self, stats: Sequence[Sequence[Any]]) -> list[float]:
        m = self.sacre(sentence=True)
        return [float(m._compute_score_from_stats(s).score) for s in stats]

    def sentence_scores(self, hyps: Sequence[str], refs: Sequence[str]) -> list[float]:
        self._check(hyps, refs)
        if not hyps:
            return []
        m = self.sacre(sentence=True)
        stats = m._extract_corpus_statistics(list(hyps), [list(refs)])
        return [float(m._compute_score_from_stats(s).score) for s in stats]


class Bleu(Metric):
    name = "bleu"
    description = "BLEU: n-gram precision with brevity penalty (Papineni et al., 2002)"

    def _make(self, sentence: bool) -> Any:
        from sacrebleu.metrics import BLEU

        return BLEU(
            tokenize=self.tokenize or default_tokenizer(self.target_lang),
            lowercase=self.lowercase,
            effective_order=sentence,
        )


class Chrf(Metric):
    name = "chrf"
    description = "chrF: character n-gram F-score, β=2 (Popović, 2015)"
    word_order: ClassVar[int] = 0

    def _make(self, sentence: bool) -> Any:
        from review_app.metrics.chrf import FastCHRF  # sacrebleu's CHRF, same numbers, faster matching

        return FastCHRF(word_order=self.word_order, lowercase=self.lowercase)


class ChrfPlusPlus(Chrf):
    name = "chrf++"
    description = "chrF++: chrF plus word uni- and bigrams (Popović, 2017)"
    word_order = 2


class Ter(Metric):
    name = "ter"
    higher_is_better = False
    description = "TER: edits per reference word, lower is better (Snover et al., 2006)"

    def _make(self, sentence: bool) -> Any:
        from review_app.metrics.ter import FastTER  # sacrebleu's TER, same numbers, faster shift search

        asian = self.target_lang.split("-")[0].lower() in ("ja", "zh", "ko")
        # sacrebleu's (and tercom's) default: case-insensitive.
        return FastTER(case_sensitive=False, asian_support=asian)


STATS_CHUNK = 1000
"""Segments whose reference n-grams are prepared at a time by :func:`system_statistics`."""


def system_statistics(metrics: Sequence[Metric], systems: Mapping[str, Sequence[str]], refs: Sequence[str],
                      *, chunk: int = STATS_CHUNK) -> dict[str, dict[str, list[list[Any]]]]:
    """``{system: {metric name: per-segment statistics}}``, each equal to ``metric.statistics(hyps, refs)``,
    computed with less work: every reference is prepared (tokenised, its n-grams counted) once for all systems,
    as sacrebleu's CLI does, but ``chunk`` segments at a time, so the n-gram counters of a whole corpus (about
    half a gigabyte for chrF on 10,000 segments) are never held at once; and with both chrF and chrF++ asked
    for (same settings, one reference), chrF's statistics are the character part of chrF++'s (sacrebleu
    computes that part identically for both)."""
    for name, hyps in systems.items():
        if len(hyps) != len(refs):
            raise InputError(f"{name}: {len(hyps)} hypotheses but {len(refs)} references; they must pair up")
    by_name = {m.name: m for m in metrics}
    derived: dict[str, tuple[str, int]] = {}
    chrf, plus = by_name.get("chrf"), by_name.get("chrf++")
    if type(chrf) is Chrf and type(plus) is ChrfPlusPlus and chrf.lowercase == plus.lowercase:
        c, p = chrf.sacre(), plus.sacre()
        if (c.char_order, c.beta, c.whitespace, c.eps_smoothing) == (p.char_order, p.beta, p.whitespace,
                                                                   p.eps_smoothing):
            derived["chrf"] = ("chrf++", 3 * c.char_order)
    out: dict[str, dict[str, list[list[Any]]]] = {s: {m.name: [] for m in metrics} for s in systems}
    computed = [m for m in metrics if m.name not in derived]
    for lo in range(0, len(refs), chunk):
        part = list(refs[lo:lo + chunk])
        for m in computed:
            sacre = m.sacre()
            sacre._ref_cache = sacre._cache_references([part])
            for name, hyps in systems.items():
                out[name][m.name].extend(sacre._extract_corpus_statistics(list(hyps[lo:lo + chunk]), None))
            del sacre
    for name in systems:
        for target, (source, width) in derived.items():
            out[name][target] = [row[:width] for row in out[name][source]]
    return out


# Lazy like sacrebleu's _TOKENIZERS: listing the metrics does not import sacrebleu.
METRICS: Registry[Metric] = Registry(
    "metric",
    {
        "bleu": "review_app.metrics.scores:Bleu",
        "chrf": "review_app.metrics.scores:Chrf",
        "chrf++": "review_app.metrics.scores:ChrfPlusPlus",
        "ter": "review_app.metrics.scores:Ter",
    },
)


def tokenizers() -> list[str]:
    """The BLEU tokenizers of the installed sacrebleu (its own registry)."""
    from sacrebleu.metrics.bleu import _TOKENIZERS

    return list(_TOKENIZERS)


def check_tokenizer(tokenize: str) -> None:
    """Refuse a tokenizer sacrebleu does not have, or cannot run here, with the choices (one-line error)."""
    names = tokenizers()
    if tokenize not in names:
        raise InputError(f"--tokenize {tokenize!r} is not a sacrebleu tokenizer; choose one of: {', '.join(names)}")
    try:
        from sacrebleu.metrics.bleu import _get_tokenizer

        _get_tokenizer(tokenize)()
    except Exception as exc:  # ImportError (sacrebleu[ja] / [ko] extras), a model it would download, …
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
        raise InputError(f"--tokenize {tokenize}: sacrebleu cannot use this tokenizer here ({reason}); "
                         "choose another, e.g. 13a, intl or char") from exc


def get_metric(name: str, *, target_lang: str = "en", tokenize: str | None = None) -> Metric:
    try:
        cls = METRICS.get(name)
    except KeyError as exc:
        raise InputError(str(exc.args[0])) from exc
    if tokenize is not None and name == "bleu":
        check_tokenizer(tokenize)
    return cls(target_lang=target_lang, tokenize=tokenize)


__all__ = [
    "METRICS",
    "Bleu",
    "Chrf",
    "ChrfPlusPlus",
    "Metric",
    "Score",
    "Ter",
    "check_tokenizer",
    "default_tokenizer",
    "get_metric",
    "ja_mecab_available",
    "system_statistics",
    "tokenizers",
]
