"""Line-segmented and WMT projects (review_app.sources, formats.wmt, init --segmentation): real WMT files,
hostile text, both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.cli import main
from review_app.errors import InputError
from review_app.formats.wmt import read_wmt
from review_app.project import import_document, init_project, open_project
from review_app.sources import parse_lines, read_source
from tests.conftest import SHARED, shared_dir

WMT22 = SHARED / "realworld" / "wmt22-ja-en"
WMT21 = SHARED / "realworld" / "wmt21-ja-en"
WMT22_XML = WMT22 / "wmttest2022.ja-en.all.xml"
WMT21_XML = WMT21 / "newstest2021.ja-en.all.xml"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def _cli(*args: object, code: int = 0) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output + (result.stderr or "")
    return result.output  # stdout and stderr, as a terminal shows them


# -- line segmentation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("一。二。\n三。\n", ["一。二。", "三。"]),  # never split inside a line
        ("a\r\nb\r\n", ["a", "b"]),
        ("\ufeffa\n\nb", ["a", "", "b"]),  # a blank line is a segment: line N stays segment N
        ("  - 箇条書き  \n", ["- 箇条書き"]),  # no list-marker stripping; edge whitespace outside the text
        ("a\rb\n", ["a\rb"]),  # only LF ends a line, as in sacrebleu and formats.lines
        ("x", ["x"]),
    ],
)
def test_parse_lines(text: str, segments: list[str]) -> None:
    doc = parse_lines(text)
    assert [s.text for s in doc.segments] == segments
    assert doc.rebuild() == text
    assert len({s.key for s in doc.segments}) == len(segments)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_parse_lines_is_lossless(text: str) -> None:
    assert parse_lines(text).rebuild() == text


def test_init_line_segmentation_keeps_every_wmt_line(tmp_path: Path) -> None:
    src = shared_dir(WMT22) / "src.ja"
    proj = tmp_path / "lines"
    out = _cli("init", proj, "--source", src, "--segmentation", "line")
    assert "2008 segments in 2008 blocks" in out
    op = open_project(proj)
    try:
        assert op.config.segmentation == "line"
        assert [v.source for v in op.service().list_segments()] == _lines(src)
    finally:
        op.close()
    rebuilt = tmp_path / "rebuilt.ja"
    _cli("source", proj, "-o", rebuilt)
    assert rebuilt.read_bytes() == src.read_bytes()
    # the default (sentence) segmentation re-splits the same lines: that is what --segmentation line avoids
    sentence = read_source(src)
    assert len(sentence.document.segments) > 2008


# -- WMT test-set XML -------------------------------------------------------------------------------------------


def test_read_wmt22_equals_the_published_text_files() -> None:
    ts = read_wmt(shared_dir(WMT22_XML))
    assert (ts.id, ts.year, ts.campaign, ts.source_lang, ts.target_lang) == ("wmttest2022", 2022, "WMT22", "ja", "en")
    assert [s.text for s in ts.segments] == _lines(WMT22 / "src.ja")
    assert ts.references["A"] == _lines(WMT22 / "ref.en")
    assert sorted(ts.systems) == sorted(p.stem for p in (WMT22 / "hyp").glob("*.en"))
    for name, texts in ts.systems.items():
        assert texts == _lines(WMT22 / "hyp" / f"{name}.en"), name
    docs = ts.documents()
    assert len(docs) == 321 and sum(d.segments for d in docs) == 2008
    assert {d.domain for d in docs} == {"conversation", "ecommerce", "news", "social"}
    assert ts.segments[0].document == "conversational_ja_072" and ts.segments[0].seg == "1"


def test_read_wmt21_without_collections_or_domains() -> None:
    ts = read_wmt(shared_dir(WMT21_XML))
    assert (ts.year, ts.campaign, len(ts.segments), len(ts.systems)) == (2021, "WMT21", 1005, 16)
    assert [s.text for s in ts.segments] == _lines(WMT21 / "src.ja")
    assert ts.segments[0].document == "yahoo-ja.978543" and ts.segments[0].domain is None


def test_init_from_wmt22_imports_source_reference_and_systems(tmp_path: Path) -> None:
    proj = tmp_path / "wmt22"
    out = _cli("init", proj, "--source", shared_dir(WMT22_XML))
    assert "2008 segments in 321 blocks" in out and "ja → en" in out
    assert "321 documents (conversation, ecommerce, news, social)" in out and "14 systems" in out
    op = open_project(proj)
    try:
        assert op.config.segmentation == "wmt"
        svc = op.service()
        views = svc.list_segments()
        assert len(views) == 2008
        assert views[0].meta == {"document": "conversational_ja_072", "domain": "conversation", "origlang": "ja",
                                 "collection": "general", "wmt_seg": "1"}
        refs = _lines(WMT22 / "ref.en")
        online_b = _lines(WMT22 / "hyp" / "Online-B.en")
        for n in (0, 1000, 2007):
            cands = {c.engine: c for c in svc.candidates(views[n].key)}
            assert len(cands) == 15
            assert cands["reference"].text == refs[n]
            assert cands["Online-B"].text == online_b[n]
        prov = cands["Online-B"].provenance
        assert prov["kind"] == "machine-translation" and prov["system"] == "Online-B"
        assert prov["campaign"] == "WMT22" and prov["year"] == 2022 and "submitted to WMT22" in prov["how"]
        ref_prov = cands["reference"].provenance
        assert ref_prov["kind"] == "human-reference" and ref_prov["translator"] == "A"
    finally:
        op.close()
    rebuilt = tmp_path / "src.ja"
    _cli("source", proj, "-o", rebuilt)
    assert rebuilt.read_bytes() == (WMT22 / "src.ja").read_bytes()


def test_wmt_import_is_one_transaction_on_both_databases(database) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from review_app.store.schema import CandidateRow, ProjectRow, SegmentRow

    src = read_source(shared_dir(WMT21_XML))
    with database.session() as s:
        row = ProjectRow(name="wmt21", source_lang="ja", target_lang="en", settings={})
        s.add(row)
        s.flush()
        pid = row.id
    import_document(database, pid, src.document, name="wmt21", source_path=None, meta=src.meta,
                    candidates=src.candidates)
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(SegmentRow)) == 1005
        assert s.scalar(select(func.count()).select_from(CandidateRow)) == 17 * 1005
        metas = list(s.scalars(select(SegmentRow.meta).order_by(SegmentRow.idx).limit(1)))
        assert metas[0]["document"] == "yahoo-ja.978543"


def test_given_languages_must_match_the_wmt_file(tmp_path: Path) -> None:
    out = _cli("init", tmp_path / "p", "--source", shared_dir(WMT21_XML), "--source-lang", "zh", code=2)
    assert "declares ja" in out
    assert not (tmp_path / "p").exists()
    out = _cli("init", tmp_path / "p", "--source", WMT21_XML, "--segmentation", "sentence", code=2)
    assert "already segmented" in out


HOSTILE = [
    ("<tmx/>", "not a WMT test set"),
    ("<dataset><doc id='d'><src lang='ja'><p><seg id='1'>a</seg><seg id='1'>b</seg></p></src></doc></dataset>",
     "segment id '1' repeats"),
    ("<dataset><doc id='d'><src lang='ja'><p><seg id='1'>a</seg></p></src>"
     "<hyp system='S' lang='en'><p><seg id='2'>x</seg></p></hyp></doc></dataset>", "does not have"),
    ("<dataset><doc id='d'><p/></doc></dataset>", "0 <src>"),
    ("<dataset><doc id='d'><src lang='ja'><p><seg>a</seg></p></src></doc></dataset>", "has no id"),
    ("<dataset><doc id='d'><src lang='ja'><p><seg id='1'>a</seg></p></src></doc>"
     "<doc id='d'><src lang='ja'><p><seg id='1'>a</seg></p></src></doc></dataset>", "document id 'd' repeats"),
    ("<dataset><doc id='d'><src lang='ja'><p><seg id='1'>a</seg></p></src>"
     "<hyp system='S' lang='en'><p><seg id='1'>x</seg></p></hyp><hyp system='S' lang='en'/></doc></dataset>",
     "two <hyp>"),
    ("<dataset/>", "no source segments"),
    ("<dataset><doc id='d'><src lang='ja'><p><seg id='1'>a</seg>", "not well-formed"),
]


@pytest.mark.parametrize(("xml", "message"), HOSTILE)
def test_hostile_wmt_files_are_refused_with_the_line(tmp_path: Path, xml: str, message: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(xml, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_wmt(path)
    if xml.startswith("<dataset"):
        with pytest.raises(InputError):
            init_project(tmp_path / "p", source=path)
        assert not (tmp_path / "p").exists()


def test_missing_system_output_is_none_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "t.xml"
    path.write_text(
        "<dataset id='wmttest2099'><doc id='a' domain='news'><src lang='ja'><p><seg id='1'>一</seg>"
        "<seg id='2'>二</seg></p></src><ref lang='en' translator='A'><p><seg id='1'>One</seg></p></ref>"
        "<hyp system='S' lang='en'><p><seg id='2'>Two</seg></p></hyp></doc>"
        "<doc id='b'><src lang='ja'><seg id='1'>三</seg></src><hyp system='T' lang='en'><seg id='1'>3</seg></hyp>"
        "</doc><doc id='t' testsuite='x'><src lang='ja'><seg id='1'>x</seg></src></doc></dataset>",
        encoding="utf-8",
    )
    ts = read_wmt(path)
    assert ts.references == {"A": ["One", None, None]}
    assert ts.systems == {"S": [None, "Two", None], "T": [None, None, "3"]}
    assert ts.skipped_testsuites == 1 and ts.campaign == "WMT99"
    src = read_source(path)
    assert "S 2" in src.summary and "T 2" in src.summary and "1 test-suite" in src.summary
    assert src.document.rebuild() == "一\n二\n三\n"
    assert len(src.candidates) == 3


def test_line_project_imports_a_system_output_by_line_number(tmp_path: Path) -> None:
    folder = shared_dir(WMT21)
    proj = tmp_path / "lines"
    _cli("init", proj, "--source", folder / "src.ja", "--segmentation", "line")
    hyp = folder / "hyp" / "Online-W.en"
    prov = '{"kind": "machine-translation", "how": "submitted to WMT21"}'
    out = _cli("candidates", "import", proj, hyp, "--engine", "Online-W", "--provenance", prov)
    assert "1005 candidates imported from Online-W.en by line number" in out
    again = _cli("candidates", "import", proj, hyp, "--engine", "Online-W", "--provenance", prov)
    assert "0 candidates imported" in again and "1005 already imported" in again
    op = open_project(proj)
    try:
        svc = op.service()
        views = svc.list_segments()
        expected = _lines(hyp)
        for n in (0, 500, 1004):
            (cand,) = svc.candidates(views[n].key)
            assert cand.text == expected[n] and cand.provenance["line"] == n + 1
            assert cand.provenance["matched_by"] == "line" and cand.provenance["how"] == "submitted to WMT21"
    finally:
        op.close()
    short = tmp_path / "short.en"
    short.write_text("\n".join(expected[:-1]) + "\n", encoding="utf-8")
    refused = _cli("candidates", "import", proj, short, "--engine", "x", "--provenance", prov, code=2)
    assert "1,004 lines, but the project has 1,005 segments" in refused
