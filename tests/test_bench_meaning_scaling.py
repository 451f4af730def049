"""bench/meaning_scaling.py: both arms measured at both sizes, ratios and a verdict derived from them (no timing is
asserted: the figures are whatever the machine gives)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("meaning_scaling", ROOT / "bench" / "meaning_scaling.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["meaning_scaling"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_scaling_measures_both_arms_at_both_sizes(bench: ModuleType) -> None:
    r = bench.scaling(units=40, repeat=1, terms=50, floor=5)
    assert (r["units"], r["floor"]) == (40, 5)
    for arm in ("default", "meaning"):
        a = r[arm]
        assert set(a["cpu_s"]) == {"floor", "n", "2n"}
        assert all(len(v) == 1 for v in a["runs"].values())
        assert all(v > 0 for v in a["cpu_s"].values())
        assert isinstance(a["ratio"], float) and a["ratio"] > 0
        assert abs(a["ratio"] - a["cpu_s"]["2n"] / a["cpu_s"]["n"]) < 0.05  # (the seconds are rounded)
    net = r["meaning"]["net_ratio"]
    assert r["verdict"] == ("unmeasured" if net is None else "linear" if net <= bench.LINEAR_MAX else "superlinear")
    text = bench.render(r)
    assert "verdict: " + r["verdict"] in text and "meaning" in text and "default" in text


def test_scaling_rejects_a_floor_as_large_as_the_file(bench: ModuleType) -> None:
    with pytest.raises(ValueError):
        bench.scaling(units=10, repeat=1, terms=10, floor=10)
