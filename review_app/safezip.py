"""Guard for zip-based inputs (XLSX workbooks) against zip bombs and broken archives.

An .xlsx file is a zip archive; its sheet XML can inflate by a factor of 1000 or more. Before pandas/openpyxl
open a workbook we read the archive's directory (which costs nothing) and refuse when the total uncompressed size
or any member's compression ratio is beyond what a real workbook of translation units needs.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from review_app.errors import InputError

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000
#: What openpyxl/pandas raise on damaged archives, beyond zipfile.BadZipFile.
ARCHIVE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    KeyError,
    ValueError,
)


def check_xlsx(path: str | Path, label: str | None = None) -> None:
    """Raise :class:`InputError` if ``path`` is not a zip archive or would inflate beyond the limits."""
    p = Path(path)
    label = label or str(p)
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise InputError(f"{label}: not a readable .xlsx workbook (not a valid zip archive: {exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{label}: refused: the archive has {len(infos):,} members (limit {MAX_MEMBERS:,})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise InputError(
            f"{label}: refused: the workbook would inflate to {total:,} bytes (limit {MAX_UNCOMPRESSED:,}); "
            "is it a zip bomb? Split it or export it as CSV"
        )
    for i in infos:
        if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1024 * 1024:
            raise InputError(
                f"{label}: refused: {i.filename} inflates {i.file_size / i.compress_size:,.0f}× "
                f"({i.compress_size:,} → {i.file_size:,} bytes); is it a zip bomb?"
            )
