"""Bilingual file formats: one registry of readers/writers and format detection.

:data:`FORMATS` is the single source of truth: each format class declares its ``extensions``, whether it
``writes``, and which XML root elements it ``claims``; :data:`EXTENSIONS`, detection, ``convert``'s
``--from``/``--to`` choices and the app's upload types are derived from it. ``read_bilingual(path)`` picks the
format from the extension and, for XML, from the root element (``.xlf``/``.xliff`` are XLIFF 1.2 or 2.x by the
``version``/namespace of ``<xliff>``; ``<dataset>`` is a WMT test set, read only); anything else is refused with
the list of supported extensions. Like every registry of review_app (see :mod:`review_app.registry`), the
modules are imported only when a format is used or the registry is listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from review_app.errors import InputError
from review_app.formats.base import BilingualFile, BilingualFormat, BilingualUnit, UnitComment
from review_app.registry import Registry

FORMATS: Registry[BilingualFormat] = Registry(
    "bilingual format",
    {
        "xliff12": "review_app.formats.xliff12:Xliff12Format",
        "xliff2": "review_app.formats.xliff2:Xliff2Format",
        "tmx": "review_app.formats.tmx:TmxFormat",
        "csv": "review_app.formats.csvfile:CsvFormat",
        "xlsx": "review_app.formats.xlsx:XlsxFormat",
        "wmt": "review_app.formats.wmt:WmtFormat",
    },
)



class _Extensions(Mapping[str, str]):
    """Extension (lower case, with the dot) → format name, from each registered format's ``extensions``; an
    extension two formats share (``.xlf``: XLIFF 1.2 and 2.x) belongs to the first registered, and the root element
    decides when reading. Built on first use, and again when the registry changes."""

    def __init__(self) -> None:
        self._key: tuple[str, ...] = ()
        self._table: dict[str, str] = {}

    def _current(self) -> dict[str, str]:
        key = tuple(FORMATS.names())
        if key != self._key:
            table: dict[str, str] = {}
            for name, cls in FORMATS:
                for ext in cls.extensions:
                    table.setdefault(ext.lower(), name)
            self._key, self._table = key, table
        return self._table

    def __getitem__(self, ext: str) -> str:
        return self._current()[ext]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


EXTENSIONS: Mapping[str, str] = _Extensions()


def is_xml_format(name: str) -> bool:
    """Whether the registered format ``name`` is XML (it claims files by their root element)."""
    return FORMATS.get(name).claims.__func__ is not BilingualFormat.claims.__func__  # type: ignore[attr-defined]


def writable_formats() -> list[str]:
    """The registered formats that can be written (``convert --to``)."""
    return [name for name, cls in FORMATS if cls.writes]


def upload_types() -> list[str]:
    """File endings (without the dot) of every registered format, for upload fields."""
    return sorted({ext.lstrip(".") for ext in EXTENSIONS})

# The first start tag after the prolog (XML declaration, comments, DOCTYPE, PIs) of a file.
_ROOT = re.compile(
    rb"""<(?P<name>[A-Za-z_][\w.\-]*(?::[\w.\-]+)?)   # the root element's (qualified) name
         (?P<attrs>[^>]*)>                          # its attributes, up to the end of the start tag
    """,
    re.VERBOSE,
)
_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.DOTALL)


def _head(path: Path, size: int = 8192) -> bytes:
    with path.open("rb") as fh:
        data = fh.read(size)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:
            return data
    return data.removeprefix(b"\xef\xbb\xbf")


def sniff_xml(path: Path) -> tuple[str, str] | None:
    """``(root local name, start-tag attributes)`` of an XML file, or ``None`` if it does not look like XML."""
    head = _PROLOG.sub(b"", _head(path)).lstrip()
    if not head.startswith(b"<"):
        return None
    m = _ROOT.match(head)
    if not m:
        return None
    name = m.group("name").decode("ascii", "replace").rpartition(":")[2]
    return name, m.group("attrs").decode("utf-8", "replace")


def detect_format(path: str | Path) -> str:
    """The registry name of the format of ``path`` (extension, then the root element)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    ext = p.suffix.lower()
    guess = EXTENSIONS.get(ext)
    if guess is not None and not is_xml_format(guess):
        return guess  # not XML: the extension decides
    sniffed = sniff_xml(p)
    if sniffed is None:
        if guess is None:
            raise InputError(
                f"{p}: unknown bilingual format {ext or '(no extension)'!r}; supported: "
                + ", ".join(sorted(EXTENSIONS))
                + " (or pass the format explicitly)"
            )
        raise InputError(f"{p}: does not start with an XML element; is it really {ext}?")
    root, attrs = sniffed
    for name, cls in FORMATS:
        if cls.claims(root, attrs):
            return name
    known = "; ".join(f"{cls.description} ({name})" for name, cls in FORMATS if is_xml_format(name))
    if root in ("martif", "tbx"):
        raise InputError(f"{p}: is a TBX termbase (<{root}>); import it as a glossary, not a bilingual file")
    raise InputError(f"{p}: root element <{root}> is not a bilingual format; expected {known}")


def get_format(name: str) -> BilingualFormat:
    return FORMATS.get(name)()


def read_bilingual(path: str | Path, *, format: str | None = None) -> BilingualFile:
    """Read any supported bilingual file into a :class:`BilingualFile`."""
    fmt = format or detect_format(path)
    return get_format(fmt).read(path)


def format_for_output(path: str | Path, *, format: str | None = None) -> str:
    """The format to write ``path`` in (``.xlf``/``.xliff`` default to XLIFF 1.2)."""
    writable = writable_formats()
    if format:
        if format not in writable:
            raise InputError(f"cannot write format {format!r}; known: {', '.join(writable)}")
        return format
    ext = Path(path).suffix.lower()
    name = EXTENSIONS.get(ext)
    if name not in writable:
        raise InputError(
            f"{path}: cannot tell the output format from {ext or 'no extension'!r}; use one of "
            + ", ".join(sorted(e for e, n in EXTENSIONS.items() if n in writable))
            + " or pass --to"
        )
    return name


def write_bilingual(bf: BilingualFile, path: str | Path, *, format: str | None = None) -> str:
    fmt = format_for_output(path, format=format)
    get_format(fmt).write(bf, path)
    return fmt


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "BilingualFile",
    "BilingualFormat",
    "BilingualUnit",
    "UnitComment",
    "detect_format",
    "format_for_output",
    "is_xml_format",
    "read_bilingual",
    "upload_types",
    "writable_formats",
    "write_bilingual",
]
