"""Readers and writers of bilingual files: the shared interop files, hostile input, round trips, validity."""

from __future__ import annotations

import codecs
import io
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from review_app.errors import InputError
from review_app.formats import (
    BilingualFile,
    BilingualUnit,
    UnitComment,
    detect_format,
    read_bilingual,
    write_bilingual,
)
from review_app.formats.base import atomic_output, spreadsheet_cell, unescape_spreadsheet_cell, xml_text
from review_app.formats.csvfile import read_csv
from review_app.formats.tmx import write_tmx
from review_app.formats.xliff12 import write_xliff12
from review_app.models import Status
from tests.conftest import INTEROP, SCHEMAS, shared_dir

# -- the shared interop files ------------------------------------------------------------------------------

# file, format, units, units with a non-empty target, translatable units, units with notes, state counts,
# approved units. Unit counts follow the README's "Native units" column; segmented units (seg-source mrk,
# XLIFF 2 segments) count once per segment, as the README's translate-toolkit Xliff2File column does.
INTEROP_TABLE = [
    ("xliff12_xcode16_keepingyouawake_en-ja.xliff", "xliff12", 71, 45, 70, 64, {"translated": 45, "new": 26}, 0),
    ("xliff12_symfony_validators_en-ja.xlf", "xliff12", 116, 116, 116, 0, {None: 110, "draft": 6}, 0),
    ("xliff12_angular-extract-i18n_messages_en-fr.xlf", "xliff12", 9, 9, 9, 1, {None: 9}, 0),
    ("xliff12_okapi-rainbow_docx-segmented_en-fr.xlf", "xliff12", 28, 28, 28, 0, {None: 28}, 0),
    ("xliff12_okapi_manual-alttrans_en-fr.xlf", "xliff12", 7, 2, 6, 0, {None: 2, "new": 5}, 1),
    ("xliff12_trados-studio2009_en-de.sdlxliff", "xliff12", 45, 1, 23, 0, {"new": 44, "translated": 1}, 0),
    ("xliff12_crowdin_entities_en-fa.xliff", "xliff12", 2, 2, 1, 0, {"approved": 2}, 2),
    (
        "xliff12_omegat-test_states-approved_en-ja.xliff",
        "xliff12",
        5,
        5,
        5,
        0,
        {"approved": 1, "draft": 2, "translated": 2},
        3,
    ),
    (
        "xliff20_oasis-testsuite_everything-core_en-fr.xlf",
        "xliff2",
        5,
        2,
        5,
        0,
        {None: 1, "new": 3, "translated": 1},
        0,
    ),
    ("xliff20_oasis-testsuite_cdata_en-fr.xlf", "xliff2", 1, 1, 1, 0, {None: 1}, 0),
    ("xliff20_oasis-testsuite_matches-bom_en-fr.xlf", "xliff2", 1, 1, 1, 0, {None: 1}, 0),
    ("xliff21_oasis-testsuite_itsm-text-analytics_en-fr.xlf", "xliff2", 2, 0, 2, 0, {"new": 2}, 0),
    ("xliff20_memsource_en-ja.xlf", "xliff2", 14, 14, 14, 0, {"translated": 14}, 0),
    ("tmx14_olifant_props-bom_en-fr.tmx", "tmx", 9, 9, 9, 0, {None: 9}, 0),
    ("tmx14_lisa-compkit_ImportTest2A_utf16.tmx", "tmx", 7, 7, 7, 0, {None: 7}, 0),
    ("tmx14_lisa-compkit_ImportTest1L_notes-props.tmx", "tmx", 1, 1, 1, 1, {None: 1}, 0),
    ("tmx11_omegat-project-save_zh-ja.tmx", "tmx", 1, 1, 1, 0, {None: 1}, 0),
    ("csv_okapi-rainbow_po-table-export_en-fr.csv", "csv", 14, 10, 14, 0, {None: 10, "new": 4}, 0),
]


def test_table_covers_every_non_tbx_interop_file() -> None:
    folder = shared_dir(INTEROP)
    files = {p.name for p in folder.iterdir() if p.suffix not in (".md", ".tbx")}
    assert files == {row[0] for row in INTEROP_TABLE}


@pytest.mark.parametrize(
    ("name", "fmt", "units", "targets", "translatable", "noted", "states", "approved"), INTEROP_TABLE
)
def test_interop_file(
    name: str, fmt: str, units: int, targets: int, translatable: int, noted: int, states: dict, approved: int
) -> None:
    path = shared_dir(INTEROP) / name
    assert detect_format(path) == fmt
    bf = read_bilingual(path)
    assert len(bf.units) == units
    assert len(set(bf.ids())) == units
    assert sum(1 for u in bf.units if u.target) == targets
    assert sum(1 for u in bf.units if u.translatable) == translatable
    assert sum(1 for u in bf.units if u.notes) == noted
    assert Counter(u.state.value if u.state else None for u in bf.units) == states
    assert sum(u.approved for u in bf.units) == approved
    assert all(isinstance(u.source, str) for u in bf.units)


def _interop(name: str) -> BilingualFile:
    return read_bilingual(shared_dir(INTEROP) / name)


def test_xcode_japanese_targets_notes_and_qualified_ids() -> None:
    bf = _interop("xliff12_xcode16_keepingyouawake_en-ja.xliff")
    assert (bf.source_lang, bf.target_lang) == ("en", "ja")
    # Two .xcstrings files reuse CFBundleName: ids are qualified with the file's original.
    assert "KeepingYouAwake/InfoPlist.xcstrings::CFBundleName" in bf.ids()
    assert any("\n" in u.id for u in bf.units)  # &#10; in an id attribute
    ja = [u for u in bf.units if u.target and any("\u3040" <= ch <= "\u30ff" for ch in u.target)]
    assert len(ja) > 20
    assert next(u for u in bf.units if not u.translatable).metadata["translate"] is False


def test_symfony_needs_translation_is_draft() -> None:
    bf = _interop("xliff12_symfony_validators_en-ja.xlf")
    drafts = [u for u in bf.units if u.state is Status.DRAFT]
    assert len(drafts) == 6
    assert all(u.metadata["xliff_state"] == "needs-translation" for u in drafts)
    assert bf.unit("1").target == "falseでなければなりません。"


def test_omegat_approved_conflict_keeps_both() -> None:
    bf = _interop("xliff12_omegat-test_states-approved_en-ja.xliff")
    conflict = [u for u in bf.units if u.approved and u.state is not Status.APPROVED]
    assert conflict, "approved=yes with needs-review must keep state and approved flag apart"
    assert all(u.effective_status is Status.APPROVED for u in conflict)
    assert any(u.target == "組織" for u in bf.units)


def test_angular_placeholders_notes_and_whitespace() -> None:
    bf = _interop("xliff12_angular-extract-i18n_messages_en-fr.xlf")
    first = bf.unit("introductionHeader")
    assert first.source == "Hello i18n!"  # xml:space default: trimmed like translate-toolkit
    assert first.notes == ["An introduction header for this sample", "User welcome"]
    assert any("{minutes, plural" in u.source for u in bf.units)  # <x equiv-text=…/> kept as its text
    assert any("source_xml" in u.metadata for u in bf.units)


def test_okapi_segmented_units_and_inline_markup() -> None:
    bf = _interop("xliff12_okapi-rainbow_docx-segmented_en-fr.xlf")
    seg = bf.unit("NFDBB2FA9-tu5#0")
    assert seg.source == "This is a test in DOCX format."
    assert [u.id for u in bf.units if u.metadata["unit_id"] == "NFDBB2FA9-tu5"] == [
        "NFDBB2FA9-tu5#0",
        "NFDBB2FA9-tu5#1",
        "NFDBB2FA9-tu5#2",
    ]
    marked = [u for u in bf.units if "source_xml" in u.metadata]
    assert marked and all("<g" in u.metadata["source_xml"] or "<x" in u.metadata["source_xml"] for u in marked)
    assert all("<" not in u.source for u in bf.units)


def test_okapi_alttrans_sub_and_translate_no() -> None:
    bf = _interop("xliff12_okapi_manual-alttrans_en-fr.xlf")
    assert bf.unit("6").source == "Text [nestedstill in sub] text."  # <ph> code dropped, <sub> text kept
    assert any(u.metadata.get("alt_trans") for u in bf.units)
    assert [u.id for u in bf.units if not u.translatable] == ["0"]


def test_trados_sdl_confirmation_level() -> None:
    bf = _interop("xliff12_trados-studio2009_en-de.sdlxliff")
    done = [u for u in bf.units if u.target]
    assert [(u.target, u.state, u.metadata.get("sdl_conf")) for u in done] == [
        ("Erste Schritte", Status.TRANSLATED, "Translated")
    ]


def test_crowdin_entities_kept_as_text() -> None:
    bf = _interop("xliff12_crowdin_entities_en-fa.xliff")
    html = bf.units[0]
    assert html.source.startswith("<table>") and "&nbsp;" in html.source
    assert "\u200c" in bf.units[1].target  # ZWNJ in the Persian target survives


def test_xliff2_everything_core_segments_and_states() -> None:
    bf = _interop("xliff20_oasis-testsuite_everything-core_en-fr.xlf")
    assert bf.ids()[:2] == ["tu1#1", "tu1#2"]
    assert bf.unit("tu1#1").state is Status.TRANSLATED
    assert bf.unit("tu1#1").target == "Exemple de segment."


def test_xliff2_cdata_matches_and_memsource() -> None:
    assert _interop("xliff20_oasis-testsuite_cdata_en-fr.xlf").units[0].source == "source & and < etc."
    matches = _interop("xliff20_oasis-testsuite_matches-bom_en-fr.xlf").units[0]
    assert matches.metadata["matches"]
    mem = _interop("xliff20_memsource_en-ja.xlf")
    assert mem.unit("3#3").target and mem.unit("3#4").target
    assert (mem.source_lang, mem.target_lang) == ("en-us", "ja-jp")


def test_xliff21_version_and_spanning_markers() -> None:
    bf = _interop("xliff21_oasis-testsuite_itsm-text-analytics_en-fr.xlf")
    assert bf.metadata["version"] == "2.1"
    assert [u.source for u in bf.units] == ["Arizona", "Arizona"]


def test_tmx_languages_codes_and_multiple_targets() -> None:
    utf16 = _interop("tmx14_lisa-compkit_ImportTest2A_utf16.tmx")
    assert utf16.units[0].source == "The big black cat sleeps."  # <bpt>/<ept> codes dropped
    assert "<b>" in utf16.units[0].metadata["source_xml"] or "bpt" in utf16.units[0].metadata["source_xml"]
    one = _interop("tmx14_lisa-compkit_ImportTest1L_notes-props.tmx").units[0]
    assert one.target == "Texte du segment." and one.target_lang == "fr"
    assert one.metadata["other_targets"] == {"en-gb": "Text of the segment."}
    assert one.notes == ["Text of tu note 1", "Text of tu note 2"]
    assert one.metadata["props"] == [("myPropeType", "Data")]
    olifant = _interop("tmx14_olifant_props-bom_en-fr.tmx")
    assert olifant.units[0].source == "Test char: &=amp, <=lt, '=apos, \"=quot"


def test_tmx11_lang_attribute() -> None:
    u = _interop("tmx11_omegat-project-save_zh-ja.tmx").units[0]
    assert (u.source, u.target) == ("太平寺中的文笔塔", "太平寺の中心的なペン塔")
    assert (u.source_lang, u.target_lang) == ("zh-CN", "ja-JP")
    assert u.metadata["changeid"] == "Hiroshi Miura"


def test_okapi_csv_backslash_quotes() -> None:
    bf = _interop("csv_okapi-rainbow_po-table-export_en-fr.csv")
    assert bf.metadata["dialect"] == "backslash"
    special = bf.unit("7")
    assert special.source.startswith('Special chars: \\"=quot, &=amp')
    assert special.target is not None and special.target.endswith("=U+0104")
    assert bf.unit("6").target is None


@pytest.mark.parametrize(
    "name",
    [
        "xliff12_symfony_validators_en-ja.xlf",
        "xliff12_omegat-test_states-approved_en-ja.xliff",
        "xliff12_xcode16_keepingyouawake_en-ja.xliff",
        "xliff12_crowdin_entities_en-fa.xliff",
        "tmx11_omegat-project-save_zh-ja.tmx",
    ],
)
def test_same_text_as_translate_toolkit(name: str) -> None:
    """Files without inline codes: translate-toolkit and we agree on every source/target."""
    factory = pytest.importorskip("translate.storage.factory")
    path = shared_dir(INTEROP) / name
    theirs = [u for u in factory.getobject(str(path)).units if not u.isheader()]
    ours = read_bilingual(path).units
    assert len(theirs) == len(ours)
    for t, o in zip(theirs, ours, strict=True):
        assert str(t.target or "") == (o.target or "")
        if t.source is not None:  # translate-toolkit misses TMX 1.1 "lang" sources (README)
            assert str(t.source) == o.source


# -- hostile and broken input -------------------------------------------------------------------------------

XLF_UNIT = (
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" '
    'source-language="ja" datatype="plaintext"><body><trans-unit id="1"><source>{body}</source>'
    "</trans-unit></body></file></xliff>"
)
HOSTILE = {
    "xxe-file": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    + XLF_UNIT.format(body="&e;"),
    "xxe-url": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]>'
    + XLF_UNIT.format(body="&e;"),
    "parameter-entity": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>'
    + XLF_UNIT.format(body="x"),
    "billion-laughs": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>' + XLF_UNIT.format(body="&d;"),
    "undeclared-entity-external-dtd": '<?xml version="1.0"?><!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/x.dtd">'
    + XLF_UNIT.format(body="&ext;"),
    "truncated": XLF_UNIT.format(body="abc")[:-40],
    "not-xml": "this is not xml at all <",
    "empty": "",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("ext", [".xlf", ".tmx"])
def test_hostile_xml_is_refused_with_the_file_name(tmp_path: Path, case: str, ext: str) -> None:
    body = HOSTILE[case]
    if ext == ".tmx":
        head, tail = XLF_UNIT.split("{body}")
        body = body.replace(head, '<tmx version="1.4"><header srclang="ja"/><body><tu><tuv xml:lang="ja"><seg>')
        body = body.replace(tail, "</seg></tuv></tu></body></tmx>")
    path = tmp_path / f"{case}{ext}"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_bilingual(path, format="xliff12" if ext == ".xlf" else "tmx")
    assert str(path) in str(err.value)
    assert "root:" not in str(err.value)  # nothing of /etc/passwd leaks into the message


def test_external_dtd_is_not_loaded_but_harmless(tmp_path: Path) -> None:
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "SECRET">', encoding="utf-8")
    path = tmp_path / "a.xlf"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE xliff SYSTEM "{secret.as_uri()}">' + XLF_UNIT.format(body="ok"))
    assert read_bilingual(path).units[0].source == "ok"


@pytest.mark.parametrize(
    ("ext", "body", "needle"),
    [
        (".xlf", "<root/>", "root element <root> is not a bilingual format"),
        (".tmx", "<xliff/>", "no <file> element"),
        (".xlf", XLF_UNIT.replace('<trans-unit id="1">', "<trans-unit>").format(body="x"), "without the required id"),
        (
            ".xlf",
            XLF_UNIT.replace("</trans-unit>", '</trans-unit><trans-unit id="1"><source>y</source></trans-unit>').format(
                body="x"
            ),
            "duplicate unit id '1' at line",
        ),
        (
            ".tmx",
            '<tmx version="1.4"><header srclang="en"/><body><tu tuid="a"><tuv xml:lang="en"><seg>x</seg></tuv></tu>'
            '<tu tuid="a"><tuv xml:lang="en"><seg>y</seg></tuv></tu></body></tmx>',
            "duplicate unit id 'a'",
        ),
        (
            ".xlf",
            '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"><file id="f">'
            '<unit id="u"><segment><source>a</source></segment></unit><unit id="u"><segment><source>b</source>'
            "</segment></unit></file></xliff>",
            "duplicate unit id 'u'",
        ),
        (".csv", "id,source,target\n1,a,b\n1,c,d\n", "duplicate unit id '1' at line 3"),
        (".csv", "id,source,target\n1,a,b\n2,c,d,e,f\n", "line 3 has 5 columns"),
        (".csv", "id,source,target,status\n1,a,b,wrong\n", "unknown status 'wrong'"),
        (".tbx", '<martif type="TBX"/>', "TBX termbase"),
        (".po", 'msgid "a"\nmsgstr "b"\n', "unknown bilingual format '.po'"),
        (".csv", "id,source\n1," + "x" * 200_000 + "\n", "not a readable CSV file: field larger than field limit"),
        (".tmx", "id,source\n1,a\n", "does not start with an XML element"),
    ],
)
def test_broken_files_name_file_and_place(tmp_path: Path, ext: str, body: str, needle: str) -> None:
    path = tmp_path / f"broken{ext}"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_bilingual(path)
    assert str(path) in str(err.value)
    assert needle in str(err.value)


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE)]
)
@pytest.mark.parametrize("ext", [".xlf", ".tmx", ".csv"])
def test_encodings(tmp_path: Path, encoding: str, bom: bytes, ext: str) -> None:
    unit = BilingualUnit(id="k1", source="日本語の原文", target="English", state=Status.TRANSLATED)
    written = tmp_path / f"w{ext}"
    write_bilingual(BilingualFile([unit], source_lang="ja", target_lang="en"), written)
    text = written.read_bytes().decode("utf-8").lstrip("\ufeff")
    if encoding.startswith("utf-16"):
        text = text.replace('encoding="utf-8"', 'encoding="UTF-16"').replace("encoding='UTF-8'", "encoding='UTF-16'")
    path = tmp_path / f"e{ext}"
    path.write_bytes(bom + text.encode(encoding))
    got = read_bilingual(path).units[0]
    assert (got.id, got.source, got.target, got.state) == ("k1", "日本語の原文", "English", Status.TRANSLATED)


# -- round trips ----------------------------------------------------------------------------------------------

# Arbitrary Unicode (no surrogates) including XML specials, C0 controls, emoji and long strings.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(list("<>&\"'\x00\x01\x0b\x1f\r\n\t 　😀👩‍👩‍👧]]>")),
    ),
    max_size=60,
) | st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=5), st.integers(500, 3000))
IDS = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and s != "" and xml_text(s) == s
)
STATE = st.sampled_from(list(Status))


@st.composite
def units(draw: st.DrawFn) -> list[BilingualUnit]:
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    out = []
    for uid in ids:
        target = draw(st.none() | TEXT)
        # review_app's workflow: "new" means no target; every other status has one.
        state = draw(STATE.filter(lambda s: s is not Status.NEW)) if xml_text(target or "") else Status.NEW
        out.append(
            BilingualUnit(
                id=uid,
                source=draw(TEXT),
                target=target,
                state=state,
                approved=state is Status.APPROVED,
                notes=draw(st.lists(TEXT.filter(lambda t: xml_text(t) != ""), max_size=2)),
                comments=[
                    UnitComment(body=b, author=a)
                    for b, a in draw(
                        st.lists(st.tuples(TEXT.filter(lambda t: xml_text(t) != ""), st.none() | IDS), max_size=2)
                    )
                ],
            )
        )
    return out


def _expected(u: BilingualUnit) -> tuple:
    return (
        u.id,
        xml_text(u.source),
        xml_text(u.target) or None if u.target is not None else None,
        u.state,
        u.approved,
        [xml_text(n) for n in u.notes],
        [(xml_text(c.body), c.author) for c in u.comments],
    )


def _got(u: BilingualUnit) -> tuple:
    return (u.id, u.source, u.target or None, u.state, u.approved, u.notes, [(c.body, c.author) for c in u.comments])


@pytest.mark.parametrize("ext", [".xlf", ".xlf2", ".tmx", ".csv", ".xlsx"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=units())
def test_round_trip(tmp_path: Path, ext: str, data: list[BilingualUnit]) -> None:
    if ext == ".xlsx":
        data = data[:3]
    path = tmp_path / f"rt{ext}"
    write_bilingual(BilingualFile(data, source_lang="ja", target_lang="en", original="a.txt"), path)
    back = read_bilingual(path)
    assert [_got(u) for u in back.units] == [_expected(u) for u in data]


def test_xliff2_multi_segment_units_round_trip(tmp_path: Path) -> None:
    data = [
        BilingualUnit(id="p1#1", source="一文目。", target="One.", state=Status.TRANSLATED),
        BilingualUnit(id="p1#2", source="二文目。", target="Two.", state=Status.REVIEWED),
        BilingualUnit(id="p2", source="見出し", target=None, state=Status.NEW),
    ]
    path = tmp_path / "m.xlf2"
    write_bilingual(BilingualFile(data, source_lang="ja", target_lang="en"), path)
    assert path.read_text(encoding="utf-8").count("<unit ") == 2
    back = read_bilingual(path)
    assert [(u.id, u.target, u.state) for u in back.units] == [(u.id, u.target, u.state) for u in data]


# -- validity --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(shared_dir(SCHEMAS) / "tmx14.dtd"))


SAMPLE = [
    BilingualUnit(
        id="s1a2b3",
        source="マスク氏は<X>で「忌まわしい」と批判した。\x07",
        target='Musk called it "abominable" on <X> & more.',
        state=state,
        approved=state is Status.APPROVED,
        notes=["source corrected"],
        comments=[UnitComment(body="check the quote", author="reviewer1")],
    )
    for state in Status
] + [BilingualUnit(id="empty", source="見出し", target=None, state=Status.NEW)]
for _i, _u in enumerate(SAMPLE):
    _u.id = f"{_u.id}-{_i}"


@given(data=units())
@settings(max_examples=25, deadline=None)
def test_xliff12_output_is_schema_valid(xliff12_schema: etree.XMLSchema, data: list[BilingualUnit]) -> None:
    buf = io.BytesIO()
    write_xliff12(buf, SAMPLE + data, source_lang="ja", target_lang="en", original="article.txt")
    doc = etree.fromstring(buf.getvalue())
    assert xliff12_schema.validate(doc), xliff12_schema.error_log


@given(data=units())
@settings(max_examples=25, deadline=None)
def test_tmx_output_is_dtd_valid(tmx_dtd: etree.DTD, data: list[BilingualUnit]) -> None:
    buf = io.BytesIO()
    write_tmx(buf, SAMPLE + data, source_lang="ja", target_lang="en")
    doc = etree.fromstring(buf.getvalue())
    assert tmx_dtd.validate(doc), tmx_dtd.error_log


def test_xliff2_output_is_read_by_translate_toolkit(tmp_path: Path) -> None:
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    path = tmp_path / "a.xlf2"
    write_bilingual(BilingualFile(SAMPLE, source_lang="ja", target_lang="en"), path)
    store = xliff2.Xliff2File.parsestring(path.read_bytes())
    assert [str(u.source) for u in store.units] == [xml_text(u.source) for u in SAMPLE]


# -- sanitising and atomic writes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+81 3", "'+81 3"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'=x", "''=x"),
        ("\tx", "'\tx"),
        ("普通", "普通"),
        ("a=b", "a=b"),
        ("bell\x07", "bell"),
    ],
)
def test_spreadsheet_cell_guard(cell: str, written: str) -> None:
    assert spreadsheet_cell(cell) == written
    assert unescape_spreadsheet_cell(written) == xml_text(cell)


def test_csv_cells_are_neutralised_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_bilingual(BilingualFile([BilingualUnit(id="=cmd", source='=HYPERLINK("x")', target="@a")]), path)
    raw = path.read_text(encoding="utf-8-sig")
    assert "'=cmd" in raw and "'=HYPERLINK" in raw and "'@a" in raw
    assert read_csv(path).units[0].source == '=HYPERLINK("x")'


def test_atomic_output_leaves_nothing_on_error(tmp_path: Path) -> None:
    dest = tmp_path / "out.tmx"
    dest.write_text("old", encoding="utf-8")

    def boom():  # type: ignore[no-untyped-def]
        yield BilingualUnit(id="1", source="a")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError), atomic_output(dest) as fh:
        write_tmx(fh, boom(), source_lang="ja", target_lang="en")
    assert dest.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.tmx"]


@pytest.mark.parametrize(
    ("fmt", "needle"), [("tmx", "not <tmx>"), ("xliff12", "not <xliff>"), ("xliff2", "not <xliff>")]
)
def test_wrong_root_for_a_forced_format(tmp_path: Path, fmt: str, needle: str) -> None:
    path = tmp_path / "wrong.xml"
    path.write_text("<?xml version='1.0'?>\n\n<glossary/>", encoding="utf-8")
    with pytest.raises(InputError, match=needle) as err:
        read_bilingual(path, format=fmt)
    assert f"{path}: line 3" in str(err.value)


# -- review-app convert ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("out_name", ["m.tmx", "m.xlf", "m.xlf2", "m.csv", "m.xlsx"])
def test_convert_cli_keeps_units(tmp_path: Path, out_name: str) -> None:
    from click.testing import CliRunner

    from review_app.cli import main

    src = shared_dir(INTEROP) / "xliff20_memsource_en-ja.xlf"
    out = tmp_path / out_name
    result = CliRunner().invoke(main, ["convert", str(src), str(out)])
    assert result.exit_code == 0, result.output
    assert "14 units" in result.output
    before, after = read_bilingual(src), read_bilingual(out)
    assert [(u.id, u.source, u.target, u.state) for u in after.units] == [
        (u.id, u.source, u.target, u.state) for u in before.units
    ]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["{interop}/csv_okapi-rainbow_po-table-export_en-fr.csv", "{tmp}/x.tmx"], "pass --source-lang"),
        (["{interop}/tbx2008_lisa-sample_medtronic_14langs.tbx", "{tmp}/x.csv"], "TBX termbase"),
        (["{interop}/xliff20_memsource_en-ja.xlf", "{tmp}/x.doc"], "cannot tell the output format"),
        (["{tmp}/missing.xlf", "{tmp}/x.tmx"], "no such file"),
    ],
)
def test_convert_cli_errors(tmp_path: Path, args: list[str], needle: str) -> None:
    from click.testing import CliRunner

    from review_app.cli import main

    interop = shared_dir(INTEROP)
    argv = ["convert", *(a.format(interop=interop, tmp=tmp_path) for a in args)]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2
    assert needle in result.output
    assert not (tmp_path / "x.tmx").exists() and not (tmp_path / "x.csv").exists()


def test_convert_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from review_app.cli import main

    src = shared_dir(INTEROP) / "tmx11_omegat-project-save_zh-ja.tmx"
    out = tmp_path / "o.csv"
    out.write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(src), str(out)])
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "keep"
    assert CliRunner().invoke(main, ["convert", "--force", str(src), str(out)]).exit_code == 0
    assert read_bilingual(out).units[0].target == "太平寺の中心的なペン塔"


def test_xlsx_formulas_are_stored_as_text(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "f.xlsx"
    unit = BilingualUnit(id="1", source='=HYPERLINK("http://evil","x")', target="+1 555", state=Status.DRAFT)
    write_bilingual(BilingualFile([unit]), path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type == "s" for c in cells if c.value)
    assert read_bilingual(path).units[0].source == unit.source


@pytest.mark.parametrize("body", [b"not a zip", b"PK\x03\x04broken", b""])
def test_broken_xlsx_is_an_input_error(tmp_path: Path, body: bytes) -> None:
    path = tmp_path / "b.xlsx"
    path.write_bytes(body)
    with pytest.raises(InputError, match=str(path)):
        read_bilingual(path)


@pytest.mark.parametrize("ext", [".xlf", ".tmx"])
def test_translate_toolkit_reads_our_output(tmp_path: Path, ext: str) -> None:
    factory = pytest.importorskip("translate.storage.factory")
    path = tmp_path / f"ours{ext}"
    write_bilingual(BilingualFile(SAMPLE, source_lang="ja", target_lang="en"), path)
    theirs = [u for u in factory.getobject(str(path)).units if not u.isheader()]
    assert [str(u.source) for u in theirs] == [xml_text(u.source) for u in SAMPLE]
    assert [str(u.target or "") for u in theirs] == [xml_text(u.target or "") for u in SAMPLE]


@pytest.mark.parametrize("out_name", ["m.xlf", "m.tmx", "m.xlsx", "m.csv"])
def test_convert_names_the_control_characters_it_leaves_out(tmp_path: Path, out_name: str) -> None:
    """A CSV can hold ESC/BEL; no output format can (XML, spreadsheets): convert says which units lost what."""
    from click.testing import CliRunner

    from review_app.cli import main

    src = tmp_path / "in.csv"
    src.write_text("id,source,target\nu1,前後。,before\x1b[31m after\nu2,二つ目。,second\x07\nu3,普通。,plain\n",
                   encoding="utf-8")
    out = tmp_path / out_name
    result = CliRunner().invoke(
        main, ["convert", "--source-lang", "ja", "--target-lang", "en", str(src), str(out)]
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert "warning: 2 unit(s)" in result.stderr
    assert "u1: U+001B ESC" in result.stderr and "u2: U+0007 BEL" in result.stderr
    assert "u3" not in result.stderr
    targets = {u.id: u.target for u in read_bilingual(out).units}
    assert targets["u1"] == "before[31m after" and targets["u3"] == "plain"
