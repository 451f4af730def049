"""Bilingual file formats: one registry of readers/writers and format detection.

``read_bilingual(path)`` picks the format from the extension and, for XML, from the root element: ``.xlf``
and ``.xliff`` are XLIFF 1.2 or 2.x depending on the ``version``/namespace of ``<xliff>``; ``.sdlxliff`` is
XLIFF 1.2; ``.tmx`` TMX; ``.csv``/``.tsv`` CSV; ``.xlsx`` Excel. A file with an unknown extension is
sniffed (XML root element; ``<dataset>`` is a WMT test set, read only); anything else is refused with the list
of supported extensions. Like every
registry of review_app (see :mod:`review_app.registry`), the modules are imported only when a format is
used (pandas and openpyxl load only for XLSX).
"""

from __future__ import annotations

import re
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

EXTENSIONS: dict[str, str] = {
    ".sdlxliff": "xliff12",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".xlf2": "xliff2",
    ".tmx": "tmx",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
}
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
    if guess in ("csv", "xlsx"):
        return guess
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
    if root == "xliff":
        is2 = re.search(r"""(?<![\w:.-])version\s*=\s*["']2""", attrs) or "xliff:document:2" in attrs
        return "xliff2" if is2 else "xliff12"
    if root == "tmx":
        return "tmx"
    if root == "dataset":
        return "wmt"
    known = "XLIFF 1.2/2.x (<xliff>), TMX (<tmx>), WMT test set (<dataset>)"
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
    if format:
        if format not in FORMATS:
            raise InputError(f"unknown format {format!r}; known: {', '.join(FORMATS.names())}")
        return format
    ext = Path(path).suffix.lower()
    name = EXTENSIONS.get(ext)
    if name is None:
        raise InputError(
            f"{path}: cannot tell the output format from {ext or 'no extension'!r}; use one of "
            + ", ".join(sorted(EXTENSIONS))
            + " or pass --to"
        )
    return "xliff12" if name == "xliff" else name


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
    "read_bilingual",
    "write_bilingual",
]
