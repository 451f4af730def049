"""bench/realworld.py (the real-world evaluation harness) on a small slice of ../shared/realworld, and its
statistics on hand-computed cases."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import SHARED, shared_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def realworld() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realworld", ROOT / "bench" / "realworld.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["realworld"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize(("x", "y", "tau"), [
    ([1, 2, 3, 4], [1, 2, 3, 4], 1.0),
    ([1, 2, 3, 4], [4, 3, 2, 1], -1.0),
    ([1, 2, 3, 4], [1, 3, 2, 4], 2 / 3),  # 5 concordant, 1 discordant pair
    ([1, 1, 2, 3], [1, 2, 3, 4], 5 / (6 * 5) ** 0.5),  # one tie in x: τ-b = 5 / sqrt(6·5)
])
def test_kendall_tau_b(realworld: ModuleType, x: list[float], y: list[float], tau: float) -> None:
    assert realworld.kendall_tau_b(x, y) == pytest.approx(tau)


def test_kendall_tau_b_undefined_for_constant_input(realworld: ModuleType) -> None:
    assert realworld.kendall_tau_b([1, 1, 1], [1, 2, 3]) is None


@pytest.mark.parametrize(("flagged", "unflagged", "auc"), [
    ([10, 20], [30, 40], 1.0),  # every flagged segment scores lower
    ([30, 40], [10, 20], 0.0),
    ([10, 30], [20, 40], 0.75),  # 3 of 4 pairs
    ([20], [20, 20], 0.5),  # ties count half
])
def test_auc_lower(realworld: ModuleType, flagged: list[float], unflagged: list[float], auc: float) -> None:
    assert realworld.auc_lower(flagged, unflagged) == pytest.approx(auc)


def test_evaluate_a_slice_of_both_years(realworld: ModuleType) -> None:
    data = shared_dir(SHARED / "realworld")
    report = realworld.evaluate(checks=["number-missing", "date-missing", "length-outlier"], limit=80, data=data,
                                bleu=False)
    for year in ("wmt21", "wmt22"):
        d = report["years"][year]
        assert d["segments"] == 80
        assert len(d["systems"]) in (14, 16)
        assert all(s["segments"] == 80 for s in d["systems"])
        assert -1 <= (d["tau"]["major_z"] or 0) <= 1
        seg = d["segment"]["any"]
        assert seg["flagged"] + seg["unflagged"] > 80 * 10  # most systems' segments have a human score
        assert set(d["reference"]["by_check"]) <= {"number-missing", "date-missing", "length-outlier"}
    assert report["provenance"]["checks"] == ["number-missing", "date-missing", "length-outlier"]
    text = realworld.render(report, "markdown")
    assert "| number-missing |" in text and "wmt22: systems by human z" in text
    json.loads(realworld.render(report, "json"))


def test_source_side_has_no_system_ranking(realworld: ModuleType) -> None:
    data = shared_dir(SHARED / "realworld")
    report = realworld.evaluate(side="source", limit=50, data=data, years=["wmt22"])
    d = report["years"]["wmt22"]
    assert "systems" not in d and "any" in d["segment"]
    assert all(c.startswith("source-") or c == "term-source-variant" for c in report["provenance"]["checks"])


def test_command_line_runs_and_rejects_an_unknown_check(tmp_path: Path) -> None:
    data = shared_dir(SHARED / "realworld")
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "realworld.py"), "--limit", "40", "--no-bleu",
                           "--data", str(data), "--format", "table"], capture_output=True, text=True,
                          check=False, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "Overall (target side; wmt21: 40 segments, wmt22: 40 segments)" in proc.stdout
    bad = subprocess.run([sys.executable, str(ROOT / "bench" / "realworld.py"), "--checks", "no-such-check",
                          "--data", str(data)], capture_output=True, text=True, check=False, timeout=600, cwd=ROOT)
    assert bad.returncode == 2 and "unknown check id(s) no-such-check" in bad.stderr
    missing = subprocess.run([sys.executable, str(ROOT / "bench" / "realworld.py"), "--data", str(tmp_path)],
                             capture_output=True, text=True, check=False, timeout=600, cwd=ROOT)
    assert missing.returncode == 2 and "wmt21-ja-en: not found" in missing.stderr


def test_labelled_sample_is_well_formed(realworld: ModuleType) -> None:
    rows = realworld.load_labels()
    assert rows, "bench/data/realworld-labels.jsonl holds the hand-labelled reference findings"
    for r in rows:
        assert r["year"] in ("wmt21", "wmt22") and r["line"] >= 1
        assert r["verdict"] in ("false-alarm", "correct", "debatable"), r
        assert r["reason"].strip(), r
