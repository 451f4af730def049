"""CSV, TSV and XLSX glossaries: DeepL's two-column format and a rich one-row-per-term format.

DeepL (https://developers.deepl.com/docs/api-reference/glossaries, "CSV format")
    Two columns ``source,target``, no header, one entry per row, UTF-8. Read: each row becomes a concept
    (id ``deepl-<n>``) with one preferred source and one preferred target term. Written: every preferred or
    admitted source term with the concept's preferred target term (forbidden terms and concepts without a
    target are left out, and a source form is written once), which is what DeepL accepts.

Rich (``review_app`` CSV)
    A header row, then one row per term::

        concept_id,type,lang,term,status,case_sensitive,do_not_translate,first_mention,non_canonical,
        part_of_speech,term_type,context,term_note,definition,concept_note,subject,single_rendering

    Concept columns are repeated on every row of the concept (the first non-empty value wins when
    reading); a concept without terms is one row with empty ``lang``/``term``. An optional first line
    ``#glossary,name,<name>,version,<v>,source_lang,ja,target_lang,en,description,<text>`` carries the
    glossary's own fields. Booleans are written ``yes``/empty and read from yes/true/1/x. Line breaks in
    notes are kept inside quoted cells (RFC 4180).

XLSX
    The rich columns on the first sheet, read through pandas (``dtype=str``) and written with openpyxl
    (cells are always typed as strings, so a term such as ``=SUM(A1)`` is never turned into a formula).

Every writer passes its cells through the shared spreadsheet-safety function
(:func:`review_app.formats.base.spreadsheet_cell`): a CSV/TSV cell that a spreadsheet would evaluate gets a
leading ``'``, which the readers remove again; the DeepL export leaves such entries out and names them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.formats.base import (
    atomic_output,
    formula_like,
    spreadsheet_cell,
    unescape_spreadsheet_cell,
    xlsx_text_cell,
    xml_text,
)
from review_app.formats.csvfile import csv_rows, refuse_swallowed_rows
from review_app.glossary.model import Concept, ConceptType, Glossary, Term, TermStatus, norm_lang
from review_app.safezip import check_xlsx
from review_app.textio import decode_text, read_bytes

RICH_COLUMNS: tuple[str, ...] = (
    "concept_id", "type", "lang", "term", "status", "case_sensitive", "do_not_translate", "first_mention",
    "non_canonical", "part_of_speech", "term_type", "context", "term_note", "definition", "concept_note",
    "subject", "single_rendering",
)
META_MARK = "#glossary"
_TRUE = frozenset({"yes", "true", "1", "x", "y"})
_FALSE = frozenset({"", "no", "false", "0", "n"})


def _bool(value: str, where: str) -> bool:
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise InputError(f"{where}: {value!r} is not a yes/no value (use yes, no, true, false, 1 or 0)")


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


# ----------------------------------------------------------------------------------------------- reading


def _decode(data: bytes, label: str) -> str:
    """UTF-8 (BOM or not) or UTF-16 with a BOM; anything else, and NUL characters, refused with the line and the
    fix by :func:`review_app.textio.decode_text` — the same policy as the bilingual CSV reader."""
    return decode_text(data, name=label).lstrip("\ufeff")  # names --encoding only in commands that offer it


def _refuse_nul(text: str, label: str) -> None:
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError(f"{label}: contains a NUL character at line {line}; is this a binary file?")


def rows_to_glossary(rows: Sequence[Sequence[str]], label: str, *, source_lang: str = "ja",
                     target_lang: str = "en", deepl: bool | None = None,
                     lines: Sequence[int] | None = None) -> Glossary:
    """Build a glossary from CSV-like rows (rich format detected by its header, else DeepL).

    ``lines``: the line (CSV) or row (XLSX) number of each row, for messages; default 1, 2, 3…
    """
    numbers = list(lines) if lines is not None else list(range(1, len(rows) + 1))
    table = [(n, list(r)) for n, r in zip(numbers, rows, strict=True) if any(cell.strip() for cell in r)]
    meta: dict[str, str] = {}
    if table and table[0][1] and table[0][1][0].strip() == META_MARK:
        cells = table.pop(0)[1][1:]
        meta = {cells[i].strip(): cells[i + 1] for i in range(0, len(cells) - 1, 2)}
    if not table:
        raise InputError(f"{label}: the glossary file has no entries")
    header = [c.strip().lower() for c in table[0][1]]
    is_rich = "concept_id" in header and "term" in header
    if deepl is True or (deepl is None and not is_rich):
        return _deepl_rows(table, label, source_lang=source_lang, target_lang=target_lang)
    return _rich_rows(header, table[1:], label, meta, source_lang=source_lang, target_lang=target_lang)


def _deepl_rows(rows: list[tuple[int, list[str]]], label: str, *, source_lang: str, target_lang: str) -> Glossary:
    concepts: list[Concept] = []
    seen: dict[str, int] = {}
    for n, row in rows:
        if len(row) != 2:
            raise InputError(f"{label}: line {n}: DeepL glossaries have exactly two columns (source,target); "
                             f"found {len(row)}. For more columns use the rich format with a header row "
                             f"({','.join(RICH_COLUMNS[:5])},…)")
        src, tgt = row[0].strip(), row[1].strip()
        if not src or not tgt:
            raise InputError(f"{label}: line {n}: empty source or target")
        if src in seen:
            raise InputError(f"{label}: line {n}: source {src!r} already appears on line {seen[src]}; DeepL "
                             "allows one entry per source term")
        seen[src] = n
        concepts.append(Concept(id=f"deepl-{len(concepts) + 1}", terms=(
            Term(src, source_lang, TermStatus.PREFERRED), Term(tgt, target_lang, TermStatus.PREFERRED))))
    return Glossary(concepts=tuple(concepts), source_lang=source_lang, target_lang=target_lang)


def _rich_rows(header: list[str], rows: list[tuple[int, list[str]]], label: str, meta: dict[str, str], *,
               source_lang: str, target_lang: str) -> Glossary:
    missing = [c for c in ("concept_id", "lang", "term") if c not in header]
    if missing:
        raise InputError(f"{label}: the header lacks column(s) {', '.join(missing)}")
    unknown = [c for c in header if c and c not in RICH_COLUMNS]
    if unknown:
        raise InputError(f"{label}: unknown column(s) {', '.join(unknown)}; known: {', '.join(RICH_COLUMNS)}")
    order: list[str] = []
    cfields: dict[str, dict[str, str]] = {}
    terms: dict[str, list[Term]] = {}
    for n, row in rows:
        where = f"{label}: line {n}"
        if len(row) > len(header):
            raise InputError(f"{where}: {len(row)} cells but the header has {len(header)} columns")
        rec = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header)}
        cid = rec["concept_id"].strip()
        if not cid:
            raise InputError(f"{where}: empty concept_id")
        if cid not in cfields:
            order.append(cid)
            cfields[cid] = {}
            terms[cid] = []
        cf = cfields[cid]
        for key in ("type", "definition", "concept_note", "subject", "single_rendering"):
            if rec.get(key, "").strip() and not cf.get(key):
                cf[key] = rec[key]
        text = rec["term"]
        if not text.strip():
            continue
        if not rec["lang"].strip():
            raise InputError(f"{where}: term {text!r} has no language (column lang)")
        try:
            terms[cid].append(Term(
                text=text,
                lang=rec["lang"],
                status=TermStatus.parse(rec.get("status", "")),
                case_sensitive=_bool(rec.get("case_sensitive", ""), where),
                do_not_translate=_bool(rec.get("do_not_translate", ""), where),
                first_mention=rec.get("first_mention") or None,
                non_canonical=_bool(rec.get("non_canonical", ""), where),
                part_of_speech=rec.get("part_of_speech") or None,
                term_type=rec.get("term_type") or None,
                context=rec.get("context", ""),
                note=rec.get("term_note", ""),
            ))
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
    concepts = []
    for cid in order:
        cf = cfields[cid]
        try:
            concepts.append(Concept(
                id=cid,
                type=ConceptType.parse(cf.get("type", "")),
                terms=tuple(terms[cid]),
                definition=cf.get("definition", ""),
                note=cf.get("concept_note", ""),
                subject=cf.get("subject", ""),
                single_rendering=_bool(cf.get("single_rendering", ""), f"{label}: concept {cid}"),
            ))
        except ValueError as exc:
            raise InputError(f"{label}: concept {cid!r}: {exc}") from None
    try:
        return Glossary(
            concepts=tuple(concepts), name=meta.get("name", ""), version=meta.get("version", ""),
            description=meta.get("description", ""),
            source_lang=norm_lang(meta.get("source_lang") or source_lang),
            target_lang=norm_lang(meta.get("target_lang") or target_lang),
        )
    except ValueError as exc:
        raise InputError(f"{label}: {exc}") from None


def read_csv(path: str | Path, *, source_lang: str = "ja", target_lang: str = "en",
             deepl: bool | None = None) -> Glossary:
    """Read a rich or DeepL CSV (TSV when the file ends in ``.tsv``)."""
    p = Path(path)
    data = read_bytes(p, "glossary")
    return parse_csv(_decode(data, str(p)), str(p), delimiter="\t" if p.suffix.lower() == ".tsv" else ",",
                     source_lang=source_lang, target_lang=target_lang, deepl=deepl)


def parse_csv(text: str, label: str = "<csv>", *, delimiter: str = ",", source_lang: str = "ja",
              target_lang: str = "en", deepl: bool | None = None) -> Glossary:
    """Parse glossary CSV text; errors name ``label`` and the line (NUL characters and unreadable rows refused)."""
    _refuse_nul(text, label)
    try:
        numbered = list(csv_rows(text, delimiter=delimiter))
    except csv.Error as exc:  # CsvRowError: names the line and the fix
        raise InputError(f"{label}: {exc}") from None
    refuse_swallowed_rows([(n, r) for n, r in numbered if any(c.strip() for c in r)], label, delimiter=delimiter)
    numbered = [(n, [unescape_spreadsheet_cell(c) for c in r]) for n, r in numbered]  # the writers' formula guard
    return rows_to_glossary([r for _, r in numbered], label, source_lang=source_lang, target_lang=target_lang,
                            deepl=deepl, lines=[n for n, _ in numbered])


def read_xlsx(path: str | Path, *, source_lang: str = "ja", target_lang: str = "en") -> Glossary:
    import pandas as pd

    p = Path(path)
    check_xlsx(p)  # zip-bomb and broken-archive guard before openpyxl inflates anything
    try:
        frame = pd.read_excel(p, sheet_name=0, header=None, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises zipfile/KeyError/ValueError variants for broken files
        raise InputError(f"{p}: cannot read the workbook: {exc}") from None
    rows = [[unescape_spreadsheet_cell(str(v)) for v in rec] for rec in frame.itertuples(index=False, name=None)]
    # Trailing empty cells of the meta row are padded by pandas; drop them so pairs line up.
    if rows and rows[0] and rows[0][0] == META_MARK:
        while rows[0] and rows[0][-1] == "" and len(rows[0]) % 2 == 0:
            rows[0].pop()
    return rows_to_glossary(rows, str(p), source_lang=source_lang, target_lang=target_lang)


# ----------------------------------------------------------------------------------------------- writing


def rich_rows(glossary: Glossary) -> list[list[str]]:
    meta = [META_MARK, "name", glossary.name, "version", glossary.version, "source_lang", glossary.source_lang,
            "target_lang", glossary.target_lang, "description", glossary.description]
    rows: list[list[str]] = [meta, list(RICH_COLUMNS)]
    for c in glossary.concepts:
        concept_cells = {
            "concept_id": c.id, "type": c.type.value, "definition": c.definition, "concept_note": c.note,
            "subject": c.subject, "single_rendering": _yes(c.single_rendering),
        }
        if not c.terms:
            rows.append([concept_cells.get(col, "") for col in RICH_COLUMNS])
        for t in c.terms:
            cells: dict[str, Any] = {
                **concept_cells, "lang": t.lang, "term": t.text, "status": t.status.value,
                "case_sensitive": _yes(t.case_sensitive), "do_not_translate": _yes(t.do_not_translate),
                "first_mention": t.first_mention or "", "non_canonical": _yes(t.non_canonical),
                "part_of_speech": t.part_of_speech or "", "term_type": t.term_type or "",
                "context": t.context, "term_note": t.note,
            }
            rows.append([cells.get(col, "") for col in RICH_COLUMNS])
    return rows


def deepl_rows(glossary: Glossary, source_lang: str | None = None, target_lang: str | None = None,
               *, left_out: list[tuple[str, str]] | None = None) -> list[list[str]]:
    """The DeepL entries (source, target). An entry whose source or target starts with ``= + - @`` (or TAB/CR)
    is left out — and appended to ``left_out`` — because DeepL would store a guarding ``'`` as part of the term,
    and the raw text is a formula when the file is opened in a spreadsheet (see docs/security.md)."""
    src = source_lang or glossary.source_lang
    tgt = target_lang or glossary.target_lang
    out: list[list[str]] = []
    seen: set[str] = set()
    for c in glossary.concepts:
        target = c.preferred(tgt)
        if target is None:
            continue
        for t in c.terms_in(src, TermStatus.PREFERRED, TermStatus.ADMITTED):
            if t.text in seen:
                continue
            seen.add(t.text)
            pair = [xml_text(t.text), xml_text(target.text)]
            if formula_like(pair[0]) or formula_like(pair[1]):
                if left_out is not None:
                    left_out.append((pair[0], pair[1]))
                continue
            out.append(pair)
    return out


def _write_rows(rows: Iterable[Sequence[str]], delimiter: str = ",") -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(c) for c in row])
    return buf.getvalue()


def to_csv_text(glossary: Glossary, *, delimiter: str = ",") -> str:
    return _write_rows(rich_rows(glossary), delimiter)


def to_deepl_text(glossary: Glossary, *, left_out: list[tuple[str, str]] | None = None) -> str:
    return _write_rows(deepl_rows(glossary, left_out=left_out))


def _atomic_write(path: Path, data: bytes) -> None:
    with atomic_output(path) as fh:
        fh.write(data)


def write_csv(glossary: Glossary, path: str | Path) -> None:
    p = Path(path)
    _atomic_write(p, to_csv_text(glossary, delimiter="\t" if p.suffix.lower() == ".tsv" else ",").encode())


def write_deepl_csv(glossary: Glossary, path: str | Path, *, left_out: list[tuple[str, str]] | None = None) -> None:
    _atomic_write(Path(path), to_deepl_text(glossary, left_out=left_out).encode("utf-8"))


def write_xlsx(glossary: Glossary, path: str | Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "glossary"
    for r, row in enumerate(rich_rows(glossary), start=1):
        for col, value in enumerate(row, start=1):
            if value == "":
                continue
            xlsx_text_cell(ws.cell(row=r, column=col), value)  # a typed string, never a formula, no visible quote
    with atomic_output(Path(path)) as fh:
        wb.save(fh)
