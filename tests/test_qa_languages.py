"""QA knows which language pairs its checks are written for.

Most checks are Japanese→English checks (numerals with 万/億, Japanese dates, Japanese text left in an English
target, politeness of a Japanese source). Run on an English→Japanese or English→French file they would report
every segment; they are skipped there and the report says which were skipped and why. The language pair comes
from the file (XLIFF/TMX declare it), from --source-lang/--target-lang, or is ja → en by default.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app import qa
from review_app.checks.base import CheckConfig, Unit, lang_base
from review_app.checks.registry import CHECKS
from review_app.cli import main
from tests.conftest import SHARED, shared_dir

INTEROP = SHARED / "interop"


@pytest.mark.parametrize(("check_id", "src", "tgt", "expected"), [
    ("number-mismatch", "ja", "en", True),
    ("number-mismatch", "ja-JP", "en-US", True),
    ("number-mismatch", "JA_jp", "EN", True),
    ("number-mismatch", "en", "ja", False),
    ("number-mismatch", "ja", "de", False),
    ("date-format", "zh", "en-GB", True),       # an English date-style check: any source
    ("date-format", "en", "fr", False),
    ("untranslated", "ja", "de", True),         # Japanese left in any spaced target
    ("untranslated", "ja", "zh-CN", False),     # kanji are the target's own script
    ("untranslated", "en", "fr", False),
    ("source-politeness-mix", "ja", "fr", True),
    ("source-politeness-mix", "zh", "en", False),
    ("double-space", "en", "fr", True),
    ("double-space", "en", "ja", False),
    ("repeated-word", "en", "ko", False),
    ("unbalanced-brackets", "en", "ja", True),  # language-neutral checks run everywhere
    ("empty-target", "fr", "de", True),
    ("term-missing", "en", "ja", True),
    ("inconsistent-target", "en", "ja", True),
])
def test_check_applies_to_language_pairs(check_id: str, src: str, tgt: str, expected: bool) -> None:
    assert CHECKS.get(check_id).applies(src, tgt) is expected


def test_lang_base_normalises_codes() -> None:
    assert [lang_base(x) for x in ("ja-JP", "ja_JP", "JA", " en-us ", "", None)] == ["ja", "ja", "ja", "en", "", ""]


def test_default_pair_is_japanese_to_english() -> None:
    ids = [c.check_id for c in qa.select_checks(CheckConfig())]
    assert "number-mismatch" in ids and "source-politeness-mix" in ids
    assert qa.language_skips(CheckConfig(), None, None) == {}


def test_english_to_japanese_file_runs_no_japanese_to_english_check() -> None:
    """Symfony's validators en→ja (real file): before, every unit was 'untranslated' Japanese text."""
    path = shared_dir(INTEROP / "xliff12_symfony_validators_en-ja.xlf")
    res = CliRunner().invoke(main, ["qa", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert set(doc) == {"file", "checks", "issues"}  # the JSON contract is unchanged
    found = {i["check"] for i in doc["issues"]}
    assert not found & {"untranslated", "number-mismatch", "number-missing", "date-missing"}
    assert not set(doc["checks"]) & {"untranslated", "number-mismatch", "source-politeness-mix"}
    assert "term-missing" in doc["checks"] and "empty-target" in doc["checks"]
    assert "skipped, not written for en → ja" in res.stderr
    assert "untranslated" in res.stderr and "number-mismatch" in res.stderr
    reasons = qa.language_skips(CheckConfig(), "en", "ja")
    assert "ja → en" in reasons["number-mismatch"] and "en → ja" in reasons["number-mismatch"]
    # the same file read as if it were ja→en shows what the skipping prevents
    forced = CliRunner().invoke(main, ["qa", str(path), "--format", "json", "--source-lang", "ja",
                                       "--target-lang", "en"])
    forced_found = [i["check"] for i in json.loads(forced.stdout)["issues"]]
    assert forced_found.count("untranslated") > 50


def test_text_report_names_pair_and_skipped_checks() -> None:
    path = shared_dir(INTEROP / "xliff12_okapi-rainbow_docx-segmented_en-fr.xlf")
    res = CliRunner().invoke(main, ["qa", str(path)])
    assert res.exit_code == 0, res.output
    assert "for en → fr" in res.stdout
    assert "skipped" in res.stderr and "number-mismatch" in res.stderr and "--source-lang" in res.stderr


def test_csv_without_languages_defaults_to_ja_en_and_options_override(tmp_path: Path) -> None:
    f = tmp_path / "units.csv"
    with f.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "source", "target"])
        w.writerow(["1", "売上は2億3850万ドルだった。", "Sales were $23.85 million."])
    res = CliRunner().invoke(main, ["qa", str(f), "--format", "json"])
    default = json.loads(res.stdout)
    assert any(i["check"] == "number-mismatch" and "10×" in i["message"] for i in default["issues"])
    assert "skipped" not in res.stderr
    res = CliRunner().invoke(main, ["qa", str(f), "--format", "json", "--source-lang", "ko", "--target-lang", "en"])
    other = json.loads(res.stdout)
    assert not any(i["check"] == "number-mismatch" for i in other["issues"])
    assert "number-mismatch" not in other["checks"] and "not written for ko → en" in res.stderr


def test_run_units_honours_the_pair() -> None:
    units = [Unit("1", "This is a test.", "これは テスト です。")]
    en_ja = {i.check for i in qa.run_units(units, source_lang="en", target_lang="ja")}
    ja_en = {i.check for i in qa.run_units(units, source_lang="ja", target_lang="en")}
    assert "untranslated" in ja_en and "untranslated" not in en_ja
