"""bench/realworld.py: which segment a WMT segment score belongs to (ids count the documents in id order)."""

from __future__ import annotations

import importlib
import os
import statistics
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "realworld"


def _rw():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "bench"))
    return importlib.import_module("realworld")


def test_segment_ids_follow_the_documents_in_id_order() -> None:
    rw = _rw()
    docs = [rw.Document("yahoo-ja.2", "news", 0, 2), rw.Document("conversational_ja_9", "conv", 2, 5),
            rw.Document("saga-ja.1", "news", 5, 6)]
    # ids sorted: conversational_ja_9 (lines 2-4), saga-ja.1 (5), yahoo-ja.2 (0-1)
    assert rw.sid_lines(docs) == [2, 3, 4, 5, 0, 1]
    assert rw.sid_lines(docs, "xml") == [0, 1, 2, 3, 4, 5]
    with pytest.raises(ValueError, match="segment id order 'line'"):
        rw.sid_lines(docs, "line")


@pytest.mark.parametrize("year", ["wmt21", "wmt22"])
def test_on_the_wmt_data_only_that_order_puts_each_score_on_its_segment(year: str) -> None:
    """Sentence chrF against the human score of the same segment: higher with the id order than with the line order
    this module read before, and higher than with the id order shifted by one segment."""
    if not SHARED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/realworld is missing under CI=true")
        pytest.skip("../shared/realworld is not here")
    from sacrebleu.metrics import CHRF

    rw = _rw()
    chrf = CHRF()

    def corr(order: str, shift: int = 0) -> float:
        w = rw.load_year(SHARED, year, sid_order=order)
        system = "Online-W"  # a system rated on most segments in both years
        xs, ys = [], []
        for line, (raw, _z) in w.seg_scores[system].items():
            other = line + shift
            if 0 <= other < w.lines:
                xs.append(chrf.sentence_score(w.hyps[system][other], [w.ref[other]]).score)
                ys.append(raw)
        return statistics.correlation(xs, ys)

    right = corr("sorted")
    assert right > 0.15
    assert right > corr("xml") + 0.1
    assert right > corr("sorted", 1) + 0.05
    # the limited read (first 300 lines) keeps the scores of those lines and no other
    full = rw.load_year(SHARED, year)
    part = rw.load_year(SHARED, year, limit=300)
    assert part.seg_scores["Online-W"] == {k: v for k, v in full.seg_scores["Online-W"].items() if k < 300}
