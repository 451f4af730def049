"""Reading user text files safely: encoding detection with a message that names the fix.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded. Anything else — Shift_JIS, EUC-JP, cp932,
invalid UTF-8 — is refused with the detected encoding named and the ``iconv`` command that converts it, unless
the caller passes an explicit ``encoding``. Line endings and the BOM are preserved (segmentation is lossless);
NUL bytes are refused with their line number, because no article contains them and they break databases.

Commands with an ``--encoding`` option (``init``, ``convert``, ``qa``, ``candidates import``, ``align``, the
``glossary`` commands) run inside :func:`assumed_encoding`, so every text reader below them (bilingual CSV/TSV,
glossary CSV, plain text, line-aligned files) decodes with that encoding, and only then does the error message
suggest ``--encoding``. XML files are not affected: they declare their own encoding.
"""

from __future__ import annotations

import codecs
import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from review_app.errors import EncodingError, InputError

MAX_BYTES = 200 * 1024 * 1024
_ENCODING: ContextVar[str | None] = ContextVar("review_app_encoding", default=None)
_OFFERED: ContextVar[bool] = ContextVar("review_app_encoding_offered", default=False)


@contextlib.contextmanager
def assumed_encoding(encoding: str | None) -> Iterator[None]:
    """Decode text input with ``encoding`` (when given) inside the block; the command offers ``--encoding``."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"--encoding {encoding!r}: unknown encoding; use e.g. cp932 (Windows Shift_JIS), "
                             "shift_jis, euc-jp, utf-16 or utf-8") from None
    tokens = (_ENCODING.set(encoding or None), _OFFERED.set(True))
    try:
        yield
    finally:
        _OFFERED.reset(tokens[1])
        _ENCODING.reset(tokens[0])


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return best.encoding if best else None


def _line_col(data: bytes, pos: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, pos) + 1
    col = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
    return line, col


def decode_text(data: bytes, *, name: str = "<input>", encoding: str | None = None) -> str:
    """Decode ``data``; raise :class:`EncodingError` naming ``name``, the position and the fix.

    ``encoding`` defaults to the one of the enclosing :func:`assumed_encoding` (the command's ``--encoding``)."""
    encoding = encoding or _ENCODING.get()
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise EncodingError(f"{name}: cannot decode as {encoding}: {exc}") from exc
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name}: has a UTF-16 byte-order mark but is not valid UTF-16: {exc}") from exc
        # Keep the BOM as a character so the rebuilt text says where it came from.
        text = "\ufeff" + text.lstrip("\ufeff") if not text.startswith("\ufeff") else text
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, col = _line_col(data, exc.start)
            detected = _detect(data)
            hint = ""
            if detected and detected.replace("-", "_").lower() not in {"utf_8", "utf8", "ascii"}:
                hint = (
                    f" It looks like {detected}. Convert it with: iconv -f {detected.upper()} -t UTF-8 "
                    f"'{name}' > converted.txt" + (f" (or pass --encoding {detected})." if _OFFERED.get() else ".")
                )
            else:
                hint = " Fix the bytes at that position or re-save the file as UTF-8."
            raise EncodingError(
                f"{name}: not valid UTF-8 at line {line}, column {col} (byte {exc.start}).{hint}"
            ) from exc
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError(f"{name}: contains a NUL character at line {line}; is this a binary file?")
    return text


def checked_input(path: str | Path, *, expected: str, limit: int = MAX_BYTES, label: str | None = None) -> Path:
    """``path`` after the checks every reader makes before it reads: the file exists, is not a folder, and holds
    at most ``limit`` bytes; each failure is one line naming the file (``label``) and what was ``expected``."""
    p = Path(path)
    label = label or str(p)
    if not p.exists():
        raise InputError(f"{label}: no such file")
    if p.is_dir():
        raise InputError(f"{label}: is a directory, expected {expected}")
    size = p.stat().st_size
    if size > limit:
        raise InputError(f"{label}: {size:,} bytes is larger than the {limit:,}-byte limit for {expected}")
    return p


def read_bytes(path: str | Path, what: str, *, label: str | None = None) -> bytes:
    """The bytes of ``path``; a file that cannot be read is an :class:`InputError` naming it (or ``label``) and
    ``what`` it was to be (``"the QA configuration"``), with the system's reason."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{label or path}: cannot read {what} ({exc.strerror or exc})") from None


def read_text(path: str | Path, *, encoding: str | None = None) -> str:
    p = checked_input(path, expected="one article (a text file)")
    return decode_text(p.read_bytes(), name=str(p), encoding=encoding)
