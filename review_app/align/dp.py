"""The dynamic programme of the alignment (Gale & Church 1993): the cost of one link (prior, length, anchors,
embeddings, block ends) and the minimum-cost sequence of links, banded on long documents."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from review_app.align.anchors import anchor_cost
from review_app.align.length import length_cost

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

EMBEDDING_WEIGHT = 6.0
"""Weight of the scaled embedding distance (about 0.5 for a translation, 1.0 for an unrelated pair)."""
EMBEDDING_NULL = 0.3
"""Scaled embedding distance charged to a 1-0 or 0-1 link (a translation scores about 0.5; of 0.3, 0.5 and
0.8, 0.3 did best on the perturbed reference)."""
BLOCK_BOUNDARY_COST = 3.0
"""Extra cost of a 2-1 or 1-2 link whose two sentences lie in different blocks (used when the blocks are not
paired in order)."""


@dataclass(slots=True)
class Unit:
    """One alignable item (a sentence, or a block at the block level) with precomputed features."""

    length: int
    anchors: set[str]
    vector: Any = None
    block: int = 0


def _union(units: Sequence[Unit]) -> set[str]:
    return set().union(*(u.anchors for u in units)) if units else set()


class Scorer:
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

    def cost(self, ja: Sequence[Unit], en: Sequence[Unit], prior_cost: float, boundary: bool) -> float:
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


def best_path(
    ja: Sequence[Unit],
    en: Sequence[Unit],
    scorer: Scorer,
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
            return best_path(ja, en, scorer, priors, boundary=boundary, band=None)
        raise RuntimeError("alignment dynamic programme found no path")  # unreachable: 1-0 and 0-1 always exist
    out: list[tuple[range, range, float]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj, c = back[(i, j)]
        out.append((range(i - di, i), range(j - dj, j), c))
        i, j = i - di, j - dj
    out.reverse()
    return out



def band(n: int, m: int) -> int | None:
    if n * m <= 250_000:
        return None
    return max(40, abs(n - m) + 20)
