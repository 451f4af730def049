"""`review-app qa --source SRC --target HYP` on line-aligned text, and the document of every QA unit
(Unit.meta["document"]) from line files, WMT XML, XLIFF, TMX and WMT projects."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app import qa
from review_app.cli import main
from review_app.formats.base import BilingualFile, BilingualUnit
from review_app.formats.tmx import TmxFormat
from review_app.formats.xliff12 import Xliff12Format
from tests.conftest import SHARED, shared_dir

WMT22 = SHARED / "realworld" / "wmt22-ja-en"
WMT21 = SHARED / "realworld" / "wmt21-ja-en"


def _cli(*args: object, code: int = 0) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def _first_lines(src: Path, n: int, out: Path) -> Path:
    out.write_text("".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:n]), encoding="utf-8")
    return out


def test_files_mode_reports_by_line_and_equals_the_same_pairs_as_csv(tmp_path: Path) -> None:
    folder = shared_dir(WMT22)
    src = _first_lines(folder / "src.ja", 300, tmp_path / "src.ja")
    hyp = _first_lines(folder / "hyp" / "Online-B.en", 300, tmp_path / "Online-B.en")
    report = json.loads(_cli("qa", "--source", src, "--target", hyp, "--format", "json"))
    assert report["file"] == str(hyp) and report["issues"]
    assert {i["unit"] for i in report["issues"]} <= {str(n) for n in range(1, 301)}
    # the same pairs as an id,source,target CSV give the same findings
    table = tmp_path / "pairs.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "source", "target"])
        for n, (s, t) in enumerate(zip(src.read_text(encoding="utf-8").splitlines(),
                                       hyp.read_text(encoding="utf-8").splitlines(), strict=True), start=1):
            w.writerow([n, s, t])
    as_csv = json.loads(_cli("qa", table, "--format", "json"))
    assert as_csv["issues"] == report["issues"] and as_csv["checks"] == report["checks"]


@pytest.mark.parametrize("fmt", ["text", "csv", "html"])
def test_files_mode_speaks_every_report_format(tmp_path: Path, fmt: str) -> None:
    src = _first_lines(shared_dir(WMT21) / "src.ja", 50, tmp_path / "src.ja")
    hyp = _first_lines(WMT21 / "hyp" / "Online-W.en", 50, tmp_path / "Online-W.en")
    out = _cli("qa", "--source", src, "--target", hyp, "--format", fmt, "--fail-on", "critical", code=0)
    assert {"text": "issue(s) from", "csv": "unit,check,severity", "html": "<table>"}[fmt] in out


def test_files_mode_refuses_misaligned_files_and_mixed_modes(tmp_path: Path) -> None:
    src = tmp_path / "src.ja"
    src.write_text("一。\n二。\n三。\n", encoding="utf-8")
    hyp = tmp_path / "hyp.en"
    hyp.write_text("One.\nTwo.\n", encoding="utf-8")
    out = _cli("qa", "--source", src, "--target", hyp, code=2)
    assert str(hyp) in out and "2 lines" in out and "has 3" in out
    assert "--target" in _cli("qa", "--source", src, code=2)
    assert "no FILE|PROJECT" in _cli("qa", src, "--source", src, "--target", hyp, code=2)
    sjis = tmp_path / "sjis.ja"
    sjis.write_bytes("東京都の人口は約千四百万人です。\n大阪。\n".encode("cp932"))
    hyp.write_text("Tokyo has about 14 million people.\nOsaka.\n", encoding="utf-8")
    assert "--encoding" in _cli("qa", "--source", sjis, "--target", hyp, code=2)
    assert "issue(s) from" in _cli("qa", "--source", sjis, "--target", hyp, "--encoding", "cp932")


# -- the document of a unit ---------------------------------------------------------------------------------------


def test_line_units_name_the_source_file_as_document(tmp_path: Path) -> None:
    src = tmp_path / "src.ja"
    src.write_text("一。\n\n三。\n", encoding="utf-8")
    hyp = tmp_path / "hyp.en"
    hyp.write_text("One.\n\nThree.\n", encoding="utf-8")
    units = qa.read_line_units(src, hyp).units
    assert [(u.id, u.source, u.target) for u in units] == [
        ("1", "一。", "One."), ("2", "", ""), ("3", "三。", "Three.")]
    assert units[2].meta == {"document": "src.ja", "line": 3}


def test_wmt_units_carry_their_document() -> None:
    units = qa.read_units(shared_dir(WMT22) / "wmttest2022.ja-en.all.xml").units
    assert len(units) == 2008
    assert units[0].meta["document"] == "conversational_ja_072" and units[0].id == "conversational_ja_072#1"
    assert len({u.meta["document"] for u in units}) == 321


def test_xliff_and_tmx_units_carry_their_document(tmp_path: Path) -> None:
    bf = BilingualFile(units=[BilingualUnit(id="1", source="東京。", target="Tokyo.", metadata={"file": "a.docx"})],
                       source_lang="ja", target_lang="en", original="a.docx")
    Xliff12Format().write(bf, tmp_path / "a.xlf")
    assert qa.read_units(tmp_path / "a.xlf").units[0].meta["document"] == "a.docx"
    tm = BilingualFile(units=[BilingualUnit(id="1", source="東京。", target="Tokyo.",
                                            metadata={"props": [("x-Document", "news-17")]}),
                              BilingualUnit(id="2", source="大阪。", target="Osaka.")],
                       source_lang="ja", target_lang="en")
    TmxFormat().write(tm, tmp_path / "a.tmx")
    units = qa.read_units(tmp_path / "a.tmx").units
    assert units[0].meta["document"] == "news-17" and "document" not in units[1].meta


def test_project_units_of_a_wmt_project_carry_document_and_domain(tmp_path: Path) -> None:
    from review_app.project import init_project, open_project

    init_project(tmp_path / "p", source=shared_dir(WMT21) / "newstest2021.ja-en.all.xml")
    op = open_project(tmp_path / "p")
    try:
        units = qa.project_units(op.service())
    finally:
        op.close()
    assert units[0].meta["document"] == "yahoo-ja.978543" and "domain" not in units[0].meta
    assert len({u.meta["document"] for u in units}) == 81


def test_review_page_names_the_wmt_document_and_domain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    from review_app.project import init_project
    from tests.conftest import start_app

    init_project(tmp_path / "p", source=shared_dir(WMT22) / "wmttest2022.ja-en.all.xml")
    app = start_app(monkeypatch, tmp_path / "p", glossary=None)
    app.run()
    app.switch_page("app_pages/review.py").run()
    assert not app.exception, app.exception
    assert any("document `conversational_ja_072 · conversation`" in c.value and "#1 of 2008" in c.value
               for c in app.caption)
