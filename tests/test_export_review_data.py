"""Review data in the exports: QA findings and comments in CSV/XLSX, MQM annotations in XLIFF (ITS 2.0 markup in
XLIFF 2.0, notes in XLIFF 1.2) with round trips, and the QA/MQM report exporters (qa-html, qa-csv, qa-json,
mqm-json, mqm-csv) — on the seed article with hostile texts."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from review_app import qa
from review_app.checks.base import CheckConfig
from review_app.exporters import EXPORTERS, ExportOptions, export_project
from review_app.formats import read_bilingual, write_bilingual
from review_app.formats.base import BilingualUnit
from review_app.formats.its import (
    ITS_NS,
    MQM_TO_ITS_SEVERITY,
    MQM_TO_ITS_TYPE,
    annotation_dict,
    its_severity_to_mqm,
    note_text,
    parse_note,
)
from review_app.formats.xliff2 import read_xliff2, write_xliff2
from review_app.formats.xliff12 import read_xliff12, write_xliff12
from review_app.models import Role, Severity, Status
from review_app.mqm import CATEGORIES, SEVERITY_WEIGHTS, MqmScore, MqmService, find_span
from review_app.project import open_project
from review_app.review import Actor
from tests.conftest import project_service

HOSTILE = "Musk and Trump <script>alert('x')</script>  split & fight."
TARGETS = (
    HOSTILE,
    'On June 4, Musk <img src=x onerror="alert(1)"> attacked the bill.',
    "Next day, June 6, Musk posted.",
)
CONFIG = CheckConfig(severity={"double-space": Severity.CRITICAL, "date-extra": Severity.MAJOR})
XLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"


@pytest.fixture
def project(seed_project: Path) -> dict[str, object]:
    """Targets, a stored QA run with one dismissed finding, comments and MQM annotations (one overlapping)."""
    with project_service(seed_project, "rev1", "admin") as svc:
        segs = svc.list_segments()[:3]
        for seg, text in zip(segs, TARGETS, strict=True):
            v = svc.get_segment(seg.key)
            svc.save_target(seg.key, text, expected_version=v.version, status=Status.TRANSLATED)
        svc.add_comment(segs[0].key, "=cmd|' /C calc'!A0 <b>bold</b>")
        with project_service(seed_project, "rev2", "reviewer") as svc2:
            svc2.add_comment(segs[0].key, "Agreed.")
        stored = qa.run_project(svc, config=CONFIG)
        length = next(s for s in stored if s.issue.unit == segs[1].key and s.issue.check == "length-outlier")
        qa.dismiss(svc, length.fingerprint, reason="short on purpose")
        mqm = MqmService(svc)
        a, b = find_span(HOSTILE, "<script>alert('x')</script>")
        mqm.add_annotation(segs[0].key, start=a, end=b, category="accuracy/addition", severity="critical",
                           note='injected "<script>" & more')
        mqm.add_annotation(segs[0].key, start=0, end=4, category="terminology", severity="minor")
        c, d = find_span(HOSTILE, "Trump <script>")  # crosses the first span
        mqm.add_annotation(segs[0].key, start=c, end=d, category="style", severity="major", note="")
        mqm.add_annotation(segs[0].key, start=len(HOSTILE) - 1, end=len(HOSTILE), category="fluency/punctuation",
                           severity="minor-punctuation")
        s, e = find_span(segs[2].source, "同氏")
        mqm.add_annotation(segs[2].key, start=s, end=e, category="accuracy/omission", severity="major",
                           note="who?", side="source")
        mqm.add_annotation(segs[2].key, start=10, end=16, category="accuracy/mistranslation", severity="major",
                           note="June 5, not 6")
        return {"path": seed_project, "keys": [s.key for s in segs],
                "annotations": mqm.list(), "dismissed": length.fingerprint}


def _export(project: dict, tmp_path: Path, fmt: str, **opts: str) -> Path:
    out = tmp_path / f"out-{fmt}{EXPORTERS.get(fmt).extension}"
    return export_project(project["path"], fmt, out, ExportOptions(**opts))  # type: ignore[arg-type]


def _service(project: dict):  # type: ignore[no-untyped-def]
    op = open_project(project["path"])
    return op, op.service(Actor("rev1", Role.ADMIN))


def _expected_qa_cells(project: dict) -> dict[str, str]:
    op, svc = _service(project)
    try:
        active = qa.list_issues(svc)
    finally:
        op.close()
    cells: dict[str, list[str]] = {}
    for s in active:
        cells.setdefault(s.issue.unit, []).append(f"{s.issue.severity.value} {s.issue.check}: {s.issue.message}")
    return {k: "\n".join(v) for k, v in cells.items()}


# -- CSV / XLSX -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_spreadsheets_carry_qa_findings_and_comments(project: dict, tmp_path: Path, fmt: str) -> None:
    out = _export(project, tmp_path, fmt)
    bf = read_bilingual(out)
    expected = _expected_qa_cells(project)
    assert expected, "the fixture must produce findings"
    for u in bf.units:
        assert u.metadata["columns"]["qa_findings"] == expected.get(u.id, "")
    k0, k1, _ = project["keys"]
    cell = bf.unit(k1).metadata["columns"]["qa_findings"]
    assert "length-outlier" not in cell  # the dismissed finding is left out …
    assert "critical double-space: 2 spaces in a row; expected one" in bf.unit(k0).metadata["columns"]["qa_findings"]
    comments = bf.unit(k0).metadata["columns"]["reviewer_comments"]
    assert comments == "rev1: =cmd|' /C calc'!A0 <b>bold</b>\nrev2: Agreed."
    # … the round trip of the bilingual columns is unaffected
    assert bf.unit(k0).target == HOSTILE and bf.unit(k0).state is Status.TRANSLATED


def test_csv_comment_cell_is_formula_guarded(project: dict, tmp_path: Path) -> None:
    raw = _export(project, tmp_path, "csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    col = rows[0].index("reviewer_comments")
    qa_col = rows[0].index("qa_findings")
    first = next(r for r in rows if r[0] == project["keys"][0])
    assert first[col].startswith("rev1: =cmd")  # starts with the user name, so nothing to neutralise
    assert all(not r[qa_col].startswith(("=", "+", "-", "@")) for r in rows[1:])


# -- MQM in XLIFF ------------------------------------------------------------------------------------------------


def _mqm_key(a: dict) -> tuple:
    return (a["side"], a["start"], a["end"], a["span"], a["category"], a["severity"], a["note"])


def _expected_mqm(project: dict, key: str) -> list[tuple]:
    return sorted(
        (a.side, a.start, a.end, a.span_text, a.category, a.severity, a.note)
        for a in project["annotations"]
        if a.segment_key == key
    )


def test_xliff2_its_markup(project: dict, tmp_path: Path) -> None:
    out = _export(project, tmp_path, "xliff2")
    root = etree.parse(str(out)).getroot()
    k0 = project["keys"][0]
    unit = root.find(f".//{{{XLIFF2}}}unit[@id='{k0}']")
    assert unit is not None
    target = unit.find(f".//{{{XLIFF2}}}target")
    markers = [el for el in target.iter() if el.get(f"{{{ITS_NS}}}locQualityIssueType")]
    assert len(markers) == 4
    by_type = {m.get(f"{{{ITS_NS}}}locQualityIssueType"): m for m in markers}
    assert set(by_type) == {"addition", "terminology", "style", "typographical"}
    style = by_type["style"]
    assert etree.QName(style).localname == "mrk" and style.get("type") == "its:any"
    assert "".join(style.itertext()) == "Trump <script>"
    assert style.get(f"{{{ITS_NS}}}locQualityIssueSeverity") == "60"
    # the addition starts inside the style span and ends after it: it cannot nest, so it is an <sm>/<em> pair
    addition = by_type["addition"]
    assert etree.QName(addition).localname == "sm"
    assert addition.get(f"{{{ITS_NS}}}locQualityIssueSeverity") == "100"
    assert addition.get(f"{{{ITS_NS}}}locQualityIssueComment") == 'injected "<script>" & more'
    ends = [e for e in target.iter(f"{{{XLIFF2}}}em") if e.get("startRef") == addition.get("id")]
    assert len(ends) == 1 and ends[0].getparent() is target
    assert by_type["typographical"].get(f"{{{ITS_NS}}}locQualityIssueSeverity") == "5"
    # the source-side omission sits in <source>
    k2 = project["keys"][2]
    src = root.find(f".//{{{XLIFF2}}}unit[@id='{k2}']//{{{XLIFF2}}}source")
    omission = [el for el in src.iter() if el.get(f"{{{ITS_NS}}}locQualityIssueType") == "omission"]
    assert len(omission) == 1 and "".join(omission[0].itertext()) == "同氏"


@pytest.mark.parametrize("fmt", ["xliff2", "xliff12"])
def test_mqm_round_trips_through_xliff(project: dict, tmp_path: Path, fmt: str) -> None:
    out = _export(project, tmp_path, fmt)
    bf = read_bilingual(out, format=fmt)
    for key in project["keys"]:
        u = bf.unit(key)
        assert sorted(_mqm_key(a) for a in u.metadata.get("mqm", [])) == _expected_mqm(project, key)
        assert u.notes == []  # MQM notes are annotations, not free notes
    assert bf.unit(project["keys"][0]).target == HOSTILE  # markup never changes the text
    # and a conversion keeps them: XLIFF → the other XLIFF → read
    other = "xliff12" if fmt == "xliff2" else "xliff2"
    converted = tmp_path / f"converted-{other}.xlf"
    write_bilingual(bf, converted, format=other)
    again = read_bilingual(converted, format=other)
    for key in project["keys"]:
        assert sorted(_mqm_key(a) for a in again.unit(key).metadata.get("mqm", [])) == _expected_mqm(project, key)


def test_xliff12_mqm_notes_validate_against_the_strict_schema(project: dict, tmp_path: Path,
                                                              xliff12_schema: etree.XMLSchema) -> None:
    schema = xliff12_schema
    doc = etree.parse(str(_export(project, tmp_path, "xliff12")))
    assert schema.validate(doc), schema.error_log
    notes = doc.getroot().findall(".//{urn:oasis:names:tc:xliff:document:1.2}note[@from='mqm']")
    assert len(notes) == len(project["annotations"])
    assert any(n.text.startswith("accuracy/addition critical target[") for n in notes)


def test_status_approved_drops_target_annotations(project: dict, tmp_path: Path) -> None:
    bf = read_bilingual(_export(project, tmp_path, "xliff2", status="approved"))
    assert bf.units == []  # nothing is approved: no unit, no annotation leaks
    out = _export(project, tmp_path, "xliff12", status="all")
    assert len(read_bilingual(out).unit(project["keys"][2]).metadata["mqm"]) == 2


def test_stale_span_is_kept_as_a_note(tmp_path: Path) -> None:
    """An annotation whose span is no longer in the text (edited after annotating) is not lost."""
    ann = annotation_dict(side="target", start=0, end=5, span="Elon ", category="style", severity="minor", note="n")
    moved = annotation_dict(side="target", start=0, end=4, span="Musk", category="terminology", severity="major",
                            note="")
    u = BilingualUnit(id="s1", source="マスク", target="Mr Musk", metadata={"mqm": [ann, moved]})
    buf = io.BytesIO()
    write_xliff2(buf, [u], source_lang="ja", target_lang="en", original="x")
    back = read_xliff2(buf.getvalue()).units[0]
    got = {a["span"]: (a["start"], a["end"]) for a in back.metadata["mqm"]}
    assert got == {"Elon ": (0, 5), "Musk": (3, 7)}  # the stale one as a note, the moved one relocated
    assert back.target == "Mr Musk" and back.notes == []


@pytest.mark.parametrize(
    ("category", "its_type"), sorted(MQM_TO_ITS_TYPE.items())
)
def test_every_category_maps_to_an_its_type_and_back(category: str, its_type: str) -> None:
    assert category in CATEGORIES
    u = BilingualUnit(id="u", source="源", target="text", metadata={"mqm": [
        annotation_dict(side="target", start=0, end=4, span="text", category=category, severity="major", note="")]})
    buf = io.BytesIO()
    write_xliff2(buf, [u], source_lang="ja", target_lang="en", original=None)
    data = buf.getvalue()
    assert f'its:locQualityIssueType="{its_type}"'.encode() in data
    # a tool that knows only ITS (no ra: attributes) still gets the category back
    plain = re.sub(rb' ra:mqm\w+="[^"]*"', b"", data)
    assert read_xliff2(plain).units[0].metadata["mqm"][0]["category"] == category


@pytest.mark.parametrize(("value", "its_type", "severity"), [
    (100, "other", "critical"), (60, "style", "major"), (40, "style", "major"), (20, "style", "minor"),
    (5, "typographical", "minor-punctuation"), (5, "grammar", "minor"), (0, None, "minor"),
])
def test_its_severity_to_mqm(value: float, its_type: str | None, severity: str) -> None:
    assert its_severity_to_mqm(value, its_type) == severity


def test_its_severity_keeps_the_order_of_the_mqm_weights() -> None:
    order = sorted(SEVERITY_WEIGHTS, key=lambda s: SEVERITY_WEIGHTS[s])
    values = [MQM_TO_ITS_SEVERITY[s] for s in order]
    assert values == sorted(values) and all(0 <= v <= 100 for v in values)


@pytest.mark.parametrize("text", [
    'accuracy/omission critical target[3:3] "": forgot "x": really',
    'style minor source[0:2] "\\"<"',
    "just a note from a translator",
    'style minor target[0:2] "unterminated',
])
def test_note_text_parses_back_or_is_refused(text: str) -> None:
    ann = parse_note(text)
    if ann is None:
        assert text in ("just a note from a translator", 'style minor target[0:2] "unterminated')
    else:
        assert note_text(ann) == text


_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    target=_text.filter(lambda t: t.strip() == t and t != ""),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from(sorted(MQM_TO_ITS_TYPE)),
                             st.sampled_from(sorted(SEVERITY_WEIGHTS)), _text), max_size=5),
)
def test_arbitrary_spans_round_trip_in_both_xliffs(target: str, spans: list) -> None:
    from review_app.formats.base import xml_text

    target = xml_text(target)
    if not target:
        return
    anns = []
    for x, y, category, severity, note in spans:
        a, b = sorted((min(x, len(target)), min(y, len(target))))
        anns.append(annotation_dict(side="target", start=a, end=b, span=target[a:b], category=category,
                                    severity=severity, note=xml_text(note).strip()))
    u = BilingualUnit(id="u1", source="原文", target=target, metadata={"mqm": anns})
    want = sorted(_mqm_key(a) for a in anns)
    for write, read in ((write_xliff2, read_xliff2), (write_xliff12, read_xliff12)):
        buf = io.BytesIO()
        write(buf, [u], source_lang="ja", target_lang="en", original="x")
        back = read(buf.getvalue()).units[0]
        assert back.target == target
        assert sorted(_mqm_key(a) for a in back.metadata.get("mqm", [])) == want


# -- reports --------------------------------------------------------------------------------------------------------


def test_reports_are_registered_and_offered_by_the_cli() -> None:
    from review_app.cli import main

    names = {"qa-html", "qa-csv", "qa-json", "mqm-json", "mqm-csv"}
    assert names <= set(EXPORTERS.names())
    res = CliRunner().invoke(main, ["export", "--help"])
    assert res.exit_code == 0
    for n in names:
        assert n in res.output


def test_qa_json_is_the_qa_contract_with_dismissed_flags(project: dict, tmp_path: Path) -> None:
    from review_app.findings import JSON_KEYS

    report = json.loads(_export(project, tmp_path, "qa-json").read_text(encoding="utf-8"))
    op, svc = _service(project)
    try:
        stored = qa.list_issues(svc, include_dismissed=True)
    finally:
        op.close()
    assert report["file"] == "proj" and "double-space" in report["checks"]
    assert report["run"]["user"] == "rev1" and report["run"]["units"] == 326
    assert len(report["issues"]) == len(stored)
    for row, s in zip(report["issues"], stored, strict=True):
        assert set(row) == {*JSON_KEYS, "fingerprint", "dismissed"}
        assert row["fingerprint"] == s.fingerprint and row["dismissed"] is s.dismissed
        assert row["unit"] == s.issue.unit and row["message"] == s.issue.message
    assert [r["fingerprint"] for r in report["issues"] if r["dismissed"]] == [project["dismissed"]]


def test_qa_csv_rows(project: dict, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(project, tmp_path, "qa-csv").read_text(encoding="utf-8-sig"))))
    assert rows and {r["dismissed"] for r in rows} == {"yes", "no"}
    first = [r for r in rows if r["segment"] == project["keys"][0] and r["check"] == "double-space"]
    assert len(first) == 1 and first[0]["severity"] == "critical" and first[0]["target"] == HOSTILE
    assert re.fullmatch(r"\d+-\d+", first[0]["target_span"])


def test_qa_html_escapes_groups_and_marks(project: dict, tmp_path: Path) -> None:
    page = _export(project, tmp_path, "qa-html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page
    assert html.escape("<script>alert('x')</script>") in page
    # grouped by severity (critical before major before minor), then by check
    heads = re.findall(r"<h2 class='(\w+)'>", page)
    assert heads == ["critical", "major", "minor", "dismissed"]
    assert page.index("<h3>date-extra") < page.index("<h2 class='minor'>")
    # the double-space span is highlighted inside the escaped target: the mark wraps the two spaces only
    assert "&lt;/script&gt;<mark>  </mark>split &amp; fight." in page
    # no markup from the data anywhere: every tag in the page is one of ours
    tags = set(re.findall(r"<(/?[a-zA-Z0-9!]+)", page))
    assert tags <= {"!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title", "style", "/style",
                    "body", "/body", "h1", "/h1", "h2", "/h2", "h3", "/h3", "table", "/table", "tr", "/tr", "td",
                    "/td", "th", "/th", "mark", "/mark", "div", "/div", "code", "/code", "colgroup", "/colgroup", "col"}


def test_qa_reports_without_a_run(seed_project: Path, tmp_path: Path) -> None:
    page = export_project(seed_project, "qa-html", tmp_path / "qa.html").read_text(encoding="utf-8")
    assert "No QA run is stored" in page
    data = json.loads(export_project(seed_project, "qa-json", tmp_path / "qa.json").read_text(encoding="utf-8"))
    assert data == {"file": "proj", "checks": [], "run": None, "issues": []}


def test_mqm_json_scores_and_signature(project: dict, tmp_path: Path) -> None:
    report = json.loads(_export(project, tmp_path, "mqm-json").read_text(encoding="utf-8"))
    op, svc = _service(project)
    try:
        service = MqmService(svc)
        doc = service.score()
        per_segment = {k: service.score(k) for k in project["keys"] if service.list(k)}
    finally:
        op.close()
    assert report["signature"] == MqmScore(0, 0, 0).signature
    assert report["document"]["penalty"] == doc.penalty == 25 + 1 + 5 + 0.1 + 5 + 5
    assert report["document"]["words"] == doc.words and report["document"]["score"] == round(doc.score or 0, 6)
    assert [s["key"] for s in report["segments"]] == [project["keys"][0], project["keys"][2]]
    for seg in report["segments"]:
        want = per_segment[seg["key"]]
        assert (seg["score"]["penalty"], seg["score"]["words"]) == (want.penalty, want.words)
        assert want.score is not None and seg["score"]["score"] == round(want.score, 6)
        assert seg["score"]["by_severity"] == want.by_severity
    first = report["segments"][0]
    assert first["score"]["score"] < 0  # 31.1 penalty points on 8 words
    assert {a["span"] for a in first["annotations"]} >= {"<script>alert('x')</script>", "Musk"}


def test_mqm_csv_rows(project: dict, tmp_path: Path) -> None:
    raw = _export(project, tmp_path, "mqm-csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw)))
    kinds = [r["record"] for r in rows]
    assert kinds.count("annotation") == 6 and kinds.count("segment") == 2 and kinds[-1] == "document"
    assert {r["signature"] for r in rows} == {MqmScore(0, 0, 0).signature}
    seg0 = next(r for r in rows if r["record"] == "segment" and r["segment"] == project["keys"][0])
    assert seg0["score"].startswith("-") and float(seg0["score"]) < 0  # a number, not a guarded text cell
    assert float(rows[-1]["penalty"]) == pytest.approx(41.1)
