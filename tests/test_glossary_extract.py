"""Term extraction and the glossary / terms CLI commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.glossary import load_glossary
from review_app.glossary.extract import suggest_terms
from review_app.segment import parse_document
from tests.conftest import ROOT, SEED

SHIPPED = ROOT / "glossary" / "musk-trump.tbx"
# Musk, Trump, DeSantis, Ramaswamy, Leavitt, Thune, Miller, Gonzales, Milei, Eagle Pass, Butler, Mar-a-Lago
ARTICLE_NAMES = ["マスク", "トランプ", "デサンティス", "ラマスワミ", "リービット", "スーン", "ミラー", "ゴンザレス",
                 "ミレイ", "イーグルパス", "バトラー", "マール・アー・ラーゴ"]


@pytest.fixture(scope="module")
def seed_units() -> list[tuple[str, str | None]]:
    return [(s.text, None) for s in parse_document(SEED.read_text(encoding="utf-8")).segments]


def test_top_40_with_empty_glossary_has_the_article_names(seed_units: list[tuple[str, str | None]]) -> None:
    top = suggest_terms(seed_units, None, limit=40)
    assert len(top) == 40
    texts = [s.text for s in top]
    for name in ARTICLE_NAMES:
        assert any(name in t for t in texts), f"{name} not in the top 40: {texts}"
    assert texts[:2] != ["ステージ", "メディア"]  # common loanwords do not lead
    musk = next(s for s in top if s.text == "マスク")
    assert musk.count >= 150 and musk.contexts


def test_glossary_covered_terms_are_skipped(seed_units: list[tuple[str, str | None]]) -> None:
    top = suggest_terms(seed_units, load_glossary(SHIPPED), limit=40)
    texts = [s.text for s in top]
    for name in ARTICLE_NAMES:
        assert not any(name == t for t in texts), name
    assert "トランプ・マスク" not in texts  # covered by two glossary matches joined by a middle dot


def test_english_rendering_from_aligned_targets() -> None:
    units: list[tuple[str, str | None]] = [
        ("テキサス州イーグルパスを訪れた。", "He visited Eagle Pass, Texas."),
        ("イーグルパスの住民は不満だ。", "Residents of Eagle Pass are unhappy."),
        ("マスク氏はテキサスに行った。", "Musk went to Texas."),
        ("ラマスワミ氏が共同責任者だ。", "Ramaswamy is co-lead."),
    ]
    found = {s.text: s for s in suggest_terms(units)}
    assert found["イーグルパス"].english == "Eagle Pass"
    assert found["ラマスワミ"].english == "Ramaswamy"
    assert found["マスク"].english == "Musk"


def test_latin_and_kanji_proper_nouns() -> None:
    found = {s.text: s.kind for s in suggest_terms([("CPACで米国のTruth Socialについて話した。", None)])}
    assert found.get("CPAC") == "latin"
    assert found.get("Truth Social") == "latin"
    assert found.get("米国") == "proper-noun"


# ------------------------------------------------------------------------------------------------- CLI


def test_cli_terms_suggest_file() -> None:
    result = CliRunner().invoke(main, ["terms", "suggest", str(SEED), "--limit", "40", "--output", "json"])
    assert result.exit_code == 0, result.output
    texts = [s["text"] for s in json.loads(result.output)]
    assert "イーグルパス" in texts and "バトラー" in texts


def test_cli_terms_suggest_project(seed_project: Path) -> None:
    result = CliRunner().invoke(main, ["terms", "suggest", str(seed_project), "--glossary", str(SHIPPED),
                                       "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "glossary:musk-trump|version:1.0" in result.output


def test_cli_glossary_show_and_match() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["glossary", "show", str(SHIPPED), "--concept", "eagle-pass"])
    assert result.exit_code == 0, result.output
    assert "forbidden  鷹潭" in result.output and "signature: glossary:musk-trump" in result.output
    result = runner.invoke(main, ["glossary", "show", str(SHIPPED), "--concept", "nope"])
    assert result.exit_code == 2 and "no concept 'nope'" in result.output
    result = runner.invoke(main, ["glossary", "match", str(SHIPPED), "テキサス州の鷹潭でイーロン･マスク氏"])
    assert result.exit_code == 0
    assert "鷹潭  → eagle-pass (forbidden" in result.output


def test_cli_glossary_import_export(tmp_path: Path) -> None:
    runner = CliRunner()
    out_csv = tmp_path / "g.csv"
    result = runner.invoke(main, ["glossary", "export", str(SHIPPED), "-o", str(out_csv)])
    assert result.exit_code == 0, result.output
    deepl = tmp_path / "deepl.csv"
    assert runner.invoke(main, ["glossary", "export", str(out_csv), "-o", str(deepl), "--to", "deepl"]).exit_code == 0
    assert "イーグルパス,Eagle Pass" in deepl.read_text(encoding="utf-8").splitlines()
    out_tbx = tmp_path / "again.tbx"
    result = runner.invoke(main, ["glossary", "import", str(out_csv), "-o", str(out_tbx)])
    assert result.exit_code == 0, result.output
    assert load_glossary(out_tbx) == load_glossary(SHIPPED)
    result = runner.invoke(main, ["glossary", "import", str(deepl)])
    assert result.exit_code == 0 and "concepts" in result.output


def test_cli_rejects_hostile_tbx(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tbx"
    evil.write_text('<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                    "<martif><text><body/></text></martif>", encoding="utf-8")
    result = CliRunner().invoke(main, ["glossary", "import", str(evil)])
    assert result.exit_code == 2
    assert "evil.tbx: refused" in result.output


def test_cli_terms_suggest_on_the_reference_guesses_the_english() -> None:
    ref = ROOT / "corpus" / "musk-trump" / "reference.tmx"
    if not ref.exists():
        pytest.skip("reference.tmx not present")
    result = CliRunner().invoke(main, ["terms", "suggest", str(ref), "--limit", "60", "--output", "json"])
    assert result.exit_code == 0, result.output
    english = {s["text"]: s["english"] for s in json.loads(result.output)}
    expected = {
        "マスク": "Musk", "トランプ": "Trump", "デサンティス": "DeSantis",
        "ヴィヴェック・ラマスワミ": "Vivek Ramaswamy", "キャロライン・リービット": "Karoline Leavitt",
        "ジョン・スーン": "John Thune", "スティーブン・ミラー": "Stephen Miller",
        "トニー・ゴンザレス": "Tony Gonzales", "ハビエル・ミレイ": "Javier Milei", "イーグルパス": "Eagle Pass",
        "バトラー": "Butler", "マール・アー・ラーゴ": "Mar-a-Lago", "ホワイトハウス": "White House",
        "ペンシルベニア": "Pennsylvania",
        "米国": "United States", "MAGA": "MAGA",
    }
    # (no アイオワ: its one occurrence is the source's factual slip, which the reference corrects to Butler)
    assert {k: english.get(k) for k in expected} == expected


def test_cli_terms_suggest_engine_without_candidates(seed_project: Path) -> None:
    result = CliRunner().invoke(main, ["terms", "suggest", str(seed_project), "--engine", "nope"])
    assert result.exit_code == 2 and "no candidates from engine 'nope'" in result.output


def test_month_and_weekday_names_are_never_proposed_as_renderings() -> None:
    from review_app.glossary.extract import _phrases

    found = _phrases("On Sept. 28, 2023, Musk visited Eagle Pass; on Monday, Oct. 5, he met Trump in May's rally.")
    assert {"Eagle Pass", "Musk", "Trump"} <= found
    assert not found & {"Sept", "Oct", "Monday", "May"}
