"""TER statistics equal to sacrebleu's, computed faster (sacrebleu 2.x ``lib_ter``, Snover et al., 2006).

sacrebleu's TER follows tercom: a greedy search over word shifts (at most 1,000 candidate shifts a sentence,
the best first by edit-distance gain, then length, then position), each candidate scored by a beam-restricted
Levenshtein distance. Its cost is the distance: every candidate recomputes the rows of the edit-distance
matrix from where the shifted hypothesis first differs to the end of the sentence, keeping for each cell the
cost *and* the operation. On the shipped article that is ~84 % of a ``review-app compare`` run.

This module runs the same search and the same beam, with three changes that do not move any number:

* **Costs without operations.** A candidate only needs its distance; the operations (needed for the
  alignment that proposes the next shifts) are recovered once per accepted shift by walking back through the
  cost rows, choosing at each cell the operation sacrebleu would have stored (no-op/substitution, then
  deletion, then insertion: the first whose cost reaches the cell's).
* **Only the rows a shift changes.** A shift permutes the hypothesis words in ``[a, b)`` and leaves the rest in
  place. The beam's band depends only on the row, not on the words, so the distance is a shortest path in one
  fixed band; it is ``min_j F'[b][j] + B[b][j]``, with ``F'`` the forward rows of the shifted words (rows
  ``0..a`` are the unshifted hypothesis's, so only ``a+1..b`` are computed) and ``B`` the backward rows of the
  unshifted hypothesis (computed once per search step).
* **Matching word pairs from an index** of the reference's word positions instead of testing every
  (hypothesis position, reference position) pair; the pairs come out in sacrebleu's order, so the candidate
  count, its limit and ties behave the same.
* **Bit-parallel distances first.** Every candidate is scored by the bit-parallel Levenshtein distance (no
  beam: one machine word operation a hypothesis word instead of a loop over the band). It is the band's
  distance when the band covers the matrix, and provably also when it is small enough that no cheapest path
  can leave the band (:func:`_search_step` gives the bound); then the trace of the unshifted hypothesis is read
  from the same bit vectors and no band row is computed at all. Only candidates above the bound that could
  still gain are scored in the band.

Should a sentence ever reach a cell the beam cannot reach (sacrebleu's "infinite" cost), sacrebleu's own code
computes it. ``tests/test_ter_parity.py`` checks equality with sacrebleu on WMT22 systems and on adversarial
sentences (many repeated words, extreme length ratios, the 1,000-candidate limit).
"""

# ruff: noqa: PLR1730, PLW2901 - the matrix loops compare explicitly and update their loop variables: min() would
# be a function call per cell, in the loops that are this module's whole cost.
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from sacrebleu.metrics import lib_ter
from sacrebleu.metrics.ter import TER

_INF = lib_ter._INT_INFINITY
_BEAM = lib_ter._BEAM_WIDTH
_MAX_SHIFT_SIZE = lib_ter._MAX_SHIFT_SIZE
_MAX_SHIFT_DIST = lib_ter._MAX_SHIFT_DIST
_MAX_CANDIDATES = lib_ter._MAX_SHIFT_CANDIDATES
assert lib_ter._COST_INS == lib_ter._COST_DEL == lib_ter._COST_SUB == 1, "unit edit costs assumed"


_S = TypeVar("_S")


class _Unreachable(Exception):
    """A band cell with sacrebleu's infinite cost: leave the sentence to sacrebleu."""


def _sweep(w: str, refs: Sequence[str | None], diagonal: Sequence[int], straight: Sequence[int],
           edge: int) -> list[int]:
    """One row of unit-cost edit distances along ``refs``: each cell is the cheapest of the diagonal neighbour
    (+1 unless ``w`` equals the reference word), the straight neighbour + 1, and the previous cell of the row
    + 1 (``edge`` before the first)."""
    cells: list[int] = []
    append = cells.append
    last = edge
    for r, c, u in zip(refs, diagonal, straight, strict=True):
        if w != r:
            c += 1
        u += 1
        if u < c:
            c = u
        last += 1
        if c < last:
            last = c
        append(last)
    return cells


class _Band:
    """The beam of one (hypothesis length, reference) pair: row ``i`` of the matrix is computed in columns
    ``lo[i]..hi[i]-1`` exactly as sacrebleu's ``BeamEditDistance._edit_distance`` bounds it."""

    __slots__ = ("beam", "hi", "lo", "n_h", "n_r", "ref")

    def __init__(self, n_h: int, ref: Sequence[str]) -> None:
        n_r = len(ref)
        self.n_h, self.n_r, self.ref = n_h, n_r, ref
        length_ratio = n_r / n_h if n_h else 1
        beam = math.ceil(length_ratio / 2 + _BEAM) if length_ratio / 2 > _BEAM else _BEAM
        self.beam = beam
        lo = [0] * (n_h + 1)
        hi = [n_r + 1] * (n_h + 1)
        for i in range(1, n_h + 1):
            pseudo_diag = math.floor(i * length_ratio)
            lo[i] = max(0, pseudo_diag - beam)
            hi[i] = min(n_r + 1, pseudo_diag + beam)
        hi[n_h] = n_r + 1
        self.lo, self.hi = lo, hi

    def row(self, prev: list[int], w: str, i: int) -> list[int]:
        """Cost row ``i`` from row ``i - 1`` (``prev``) and hypothesis word ``i`` (``w``). Cells outside the band
        hold sacrebleu's infinity, and one spare infinite cell ends every row."""
        lo, hi = self.lo[i], self.hi[i]
        if lo == 0:
            left = prev[0] + 1  # column 0: deletions only
            cells = [left]
            lo = 1
        else:
            left = _INF
            cells = [_INF] * lo
        cells += _sweep(w, self.ref[lo - 1:hi - 1], prev[lo - 1:hi - 1], prev[lo:hi], left)
        cells += [_INF] * (self.n_r + 2 - hi)
        return cells

    def initial(self) -> list[int]:
        """Row 0: ``j`` insertions to reach column ``j``."""
        return [*range(self.n_r + 1), _INF]

    def backward(self, words: Sequence[str], rows: list[list[int]], stop: int) -> None:
        """Rows ``stop-1..1`` of ``B`` (``rows[stop..n_h]`` already hold those of ``words``): ``B[i][j]`` is the
        cheapest way from cell ``(i, j)`` to the last cell, staying in the band. Row 0 is never needed."""
        n_h, n_r, lo_, hi_ = self.n_h, self.n_r, self.lo, self.hi
        ref = [*self.ref, None]  # column n_r has no diagonal: a word never equals None
        width = n_r + 2
        if stop > n_h:
            last = [_INF] * width
            for j in range(lo_[n_h], n_r + 1):
                last[j] = n_r - j
            rows[n_h] = last
            stop = n_h
        nxt = rows[stop]
        for i in range(stop - 1, 0, -1):
            w = words[i]  # moving from row i to row i + 1 consumes hypothesis word i + 1
            lo, hi = lo_[i], hi_[i]
            # the same sweep as a forward row, right to left: diagonal B[i+1][j+1], straight down B[i+1][j]
            cells = _sweep(w, ref[hi - 1:lo - 1 if lo else None:-1], nxt[hi:lo:-1],
                           nxt[hi - 1:lo - 1 if lo else None:-1], _INF)
            cells.reverse()
            nxt = rows[i] = [_INF] * lo + cells + [_INF] * (width - hi)


class _Trie(Generic[_S]):
    """Row states of one sentence's hypotheses, shared by prefix (like sacrebleu's cache, a trie keyed by the
    hypothesis words, at most ``_MAX_NODES`` states): shifts of one hypothesis share its rows up to where they
    differ, and candidate shifts of one block share the rows of the words they move over. A node is (children
    by word, state of the row)."""

    __slots__ = ("root", "size")
    _MAX_NODES = 10_000

    def __init__(self, first: _S) -> None:
        self.root: tuple[dict[str, Any], _S] = ({}, first)
        self.size = 0

    def _next(self, state: _S, w: str, i: int) -> _S:
        """The state of row ``i`` from that of row ``i - 1`` and hypothesis word ``i`` (``w``)."""
        raise NotImplementedError

    def walk(self, node: tuple[dict[str, Any], _S], words: Sequence[str], start: int, stop: int,
             path: list[tuple[dict[str, Any], _S]] | None = None) -> _S:
        """The state of row ``stop`` of ``words`` from ``node`` (row ``start`` of ``words``); with ``path``,
        every node on the way appended."""
        step = self._next
        for k in range(start, stop):
            w = words[k]
            nxt = node[0].get(w)
            if nxt is None:
                nxt = ({}, step(node[1], w, k + 1))
                if self.size < self._MAX_NODES:
                    node[0][w] = nxt
                    self.size += 1
            node = nxt
            if path is not None:
                path.append(node)
        return node[1]


class _Rows(_Trie[list[int]]):
    """The forward cost rows of the band (:meth:`_Band.row`)."""

    __slots__ = ("band",)

    def __init__(self, band: _Band) -> None:
        super().__init__(band.initial())
        self.band = band

    def _next(self, state: list[int], w: str, i: int) -> list[int]:
        return self.band.row(state, w, i)


class _Bits(_Trie[tuple[int, int, int]]):
    """Edit distances of whole rows at once, without the band: the bit-parallel Levenshtein distance of Myers
    (1999) as Hyyrö (2001) writes it, one reference position a bit, one step a hypothesis word; unit costs, so
    the band's distance wherever the band covers every cheapest path (see :func:`_search_step`). A state holds
    the row's +1 and -1 steps along the reference and its last cell (the distance)."""

    __slots__ = ("high", "mask", "peq")
    _MAX_NODES = 20_000

    def __init__(self, ref: Sequence[str]) -> None:
        m = len(ref)
        self.mask = (1 << m) - 1
        self.high = 1 << (m - 1)
        peq: dict[str, int] = {}
        for j, w in enumerate(ref):
            peq[w] = peq.get(w, 0) | (1 << j)
        self.peq = peq
        # row 0: D[0][j] = j, every step along the row +1; the last cell holds m
        super().__init__((self.mask, 0, m))

    def _next(self, state: tuple[int, int, int], w: str, i: int) -> tuple[int, int, int]:
        mask, high = self.mask, self.high
        vp, vn, score = state
        eq = self.peq.get(w, 0)
        xv = eq | vn
        xh = (((eq & vp) + vp) ^ vp) | eq
        hp = vn | (~(xh | vp) & mask)
        hn = vp & xh
        if hp & high:
            score += 1
        elif hn & high:
            score -= 1
        hp = ((hp << 1) | 1) & mask  # column 0 grows by one a row (deletions)
        hn = (hn << 1) & mask
        return hn | (~(xv | hp) & mask), hp & xv, score


def _trace(words: Sequence[str], ref: Sequence[str], cost: Callable[[int, int], int]) -> str:
    """sacrebleu's trace of edit operations for ``words`` against ``ref``, ``cost(i, j)`` being the forward
    cost of cell ``(i, j)``: from the last cell back, the first of no-op/substitution, deletion, insertion
    whose neighbour reaches the cell's cost."""
    i, j = len(words), len(ref)
    ops: list[str] = []
    while i > 0 or j > 0:
        if i == 0:
            op = "i"  # row 0 holds insertions
        elif j == 0:
            op = "d"
        else:
            here = cost(i, j)
            if cost(i - 1, j - 1) + (words[i - 1] != ref[j - 1]) == here:
                op = " " if words[i - 1] == ref[j - 1] else "s"
            elif cost(i - 1, j) + 1 == here:
                op = "d"
            else:
                op = "i"
        ops.append(op)
        if op in " s":
            i -= 1
            j -= 1
        elif op == "i":
            j -= 1
        else:
            i -= 1
    return "".join(reversed(ops))


def _bit_costs(states: Sequence[tuple[int, int, int]]) -> Callable[[int, int], int]:
    """Cell costs from the bit-parallel states of rows 0..n_h (:class:`_Bits`): cell ``(i, j)`` is ``i``
    (column 0) plus the row's +1 and -1 steps before column ``j``. They are the band's costs on every cell
    :func:`_trace` can choose: the whole matrix when the band covers it, and otherwise every cell of a
    cheapest path when the distance is within the bound of :func:`_search_step` (a neighbour off every
    cheapest path costs more than needed in both, so both pass it over)."""

    def cost(i: int, j: int) -> int:
        vp, vn, _ = states[i]
        below = (1 << j) - 1
        return i + (vp & below).bit_count() - (vn & below).bit_count()

    return cost


class _Backward:
    """The backward rows ``B`` of the current hypothesis, computed only when a candidate needs them (see
    :func:`_search_step`) and then only from the first row an accepted shift changed."""

    __slots__ = ("band", "rows", "stale")

    def __init__(self, band: _Band) -> None:
        self.band = band
        self.rows: list[list[int]] = [[]] * (band.n_h + 1)
        self.stale = band.n_h + 1  # rows below this one do not belong to the current words

    def shifted(self, changed_to: int) -> None:
        """Rows from ``changed_to`` on still see the same words after a shift."""
        self.stale = max(self.stale, changed_to)

    def get(self, words: Sequence[str]) -> list[list[int]]:
        if self.stale:
            self.band.backward(words, self.rows, self.stale)
            self.stale = 0
        return self.rows


def _search_step(band: _Band, rows: _Rows, bits: _Bits, full: bool, words: list[str], bwd: _Backward,
                 positions: dict[str, list[int]], checked: int) -> tuple[int, int, list[str], int, int]:
    """One step of sacrebleu's ``_shift`` on ``words``: (edit distance of ``words``, gain of the best shift, the
    shifted words, the first row the shift changes, candidates checked so far).

    Every candidate is first scored by ``bits``, the distance without the beam. Where the band covers the whole
    matrix (``full``) that is the banded distance. Elsewhere it is a lower bound, and equal to it whenever it is
    at most ``exact``: reaching cell ``(i, j)`` costs at least ``|x|`` with ``x = j - i``, finishing from it at
    least ``|δ - x|`` with ``δ = n_r - n_h``, so every cell of a path of cost ``D`` has ``|x| + |δ - x| <= D``,
    which keeps it within ``(D + |δ|) / 2`` columns of the band's diagonal ``i * n_r / n_h``; with
    ``D + |δ| <= 2 * beam - 4`` that is inside the band, its diagonal's rounding included, so an optimal path
    of the whole matrix is one of the band. A bound at or above the unshifted distance means no gain, whatever
    the banded distance; only the rest is scored in the band."""
    n_h, n_r = band.n_h, band.n_r
    bpath = [bits.root]
    pre_score = bits.walk(bits.root, words, 0, n_h, bpath)[2]
    exact = 2 * band.beam - 4 - abs(n_r - n_h)
    path: list[tuple[dict[str, Any], list[int]]] = []
    if full or pre_score <= exact:
        # every candidate's bound is then either exact or no gain: no band row is needed
        trace = _trace(words, band.ref, _bit_costs([node[1] for node in bpath]))
    else:
        path.append(rows.root)
        rows.walk(rows.root, words, 0, n_h, path)
        fwd = [node[1] for node in path]
        pre_score = fwd[n_h][n_r]
        if pre_score >= _INF:
            raise _Unreachable
        trace = _trace(words, band.ref, lambda i, j: fwd[i][j])
    align, ref_err, hyp_err = lib_ter.trace_to_alignment(lib_ter._flip_trace(trace))
    hyp_cum = [0]
    for e in hyp_err:
        hyp_cum.append(hyp_cum[-1] + e)
    ref_cum = [0]
    for e in ref_err:
        ref_cum.append(ref_cum[-1] + e)
    lo_, hi_ = band.lo, band.hi
    ref = band.ref
    best: tuple[int, int, int, int] | None = None
    best_words, best_b = words, n_h
    for start_h in range(n_h):
        for start_r in positions.get(words[start_h], ()):
            if start_r - start_h > _MAX_SHIFT_DIST:
                break
            if start_h - start_r > _MAX_SHIFT_DIST:
                continue
            length = 0
            while words[start_h + length] == ref[start_r + length] and length < _MAX_SHIFT_SIZE:
                length += 1
                # sacrebleu's _find_shifted_pairs yields (start_h, start_r, length) here
                if (hyp_cum[start_h + length] - hyp_cum[start_h] != 0
                        and ref_cum[start_r + length] - ref_cum[start_r] != 0
                        and not start_h <= align[start_r] < start_h + length):
                    prev_idx = -1
                    for offset in range(-1, length):
                        if start_r + offset == -1:
                            idx = 0
                        elif start_r + offset in align:
                            idx = align[start_r + offset] + 1
                        else:
                            break
                        if idx == prev_idx:
                            continue
                        prev_idx = idx
                        shifted = lib_ter._perform_shift(words, start_h, length, idx)
                        # the rows a+1..b see other words than the unshifted hypothesis's
                        if idx < start_h:
                            a, b = idx, start_h + length
                        elif idx > start_h + length:
                            a, b = start_h, idx
                        else:
                            a, b = start_h, min(n_h, idx + length)
                        score = bits.walk(bpath[a], shifted, a, n_h)[2]
                        if full or score <= exact or score >= pre_score:
                            pass
                        elif b == n_h:
                            score = rows.walk(path[a], shifted, a, b)[n_r]
                        else:
                            row = rows.walk(path[a], shifted, a, b)
                            lo, hi = lo_[b], hi_[b]
                            score = min(map(int.__add__, row[lo:hi], bwd.get(words)[b][lo:hi]))
                        checked += 1
                        candidate = (pre_score - score, length, -start_h, -idx)
                        if best is None or candidate > best:
                            best, best_words, best_b = candidate, shifted, b
                    if checked >= _MAX_CANDIDATES:
                        return pre_score, (0 if best is None else best[0]), best_words, best_b, checked
                if n_h == start_h + length or n_r == start_r + length:
                    break
    return pre_score, (0 if best is None else best[0]), best_words, best_b, checked


def translation_edit_rate(words_hyp: list[str], words_ref: list[str]) -> tuple[int, int]:
    """(number of edits, reference length): equal to ``sacrebleu.metrics.lib_ter.translation_edit_rate``."""
    n_r = len(words_ref)
    n_h = len(words_hyp)
    if n_r == 0:
        return n_h, 0
    if n_h == 0:
        return n_r, n_r
    try:
        band = _Band(n_h, words_ref)
        rows = _Rows(band)
        positions: dict[str, list[int]] = {}
        for j, w in enumerate(words_ref):
            positions.setdefault(w, []).append(j)
        shifts = 0
        words = list(words_hyp)
        full = all(lo == 0 for lo in band.lo) and all(hi == n_r + 1 for hi in band.hi)
        bits = _Bits(words_ref)
        bwd = _Backward(band)
        checked = 0
        while True:
            distance, delta, new_words, changed_to, checked = _search_step(band, rows, bits, full, words, bwd,
                                                                           positions, checked)
            if checked >= _MAX_CANDIDATES or delta <= 0:
                break
            shifts += 1
            words = new_words
            bwd.shifted(changed_to)
    except _Unreachable:  # pragma: no cover - no real sentence found to reach it
        return lib_ter.translation_edit_rate(words_hyp, words_ref)
    return shifts + distance, n_r


class FastTER(TER):
    """sacrebleu's ``TER`` (same options, tokenizer, signature and scores) with :func:`translation_edit_rate`."""

    def _compute_segment_statistics(self, hypothesis: str, ref_kwargs: dict[str, Any]) -> list[float]:
        ref_words = ref_kwargs["ref_words"]
        words_hyp = hypothesis.split()
        ref_lengths = 0
        best_num_edits = _INF
        for words_ref in ref_words:
            num_edits, ref_len = translation_edit_rate(words_hyp, words_ref)
            ref_lengths += ref_len
            if num_edits < best_num_edits:
                best_num_edits = num_edits
        return [best_num_edits, ref_lengths / len(ref_words)]


__all__ = ["FastTER", "translation_edit_rate"]
