"""Exporters on the reviewed seed article: every format, escaping, re-import, atomic writes, options."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from lxml import etree

from review_app.errors import InputError, PermissionDenied
from review_app.exporters import EXPORTERS, ExportOptions, ProjectData, export_project, get_exporter
from review_app.exporters.article.model import english_gap
from review_app.formats import read_bilingual
from review_app.formats.base import xml_text
from review_app.models import BlockKind, Role, Status
from review_app.project import open_project
from review_app.review import Actor
from tests.conftest import project_service

XSS_SCRIPT = "Musk and Trump <script>alert('x')</script> split & fight."
XSS_IMG = 'On June 4, Musk <img src=x onerror="alert(1)"> attacked the bill.'
BELL = "The richest man\x07 posted."


@pytest.fixture
def reviewed(seed_project: Path) -> dict[str, object]:
    """The seed project with targets in several statuses, a source correction and comments."""
    with project_service(seed_project, "rev1", "admin") as svc:
        segs = svc.list_segments()
        heading = next(s for s in segs if s.block_kind is BlockKind.HEADING)
        item = next(s for s in segs if s.block_kind is BlockKind.LIST_ITEM)
        plan = {
            segs[0].key: (XSS_SCRIPT, Status.APPROVED),
            segs[1].key: (XSS_IMG, Status.REVIEWED),
            segs[2].key: (BELL, Status.TRANSLATED),
            segs[3].key: ("A draft =1+1 sentence.", Status.DRAFT),
            heading.key: ("Timeline overview", Status.APPROVED),
            item.key: ("- 28 Sep 2023: Musk visits the border.", Status.REJECTED),
        }
        for key, (text, status) in plan.items():
            v = svc.get_segment(key)
            if status is Status.REJECTED:
                v = svc.save_target(key, text, expected_version=v.version, status=Status.TRANSLATED)
            svc.save_target(key, text, expected_version=v.version, status=status)
        v = svc.get_segment(segs[1].key)
        corrected = v.source.replace("マスク氏", "イーロン・マスク氏", 1)
        svc.correct_source(v.key, corrected, expected_source_version=v.source_version, reason="full name <b>")
        svc.add_comment(segs[1].key, "Is <b>onerror</b> really in the source? & check")
        svc.add_comment(segs[0].key, "Tone is fine.")
        with project_service(seed_project, "rev2", "reviewer") as svc2:
            svc2.add_comment(segs[0].key, "Agreed.")
        return {
            "path": seed_project,
            "plan": plan,
            "corrected": (segs[1].key, v.source, corrected),
            "segments": len(segs),
            "keys": [s.key for s in segs],
            "heading": heading.key,
            "item": item.key,
        }


def _export(reviewed: dict, tmp_path: Path, fmt: str, **opts: str) -> Path:
    ext = EXPORTERS.get(fmt).extension
    folder = tmp_path / "exports"
    folder.mkdir(exist_ok=True)
    return export_project(reviewed["path"], fmt, folder / f"out{ext}", ExportOptions(**opts))  # type: ignore[arg-type]


def test_every_exporter_is_registered_with_metadata() -> None:
    assert set(EXPORTERS.names()) == {
        "html",
        "md",
        "docx",
        "en-txt",
        "en-md",
        "en-html",
        "ja-txt",
        "tmx",
        "xliff12",
        "xliff2",
        "csv",
        "xlsx",
        "qa-html",
        "qa-csv",
        "qa-json",
        "mqm-json",
        "mqm-csv",
    }
    for name, cls in EXPORTERS:
        assert cls.name == name and cls.extension.startswith(".") and cls.description


@pytest.mark.parametrize(
    "fmt",
    sorted(["html", "md", "docx", "en-txt", "en-md", "en-html", "ja-txt", "tmx", "xliff12", "xliff2", "csv", "xlsx"]),
)
def test_every_format_exports_without_leftovers(reviewed: dict, tmp_path: Path, fmt: str) -> None:
    out = _export(reviewed, tmp_path, fmt)
    assert out.stat().st_size > 1000
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    if fmt not in ("docx", "xlsx"):  # (zip containers: checked by re-reading them in their own tests)
        assert b"\x07" not in out.read_bytes()  # the control character never reaches any output


# -- interchange round trips ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xliff12", "xliff2", "tmx", "csv", "xlsx"])
def test_reimport_equals_project(reviewed: dict, tmp_path: Path, fmt: str) -> None:
    out = _export(reviewed, tmp_path, fmt)
    bf = read_bilingual(out, format=fmt)
    op = open_project(reviewed["path"])
    try:
        views = op.service().list_segments()
    finally:
        op.close()
    assert bf.ids() == [v.key for v in views]
    by_id = {u.id: u for u in bf.units}
    for v in views:
        u = by_id[v.key]
        assert u.source == v.effective_source
        assert (u.target or None) == (xml_text(v.target) if v.target else None)
        assert u.state is v.status
        assert u.approved is (v.status is Status.APPROVED)
    key, original, corrected = reviewed["corrected"]
    assert by_id[key].source == corrected
    assert by_id[key].notes == [f"Original source (corrected in review): {original}"]
    first = reviewed["keys"][0]
    assert [(c.author, c.body) for c in by_id[first].comments] == [("rev1", "Tone is fine."), ("rev2", "Agreed.")]
    assert by_id[reviewed["keys"][2]].target == "The richest man posted."


def test_tmx_dates_and_editors(reviewed: dict, tmp_path: Path) -> None:
    root = etree.parse(str(_export(reviewed, tmp_path, "tmx"))).getroot()
    tu = root.find(f"body/tu[@tuid='{reviewed['keys'][0]}']")
    assert tu is not None
    assert tu.get("creationid") == "rev1" and tu.get("changeid") == "rev1"
    assert re.fullmatch(r"\d{8}T\d{6}Z", tu.get("creationdate", ""))
    assert re.fullmatch(r"\d{8}T\d{6}Z", tu.get("changedate", ""))
    untouched = root.find(f"body/tu[@tuid='{reviewed['keys'][-1]}']")
    assert untouched is not None and untouched.get("changeid") is None
    assert root.get("version") == "1.4"


def test_tmx_is_dtd_valid_and_xliff12_schema_valid(reviewed: dict, tmp_path: Path,
                                                    xliff12_schema: etree.XMLSchema) -> None:
    from tests.conftest import SCHEMAS, shared_dir

    dtd = etree.DTD(str(shared_dir(SCHEMAS) / "tmx14.dtd"))
    assert dtd.validate(etree.parse(str(_export(reviewed, tmp_path, "tmx")))), dtd.error_log
    schema = xliff12_schema
    doc = etree.parse(str(_export(reviewed, tmp_path, "xliff12")))
    assert schema.validate(doc), schema.error_log


def test_xliff12_state_mapping(reviewed: dict, tmp_path: Path) -> None:
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.parse(str(_export(reviewed, tmp_path, "xliff12"))).getroot()

    def unit(key: str) -> etree._Element:
        return root.xpath("//x:trans-unit[@id=$k]", namespaces=ns, k=key)[0]

    keys = reviewed["keys"]
    approved = unit(keys[0])
    assert approved.get("approved") == "yes"
    assert approved.find("x:target", ns).get("state") == "final"
    assert unit(keys[1]).find("x:target", ns).get("state") == "signed-off"
    assert unit(keys[2]).find("x:target", ns).get("state") == "translated"
    assert unit(keys[3]).find("x:target", ns).get("state") == "needs-translation"
    rejected = unit(reviewed["item"]).find("x:target", ns)
    assert (rejected.get("state"), rejected.get("state-qualifier")) == ("needs-translation", "rejected-inaccurate")
    assert unit(keys[-1]).find("x:target", ns) is None


def test_xliff2_states_and_comment_notes(reviewed: dict, tmp_path: Path) -> None:
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    root = etree.parse(str(_export(reviewed, tmp_path, "xliff2"))).getroot()
    states = [s.get("state") for s in root.iterfind(".//x:segment", ns)]
    assert {"initial", "translated", "reviewed", "final"} <= set(states)
    comments = root.xpath("//x:note[@category='comment']", namespaces=ns)
    assert len(comments) == 3


def test_status_approved_filters_interchange(reviewed: dict, tmp_path: Path) -> None:
    bf = read_bilingual(_export(reviewed, tmp_path, "xliff12", status="approved"))
    assert bf.ids() == [reviewed["keys"][0], reviewed["heading"]]


def test_csv_formula_injection_guard_and_extra_columns(reviewed: dict, tmp_path: Path) -> None:
    out = _export(reviewed, tmp_path, "csv")
    text = out.read_text(encoding="utf-8-sig")
    assert "'- 28 Sep 2023" in text  # a target starting with "-" is neutralised …
    assert read_bilingual(out).unit(reviewed["item"]).target == "- 28 Sep 2023: Musk visits the border."  # … reversibly
    header = text.splitlines()[0].split(",")
    assert header[:4] == ["id", "source", "target", "status"]
    assert "original_source" in header
    bf = read_bilingual(out)
    key, original, _ = reviewed["corrected"]
    assert bf.unit(key).metadata["columns"]["original_source"] == original


# -- article exports ------------------------------------------------------------------------------------------------


def test_html_escapes_every_text(reviewed: dict, tmp_path: Path) -> None:
    page = _export(reviewed, tmp_path, "html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert html.escape(XSS_SCRIPT) in page
    assert html.escape(XSS_IMG) in page
    assert "&lt;b&gt;onerror&lt;/b&gt;" in page  # comment in the appendix
    assert "full name &lt;b&gt;" in page  # correction reason
    assert page.count("<script") == 0 and "onerror=" not in page.replace("onerror=&quot;", "")
    assert 'href="http' not in page and 'src="http' not in page  # standalone: no external assets


def test_html_structure_side_by_side(reviewed: dict, tmp_path: Path) -> None:
    page = _export(reviewed, tmp_path, "html").read_text(encoding="utf-8")
    doc = etree.HTML(page)
    rows = doc.xpath("//main/div[contains(@class,'row') and @id] | //main/div[@class='list']/div[@id]")
    op = open_project(reviewed["path"])
    try:
        blocks = op.document().blocks
    finally:
        op.close()
    assert len(rows) == len(blocks)
    assert all(len(r.xpath("./div[@class='ja']")) == 1 and len(r.xpath("./div[@class='en']")) == 1 for r in rows)
    assert doc.xpath("//div[contains(@class,'heading')]//h2")
    lists = doc.xpath("//main/div[@class='list']")
    assert lists and len(lists[0].xpath(".//div[@class='ja']//li")) == sum(
        b.kind is BlockKind.LIST_ITEM for b in blocks
    )
    key, original, corrected = reviewed["corrected"]
    span = doc.xpath(f"//span[@id='ja-{key}']")[0]
    assert span.text == corrected and "corrected" in span.get("class")
    assert span.getnext().tag == "details" and span.getnext().xpath("string(.//del)") == original
    assert "@media print" in page
    assert doc.xpath("//section[@class='appendix']//td[contains(., 'Tone is fine.')]")


@pytest.mark.parametrize(("side", "ja", "en"), [("both", 1, 1), ("en", 0, 1), ("ja", 1, 0)])
def test_html_sides(reviewed: dict, tmp_path: Path, side: str, ja: int, en: int) -> None:
    doc = etree.HTML(_export(reviewed, tmp_path, "html", side=side).read_text(encoding="utf-8"))
    row = doc.xpath("//main//div[@id='b0']")[0]
    assert (len(row.xpath("./div[@class='ja']")), len(row.xpath("./div[@class='en']"))) == (ja, en)


def test_english_text_keeps_structure_and_joins_with_spaces(reviewed: dict, tmp_path: Path) -> None:
    text = _export(reviewed, tmp_path, "en-txt").read_text(encoding="utf-8")
    op = open_project(reviewed["path"])
    try:
        doc = op.document()
    finally:
        op.close()
    lines = text.split("\n")
    source_lines = doc.rebuild().split("\n")
    assert len(lines) == len(source_lines)  # same blocks, same blank lines
    assert lines[0] == XSS_SCRIPT
    assert lines[2] == XSS_IMG + " The richest man posted."  # joined with one space (no gap in Japanese)
    assert lines[3].startswith("A draft =1+1 sentence.")
    item_line = next(line for line in lines if "28 Sep 2023" in line)
    assert item_line.startswith("- ")
    assert "[untranslated: " in text


def test_english_markdown_and_html(reviewed: dict, tmp_path: Path) -> None:
    md = _export(reviewed, tmp_path, "en-md").read_text(encoding="utf-8")
    assert "## Timeline overview" in md
    assert "\\<script\\>" in md
    assert re.search(r"^- ", md, re.MULTILINE)
    page = _export(reviewed, tmp_path, "en-html").read_text(encoding="utf-8")
    doc = etree.HTML(page)
    assert doc.xpath("string(//h2)") == "Timeline overview"
    assert doc.xpath("//ul/li") and "<script>" not in page


def test_bilingual_markdown(reviewed: dict, tmp_path: Path) -> None:
    md = _export(reviewed, tmp_path, "md").read_text(encoding="utf-8")
    assert "## Source corrections" in md and "## Reviewer comments" in md
    assert "<script>" not in md and "\\<script\\>" in md
    _, original, corrected = reviewed["corrected"]
    assert f"{corrected}（原文: ~~{original}~~）" in md or ("~~" in md and "イーロン・マスク氏" in md)


def test_corrected_japanese_source(reviewed: dict, tmp_path: Path) -> None:
    text = _export(reviewed, tmp_path, "ja-txt").read_text(encoding="utf-8")
    _, original, corrected = reviewed["corrected"]
    assert corrected in text and original not in text


def test_docx_reopens_with_python_docx(reviewed: dict, tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    out = _export(reviewed, tmp_path, "docx")
    document = docx.Document(str(out))
    table = document.tables[1]  # (tables[0]: the "about this export" table)
    op = open_project(reviewed["path"])
    try:
        blocks = op.document().blocks
    finally:
        op.close()
    assert len(table.rows) == len(blocks) + 1
    assert [c.text for c in table.rows[0].cells] == ["日本語", "English"]
    assert table.rows[1].cells[1].text == XSS_SCRIPT
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Noto Serif CJK JP"
    texts = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Source corrections" in texts and "Tone is fine." in cells


# -- guarantees --------------------------------------------------------------------------------------------------------


def test_failed_export_leaves_no_partial_file(reviewed: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    original = ProjectData.unit
    calls = {"n": 0}

    def failing(self: ProjectData, view):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 50:
            raise RuntimeError("database went away")
        return original(self, view)

    monkeypatch.setattr(ProjectData, "unit", failing)
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    dest = tmp_path / "out.tmx"
    with pytest.raises(RuntimeError):
        export_project(reviewed["path"], "tmx", dest)
    assert list(tmp_path.iterdir()) == []
    dest.write_text("previous export", encoding="utf-8")
    calls["n"] = 0
    with pytest.raises(RuntimeError):
        export_project(reviewed["path"], "tmx", dest)
    assert dest.read_text(encoding="utf-8") == "previous export"
    assert list(tmp_path.iterdir()) == [dest]


def test_export_needs_the_export_permission(reviewed: dict, tmp_path: Path) -> None:
    op = open_project(reviewed["path"])
    try:
        data = ProjectData(op.service(Actor("t", Role.TRANSLATOR)), op.config.name, "ja", "en")
        with pytest.raises(PermissionDenied):
            get_exporter("tmx").export(data, tmp_path / "x.tmx")
    finally:
        op.close()
    assert not (tmp_path / "x.tmx").exists()


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda: get_exporter("pdf"), "unknown export format 'pdf'"),
        (lambda: ExportOptions(status="some"), "--status"),
        (lambda: ExportOptions(side="fr"), "--side"),
    ],
)
def test_option_errors(call, needle: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=needle):
        call()


@pytest.mark.parametrize(("gap", "expected"), [("", " "), (" ", " "), ("  ", "  "), ("\u3000", " "), ("\t", "\t")])
def test_english_gap(gap: str, expected: str) -> None:
    assert english_gap(gap) == expected


def test_status_approved_in_the_article(reviewed: dict, tmp_path: Path) -> None:
    text = _export(reviewed, tmp_path, "en-txt", status="approved").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == XSS_SCRIPT  # approved: kept
    assert lines[2].startswith("[not approved: ")  # reviewed, not approved: a placeholder, not the text
    assert XSS_IMG not in text
    assert "Timeline overview" in text


def test_exports_on_sqlite_and_postgresql(database, seed_text: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The bulk queries of ProjectData (comments, first/last revision, candidates) on both backends."""
    from review_app.models import Candidate
    from review_app.project import import_document
    from review_app.review import ReviewService
    from review_app.segment import parse_document
    from review_app.store.schema import ProjectRow

    with database.session() as s:
        row = ProjectRow(name="p", source_lang="ja", target_lang="en", settings={})
        s.add(row)
        s.flush()
        pid = row.id
    import_document(database, pid, parse_document(seed_text, name="seed.txt"), name="seed.txt", source_path=None)
    svc = ReviewService(database, "p", Actor("ed", Role.ADMIN))
    first, second = svc.list_segments(limit=2)
    svc.save_target(first.key, "First.", expected_version=first.version, status=Status.TRANSLATED)
    svc.approve(first.key, expected_version=first.version + 1)
    svc.add_comment(second.key, "later")
    svc.add_candidates([Candidate("fake-mt", "MT text", {"kind": "test"}, second.key)])
    data = ProjectData(svc, "p", "ja", "en")
    out = get_exporter("tmx").export(data, tmp_path / "p.tmx")
    bf = read_bilingual(out)
    assert bf.unit(first.key).target == "First." and bf.unit(first.key).state is Status.APPROVED
    assert bf.unit(first.key).metadata["changeid"] == "ed"
    assert [c.body for c in bf.unit(second.key).comments] == ["later"]
    csv_out = get_exporter("csv").export(data, tmp_path / "p.csv")
    assert read_bilingual(csv_out).unit(second.key).metadata["columns"]["candidate:fake-mt"] == "MT text"
