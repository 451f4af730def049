"""Bilingual XLSX reader and writer (Office Open XML spreadsheet via pandas + openpyxl).

The sheet has the same columns as the CSV format (:data:`review_app.formats.csvfile.COLUMNS`: id, source,
target, status, approved, notes, comments, source_lang, target_lang, then any extra columns); the first sheet
is read, and its first row must name a ``source`` column. Cells are written by the shared
:func:`~review_app.formats.base.xlsx_text_cell` (the spreadsheet-safety function for XLSX): typed strings with
the ``quotePrefix`` style where a spreadsheet would evaluate the text, so ``=SUM(1)`` is never a formula and shows
without a visible leading ``'``. Reading removes the quote older versions added. A cell longer than Excel's
32,767 characters is refused with the units named (openpyxl would cut it silently), never truncated: a cut
translation would look complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from review_app.errors import InputError
from review_app.formats.base import (
    BilingualFile,
    BilingualFormat,
    BilingualUnit,
    atomic_output,
    spreadsheet_cell,
    xlsx_text_cell,
)
from review_app.formats.csvfile import COLUMNS, _read_with_header, unit_row
from review_app.safezip import ARCHIVE_ERRORS, check_xlsx
from review_app.textio import checked_input

MAX_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 32_767
"""Excel's limit on a cell's text; openpyxl and pandas silently cut longer strings (only a Python warning)."""


class XlsxFormat(BilingualFormat):
    name = "xlsx"
    extensions = (".xlsx",)
    description = "Excel workbook with a header row (id, source, target, status, …)"

    def read(self, path: str | Path) -> BilingualFile:
        return read_xlsx(path)

    def write(self, bf: BilingualFile, path: str | Path) -> None:
        write_xlsx(path, bf.units)


def read_xlsx(path: str | Path, *, name: str | None = None) -> BilingualFile:
    import pandas as pd

    label = name or str(path)
    p = checked_input(path, expected="an Excel workbook (.xlsx)", limit=MAX_BYTES, label=label)
    check_xlsx(p, label)
    try:
        frame = pd.read_excel(p, sheet_name=0, header=None, dtype=str, keep_default_na=False, engine="openpyxl")
    except ARCHIVE_ERRORS as exc:
        raise InputError(f"{label}: not a readable .xlsx workbook ({exc})") from None
    rows = [
        (i + 1, ["" if v is None else str(v) for v in row])
        for i, row in enumerate(frame.itertuples(index=False, name=None))
        if any(str(v).strip() for v in row)
    ]
    if not rows:
        raise InputError(f"{label}: the first sheet is empty")
    if "source" not in [c.strip().lower() for c in rows[0][1]]:
        raise InputError(f"{label}: the first row must name the columns (at least 'source'); found {rows[0][1]}")
    bf = _read_with_header(rows, label, "xlsx")
    bf.metadata["format"] = "xlsx"
    return bf


def write_xlsx(path: str | Path, units: Iterable[BilingualUnit], *, extra_columns: tuple[str, ...] = ()) -> int:
    """Write units to one sheet of ``path`` (atomically); returns the row count."""
    with atomic_output(path) as fh:
        return write_xlsx_to(fh, units, extra_columns=extra_columns)


def write_xlsx_to(out: IO[bytes], units: Iterable[BilingualUnit], *, extra_columns: tuple[str, ...] = ()) -> int:
    """Write units to one sheet, to an open binary file; extra columns come from ``metadata["columns"]``."""
    import pandas as pd

    records: list[list[str]] = []
    too_long: list[str] = []
    header = [*COLUMNS, *extra_columns]
    for u in units:
        extra: dict[str, Any] = u.metadata.get("columns") or {}
        row = unit_row(u) + [str(extra.get(c, "")) for c in extra_columns]
        too_long.extend(f"{u.id} ({name}, {len(c):,} characters)" for name, c in zip(header, row, strict=True)
                        if len(spreadsheet_cell(c, xlsx=True)) > MAX_CELL_CHARS)
        records.append(row)
    if too_long:  # refuse rather than cut a translation: nothing is written (atomic_output)
        more = f" and {len(too_long) - 5} more" if len(too_long) > 5 else ""
        raise InputError(
            f"XLSX cells hold at most {MAX_CELL_CHARS:,} characters and {len(too_long)} cell(s) are longer: "
            f"{'; '.join(too_long[:5])}{more}. Excel would cut them; export as CSV, TMX or XLIFF instead, "
            "which keep the whole text"
        )
    frame = pd.DataFrame([[""] * len(r) for r in records], columns=[*COLUMNS, *extra_columns], dtype=object)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="segments")
        sheet = writer.sheets["segments"]
        for r, record in enumerate(records, start=2):  # typed string cells, never formulas, no visible quote
            for c, text in enumerate(record, start=1):
                if text:
                    xlsx_text_cell(sheet.cell(row=r, column=c), text)
        sheet.freeze_panes = "A2"
        for col, width in zip("ABC", (14, 60, 60), strict=True):
            sheet.column_dimensions[col].width = width
    return len(records)
