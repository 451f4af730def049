"""bench/meaning_pools.py, the draw of the meaning checks' held-out sets: its draws repeat (the fourteenth set's pool
and entity rows come out again, the new ``mid`` pool leaving the older pools' draws alone), the ``mid`` pool holds
what it says (full-length outputs far from their reference, on segments no labelled row uses), and ``--entity-rows``
prints the rows a labeller fills in. Real data: WMT21/22 under ../shared/realworld."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import SHARED, shared_dir

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"


@pytest.fixture(scope="module")
def pools() -> ModuleType:
    shared_dir(SHARED / "realworld")
    spec = importlib.util.spec_from_file_location("meaning_pools", ROOT / "bench" / "meaning_pools.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["meaning_pools"] = mod
    spec.loader.exec_module(mod)
    return mod


def _set(name: str) -> list[dict[str, Any]]:
    rows = [json.loads(ln) for ln in LABELS.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [r for r in rows if r.get("set") == name]


def test_the_fourteenth_sets_pool_rows_are_drawn_again_with_or_without_the_mid_pool(pools: ModuleType) -> None:
    kept = [(r["dataset"], r["system"], r["seg"], r["pool"]) for r in _set("after-code-14")
            if r.get("pool") in ("short", "long", "neg")]
    assert len(kept) == 18
    for mid in (0, 3):
        drawn = pools.draw(12, 12, 6, 20261482, "after-code-14", mid=mid)
        assert [(r["dataset"], r["system"], r["seg"], r["pool"]) for r in drawn[:18]] == kept
        assert len(drawn) == 18 + mid and all(r["pool"] == "mid" for r in drawn[18:])


def test_mid_rows_are_full_length_far_from_their_reference_and_unused(pools: ModuleType) -> None:
    from realworld import DATA, load_year
    from sacrebleu.metrics import CHRF

    drawn = pools.draw(0, 0, 0, 7, "after-code-15", mid=8, mid_max_chrf=25.0)
    assert len(drawn) == 8
    used = {(r["dataset"], r["seg"]) for r in _set("after-code-14") if "seg" in r}
    chrf = CHRF()
    years = {y: load_year(DATA, y) for y in ("wmt21", "wmt22")}
    for r in drawn:
        ref = years[r["dataset"]].ref[r["seg"] - 1]
        assert len(ref) > 30 and 0.8 * len(ref) <= len(r["target"]) <= 1.25 * len(ref)
        assert chrf.sentence_score(r["target"], [ref]).score < 25.0
        assert (r["dataset"], r["seg"]) not in used and not r["system"].startswith("AIST")
        assert r["labels"] == [] and r["set"] == "after-code-15"


def test_entity_rows_are_the_fourteenth_sets_rows_before_labelling(pools: ModuleType) -> None:
    rows = pools.entity_rows(pools.draw_terms(6, 20261483, "after-code-14"), "after-code-14")
    labelled = [r for r in _set("after-code-14") if "term" in r]
    assert len(rows) == len(labelled) == 93

    def blank(r: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in r.items() if k not in ("labels", "note")}

    assert [blank(r) for r in rows] == [blank(r) for r in labelled]
    assert all(r["labels"] == [] and r["note"] == "" for r in rows)
