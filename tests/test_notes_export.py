"""Readers' notes in the exports: numbered footnotes in the HTML, Markdown and DOCX articles (bilingual and
English-only), notes in XLIFF 1.2/2.0 and TMX (schema-valid, read back, imported into another project), and in a
backup's round trip."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree

from review_app.cli import main
from review_app.exporters import ExportOptions, export_project
from review_app.formats import read_bilingual
from review_app.models import BlockKind, Status
from review_app.notes import ReadersNoteService
from review_app.project import init_project, open_project
from tests.conftest import SCHEMAS, SEED, project_service, shared_dir, xliff12_strict_schema

HOSTILE = "<script>alert(1)</script> & \"quotes\" [^9]: fake *stars* # not a heading \x07bell"
BUTLER_TEXT = "Musk’s first Trump rally was on Oct. 5, 2024, in Butler, Pa., where he wore a black MAGA cap."


@pytest.fixture
def noted(seed_project: Path) -> dict[str, Any]:
    """The seed project with some targets and readers' notes on: a heading, two sentences of one paragraph (the
    second one untranslated), a list item, and a segment with hostile text."""
    with project_service(seed_project, "rita", "reviewer") as svc:
        segs = svc.list_segments()
        heading = next(s for s in segs if s.block_kind is BlockKind.HEADING)
        item = next(s for s in segs if s.block_kind is BlockKind.LIST_ITEM)
        para = next(b for b in _blocks(segs) if len(b) >= 2 and b[0].block_kind is BlockKind.PARAGRAPH)
        butler = next(s for s in segs if s.key == "s9245b6ae5e")
        targets = {heading.key: "Timeline", para[0].key: "The first sentence.", item.key: "An item.",
                   butler.key: "On Oct. 5, 2024, Musk appeared at a Trump rally in Butler, Pa."}
        for key, text in targets.items():
            v = svc.get_segment(key)
            svc.save_target(key, text, expected_version=v.version, status=Status.TRANSLATED)
        notes = ReadersNoteService(svc)
        plan = [
            (heading.key, "context", "A heading note.", None),
            (para[0].key, "correction", "First of a paragraph.", "June 4"),
            (para[1].key, "unverified", "Second of the same paragraph.", None),
            (item.key, "context", HOSTILE, None),
            (butler.key, "correction", BUTLER_TEXT, "Iowa and a red cap"),
        ]
        for key, kind, text, said in plan:
            notes.set(key, text, kind=kind, source_said=said, expected_version=0)
        order = [s.key for s in segs if s.key in {p[0] for p in plan}]
        return {"path": seed_project, "order": order, "plan": {p[0]: p for p in plan}, "heading": heading.key,
                "item": item.key, "para": [s.key for s in para], "butler": butler.key}


def _blocks(segs: list[Any]) -> list[list[Any]]:
    out: dict[int, list[Any]] = {}
    for s in segs:
        out.setdefault(s.block_index, []).append(s)
    return list(out.values())


def export(noted: dict[str, Any], tmp_path: Path, fmt: str, ext: str, **opts: Any) -> Path:
    return export_project(noted["path"], fmt, tmp_path / f"out-{fmt}-{len(opts)}{ext}", ExportOptions(**opts))


def footnote_texts(noted: dict[str, Any]) -> list[str]:
    from review_app.notes import footnote_text

    return [footnote_text(*noted["plan"][k][1:]) for k in noted["order"]]


@pytest.mark.parametrize(("fmt", "opts"), [("html", {}), ("html", {"appendix": False}), ("en-html", {})])
def test_html_footnotes_numbered_in_reading_order(noted: dict[str, Any], tmp_path: Path, fmt: str,
                                                  opts: dict[str, Any]) -> None:
    page = export(noted, tmp_path, fmt, ".html", **opts).read_text(encoding="utf-8")
    refs = re.findall(r'<sup class="fn" id="fnref-(\d+)"><a href="#fn-(\d+)"', page)
    assert [(int(a), int(b)) for a, b in refs] == [(n, n) for n in range(1, 6)]
    items = re.findall(r'<li id="fn-(\d+)" data-segment="([^"]+)" data-kind="(\w+)">(.*?)<a class="fn-back"', page)
    assert [int(n) for n, *_ in items] == [1, 2, 3, 4, 5]
    assert [k for _, k, _, _ in items] == noted["order"]
    import html

    assert [html.unescape(t) for *_, t in items] == [t.replace("\x07", "") for t in footnote_texts(noted)]
    # hostile text stays text; the page has no script element; the heading's marker is inside its <h2>
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    n_heading = noted["order"].index(noted["heading"]) + 1
    assert re.search(rf'<h2><span[^>]*>Timeline</span><sup class="fn" id="fnref-{n_heading}">', page)
    assert page.index('class="footnotes"') < page.index("</main>")
    # two notes in one paragraph: both markers in that paragraph's English, the untranslated one too
    first = noted["order"].index(noted["para"][0]) + 1
    p1, p2 = (page.index(f'id="fnref-{n}"') for n in (first, first + 1))
    assert page.rfind("<p>", 0, p2) == page.rfind("<p>", 0, p1)


def test_html_side_ja_puts_the_markers_after_the_japanese(noted: dict[str, Any], tmp_path: Path) -> None:
    page = export(noted, tmp_path, "html", ".html", side="ja").read_text(encoding="utf-8")
    butler = page.index(f'id="ja-{noted["butler"]}"')
    assert page.index('id="fnref-5"') > butler
    assert page.count('<sup class="fn"') == 5 and page.count("<li id=\"fn-") == 5


def test_no_notes_no_notes_section(seed_project: Path, tmp_path: Path) -> None:
    for fmt, ext in (("html", ".html"), ("en-html", ".html"), ("md", ".md"), ("en-md", ".md")):
        text = export_project(seed_project, fmt, tmp_path / f"x-{fmt}{ext}").read_text(encoding="utf-8")
        assert 'class="footnotes"' not in text and "[^1]" not in text and "fnref" not in text


@pytest.mark.parametrize("fmt", ["md", "en-md"])
def test_markdown_footnotes(noted: dict[str, Any], tmp_path: Path, fmt: str) -> None:
    md = export(noted, tmp_path, fmt, ".md").read_text(encoding="utf-8")
    refs = [int(n) for n in re.findall(r"(?<!\\)\[\^(\d+)\](?!:)", md)]
    assert refs == [1, 2, 3, 4, 5]
    defs = re.findall(r"^\[\^(\d+)\]: (.*)$", md, flags=re.M)
    assert [int(n) for n, _ in defs] == [1, 2, 3, 4, 5]
    assert defs[4][1].startswith("Corrected: the source says Iowa and a red cap. Musk’s first Trump rally")
    hostile = defs[3][1]
    # the note cannot open HTML, make a fake footnote, emphasis or a heading
    assert "\\<script\\>" in hostile and "\\[^9\\]" in hostile and "\\*stars\\*" in hostile and "\x07" not in hostile
    assert "[^9]" not in md and "<script>" not in md
    n_heading = noted["order"].index(noted["heading"]) + 1
    heading_line = next(line for line in md.splitlines() if "Timeline" in line)
    assert heading_line.startswith(("## Timeline", "**Timeline")) and f"Timeline[^{n_heading}]" in heading_line


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_notes(path: Path) -> tuple[list[str], list[tuple[str, str]], str]:
    """The ids of the footnote references in the text, the (id, text) of the footnotes part, the settings XML."""
    with zipfile.ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        footnotes = etree.fromstring(z.read("word/footnotes.xml"))
        settings = z.read("word/settings.xml").decode()
        assert "footnotes.xml" in z.read("word/_rels/document.xml.rels").decode()
        assert "wordprocessingml.footnotes+xml" in z.read("[Content_Types].xml").decode()
    refs = [r.get(f"{W}id") for r in document.iter(f"{W}footnoteReference")]
    notes = [(f.get(f"{W}id"), "".join(f.itertext()).strip()) for f in footnotes.iter(f"{W}footnote")
             if f.get(f"{W}type") is None]
    return refs, notes, settings


@pytest.mark.parametrize("opts", [{}, {"side": "en"}, {"side": "ja"}, {"appendix": False}], ids=str)
def test_docx_word_footnotes(noted: dict[str, Any], tmp_path: Path, opts: dict[str, Any]) -> None:
    import docx

    path = export(noted, tmp_path, "docx", ".docx", **opts)
    refs, notes, settings = _docx_notes(path)
    assert refs == ["1", "2", "3", "4", "5"]
    expected = [t.replace("\x07", "") for t in footnote_texts(noted)]
    assert notes == [(str(n), t) for n, t in enumerate(expected, start=1)]
    assert '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:compat>' in settings
    d = docx.Document(str(path))  # python-docx reopens it (the footnotes part is kept)
    front = "\n".join(c.text for t in d.tables[:1] for row in t.rows for c in row.cells)
    assert "5 numbered footnotes" in front
    d.save(str(tmp_path / "resaved.docx"))
    assert _docx_notes(tmp_path / "resaved.docx")[:2] == (refs, notes)


def test_docx_without_notes_has_no_footnotes_part(seed_project: Path, tmp_path: Path) -> None:
    path = export_project(seed_project, "docx", tmp_path / "plain.docx")
    with zipfile.ZipFile(path) as z:
        assert "word/footnotes.xml" not in z.namelist()


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice / poppler-utils not installed")
def test_libreoffice_sets_the_footnotes_at_the_foot_of_the_page(noted: dict[str, Any], tmp_path: Path) -> None:
    import subprocess

    path = export(noted, tmp_path, "docx", ".docx", side="en")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / (path.stem + ".pdf")), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert re.search(r"^\s*5 Corrected: the source says Iowa and a red cap\. Musk’s first Trump rally", text, re.M)
    assert "Timeline" in text


@pytest.mark.parametrize(("fmt", "ext"), [("xliff12", ".xlf"), ("xliff2", ".xlf"), ("tmx", ".tmx")])
def test_interchange_carries_notes_and_reads_them_back(noted: dict[str, Any], tmp_path: Path, fmt: str,
                                                       ext: str) -> None:
    path = export(noted, tmp_path, fmt, ext)
    doc = etree.parse(str(path))
    if fmt == "xliff12":
        schema = xliff12_strict_schema()
        assert schema.validate(doc), schema.error_log
        assert doc.xpath("//x:note[@from='readers-note:correction']", namespaces={"x": doc.getroot().nsmap[None]})
    elif fmt == "tmx":
        dtd = etree.DTD(str(shared_dir(SCHEMAS) / "tmx14.dtd"))
        assert dtd.validate(doc), dtd.error_log
    bf = read_bilingual(path)
    got = {u.id: u.metadata.get("readers_note") for u in bf.units if u.metadata.get("readers_note")}
    want = {k: {"kind": kind, "text": text.replace("\x07", ""), "source_said": said}
            for k, (_, kind, text, said) in noted["plan"].items()}
    assert got == want
    # the notes are not mixed into the ordinary notes or comments
    assert not any("Butler, Pa., where" in n for u in bf.units for n in u.notes)
    assert not any("Butler, Pa., where" in c.body for u in bf.units for c in u.comments)


def test_xliff2_is_read_by_translate_toolkit(noted: dict[str, Any], tmp_path: Path) -> None:
    from translate.storage import xliff2

    path = export(noted, tmp_path, "xliff2", ".xlf")
    store = xliff2.Xliff2File.parsestring(path.read_bytes())
    assert len(store.units) == 326
    seg = next(u for u in store.units if u.getid() == noted["butler"])  # translate-toolkit's unit is a segment
    ns = "{urn:oasis:names:tc:xliff:document:2.0}"
    [note] = seg.xmlelement.getparent().iterfind(f"{ns}notes/{ns}note[@category='readers-note']")
    assert note.text == BUTLER_TEXT and note.get("{urn:review-app}sourceSaid") == "Iowa and a red cap"


@pytest.mark.parametrize(("fmt", "ext"), [("xliff12", ".xlf"), ("xliff2", ".xlf"), ("tmx", ".tmx"), ("csv", ".csv"),
                                        ("xlsx", ".xlsx")])
def test_notes_import_from_an_export_into_another_project(noted: dict[str, Any], tmp_path: Path, fmt: str,
                                                          ext: str) -> None:
    path = export(noted, tmp_path, fmt, ext)
    other = tmp_path / "other"
    init_project(other, source=SEED, name="other")
    res = CliRunner().invoke(main, ["notes", "import", str(other), str(path)])
    assert res.exit_code == 0, res.output
    assert "5 added" in res.stdout

    def notes_of(project: Path) -> list[tuple[str, str, str, str | None]]:
        op = open_project(project)
        try:
            return [(n.segment_key, n.kind, n.text, n.source_said) for n in ReadersNoteService(op.service()).list()]
        finally:
            op.close()

    assert notes_of(other) == notes_of(noted["path"])
    # a file without readers' notes is refused with the reason
    plain = export_project(init_project(tmp_path / "third", source=SEED, name="third").path, "csv",
                           tmp_path / "plain.csv")
    res = CliRunner().invoke(main, ["notes", "import", str(other), str(plain)])
    assert res.exit_code == 2 and "has no readers' notes" in res.stderr


def test_convert_keeps_readers_notes(noted: dict[str, Any], tmp_path: Path) -> None:
    src = export(noted, tmp_path, "xliff12", ".xlf")
    runner = CliRunner()
    assert runner.invoke(main, ["convert", str(src), str(tmp_path / "a.tmx")]).exit_code == 0
    assert runner.invoke(main, ["convert", str(tmp_path / "a.tmx"), str(tmp_path / "b.xlf"), "--to", "xliff2"]
                         ).exit_code == 0
    back = read_bilingual(tmp_path / "b.xlf").unit(noted["butler"]).metadata["readers_note"]
    assert back == {"kind": "correction", "text": BUTLER_TEXT, "source_said": "Iowa and a red cap"}


def test_backup_restore_keeps_notes_and_their_history(noted: dict[str, Any], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite backup (online copy) and the logical rows format both bring readers_notes back."""
    from tests.test_backup import snapshot

    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    before = snapshot(noted["path"])
    assert len(before["readers_notes"]) == 5
    archive = tmp_path / "b.zip"
    runner = CliRunner()
    assert runner.invoke(main, ["backup", str(noted["path"]), "-o", str(archive)]).exit_code == 0
    with zipfile.ZipFile(archive) as z:
        assert '"readers_notes": 5' in z.read("manifest.json").decode()
    assert runner.invoke(main, ["restore", str(archive), str(tmp_path / "restored")]).exit_code == 0
    assert snapshot(tmp_path / "restored") == before


def test_rows_backup_restores_readers_notes(noted: dict[str, Any], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The logical dump (PostgreSQL's backup kind) remaps readers_notes' keys (its primary key is a segment)."""
    import json

    from review_app.backup import dump_rows, restore_project
    from review_app.project import CONFIG_NAME
    from tests.test_backup import snapshot

    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    op = open_project(noted["path"])
    counts: dict[str, int] = {}
    lines = []
    try:
        for table, row in dump_rows(op.db, op.config.name):
            counts[table] = counts.get(table, 0) + 1
            plain = {k: ({"$dt": v.isoformat()} if hasattr(v, "isoformat") else v) for k, v in row.items()}
            lines.append(json.dumps({"table": table, "row": plain}, ensure_ascii=False))
        name = op.config.name
    finally:
        op.close()
    assert counts["readers_notes"] == 5
    manifest = {"format": "review_app-backup", "version": 1, "kind": "rows", "project": name, "counts": counts}
    archive = tmp_path / "rows.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.write(noted["path"] / CONFIG_NAME, CONFIG_NAME)
        z.writestr("rows.jsonl", "\n".join(lines) + "\n")
    restore_project(archive, tmp_path / "restored")
    assert snapshot(tmp_path / "restored") == snapshot(noted["path"])
    op = open_project(tmp_path / "restored")
    try:
        assert ReadersNoteService(op.service()).get(noted["butler"]).text == BUTLER_TEXT  # type: ignore[union-attr]
    finally:
        op.close()
