"""Every input reader of review_app in one table, plus helpers shared by the hostile-input tests and the fuzzer.

Used by ``tests/test_hostile_inputs.py`` (one row per reader × attack) and ``bench/fuzz_readers.py`` (bounded
fuzzing), so both exercise exactly the same readers. Readers are imported lazily, on first call.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def _lazy(module: str, name: str) -> Callable[[Path], Any]:
    def read(p: Path) -> Any:
        return getattr(importlib.import_module(module), name)(p)

    read.__name__ = f"{module}.{name}"
    return read


def _read_source(p: Path) -> Any:
    from review_app.segment import parse_document
    from review_app.textio import read_text

    return parse_document(read_text(p))


READERS: dict[str, tuple[str, Callable[[Path], Any]]] = {
    # name: (file extension, reader)
    "source": (".txt", _read_source),
    "xliff12": (".xlf", _lazy("review_app.formats.xliff12", "read_xliff12")),
    "xliff2": (".xlf", _lazy("review_app.formats.xliff2", "read_xliff2")),
    "tmx": (".tmx", _lazy("review_app.formats.tmx", "read_tmx")),
    "tbx": (".tbx", _lazy("review_app.glossary.tbx", "read_tbx")),
    "csv": (".csv", _lazy("review_app.formats.csvfile", "read_csv")),
    "gloss_csv": (".csv", _lazy("review_app.glossary.csvio", "read_csv")),
    "xlsx": (".xlsx", _lazy("review_app.formats.xlsx", "read_xlsx")),
    "gloss_xlsx": (".xlsx", _lazy("review_app.glossary.csvio", "read_xlsx")),
}


@contextlib.contextmanager
def deadline(seconds: int, *, wall_factor: int = 20) -> Iterator[None]:
    """Raise TimeoutError in the main thread when the block spends more than ``seconds`` of CPU time (a reader
    looping on hostile input), or more than ``wall_factor`` times that in wall time (a reader blocked for good).

    CPU time rather than wall time, so that a loaded machine (CI beside other jobs) does not turn a slow but
    finishing reader into a failure: the process's CPU time does not grow while it waits for a core.
    """

    def _alarm(_sig: int, _frame: Any) -> None:
        raise TimeoutError(f"reader did not finish within {seconds} s of CPU time ({seconds * wall_factor} s wall)")

    old_prof = signal.signal(signal.SIGPROF, _alarm)
    old_alarm = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.alarm(seconds * wall_factor)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.alarm(0)
        signal.signal(signal.SIGPROF, old_prof)
        signal.signal(signal.SIGALRM, old_alarm)


def xlsx_bytes(rows: list[list[str]], *, raw_formula: str | None = None) -> bytes:
    """A workbook with ``rows`` on its first sheet (and optionally one live formula cell after them)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    if raw_formula is not None:
        ws.cell(row=len(rows) + 1, column=1, value="u-formula")
        ws.cell(row=len(rows) + 1, column=2, value=raw_formula)  # stored as a live formula by openpyxl
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
