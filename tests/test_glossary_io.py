"""Glossary model and IO: TBX 2008 / TBX v3 reading, TBX-Basic writing, CSV (rich + DeepL), XLSX, safe XML."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review_app.errors import InputError
from review_app.glossary import load_glossary, save_glossary
from review_app.glossary.csvio import parse_csv, to_csv_text, to_deepl_text
from review_app.glossary.model import Concept, ConceptType, Glossary, Term, TermStatus, clean_line
from review_app.glossary.tbx import read_tbx, to_tbx_bytes
from tests.conftest import INTEROP, shared_dir


def _sample() -> Glossary:
    return Glossary(
        concepts=(
            Concept("doge", ConceptType.ORGANISATION, terms=(
                Term("政府効率化省", "ja", TermStatus.PREFERRED),
                Term("政府効率化局", "ja", TermStatus.ADMITTED, non_canonical=True),
                Term("政府効率化委員会", "ja", TermStatus.FORBIDDEN),
                Term("Department of Government Efficiency", "en", TermStatus.PREFERRED, case_sensitive=True),
                Term("DOGE", "en", do_not_translate=True, term_type="acronym",
                     first_mention="Department of Government Efficiency (DOGE)"),
                Term("Government Efficiency Committee", "en", TermStatus.FORBIDDEN, note="literal\nsecond line"),
            ), definition="Advisory body.", note="review_app:looks like a flag\nplain", single_rendering=True),
            Concept("eagle-pass", ConceptType.PLACE, terms=(
                Term("イーグルパス", "ja", TermStatus.PREFERRED), Term("鷹潭", "ja", TermStatus.FORBIDDEN),
                Term("Eagle Pass", "en", TermStatus.PREFERRED, context="Musk visited Eagle Pass, Texas."),
                Term("Yingtan", "en", TermStatus.FORBIDDEN, part_of_speech="noun"),
            )),
        ),
        name="sample", version="2", description="test glossary",
    )


# ---------------------------------------------------------------------------------------------- model


def test_status_parsing_accepts_tbx_values() -> None:
    table = {
        "preferredTerm-admn-sts": TermStatus.PREFERRED,
        "admittedTerm-admn-sts": TermStatus.ADMITTED,
        "deprecatedTerm-admn-sts": TermStatus.FORBIDDEN,
        "supersededTerm-admn-sts": TermStatus.FORBIDDEN,
        "forbidden": TermStatus.FORBIDDEN,
        "": TermStatus.ADMITTED,
    }
    for raw, want in table.items():
        assert TermStatus.parse(raw) is want, raw
    with pytest.raises(ValueError, match="unknown term status"):
        TermStatus.parse("legalTerm-admn-sts")


def test_signature_cites_name_version_and_content_hash() -> None:
    g = _sample()
    sig = g.signature
    assert sig.startswith("glossary:sample|version:2|concepts:2|terms:10|sha256:")
    changed = g.with_concepts([*g.concepts[:1]])
    assert changed.content_hash != g.content_hash
    assert Glossary(g.concepts, name="sample", version="2", description="test glossary").content_hash == g.content_hash


def test_duplicate_concept_ids_are_rejected() -> None:
    c = Concept("x", terms=(Term("a", "en"),))
    with pytest.raises(ValueError, match="duplicate concept id"):
        Glossary((c, c))


def test_terms_in_matches_regional_variants() -> None:
    c = Concept("c", terms=(Term("colour", "en-GB"), Term("color", "en-US"), Term("色", "ja")))
    assert [t.text for t in c.terms_in("en")] == ["colour", "color"]
    assert [t.text for t in c.terms_in("en-US")] == ["color"]


# ------------------------------------------------------------------------------------------------ TBX


def test_reads_tbx3_dca_astronomy() -> None:
    g = read_tbx(shared_dir(INTEROP / "tbx3_tbx-basic-dca_astronomy_en-es-zu.tbx"))
    assert len(g) == 45
    assert set(g.languages) == {"en", "es", "zu"}
    assert (g.source_lang, g.target_lang) == ("en", "es")  # root xml:lang, then the first other language
    c1 = g.get("c1")
    assert c1.definition.startswith("A group of stars formed together in the spiral arms")
    en = {t.text: t for t in c1.terms_in("en")}
    assert en["open cluster"].status is TermStatus.PREFERRED
    assert en["galactic cluster"].status is TermStatus.FORBIDDEN  # supersededTerm-admn-sts
    assert en["open cluster"].part_of_speech == "noun"
    assert c1.subject == "General"


def test_reads_tbx2008_martif_with_doctype() -> None:
    g = read_tbx(shared_dir(INTEROP / "tbx2008_lisa-sample_medtronic_14langs.tbx"))
    assert len(g) == 3
    assert g.name == "Medtronic Data"
    assert g.get("c7331").terms_in("en")[0].text == "patient identifier"
    assert len(g.languages) == 14


@pytest.mark.parametrize("name", ["tbx3_tbx-basic-dca_astronomy_en-es-zu.tbx",
                                  "tbx2008_lisa-sample_medtronic_14langs.tbx"])
def test_interop_tbx_round_trips(name: str) -> None:
    g = read_tbx(shared_dir(INTEROP / name))
    again = read_tbx(to_tbx_bytes(g))
    assert again == g
    assert to_tbx_bytes(again) == to_tbx_bytes(g)


def test_tbx_round_trip_keeps_every_field() -> None:
    g = _sample()
    data = to_tbx_bytes(g)
    assert b"deprecatedTerm-admn-sts" in data and b"<martif" in data
    assert read_tbx(data) == g


def test_written_tbx_is_tbx_basic_martif(tmp_path: Path) -> None:
    from lxml import etree

    path = tmp_path / "g.tbx"
    save_glossary(_sample(), path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    statuses = {e.text for e in root.iter("termNote") if e.get("type") == "administrativeStatus"}
    assert statuses == {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"}


BODY = ('<martif type="TBX"><text><body><termEntry id="c1"><langSet xml:lang="en"><tig><term>{}</term></tig>'
        "</langSet></termEntry></body></text></martif>")
HOSTILE = {
    "xxe-file": '<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + BODY.format("&xxe;"),
    "xxe-url": '<!DOCTYPE martif [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">]>' + BODY.format("&xxe;"),
    "billion-laughs": (
        '<!DOCTYPE martif [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' + BODY.format("&lol3;")
    ),
    "external-dtd": '<!DOCTYPE martif SYSTEM "{dtd}">' + BODY.format("&secret;"),
    "parameter-entity": '<!DOCTYPE martif [<!ENTITY % ext SYSTEM "file://{dtd}"> %ext;]>' + BODY.format("&secret;"),
}


@pytest.mark.parametrize(("case", "needle"), [
    ("xxe-file", "declares entities"), ("xxe-url", "declares entities"), ("billion-laughs", "declares entities"),
    ("external-dtd", "external DTD"), ("parameter-entity", "declares entities"),
])
def test_hostile_xml_is_rejected_with_the_file_name(tmp_path: Path, case: str, needle: str) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "TOPSECRET">', encoding="utf-8")
    path = tmp_path / f"{case}.tbx"
    path.write_text('<?xml version="1.0"?>' + HOSTILE[case].replace("{dtd}", str(dtd)), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_glossary(path)
    message = str(err.value)
    assert str(path) in message
    assert needle in message
    assert "TOPSECRET" not in message and "root:" not in message


def test_bare_doctype_is_not_fetched_but_accepted(tmp_path: Path) -> None:
    path = tmp_path / "ok.tbx"
    path.write_text('<?xml version="1.0"?><!DOCTYPE martif SYSTEM "http://127.0.0.1:9/TBXcoreStructV02.dtd">'
                    + BODY.format("open cluster"), encoding="utf-8")
    assert load_glossary(path).get("c1").terms[0].text == "open cluster"


@pytest.mark.parametrize(("data", "needle"), [
    (b"<martif><text>", "not well-formed"),
    (b"<html><body/></html>", "not a TBX file"),
    (b"<martif type='TBX'/>", "without <text><body>"),
    (b"<martif><text><body><termEntry id='a'/><termEntry id='a'/></body></text></martif>", "occurs twice"),
])
def test_broken_tbx_errors_name_the_problem(data: bytes, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        read_tbx(data, name="broken.tbx")


# ------------------------------------------------------------------------------------------------ CSV


def test_rich_csv_round_trip() -> None:
    g = _sample()
    assert parse_csv(to_csv_text(g)) == g


def test_deepl_csv_reads_two_columns_without_header() -> None:
    g = parse_csv("イーグルパス,Eagle Pass\n政府効率化省,Department of Government Efficiency\n", "d.csv")
    assert len(g) == 2
    c = g.concepts[0]
    assert [(t.text, t.lang, t.status) for t in c.terms] == [
        ("イーグルパス", "ja", TermStatus.PREFERRED), ("Eagle Pass", "en", TermStatus.PREFERRED)]
    assert parse_csv(to_deepl_text(g)) == g


def test_deepl_export_leaves_out_forbidden_terms() -> None:
    rows = to_deepl_text(_sample()).splitlines()
    assert rows == ["政府効率化省,Department of Government Efficiency",
                    "政府効率化局,Department of Government Efficiency", "イーグルパス,Eagle Pass"]


@pytest.mark.parametrize(("text", "needle"), [
    ("a,b,c\n", "exactly two columns"),
    ("a,b\na,c\n", "already appears on line 1"),
    (",b\n", "empty source"),
    ("concept_id,lang,term,bogus\nx,en,y,z\n", "unknown column"),
    ("concept_id,lang,term,status\nx,en,y,sometimes\n", "line 2: unknown term status"),
    ("concept_id,lang,term,case_sensitive\nx,en,y,maybe\n", "line 2: 'maybe' is not a yes/no"),
    ("concept_id,lang,term\nx,,y\n", "has no language"),
    ("", "no entries"),
])
def test_bad_csv_errors_name_the_line(text: str, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        parse_csv(text, "bad.csv")


def test_xlsx_round_trip_and_formula_guard(tmp_path: Path) -> None:
    g = _sample().with_concepts([*_sample().concepts, Concept("formula", terms=(Term("=SUM(A1:A2)", "en"),))])
    path = tmp_path / "g.xlsx"
    save_glossary(g, path)
    assert load_glossary(path) == g
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    assert ws is not None
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_tsv_and_file_round_trip(tmp_path: Path) -> None:
    g = _sample()
    for name in ("g.tsv", "g.csv", "g.tbx"):
        save_glossary(g, tmp_path / name)
        assert load_glossary(tmp_path / name) == g, name


def test_unknown_extension_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "g.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="unknown glossary format"):
        load_glossary(path)


# --------------------------------------------------------------------------------- property round trips

_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda s: bool(clean_line(s)))
_terms = st.builds(
    Term,
    text=_text,
    lang=st.sampled_from(["ja", "en", "en-US", "zh-Hant"]),
    status=st.sampled_from(list(TermStatus)),
    case_sensitive=st.booleans(),
    do_not_translate=st.booleans(),
    first_mention=st.one_of(st.none(), _text),
    non_canonical=st.booleans(),
    part_of_speech=st.one_of(st.none(), st.sampled_from(["noun", "properNoun"])),
    note=st.text(max_size=20),
    context=st.text(max_size=20),
)
_concepts = st.builds(
    Concept,
    id=st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
    type=st.sampled_from(list(ConceptType)),
    terms=st.lists(_terms, max_size=4).map(tuple),
    definition=st.text(max_size=20),
    note=st.text(max_size=20),
    single_rendering=st.booleans(),
)
_glossaries = st.lists(_concepts, max_size=5, unique_by=lambda c: c.id).map(
    lambda cs: Glossary(tuple(cs), name="h", version="1"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_glossaries)
def test_property_tbx_round_trip(g: Glossary) -> None:
    once = read_tbx(to_tbx_bytes(g))
    assert once == g
    assert read_tbx(to_tbx_bytes(once)) == once


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_glossaries)
def test_property_csv_round_trip(g: Glossary) -> None:
    once = parse_csv(to_csv_text(g))
    assert once == g
    assert parse_csv(to_csv_text(once)) == once


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes("イーグルパス,Eagle Pass\n鷹潭,Eagle Pass\n".encode(encoding))
    g = load_glossary(path)
    assert [c.terms[0].text for c in g] == ["イーグルパス", "鷹潭"]


def test_csv_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_bytes(b"\xff\xfe\x00\xd8broken" + bytes(range(128, 256)))
    with pytest.raises(InputError, match=r"g\.csv"):
        load_glossary(path)


def test_directory_is_not_a_glossary(tmp_path: Path) -> None:
    (tmp_path / "dir.tbx").mkdir()
    with pytest.raises(InputError, match="cannot read glossary"):
        load_glossary(tmp_path / "dir.tbx")


def test_tbx_in_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_bytes(to_tbx_bytes(_sample()).decode("utf-8").replace("UTF-8", "UTF-16").encode("utf-16"))
    assert load_glossary(path) == _sample()


@pytest.mark.parametrize("suffix", [".tbx", ".csv", ".xlsx"])
def test_a_failed_glossary_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, suffix: str,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Glossary writers go through atomic_output: a crash mid-write keeps the previous file byte-identical."""
    from review_app.glossary import csvio, save_glossary, tbx

    g = Glossary(concepts=(Concept(id="c1", terms=(Term("鷹潭", "ja"), Term("Eagle Pass", "en"))),), name="t")
    dest = tmp_path / f"g{suffix}"
    save_glossary(g, dest)
    before = dest.read_bytes()

    def boom(*_a: object, **_k: object) -> object:
        raise RuntimeError("disk on fire")

    def half_written(_wb: object, target: object) -> None:  # the writer dies after writing part of the file
        if hasattr(target, "write"):
            target.write(b"PK\x03\x04 partial")
        else:
            Path(str(target)).write_bytes(b"PK\x03\x04 partial")
        raise RuntimeError("disk on fire")

    from openpyxl.workbook.workbook import Workbook

    monkeypatch.setattr(tbx, "to_tbx_bytes", boom)
    monkeypatch.setattr(csvio, "to_csv_text", boom)
    monkeypatch.setattr(Workbook, "save", half_written)
    with pytest.raises(RuntimeError):
        save_glossary(g.with_concepts(()), dest)
    assert dest.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [dest.name]
