"""Issue 22, bugs 7–9: distinct export names, no silent XLSX truncation, the en-txt title, --encoding on the
commands that read text, TMX conversion of CAT-tool files (translate="no", tag-only units, a third language),
and `edit` refusing to overwrite an approved segment without its version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.errors import InputError
from review_app.exporters import EXPORTERS, ExportOptions, export_project, get_exporter
from review_app.formats import read_bilingual
from review_app.formats.base import BilingualUnit
from review_app.formats.xlsx import MAX_CELL_CHARS, write_xlsx
from review_app.project import open_project
from tests.conftest import INTEROP, SEED, shared_dir

TRADOS = INTEROP / "xliff12_trados-studio2009_en-de.sdlxliff"
LISA_3LANG = INTEROP / "tmx14_lisa-compkit_ImportTest1L_notes-props.tmx"


def _cli(*args: object, code: int = 0) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output + (result.stderr or "")
    return result.output  # stdout and stderr, as a terminal shows them


# -- bug 7: exports -----------------------------------------------------------------------------------------------


def test_every_export_has_its_own_file_name() -> None:
    names = {n: get_exporter(n).file_name("musk-trump") for n in EXPORTERS.names()}
    assert len(set(names.values())) == len(names), names
    assert names["xliff12"] != names["xliff2"] and names["xliff2"].endswith(".xlf")
    assert names["html"] != names["qa-html"] and names["qa-html"].endswith(".html")
    assert len({names["csv"], names["qa-csv"], names["mqm-csv"]}) == 3
    assert all(v.endswith(".csv") for k, v in names.items() if k.endswith("csv"))


def test_cli_export_default_names_do_not_overwrite_each_other(seed_project: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for fmt in ("xliff12", "xliff2", "csv", "qa-csv", "mqm-csv", "html", "qa-html"):
        _cli("export", seed_project, "--format", fmt)
    written = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert written == sorted(get_exporter(f).file_name("proj") for f in
                             ("xliff12", "xliff2", "csv", "qa-csv", "mqm-csv", "html", "qa-html"))
    assert "xliff:document:2" in (tmp_path / "proj.xliff2.xlf").read_text(encoding="utf-8")


def test_xlsx_refuses_a_target_longer_than_a_cell(seed_project: Path, tmp_path: Path) -> None:
    op = open_project(seed_project)
    try:
        svc = op.service()
        keys = [v.key for v in svc.list_segments(limit=2)]
        long_text = "The senator said so. " * 1600  # 33,600 characters
        assert len(long_text) > MAX_CELL_CHARS
        for key in keys:
            svc.save_target(key, long_text, expected_version=svc.get_segment(key).version)
    finally:
        op.close()
    out = tmp_path / "out.xlsx"
    with pytest.raises(InputError) as err:
        export_project(seed_project, "xlsx", out, ExportOptions())
    msg = str(err.value)
    assert keys[0] in msg and keys[1] in msg and "target" in msg and "33,600" in msg and "CSV" in msg
    assert not out.exists() and list(tmp_path.glob("*.part")) == []
    export_project(seed_project, "csv", tmp_path / "out.csv", ExportOptions())  # the advised way keeps it all
    assert long_text in (tmp_path / "out.csv").read_text(encoding="utf-8")


def test_xlsx_writer_refuses_long_cells_and_keeps_short_ones(tmp_path: Path) -> None:
    ok = BilingualUnit(id="a", source="東京", target="x" * MAX_CELL_CHARS)
    write_xlsx(tmp_path / "ok.xlsx", [ok])
    assert read_bilingual(tmp_path / "ok.xlsx").units[0].target == "x" * MAX_CELL_CHARS
    with pytest.raises(InputError, match=r"b \(target, 32,768 characters\)"):
        write_xlsx(tmp_path / "bad.xlsx", [ok, BilingualUnit(id="b", source="東京", target="x" * 32_768)])
    assert not (tmp_path / "bad.xlsx").exists()


def test_en_txt_export_has_the_title(seed_project: Path, tmp_path: Path) -> None:
    _cli("title", seed_project, "--target", "The rise and fall of the Musk-Trump alliance")
    out = tmp_path / "a.en.txt"
    _cli("export", seed_project, "--format", "en-txt", "-o", out)
    assert out.read_text(encoding="utf-8").startswith("The rise and fall of the Musk-Trump alliance\n\n")


# -- bug 8: --encoding and TMX conversion -------------------------------------------------------------------------


def _sjis(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("cp932"))
    return path


@pytest.mark.parametrize(
    ("command", "expect"),
    [
        (["convert", "{csv}", "{out}", "--source-lang", "ja", "--target-lang", "en"], "1 of 1 units written"),
        (["qa", "{csv}"], "issue(s) from"),
        (["glossary", "show", "{gloss}"], "東京都"),
        (["candidates", "import", "{project}", "{csv}", "--engine", "sjis", "--provenance",
          '{"kind": "prepared-draft"}'], "1 candidates imported"),
    ],
)
def test_encoding_option_reads_shift_jis(tmp_path: Path, seed_path: Path, command: list[str], expect: str) -> None:
    first = SEED.read_text(encoding="utf-8").splitlines()[0]
    paths = {
        "csv": _sjis(tmp_path / "sjis.csv", f"id,source,target\n1,{first},Musk and Trump\n"),
        "gloss": _sjis(tmp_path / "terms.csv", "東京都,Tokyo\n"),
        "out": tmp_path / "out.tmx",
        "project": tmp_path / "proj",
    }
    if "{project}" in command:
        _cli("init", paths["project"], "--source", seed_path)
    args = [paths.get(a[1:-1], a) for a in command]
    refused = _cli(*args, code=2)
    assert "cp932" in refused.lower() or "shift_jis" in refused.lower()
    assert "--encoding" in refused  # the hint names an option the command has
    assert expect in _cli(*args, "--encoding", "cp932")


def test_unknown_encoding_is_one_line(tmp_path: Path) -> None:
    out = _cli("qa", tmp_path / "x.csv", "--encoding", "klingon", code=2)
    assert "unknown encoding" in out and out.count("\n") == 1


def test_trados_to_tmx_leaves_out_untranslatable_and_tag_only_units(tmp_path: Path) -> None:
    out = tmp_path / "trados.tmx"
    msg = _cli("convert", shared_dir(TRADOS), out)
    assert "19 of 45 units written" in msg and '22 marked translate="no"' in msg and "4 without text" in msg
    xml = out.read_text(encoding="utf-8")
    assert xml.count("<tu ") == 19 and "<seg/>" not in xml and "<seg></seg>" not in xml
    units = read_bilingual(out).units
    assert all(u.source.strip() for u in units)


def test_a_third_language_is_kept_in_tmx_and_named_elsewhere(tmp_path: Path) -> None:
    src = shared_dir(LISA_3LANG)
    msg = _cli("convert", src, tmp_path / "l.tmx")
    assert "further languages kept: en-gb" in msg
    back = read_bilingual(tmp_path / "l.tmx").units[0]
    assert back.metadata["other_targets"] == read_bilingual(src).units[0].metadata["other_targets"]
    warned = _cli("convert", src, tmp_path / "l.xlf")
    assert "en-gb is not in" in warned and ".tmx" in warned


# -- bug 9: edit without --version ----------------------------------------------------------------------------------


def test_edit_refuses_to_overwrite_an_approved_segment_without_its_version(seed_project: Path) -> None:
    key = json.loads(_cli("segments", seed_project, "--format", "json", "--search", "鷹潭"))[0]["id"]
    _cli("edit", seed_project, key, "Musk appeared in Eagle Pass, Texas.")
    _cli("status", seed_project, key, "approved")
    refused = _cli("edit", seed_project, key, "Musk appeared in Yingtan.", code=1)
    assert "is approved" in refused and "--version" in refused and "--force" in refused
    shown = _cli("show", seed_project, key)
    assert "status: approved" in shown and "Eagle Pass" in shown
    version = int(shown.split("version: ")[1].split()[0])
    _cli("edit", seed_project, key, "Musk appeared in Eagle Pass, Texas, on Sept. 28.", "--version", version)
    _cli("status", seed_project, key, "approved")
    _cli("edit", seed_project, key, "Musk appeared in Eagle Pass.", "--force")
    assert "Musk appeared in Eagle Pass." in _cli("show", seed_project, key)


def test_export_page_names_each_download_and_blocks_an_xlsx_that_would_cut(seed_project: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import start_app

    app = start_app(monkeypatch, seed_project, glossary=None)
    app.run()
    app.switch_page("app_pages/export.py").run()
    labels = {}
    for fmt in ("xliff12", "xliff2", "html", "qa-html", "csv", "qa-csv", "mqm-csv"):
        app.selectbox(key="export_fmt").set_value(fmt).run()
        assert not app.exception, app.exception
        labels[fmt] = app.get("download_button")[0].proto.label
    assert labels["xliff12"] == "Download proj.xlf" and labels["xliff2"] == "Download proj.xliff2.xlf"
    assert len(set(labels.values())) == len(labels)
    op = open_project(seed_project)
    try:
        svc = op.service()
        key = svc.list_segments(limit=1)[0].key
        svc.save_target(key, "word " * 7000, expected_version=1)
    finally:
        op.close()
    app.selectbox(key="export_fmt").set_value("xlsx").run()
    assert any(key in e.value and "32,767" in e.value for e in app.error)
    assert not app.get("download_button")
    app.selectbox(key="export_fmt").set_value("csv").run()
    assert app.get("download_button") and not app.error
