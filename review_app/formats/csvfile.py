"""Bilingual CSV/TSV reader and writer (RFC 4180, plus the backslash-escaped variant Okapi Rainbow writes).

With a header
    The first row names the columns; ``source`` is required, ``id``, ``target``, ``status``, ``approved``,
    ``notes``, ``comments``, ``source_lang``, ``target_lang`` are optional (case-insensitive); any other
    column goes to ``metadata["columns"]``. Without an ``id`` column the 1-based row number is the id. The
    writer writes exactly these columns, UTF-8 with a BOM (so spreadsheet programs detect the encoding).
    ``notes`` holds one note as plain text, or a JSON array of strings when there are several (or the note
    itself starts with ``[``); ``comments`` is a JSON array of ``{"author", "body"}`` objects.
    Cells are guarded against formula injection by the shared
    :func:`~review_app.formats.base.spreadsheet_cell` (a leading ``'``), which reading removes again.

Without a header
    Files whose first row does not name a ``source`` column are read as ``source,target[,…]`` rows (Okapi
    Rainbow "export to table"), ids being row numbers. The dialect is detected from the data: RFC 4180
    quote doubling (``""``) or backslash escapes (``\\"``, ``\\\\``) — the one under which every row has the
    same number of columns wins, preferring backslashes when the text has ``\\"`` and no ``""``.

Encodings: UTF-8 with or without BOM, UTF-16 with BOM (:func:`review_app.textio.decode_text`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from review_app.errors import InputError
from review_app.formats.base import (
    BilingualFile,
    BilingualFormat,
    BilingualUnit,
    UnitComment,
    atomic_output,
    check_unique_ids,
    spreadsheet_cell,
    unescape_spreadsheet_cell,
    xml_text,
)
from review_app.models import Status
from review_app.textio import checked_input, decode_text

COLUMNS = ("id", "source", "target", "status", "approved", "notes", "comments", "source_lang", "target_lang")
MAX_BYTES = 200 * 1024 * 1024
TRUE = frozenset({"yes", "true", "1", "y", "x"})


class CsvFormat(BilingualFormat):
    name = "csv"
    extensions = (".csv", ".tsv")
    description = "CSV/TSV with a header (id,source,target,status,…) or two header-less columns"

    def read(self, path: str | Path) -> BilingualFile:
        return read_csv(path)

    def write(self, bf: BilingualFile, path: str | Path) -> None:
        delimiter = "\t" if str(path).lower().endswith(".tsv") else ","
        with atomic_output(path, mode="w") as fh:
            write_csv(fh, bf.units, delimiter=delimiter)


class CsvRowError(csv.Error):
    """A row the ``csv`` module cannot read; the message starts with its line and says how to fix it."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _row_error(exc: csv.Error, start: int, line: int) -> CsvRowError:
    """Explain ``exc`` for the row that starts at line ``start`` (the reader had reached line ``line``)."""
    if "field larger than field limit" in str(exc):
        limit = csv.field_size_limit()
        head = (
            f"line {start}: not a readable CSV file: {exc} — a cell is longer than {limit:,} characters, the most "
            "a CSV cell may hold"
        )
        if line <= start:
            return CsvRowError(f"{head}; split that text into shorter rows", start)
        return CsvRowError(
            f"{head} (the row starting there was still open at line {line}); if it is not meant to be that long, "
            'a quote (") opened in that row is never closed — close it (inside a quoted cell RFC 4180 doubles '
            'quotes: ""); otherwise split the text into shorter rows',
            start,
        )
    where = f"line {start}" if line <= start else f"lines {start}-{line}"
    return CsvRowError(f"{where}: not a readable CSV file: {exc}; check the quoting of that row", start)


def csv_rows(text: str, *, delimiter: str = ",", backslash: bool = False) -> Iterator[tuple[int, list[str]]]:
    """``(first line, cells)`` of every row of ``text`` (RFC 4180, or backslash escapes).

    The ``csv`` module's errors (a cell over its field limit, often an unclosed quote; a stray escape) become
    :class:`CsvRowError` naming the line the row starts on and the fix.
    """
    if backslash:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, escapechar="\\", doublequote=False)
    else:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _row_error(exc, start, reader.line_num) from exc
        yield start, row
        start = reader.line_num + 1


_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN = re.compile("[A-Za-z]")
# A comma between digit groups (2,000 / 1,980) is a thousands separator, never evidence of a cell boundary.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _shape(cell: str) -> str:
    """A coarse class of a first cell: an integer id, Japanese text, Latin text or other."""
    c = cell.strip()
    if c.isascii() and c.isdigit():
        return "int"
    if _JAPANESE.search(c):
        return "ja"
    if _LATIN.search(c):
        return "latin"
    return "other"


def swallowed_rows(
    rows: list[tuple[int, list[str]]], *, delimiter: str = ",", backslash: bool = False
) -> tuple[int, int, int] | None:
    """Evidence that a stray quote made one cell swallow rows: ``(row line, first swallowed line, last line)``.

    RFC 4180 allows line breaks inside a quoted cell, so a multi-line cell alone proves nothing. A cell swallowed
    rows when **every** non-blank line after its first (the last one with the cells that follow the cell in its
    row) has exactly as many cells as its row, and begins with a first cell of the same kind (integer id,
    Japanese or Latin text) as the file's rows do (the majority kind of their first cells; in a file too small
    for a majority, the kind of the row's own first cell). Both together are what the lines
    of a file look like, and what the lines of a note or a multi-paragraph translation do not (a comma between
    digit groups, as in 2,000円, is not counted as a boundary). ``bench/csv_swallow.py`` measures both rates on
    WMT documents. ``rows`` as from :func:`csv_rows`.
    """
    multiline = [(start, row) for start, row in rows if any("\n" in c or "\r" in c for c in row)]
    if not multiline:
        return None  # the common case: nothing to look at
    # The usual kind of first cell: a majority over the rows' first cells (their first lines), a header skipped.
    data = rows[1:] if len(rows) >= 3 else rows
    shapes = [_shape(re.split("[\r\n]", r[0], maxsplit=1)[0]) for _line, r in data if r]
    usual = max(set(shapes), key=shapes.count) if shapes else None
    if usual is not None and shapes.count(usual) * 2 <= len(shapes):
        usual = None
    for start, row in multiline:
        width = len(row)
        if width < 2:
            continue
        for index, cell in enumerate(row):
            if "\n" not in cell and "\r" not in cell:
                continue
            lines = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            rest = [(n, text) for n, text in enumerate(lines[1:], start=1) if text.strip()]
            if not rest:
                continue
            own = _shape(re.split("[\r\n]", row[0], maxsplit=1)[0])
            expected = usual if usual is not None else own
            # the physical line of the cell's last line also holds the next cells, up to one with a line break
            after = 0
            for following in row[index + 1 :]:
                after += 1
                if "\n" in following or "\r" in following:
                    break
            evidence = True
            for n, raw in rest:
                text = _THOUSANDS.sub("", raw) if delimiter == "," else raw  # "2,000円" is a number, not two cells
                cells = next(csv_rows(text, delimiter=delimiter, backslash=backslash), (0, []))[1] if text else []
                count = len(cells) + (after if n == len(lines) - 1 else 0)
                shape = _shape(cells[0]) if cells else "other"
                if count != width or shape != expected:
                    evidence = False
                    break
            if evidence:
                first_line = start + cell_offset(row, index, delimiter) + 1
                return start, first_line, start + cell_offset(row, index, delimiter) + len(lines) - 1
    return None


def cell_offset(row: list[str], index: int, delimiter: str) -> int:
    """Line breaks in the cells before ``row[index]`` (the line the cell starts on, relative to its row)."""
    return sum(c.count("\n") for c in row[:index])


def refuse_swallowed_rows(
    rows: list[tuple[int, list[str]]], label: str, *, delimiter: str = ",", backslash: bool = False
) -> None:
    """Raise :class:`InputError` naming the file and lines when :func:`swallowed_rows` finds evidence."""
    found = swallowed_rows(rows, delimiter=delimiter, backslash=backslash)
    if found is None:
        return
    start, first, last = found
    raise InputError(
        f"{label}: line {start}: a quoted cell runs on to line {last}, and lines {first}-{last} read as rows of "
        f"the file ({last - first + 1} row(s) would be lost): a quote (\") opened in line {start} is not closed "
        'where it should be — close it, or double a quote that belongs to the text ("")'
    )


def _rows(text: str, *, backslash: bool, delimiter: str) -> list[tuple[int, list[str]]]:
    return [
        (start, row)
        for start, row in csv_rows(text, delimiter=delimiter, backslash=backslash)
        if row and any(cell.strip() for cell in row)
    ]


def _consistent(rows: list[tuple[int, list[str]]]) -> bool:
    return len({len(r) for _, r in rows}) <= 1


def _is_header(row: list[str]) -> bool:
    names = [c.strip().lower().lstrip("\ufeff") for c in row]
    return "source" in names


def read_csv(path: str | Path, *, name: str | None = None) -> BilingualFile:
    label = name or str(path)
    p = checked_input(path, expected="a CSV/TSV file", limit=MAX_BYTES, label=label)
    text = decode_text(p.read_bytes(), name=label).lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{label}: the file is empty")
    delimiter = "\t" if p.suffix.lower() == ".tsv" else ","
    prefer_backslash = '\\"' in text and '""' not in text
    attempts = (True, False) if prefer_backslash else (False, True)
    parsed: list[tuple[int, list[str]]] | None = None
    dialect = "rfc4180"
    for backslash in attempts:
        try:
            rows = _rows(text, backslash=backslash, delimiter=delimiter)
        except csv.Error:
            continue  # reported below if no dialect reads the file
        header_rows = rows[1:] if rows and _is_header(rows[0][1]) else rows
        if rows and _is_header(rows[0][1]):
            width = len(rows[0][1])
            if all(len(r) == width for _, r in header_rows):
                parsed, dialect = rows, "backslash" if backslash else "rfc4180"
                break
        elif _consistent(rows):
            parsed, dialect = rows, "backslash" if backslash else "rfc4180"
            break
    if parsed is None:
        try:
            rows = _rows(text, backslash=prefer_backslash, delimiter=delimiter)
        except csv.Error as exc:
            raise InputError(f"{label}: {exc}") from exc
        width = len(rows[0][1])
        bad = next((line, r) for line, r in rows if len(r) != width)
        raise InputError(
            f"{label}: line {bad[0]} has {len(bad[1])} columns, the first row has {width}; "
            'check the quoting of that row (RFC 4180 doubles quotes: "")'
        )
    if not parsed:
        raise InputError(f"{label}: no rows with text (only empty cells); nothing to import")
    refuse_swallowed_rows(parsed, label, delimiter=delimiter, backslash=dialect == "backslash")
    if _is_header(parsed[0][1]):
        return _read_with_header(parsed, label, dialect)
    return _read_plain(parsed, label, dialect)


def _read_plain(rows: list[tuple[int, list[str]]], label: str, dialect: str) -> BilingualFile:
    units = []
    for n, (line, row) in enumerate(rows, start=1):
        if len(row) < 2:
            raise InputError(f"{label}: line {line}: expected two columns (source, target), found {len(row)}")
        meta: dict[str, Any] = {"line": line}
        if len(row) > 2:
            meta["columns"] = {f"column{i}": v for i, v in enumerate(row[2:], start=3)}
        target = row[1]
        units.append(
            BilingualUnit(
                id=str(n),
                source=row[0],
                target=target if target != "" else None,
                state=None if target else Status.NEW,
                metadata=meta,
            )
        )
    return BilingualFile(units=units, original=Path(label).name, metadata={"format": "csv", "dialect": dialect})


def _notes(cell: str) -> list[str]:
    if not cell:
        return []
    if cell.startswith("["):
        try:
            value = json.loads(cell)
        except ValueError:
            return [cell]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
    return [cell]


def _comments(cell: str, label: str, line: int) -> list[UnitComment]:
    if not cell:
        return []
    try:
        value = json.loads(cell)
    except ValueError:
        return [UnitComment(body=cell)]
    if not isinstance(value, list):
        return [UnitComment(body=cell)]
    out = []
    for item in value:
        if isinstance(item, dict) and isinstance(item.get("body"), str):
            author = item.get("author")
            out.append(UnitComment(body=item["body"], author=author if isinstance(author, str) else None))
        elif isinstance(item, str):
            out.append(UnitComment(body=item))
        else:
            raise InputError(f"{label}: line {line}: comments must be a JSON list of {{author, body}} objects")
    return out


def _read_with_header(rows: list[tuple[int, list[str]]], label: str, dialect: str) -> BilingualFile:
    header = [c.strip().lower().lstrip("\ufeff") for c in rows[0][1]]
    index = {name: i for i, name in reversed(list(enumerate(header)))}
    seen: dict[str, int | None] = {}
    units = []
    src_lang: str | None = None
    tgt_lang: str | None = None
    for n, (line, raw) in enumerate(rows[1:], start=1):
        row = [unescape_spreadsheet_cell(c) for c in raw]

        def cell(col: str, row: list[str] = row) -> str | None:
            i = index.get(col)
            return row[i] if i is not None and i < len(row) else None

        uid = cell("id") or str(n)
        check_unique_ids(label, seen, uid, line)
        status_cell = (cell("status") or "").strip().lower()
        state: Status | None = None
        if status_cell:
            try:
                state = Status(status_cell)
            except ValueError as exc:
                raise InputError(
                    f"{label}: line {line} (unit {uid!r}): unknown status {status_cell!r}; expected one of "
                    + ", ".join(s.value for s in Status)
                ) from exc
        target = cell("target")
        if target == "" and state is None:
            target = None
        if target is None and state is None:
            state = Status.NEW
        extra = {h: row[i] for i, h in enumerate(header) if h not in COLUMNS and i < len(row)}
        meta: dict[str, Any] = {"line": line}
        if extra:
            meta["columns"] = extra
        s_lang = cell("source_lang") or None
        t_lang = cell("target_lang") or None
        src_lang = src_lang or s_lang
        tgt_lang = tgt_lang or t_lang
        units.append(
            BilingualUnit(
                id=uid,
                source=cell("source") or "",
                target=target,
                state=state,
                approved=(cell("approved") or "").strip().lower() in TRUE,
                notes=_notes(cell("notes") or ""),
                comments=_comments(cell("comments") or "", label, line),
                source_lang=s_lang,
                target_lang=t_lang,
                metadata=meta,
            )
        )
    return BilingualFile(
        units=units,
        source_lang=src_lang,
        target_lang=tgt_lang,
        original=Path(label).name,
        metadata={"format": "csv", "dialect": dialect, "columns": header},
    )


def notes_cell(notes: list[str]) -> str:
    notes = [xml_text(n) for n in notes]  # before JSON, which would escape controls out of the guard's reach
    if not notes:
        return ""
    if len(notes) == 1 and not notes[0].startswith("["):
        return notes[0]
    return json.dumps(notes, ensure_ascii=False)


def comments_cell(comments: list[UnitComment]) -> str:
    if not comments:
        return ""
    return json.dumps(
        [{"author": xml_text(c.author) if c.author else None, "body": xml_text(c.body)} for c in comments],
        ensure_ascii=False,
    )


def unit_row(u: BilingualUnit) -> list[str]:
    return [
        u.id,
        u.source,
        u.target if u.target is not None else "",
        u.state.value if u.state is not None else "",
        "yes" if u.approved else "",
        notes_cell(u.notes),
        comments_cell(u.comments),
        u.source_lang or "",
        u.target_lang or "",
    ]


def write_csv(
    fh: IO[str],
    units: Iterable[BilingualUnit],
    *,
    delimiter: str = ",",
    bom: bool = True,
    extra_columns: tuple[str, ...] = (),
) -> int:
    """Write units with the header :data:`COLUMNS` (+ ``extra_columns`` from ``metadata["columns"]``)."""
    if bom:
        fh.write("\ufeff")
    writer = csv.writer(fh, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *extra_columns])
    n = 0
    for u in units:
        extra = u.metadata.get("columns") or {}
        row = unit_row(u) + [str(extra.get(c, "")) for c in extra_columns]
        writer.writerow([spreadsheet_cell(c) for c in row])
        n += 1
    return n
