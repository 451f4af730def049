"""The DOCX article as a publisher opens it, on the shipped corpus (musk-trump).

Structure read back through python-docx and the raw WordprocessingML: A4 page, every table exactly as wide as
the text area with a fixed layout, the column header repeated on each page; headings in the Heading 2 style and
list items in List Bullet in both layouts (table for ``--side both``, flowing text for ``en`` / ``ja``); every
text run tagged ``w:lang`` en-US + ja-JP and the Japanese runs given the East Asian font; source corrections as
a redline; reviewer comments as Word comments anchored on their segment; document properties of this export
(not the python-docx template's) and property children in schema order (Word rejects a file otherwise).

With LibreOffice installed (not a CI dependency: skipped otherwise) the document is converted to PDF and the
PDF is checked: page count agrees with the footer's NUMPAGES field, the Japanese text survives, a Japanese font
is embedded when one is installed, and no word runs off the page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from review_app.exporters import ExportOptions, export_project
from review_app.exporters.article.as_docx import (
    A4_TWIPS,
    CORRECTED_FILL,
    EAST_ASIAN_FONT,
    MARGIN_TWIPS,
    MISSING_FILL,
    RPR_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    TRPR_ORDER,
    correction_spans,
    word_lang,
)
from review_app.models import BlockKind, Role, Status
from review_app.project import init_project, open_project
from review_app.review import Actor
from tests.conftest import CORPUS, SEED

docx = pytest.importorskip("docx")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEXT_WIDTH = A4_TWIPS[0] - 2 * MARGIN_TWIPS
NOTES = json.loads((CORPUS / "source-notes.json").read_text(encoding="utf-8"))
HOSTILE_COMMENT = "Check <b>this</b> & the 「引用」\x07 — “really”?"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The shipped article with the shipped reference translation as targets (every third one only
    translated, the last 20 segments untranslated), the shipped source corrections applied and comments."""
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import BatchRunner

    path = tmp_path_factory.mktemp("docx") / "proj"
    init_project(path, source=SEED, source_lang="ja", target_lang="en")
    op = open_project(path)
    try:
        svc = op.service(Actor("editor", Role.ADMIN))
        provenance = json.loads((CORPUS / "reference.provenance.json").read_text(encoding="utf-8"))
        runner = BatchRunner(svc, FileEngine(CORPUS / "reference.tmx", engine_name="reference", provenance=provenance))
        runner.run(runner.plan())
        segs = svc.list_segments()
        for i, s in enumerate(segs[:-20]):
            text = svc.candidates(s.key)[0].text
            v = svc.get_segment(s.key)
            svc.save_target(
                s.key, text, expected_version=v.version, status=Status.TRANSLATED if i % 3 == 2 else Status.APPROVED
            )
        corrected: dict[str, tuple[str, str]] = {}
        for note in NOTES:
            v = svc.get_segment(note["segment"])
            if note.get("corrected_ja") and note["ja"] in v.source and v.key not in corrected and len(corrected) < 4:
                new = v.source.replace(note["ja"], note["corrected_ja"], 1)
                svc.correct_source(v.key, new, expected_source_version=v.source_version, reason=note["kind"])
                corrected[v.key] = (v.source, new)
        svc.add_comment(segs[0].key, "Headline tone OK.")
        svc.add_comment(segs[0].key, "Agreed, approve.")
        svc.add_comment(segs[5].key, HOSTILE_COMMENT)
        blocks = op.document().blocks
        return {
            "path": path,
            "segments": segs,
            "corrected": corrected,
            "blocks": blocks,
            "commented": [segs[0].key, segs[5].key],
        }
    finally:
        op.close()


def _export(project: dict[str, Any], tmp_path: Path, **opts: Any) -> Path:
    name = "-".join(f"{k}={v}" for k, v in sorted(opts.items())) or "default"
    return export_project(project["path"], "docx", tmp_path / f"{name}.docx", ExportOptions(**opts))


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def _article_table(document: Any) -> Any:
    tables = [t for t in document.tables if [c.text for c in t.rows[0].cells] == ["日本語", "English"]]
    assert len(tables) == 1
    return tables[0]


def _text_runs(el: etree._Element) -> list[etree._Element]:
    return [r for r in el.iter(w("r")) if "".join(r.itertext()).strip() and r.find(w("instrText")) is None]


def _lang_ok(run: etree._Element) -> bool:
    lang = run.find("w:rPr/w:lang", NS)
    return lang is not None and lang.get(w("val")) == "en-US" and lang.get(w("eastAsia")) == "ja-JP"


def _east_asian(run: etree._Element) -> bool:
    fonts = run.find("w:rPr/w:rFonts", NS)
    return fonts is not None and fonts.get(w("eastAsia")) == EAST_ASIAN_FONT and fonts.get(w("hint")) == "eastAsia"


# -- page, tables, styles ------------------------------------------------------------------------------------------


def test_page_is_a4_and_every_table_fits_the_text_area(corpus_project: dict, tmp_path: Path) -> None:
    out = _export(corpus_project, tmp_path)
    document = docx.Document(str(out))
    section = document.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == A4_TWIPS
    assert section.left_margin.twips == section.right_margin.twips == MARGIN_TWIPS
    assert len(document.tables) == 4  # about, article, source corrections, reviewer comments
    for table in document.tables:
        tbl_pr = table._tbl.tblPr
        assert tbl_pr.find("w:tblW", NS).get(w("w")) == str(TEXT_WIDTH)
        assert tbl_pr.find("w:tblW", NS).get(w("type")) == "dxa"
        assert tbl_pr.find("w:tblLayout", NS).get(w("type")) == "fixed"
        grid = [int(g.get(w("w"))) for g in table._tbl.tblGrid.findall("w:gridCol", NS)]
        assert sum(grid) == TEXT_WIDTH
        for row in table._tbl.findall("w:tr", NS):
            cells = [int(tc.find("w:tcPr/w:tcW", NS).get(w("w"))) for tc in row.findall("w:tc", NS)]
            assert cells == grid  # no cell wider than its column (a long URL cannot push the table off the page)


def test_bilingual_table_rows_headings_and_lists(corpus_project: dict, tmp_path: Path) -> None:
    document = docx.Document(str(_export(corpus_project, tmp_path)))
    table = _article_table(document)
    blocks = corpus_project["blocks"]
    assert len(table.rows) == len(blocks) + 1
    header = table.rows[0]._tr.trPr
    assert header.find("w:tblHeader", NS) is not None and header.find("w:cantSplit", NS) is not None
    expected = {BlockKind.HEADING: "Heading 2", BlockKind.LIST_ITEM: "List Bullet", BlockKind.PARAGRAPH: "Normal"}
    kinds = {b.kind for b in blocks}
    assert kinds == set(expected)  # the corpus has all three: the test means something
    for block, row in zip(blocks, table.rows[1:], strict=True):
        for cell in row.cells:
            assert [p.style.name for p in cell.paragraphs] == [expected[block.kind]]
            assert not cell.text.startswith("•")  # a real list, not a typed bullet
    # the header of the document: the title as Heading 1, and no stray typed bullets anywhere
    assert document.paragraphs[0].style.name == "Heading 1"
    heading_style = document.styles["Heading 2"].element
    # headings in the body fonts, not the theme's Office-only Calibri / ＭＳ ゴシック
    assert heading_style.find("w:rPr/w:rFonts", NS) is None


@pytest.mark.parametrize("side", ["en", "ja"])
def test_one_side_is_flowing_text_with_styles(corpus_project: dict, tmp_path: Path, side: str) -> None:
    document = docx.Document(str(_export(corpus_project, tmp_path, side=side)))
    assert not [t for t in document.tables if t.rows[0].cells[0].text in ("日本語", "English")]
    blocks = corpus_project["blocks"]
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 2") == sum(b.kind is BlockKind.HEADING for b in blocks) + 2  # + appendix headings
    assert styles.count("List Bullet") == sum(b.kind is BlockKind.LIST_ITEM for b in blocks)
    body = [p for p in document.paragraphs if p.style.name in ("Heading 2", "List Bullet", "Normal")]
    if side == "ja":
        # the corrected Japanese, block by block and in order (a corrected segment shows its redline)
        ja = "".join(p.text for p in body)
        pos = 0
        for b in blocks:
            first = b.segments[0]
            if first.key in corpus_project["corrected"]:
                continue
            pos = ja.index(first.text[:15], pos)
    else:
        text = "\n".join(p.text for p in body)
        assert "[untranslated: " in text and "原文" not in text


# -- languages and fonts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ["both", "en", "ja"])
def test_every_run_carries_its_languages_and_japanese_runs_the_east_asian_font(
    corpus_project: dict, tmp_path: Path, side: str
) -> None:
    out = _export(corpus_project, tmp_path, side=side)
    body = _part(out, "word/document.xml").find("w:body", NS)
    runs = _text_runs(body)
    assert len(runs) > 300
    assert [r for r in runs if not _lang_ok(r)] == []
    japanese = [r for r in runs if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", "".join(r.itertext()))]
    east_asian = [r for r in runs if _east_asian(r)]
    if side == "en":  # only the title, metadata and the untranslated placeholders are Japanese there
        assert all("[untranslated: " in "".join(r.itertext()) or not _in_article(r) for r in japanese)
    else:
        article_ja = [r for r in japanese if _in_article(r) and not "".join(r.itertext()).startswith("[")]
        assert len(article_ja) > 100 and all(_east_asian(r) for r in article_ja)
        fonts = east_asian[0].find("w:rPr/w:rFonts", NS)
        # Latin letters and digits inside Japanese use the Japanese font's Latin glyphs
        assert fonts.get(w("ascii")) == fonts.get(w("hAnsi")) == EAST_ASIAN_FONT
    styles = _part(out, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']/w:rPr", NS)
    assert normal.find("w:rFonts", NS).get(w("eastAsia")) == EAST_ASIAN_FONT
    assert normal.find("w:lang", NS).get(w("val")) == "en-US"
    assert normal.find("w:lang", NS).get(w("eastAsia")) == "ja-JP"
    fonts_table = _part(out, "word/fontTable.xml")
    cjk = fonts_table.find(f"w:font[@w:name='{EAST_ASIAN_FONT}']", NS)
    assert cjk.find("w:charset", NS).get(w("val")) == "80"  # Shift-JIS: Word substitutes a Japanese font


def _in_article(run: etree._Element) -> bool:
    """A run of the article body (not the title, the About table or the appendix)."""
    for anc in run.iterancestors(w("tbl")):
        first = anc.find("w:tr", NS)
        return "".join(first.itertext()) in ("日本語English", "日本語", "English") if first is not None else False
    para = run.getparent()
    style = para.find("w:pPr/w:pStyle", NS) if para is not None else None
    return style is None or style.get(w("val")) in ("Heading2", "ListBullet")


def test_word_lang_tags() -> None:
    assert word_lang("ja") == "ja-JP" and word_lang("en") == "en-US" and word_lang("en_GB") == "en-GB"
    assert word_lang("pt-BR") == "pt-BR" and word_lang("xx") == "xx"


# -- corrections, placeholders, comments -----------------------------------------------------------------------------


def test_correction_spans_rebuild_both_texts_on_the_shipped_notes() -> None:
    notes = [n for n in NOTES if n.get("corrected_ja")]
    assert len(notes) > 10
    for n in notes:
        spans = correction_spans(n["ja"], n["corrected_ja"])
        assert "".join(t for k, t in spans if k != "old") == n["corrected_ja"]
        assert "".join(t for k, t in spans if k != "new") == n["ja"]
        assert all(t for _, t in spans) and {k for k, _ in spans} <= {"same", "old", "new"}
    assert correction_spans("衝撃的なニュースを明らかにした", "衝撃的な主張を展開した") == [
        ("same", "衝撃的な"),
        ("old", "ニュースを明らかに"),
        ("new", "主張を展開"),
        ("same", "した"),
    ]
    # a short shared stretch between two changes is folded into one replacement
    assert correction_spans("アメリカンPAC", "アメリカPAC") == [("same", "アメリカ"), ("old", "ン"), ("same", "PAC")]
    # a rewrite shows the whole original, then the whole correction
    assert correction_spans("彼は来た。", "全く別の文になった。") == [
        ("old", "彼は来た。"),
        ("new", "全く別の文になった。"),
    ]
    assert correction_spans("同じ", "同じ") == [("same", "同じ")]


def test_corrected_source_is_a_redline_in_the_japanese_cell(corpus_project: dict, tmp_path: Path) -> None:
    out = _export(corpus_project, tmp_path)
    document = docx.Document(str(out))
    table = _article_table(document)
    body_ja = "".join(row.cells[0].text for row in table.rows[1:])
    for original, corrected in corpus_project["corrected"].values():
        spans = correction_spans(original, corrected)
        for _kind, text in spans:
            assert text in body_ja
        shaded = [
            r
            for r in _part(out, "word/document.xml").iter(w("r"))
            if (s := r.find("w:rPr/w:shd", NS)) is not None and s.get(w("fill")) == CORRECTED_FILL
        ]
        shaded_text = "".join("".join(r.itertext()) for r in shaded)
        struck = [r for r in _part(out, "word/document.xml").iter(w("r")) if r.find("w:rPr/w:strike", NS) is not None]
        struck_text = "".join("".join(r.itertext()) for r in struck)
        for kind, text in spans:
            if kind == "new":
                assert text in shaded_text
            elif kind == "old":
                assert text in struck_text
    assert "（原文:" not in body_ja  # the old inline "original" copy of the whole sentence is gone


def test_approved_only_marks_placeholders(corpus_project: dict, tmp_path: Path) -> None:
    out = _export(corpus_project, tmp_path, status="approved")
    runs = _text_runs(_part(out, "word/document.xml"))
    placeholders = [
        r for r in runs if _in_article(r) and re.match(r"\[(untranslated|not approved): ", "".join(r.itertext()))
    ]
    segs = corpus_project["segments"]
    translated_only = sum(1 for i in range(len(segs) - 20) if i % 3 == 2)
    assert len(placeholders) == 20 + translated_only
    assert sum("[not approved: " in "".join(r.itertext()) for r in placeholders) == translated_only
    for r in placeholders:
        assert r.find("w:rPr/w:shd", NS).get(w("fill")) == MISSING_FILL
        assert r.find("w:rPr/w:highlight", NS) is None  # not Word's magenta "pink" highlight
    about = docx.Document(str(out)).tables[0]
    assert about.rows[-1].cells[0].text == "Marks" and "[not approved: …]" in about.rows[-1].cells[1].text


def test_comments_are_word_comments_on_their_segment(corpus_project: dict, tmp_path: Path) -> None:
    out = _export(corpus_project, tmp_path)
    document = docx.Document(str(out))
    comments = list(document.comments)
    assert len(comments) == 2  # one per commented segment, the thread as paragraphs
    first = comments[0]
    assert first.author == "editor"
    assert first.paragraphs[0].text == "Headline tone OK."
    assert re.fullmatch(r"editor \(\d{4}-\d\d-\d\d \d\d:\d\d\): Agreed, approve\.", first.paragraphs[1].text)
    hostile = "\n".join(p.text for p in comments[1].paragraphs)
    assert "Check <b>this</b> & the 「引用」 — “really”?" in hostile and "\x07" not in hostile
    body = _part(out, "word/document.xml")
    segs = {s.key: s for s in corpus_project["segments"]}
    for comment, key in zip(comments, corpus_project["commented"], strict=True):
        start = body.find(f".//w:commentRangeStart[@w:id='{comment.comment_id}']", NS)
        end = body.find(f".//w:commentRangeEnd[@w:id='{comment.comment_id}']", NS)
        assert start is not None and end is not None
        para = start.getparent()
        assert end.getparent() is para
        # the anchored text is the segment's Japanese, inside the article table
        anchored, inside = [], False
        for el in para:
            if el is start:
                inside = True
            elif el is end:
                break
            elif inside and el.tag == w("r"):
                anchored.append("".join(el.itertext()))
        assert "".join(anchored) == segs[key].source
        assert _in_article(para.find("w:r", NS))  # in the article table, not in the appendix
    texts = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Agreed, approve." in texts and "Reviewer comments" in "\n".join(p.text for p in document.paragraphs)


def test_no_appendix_leaves_out_comments_and_corrections_lists(corpus_project: dict, tmp_path: Path) -> None:
    out = _export(corpus_project, tmp_path, appendix=False)
    document = docx.Document(str(out))
    assert len(list(document.comments)) == 0
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "Source corrections" not in headings and "Reviewer comments" not in headings
    assert len(document.tables) == 2


# -- package: properties, schema order --------------------------------------------------------------------------------


def test_document_properties_describe_this_export(corpus_project: dict, tmp_path: Path) -> None:
    from datetime import UTC

    from review_app.formats.base import utc_now

    for side, lang, category in (("both", "en-US", "Bilingual article"), ("ja", "ja-JP", "Corrected source")):
        out = _export(corpus_project, tmp_path, side=side)
        props = docx.Document(str(out)).core_properties
        assert props.title == "musk-trump — source.ja.txt" or props.title
        assert props.author.startswith("review_app") and props.author != "python-docx"
        assert props.created.year == utc_now().year and abs(utc_now() - props.created.replace(tzinfo=UTC)).days < 1
        assert props.language == lang and props.category == category
        with zipfile.ZipFile(out) as z:
            names = z.namelist()
            assert "docProps/thumbnail.jpeg" not in names  # the template's blank-page thumbnail
            assert b"Macintosh" not in z.read("docProps/app.xml")
            assert b"<Application>review_app" in z.read("docProps/app.xml")


def test_property_children_follow_the_schema_order(corpus_project: dict, tmp_path: Path) -> None:
    orders = {"rPr": RPR_ORDER, "trPr": TRPR_ORDER, "tcPr": TCPR_ORDER, "tblPr": TBLPR_ORDER}
    for opts in ({}, {"side": "ja"}, {"status": "approved"}):
        out = _export(corpus_project, tmp_path, **opts)
        checked = 0
        for part in ("word/document.xml", "word/styles.xml", "word/comments.xml", "word/footer1.xml"):
            with zipfile.ZipFile(out) as z:
                if part not in z.namelist():
                    continue
            root = _part(out, part)
            for name, order in orders.items():
                for el in root.iter(w(name)):
                    ranks = [
                        order.index(etree.QName(c).localname)
                        for c in el
                        if etree.QName(c).localname in order and etree.QName(c).namespace == W
                    ]
                    assert ranks == sorted(ranks), (part, name, [etree.QName(c).localname for c in el])
                    checked += 1
        assert checked > 1000


def test_footer_has_page_fields(corpus_project: dict, tmp_path: Path) -> None:
    out = _export(corpus_project, tmp_path)
    with zipfile.ZipFile(out) as z:
        footers = [n for n in z.namelist() if re.fullmatch(r"word/footer\d+\.xml", n)]
    instr = [t.text.strip() for n in footers for t in _part(out, n).iter(w("instrText"))]
    assert instr == ["PAGE", "NUMPAGES"]


# -- rendered by LibreOffice (optional) --------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDF_TOOLS = shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdffonts")


def _to_pdf(docx_path: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / (docx_path.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {docx_path.name}"
    return pdf


@pytest.mark.skipif(not (SOFFICE and PDF_TOOLS), reason="LibreOffice / poppler-utils not installed")
@pytest.mark.parametrize("side", ["both", "en"])
def test_libreoffice_renders_the_article(corpus_project: dict, tmp_path: Path, side: str) -> None:
    pdf = _to_pdf(_export(corpus_project, tmp_path, side=side), tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    width = float(re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).group(1))
    assert abs(width - 595.3) < 1  # A4
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert 5 < pages < 60
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text  # footer fields updated
    first = corpus_project["segments"][0]
    if side == "both":
        assert "主要なタイムラインの概要" in text.replace(" ", "")
        assert first.source[:10] in text.replace(" ", "")
    assert "MT candidates" in text and "Marks" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk_installed = subprocess.run(
        ["fc-list", EAST_ASIAN_FONT], check=False, capture_output=True, text=True
    ).stdout.strip()
    if side == "both" and cjk_installed:
        assert "NotoSerifCJK" in fonts  # the Japanese is set in the Japanese font, not a fallback
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    right = max(float(m) for m in re.findall(r'xMax="([\d.]+)"', bbox))
    assert right <= width - MARGIN_TWIPS / 20 + 6  # nothing beyond the right margin (6 pt for cell padding)
