"""bench/meaning_split.py: the split of a run's CPU time counts every meaning finding once and leaves the checks as
it found them."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from review_app.checks import addition
from review_app.checks.base import CheckConfig, CheckContext, iter_findings
from review_app.qa import read_units, select_checks

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("meaning_split", ROOT / "bench" / "meaning_split.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["meaning_split"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_split_counts_the_findings_a_run_finds(bench: ModuleType, tmp_path: Path) -> None:
    from qa import build_xliff  # (bench/ is on the path once meaning_split is loaded)

    path = tmp_path / "bench.xlf"
    build_xliff(path, 60)
    prepare = addition.Neighbours.prepare
    s = bench.split(read_units(path).units)
    assert addition.Neighbours.prepare is prepare
    config = CheckConfig(options={c: {"enabled": True} for c in bench.MEANING})
    ctx = CheckContext(units=read_units(path).units, config=config)
    expected = Counter(i.check for i in iter_findings(select_checks(config), ctx) if i.check in bench.MEANING)
    assert {c: n for c, n in s["findings"].items() if n} == dict(expected)
    assert set(s["checks"]) == set(bench.MEANING)
    assert s["analysis"] > 0 and s["default checks"] > 0 and s["hooks"] >= s["neighbours"] >= 0
    assert all(t >= 0 for t in s["checks"].values())
    text = bench.render(s)
    assert "meaning analysis" in text and "addition's Neighbours.prepare" in text
