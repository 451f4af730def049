"""Every input reader of review_app in one table, plus helpers shared by the hostile-input tests and the fuzzer.

Used by ``tests/test_hostile_inputs.py`` (one row per reader × attack) and ``bench/fuzz_readers.py`` (bounded
fuzzing), so both exercise exactly the same readers. Readers are imported lazily, on first call.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import signal
import zipfile
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


def _restore(p: Path) -> Any:
    """``review-app restore`` of the archive ``p`` into a new folder beside it (removed again); the restored
    project's document, so the hostile-input checks can look at its segments."""
    import shutil

    from review_app.backup import restore_project
    from review_app.project import open_project

    dest = p.with_name(p.stem + ".restored")
    shutil.rmtree(dest, ignore_errors=True)
    try:
        restore_project(p, dest)
        op = open_project(dest)
        try:
            return op.document()
        finally:
            op.close()
    finally:
        shutil.rmtree(dest, ignore_errors=True)


@contextlib.contextmanager
def local_mode() -> Iterator[None]:
    """``$REVIEW_APP_DATABASE_URL`` unset for the block (module-scoped fixtures cannot use ``monkeypatch``)."""
    import os

    saved = os.environ.pop("REVIEW_APP_DATABASE_URL", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["REVIEW_APP_DATABASE_URL"] = saved


@functools.lru_cache(maxsize=1)
def backup_bytes() -> bytes:
    """A genuine backup archive (``sqlite`` kind) of a two-sentence project with a glossary, made once."""
    import tempfile

    from review_app.backup import backup_project
    from review_app.project import init_project

    with local_mode(), tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "a.ja.txt"
        src.write_text("# 見出し\n\nマスク氏は鷹潭に現れた。トランプ氏も来た。\n", encoding="utf-8")
        gloss = Path(tmp) / "g.csv"
        gloss.write_text("鷹潭,Eagle Pass\n", encoding="utf-8")
        init_project(Path(tmp) / "p", source=src, name="fuzz", glossary=gloss)
        backup_project(Path(tmp) / "p", Path(tmp) / "b.zip")
        return (Path(tmp) / "b.zip").read_bytes()


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


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
    "gloss_pairs": (".csv", _lazy("review_app.engines.glossary", "read_pairs")),
    "restore": (".zip", _restore),
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
