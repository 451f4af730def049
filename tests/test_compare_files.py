"""``review-app compare --source SRC --reference REF HYP...``: line-aligned files, no project (issue 22).

On the WMT22 ja→en test set in ``../shared/realworld`` (2,008 lines): BLEU and chrF equal sacrebleu's own CLI
with its defaults to 2 decimals, for two systems; every report format; one-line errors for bad input.
(``bench/compare_files.py`` checks every system and times the whole run against sacrebleu's CLI.)
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main

from .conftest import SHARED, shared_dir

WMT22 = SHARED / "realworld" / "wmt22-ja-en"
SYSTEMS = ("NT5", "Online-A")


@pytest.fixture(scope="module")
def wmt22() -> Path:
    return shared_dir(WMT22)


def _sacrebleu(ref: Path, hyp: Path) -> dict[str, float]:
    """sacrebleu's CLI with its defaults (BLEU 13a, chrF β=2), scores printed with 2 decimals."""
    out = subprocess.run([sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", "bleu", "chrf",
                          "-w", "2", "-f", "json"], capture_output=True, text=True, check=True).stdout
    rows = json.loads(out)
    return {r["name"]: float(r["score"]) for r in rows}


@pytest.fixture(scope="module")
def report(wmt22: Path) -> dict:
    r = CliRunner().invoke(main, ["compare", "--source", str(wmt22 / "src.ja"), "--reference", str(wmt22 / "ref.en"),
                                  *[str(wmt22 / "hyp" / f"{s}.en") for s in SYSTEMS], "--metric", "bleu",
                                  "--metric", "chrf", "--no-qa", "--samples", "100", "--top", "3",
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_bleu_and_chrf_equal_sacrebleu_cli(wmt22: Path, report: dict) -> None:
    engines = {e["engine"]: e for e in report["engines"]}
    assert list(engines) == list(SYSTEMS)
    for system in SYSTEMS:
        theirs = _sacrebleu(wmt22 / "ref.en", wmt22 / "hyp" / f"{system}.en")
        ours = engines[system]["scores"]
        assert round(ours["bleu"]["score"], 2) == theirs["BLEU"], system
        assert round(ours["chrf"]["score"], 2) == theirs["chrF2"], system


def test_files_report_shape(report: dict) -> None:
    assert report["mode"] == "files" and report["project"] == "src.ja" and report["reference"] == "ref.en"
    assert report["segments"] == report["scored_segments"] == 2008
    assert report["significance"]["n_segments"] == 2008 and report["significance"]["baseline"] == SYSTEMS[0]
    assert report["signatures"]["bleu"].startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    assert len(report["disagreements"]) == 3 and report["disagreements"][0]["segment"].isdigit()
    for rows in report["significance"]["results"].values():
        for r in rows:
            low, high = r["ci95"]
            assert 0 <= low <= r["mean"] <= high <= 100


@pytest.mark.parametrize("fmt", ["table", "html", "csv"])
def test_files_mode_formats(wmt22: Path, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    r = CliRunner().invoke(main, ["compare", "--source", str(wmt22 / "src.ja"), "--reference", str(wmt22 / "ref.en"),
                                  str(wmt22 / "hyp" / "NT5.en"), str(wmt22 / "hyp" / "Online-A.en"), "--no-qa",
                                  "--metric", "chrf", "--samples", "50", "--top", "1", "--format", fmt, "-o", str(out)])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    if fmt == "table":
        assert text.startswith("files src.ja: 2008 segments, reference = ref.en")
    elif fmt == "html":
        assert "<svg" in text and "95% interval" in text and "<script" not in text
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [(r["engine"], r["metric"]) for r in rows] == [("NT5", "chrF"), ("Online-A", "chrF")]
        assert all(r["signature"].startswith("nrefs:1|") and r["significance_signature"] for r in rows)
        assert rows[1]["p_value"] and float(rows[1]["ci95_low"]) <= float(rows[1]["score"])


def test_line_count_mismatch_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "src.ja").write_text("一。\n二。\n三。\n", encoding="utf-8")
    (tmp_path / "ref.en").write_text("One.\nTwo.\nThree.\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("One.\nTwo.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["compare", "--source", str(tmp_path / "src.ja"), "--reference",
                                  str(tmp_path / "ref.en"), str(tmp_path / "a.en")])
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1
    assert "a.en: 2 lines, but the source" in r.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "S"], "give one or more system output files"),
        (["--source", "S", "H"], "files mode needs --reference REF"),
        (["P", "Q"], "give one PROJECT folder, or --source SRC"),
        ([], "give a PROJECT folder"),
    ],
)
def test_files_mode_usage_errors(args: list[str], message: str) -> None:
    r = CliRunner().invoke(main, ["compare", *args])
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_reference_given_as_a_system_is_refused(tmp_path: Path) -> None:
    (tmp_path / "src.ja").write_text("一。\n", encoding="utf-8")
    (tmp_path / "ref.en").write_text("One.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["compare", "--source", str(tmp_path / "src.ja"), "--reference",
                                  str(tmp_path / "ref.en"), str(tmp_path / "ref.en")])
    assert r.exit_code == 2 and "both the reference and a system" in r.output
