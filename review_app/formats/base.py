"""The bilingual-file model shared by every format module, and the safety helpers all readers/writers use.

Model
    A :class:`BilingualFile` is a list of :class:`BilingualUnit` (one reviewable segment each: id, source,
    target, workflow state, approved flag, notes, comments, languages and a metadata dict holding whatever the
    file said that the model has no field for, such as the original inline XML). Formats map their own
    notions onto it; the mapping tables are in each module's docstring.

Safety (the same for every format, not per format)
    * XML is parsed with :func:`parse_xml`: lxml with ``resolve_entities=False``, ``no_network=True``,
      ``load_dtd=False`` and ``huge_tree=False``; a document that *declares* entities (XXE, "billion laughs")
      is refused outright, an external DTD is never fetched, and malformed XML becomes an
      :class:`~review_app.errors.InputError` naming the file and line. No partial result is ever returned.
    * Text written to XML goes through :func:`xml_text`, which strips the characters XML 1.0 forbids
      (C0 controls except TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF) — following Weblate's
      ``formats/exporters.py``. CSV/XLSX cells also go through :func:`spreadsheet_cell`, which neutralises
      formula injection (OWASP "CSV Injection": cells starting with ``= + - @`` TAB or CR get a leading ``'``).
    * Files are written with :func:`atomic_output`: a temporary file in the destination folder, fsync'ed and
      renamed over the destination only when the writer finished; on any exception the destination is
      untouched and the temporary file removed. The temporary file is named ``.NAME.PID.RANDOM.part`` (PID:
      the writing process); a ``kill -9`` can leave one behind, and the next :func:`atomic_output` to the
      same destination removes those of writers that are gone (:func:`remove_stale_parts`).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, ClassVar

from lxml import etree

from review_app import xmlsafe
from review_app.errors import InputError
from review_app.models import Status

MAX_XML_BYTES = xmlsafe.MAX_XML_BYTES

# Characters XML 1.0 does not allow (§2.2 Char): C0 controls except TAB, LF, CR; surrogates; U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Cells a spreadsheet would evaluate as a formula (OWASP CSV injection); an existing "'" escape is itself
# escaped so that reading removes exactly one quote.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_FORMULA_CHARS = "=+-@\t\r"


def write_lines(xf: Any, elements: Iterable[etree._Element]) -> int:
    """Write each element to the ``etree.xmlfile`` writer ``xf`` on a line of its own, one element in memory at a
    time (the streaming writers' body); returns how many were written."""
    n = 0
    xf.write("\n")
    for el in elements:
        xf.write(el)
        xf.write("\n")
        n += 1
    return n


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (the one place exporters sanitise XML text)."""
    return _XML_ILLEGAL.sub("", text)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet program would evaluate ``text`` typed into a cell (``= + - @``, TAB or CR first)."""
    return text[:1] in _FORMULA_CHARS and text != ""


def spreadsheet_cell(text: str, *, xlsx: bool = False) -> str:
    """The one spreadsheet-safety function of every CSV/TSV/XLSX writer (OWASP "CSV Injection").

    Strips the controls no spreadsheet or XML part can hold (:func:`xml_text`; the exports say so, see
    :func:`control_characters`), then, for CSV/TSV, puts ``'`` before a cell a spreadsheet would evaluate (an
    existing leading ``'`` before such a character is doubled, so :func:`unescape_spreadsheet_cell` removes exactly
    one). For XLSX (``xlsx=True``) the cell is written as a typed string with the ``quotePrefix`` style
    (:func:`xlsx_text_cell`), which is never evaluated, so no quote is added and none is visible; only a text that
    itself starts with ``'`` before such a character gets one more, so reading restores it.
    """
    text = xml_text(text)
    if xlsx:
        return "'" + text if text.startswith("'") and _FORMULA_START.match(text) else text
    if _FORMULA_START.match(text):
        return "'" + text
    return text


def tsv_line(cells: list[str]) -> str:
    """One line of tab-separated output for the terminal or a pipe (``segments --format tsv``…): each cell through
    :func:`spreadsheet_cell`, with TAB and line breaks inside a cell turned into spaces (TSV has no quoting)."""
    return "\t".join(spreadsheet_cell(re.sub(r"[\t\r\n]", " ", c)) for c in cells)


def xlsx_text_cell(cell: Any, text: str) -> None:
    """Put ``text`` into an openpyxl ``cell`` safely: :func:`spreadsheet_cell` (``xlsx=True``), typed as a string
    (never a formula), with the ``quotePrefix`` style when a spreadsheet would otherwise evaluate it on edit."""
    value = spreadsheet_cell(text, xlsx=True)
    cell.value = value
    cell.data_type = "s"
    if formula_like(value):
        cell.quotePrefix = True


_CONTROL_NAMES = {0x1B: "ESC", 0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x7F: "DEL"}


def control_characters(text: str) -> list[str]:
    """The characters of ``text`` that exports cannot carry and leave out (C0 controls but TAB/LF/CR, lone
    surrogates, U+FFFE/U+FFFF), named like ``U+001B ESC``."""
    out = []
    for ch in sorted(set(_XML_ILLEGAL.findall(text))):
        name = _CONTROL_NAMES.get(ord(ch), "")
        out.append(f"U+{ord(ch):04X}" + (f" {name}" if name else ""))
    return out


def unescape_spreadsheet_cell(text: str) -> str:
    """Inverse of :func:`spreadsheet_cell`'s formula guard (remove the one added quote)."""
    if text.startswith("'") and _FORMULA_START.match(text, 1):
        return text[1:]
    return text


@dataclass(slots=True)
class UnitComment:
    """A reviewer comment on a unit (XLIFF 1.2 ``<note from=… annotates="target">``, XLIFF 2 note category)."""

    body: str
    author: str | None = None
    at: datetime | None = None


@dataclass(slots=True)
class BilingualUnit:
    """One reviewable segment of a bilingual file."""

    id: str
    """Unique within the file. Segmented units are ``"unitid#segid"``."""
    source: str
    """Source text with inline markup flattened (the original XML is in ``metadata["source_xml"]``)."""
    target: str | None = None
    """``None`` when the file has no target for the unit; ``""`` for an empty target element."""
    state: Status | None = None
    """Workflow state mapped from the file's own vocabulary; ``None`` when the file says nothing."""
    approved: bool = False
    """The file marks the translation approved (XLIFF 1.2 ``approved="yes"``, XLIFF 2 ``final``…)."""
    notes: list[str] = field(default_factory=list)
    comments: list[UnitComment] = field(default_factory=list)
    source_lang: str | None = None
    target_lang: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    """Everything else: ``translate`` (bool), ``source_xml``/``target_xml``, ``file``, dates, props, matches."""

    @property
    def translatable(self) -> bool:
        return bool(self.metadata.get("translate", True))

    @property
    def effective_status(self) -> Status:
        """The status review_app would give the unit: approved wins, then the state, else new/draft."""
        if self.approved:
            return Status.APPROVED
        if self.state is not None:
            return self.state
        return Status.DRAFT if (self.target or "").strip() else Status.NEW


@dataclass(slots=True)
class BilingualFile:
    units: list[BilingualUnit]
    source_lang: str | None = None
    target_lang: str | None = None
    original: str | None = None
    """The name of the document the file was extracted from (XLIFF ``original``), or the file's own name."""
    metadata: dict[str, Any] = field(default_factory=dict)

    def unit(self, unit_id: str) -> BilingualUnit:
        for u in self.units:
            if u.id == unit_id:
                return u
        raise KeyError(unit_id)

    def ids(self) -> list[str]:
        return [u.id for u in self.units]


class BilingualFormat:
    """Contract of a format module: declarative metadata plus ``read``/``write``."""

    name: ClassVar[str] = ""
    """Registry name, e.g. ``"xliff12"``."""
    extensions: ClassVar[tuple[str, ...]] = ()
    """File extensions (lower case, with the dot) this format reads and writes; :data:`review_app.formats.EXTENSIONS`
    is built from them (an extension two formats share belongs to the first registered, unless the root element
    says otherwise)."""
    description: ClassVar[str] = ""
    """One line for ``convert --help`` and the docs."""
    writes: ClassVar[bool] = True
    """Whether :meth:`write` exists (``convert --to`` offers only these)."""

    @classmethod
    def claims(cls, root: str, attrs: str) -> bool:
        """Whether an XML file whose root element is ``root`` (local name; ``attrs``: its start tag's attributes)
        is in this format. Formats that are not XML never claim a file."""
        return False

    def read(self, path: str | Path) -> BilingualFile:
        raise NotImplementedError

    def write(self, bf: BilingualFile, path: str | Path) -> None:
        raise NotImplementedError


def is_xliff2(attrs: str) -> bool:
    """Whether the attributes of an ``<xliff>`` start tag say XLIFF 2.x (``version="2…"`` or the 2.0 namespace)."""
    return bool(re.search(r"""(?<![\w:.-])version\s*=\s*["']2""", attrs)) or "xliff:document:2" in attrs


def check_unique_ids(name: str, seen: dict[str, int | None], unit_id: str, line: int | None) -> None:
    """Raise a clear :class:`InputError` for a repeated unit id (``seen`` maps id → first line)."""
    if unit_id in seen:
        first = seen[unit_id]
        where = f" at line {line}" if line else ""
        before = f" (first at line {first})" if first else ""
        raise InputError(f"{name}: duplicate unit id {unit_id!r}{where}{before}; ids must be unique")
    seen[unit_id] = line


# -- safe XML --------------------------------------------------------------------------------------------------


def parse_xml(source: str | Path | bytes, *, name: str | None = None) -> etree._ElementTree:
    """Parse XML safely (see :mod:`review_app.xmlsafe`), or raise :class:`InputError` naming the file and line."""
    return xmlsafe.parse_xml(source, name=name)


def local_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def element_xml(el: etree._Element) -> str:
    """The element serialised as a string (without its tail), to keep inline markup in metadata."""
    return etree.tostring(el, encoding="unicode", with_tail=False)


def has_child_elements(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) for c in el)


# Inline elements whose *content* is native code (formatting codes), not text: the XLIFF 1.2 / TMX
# bpt/ept/ph/it/ut. Their <sub> children are translatable text and are kept.
_CODE_CONTENT = frozenset({"bpt", "ept", "ph", "it", "ut"})
# Placeholders without content; XLIFF 1.2 <x>/<bx>/<ex> may carry equiv-text, XLIFF 2 <ph> an equiv.
_EMPTY_CODES = frozenset({"x", "bx", "ex", "sc", "ec", "sm", "em"})


def flatten(el: etree._Element, *, xliff2: bool = False) -> str:
    """The text of ``el`` with inline markup flattened for review.

    Paired/marker elements (``g``, ``mrk``, ``pc``, ``hi``, ``sub``) keep their text; native-code elements
    (``bpt``/``ept``/``ph``/``it``/``ut`` in XLIFF 1.2 and TMX) drop the code but keep ``sub`` text;
    placeholders (``x``/``bx``/``ex``, XLIFF 2 ``ph``/``sc``/``ec``) become their ``equiv-text``/``equiv``
    (Angular writes ``{{ name }}`` there) or nothing; XLIFF 2 ``cp`` becomes its code point. Comments and
    processing instructions are dropped.
    """
    parts: list[str] = []
    _flatten_into(el, parts, xliff2=xliff2, top=True)
    return "".join(parts)


def _flatten_into(el: etree._Element, parts: list[str], *, xliff2: bool, top: bool = False) -> None:
    name = local_name(el)
    if not top and name:
        if name == "cp" and xliff2:
            with contextlib.suppress(ValueError, TypeError):
                parts.append(chr(int(el.get("hex", ""), 16)))
            return
        if name in _EMPTY_CODES or (xliff2 and name == "ph"):
            parts.append(el.get("equiv-text") or el.get("equiv") or "")
            return
        if name in _CODE_CONTENT and not xliff2:
            for child in el:
                if local_name(child) == "sub":
                    _flatten_into(child, parts, xliff2=xliff2)
            return
    if isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _flatten_into(child, parts, xliff2=xliff2)
        if child.tail:
            parts.append(child.tail)


# -- atomic output ---------------------------------------------------------------------------------------------


_PART_SUFFIX = ".part"
# ".NAME." + pid + "." + tempfile's random part (letters, digits, "_") + ".part"; anything else is not ours.
_PART_TAIL = re.compile(r"(\d+)\.[a-z0-9_]+\.part", re.ASCII)


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine (conservatively ``True`` when that cannot be told)."""
    if os.name != "posix" or pid <= 0:
        return True  # on Windows os.kill(pid, 0) would terminate the process; never guess there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists but belongs to another user
        return True
    return True


def _lock_part(fd: int) -> None:
    """Hold an advisory lock on an open temporary file for as long as it is open (released by the kernel on exit,
    including ``kill -9``), so that a cleaner in another PID namespace never removes a live writer's file."""
    with contextlib.suppress(ImportError, OSError):
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unused(part: Path) -> bool:
    """True if nobody holds the lock of ``part`` (its writer is gone); ``False`` when it is locked or unreadable."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the PID check alone decides
        return True
    try:
        fd = os.open(part, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)  # closing drops the lock we may have taken
    return True


def stale_parts(path: str | Path, *, directories: bool = False) -> list[Path]:
    """The temporary files :func:`atomic_output` left beside ``path`` whose writing process no longer exists.

    Only names of the exact form ``.NAME.PID.RANDOM.part`` for this destination count, never another
    destination's (``.NAME.x.…``) or a user's file. A file is stale when process PID is gone on this machine
    *and* no process holds its lock (a writer in another container sharing the folder keeps its lock). A PID
    reused by a live process keeps the file until that process ends: the check errs on the side of keeping.
    With ``directories`` the same rule finds the staging folders of :func:`staging_dir` instead of files.
    """
    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path()
    prefix = f".{dest.name}."
    out: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(_PART_SUFFIX)):
            continue
        m = _PART_TAIL.fullmatch(name[len(prefix) :])
        if m is None:
            continue
        pid = int(m.group(1))
        if pid == os.getpid() or _pid_alive(pid):
            continue
        with contextlib.suppress(OSError):
            kind_ok = entry.is_dir(follow_symlinks=False) if directories else entry.is_file(follow_symlinks=False)
            if kind_ok and _unused(folder / name):
                out.append(folder / name)
    return out


def remove_stale_parts(path: str | Path, *, directories: bool = False) -> list[Path]:
    """Delete :func:`stale_parts` of ``path`` (what a ``kill -9`` during a write left); returns those removed."""
    removed = []
    for part in stale_parts(path, directories=directories):
        try:
            if directories:
                shutil.rmtree(part)
            else:
                part.unlink()
        except FileNotFoundError:
            continue  # another cleaner was faster
        except OSError:
            continue  # not ours to remove (permissions): leave it, the export itself can still succeed
        removed.append(part)
    return removed


@contextlib.contextmanager
def atomic_output(path: str | Path, *, mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success fsync and rename it to ``path``.

    If the body raises, the temporary file is removed and ``path`` (new or existing) is left untouched. The
    temporary file is ``.NAME.PID.RANDOM.part`` and locked while open; temporary files of the same destination
    left by a killed writer are removed first (:func:`remove_stale_parts`).
    """
    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path()
    if not folder.exists():
        raise InputError(f"{dest}: the folder {folder} does not exist")
    remove_stale_parts(dest)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.{os.getpid()}.", suffix=_PART_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    _lock_part(fd)
    with contextlib.suppress(OSError):  # mkstemp makes 0600; give the file the mode a plain open() would
        os.fchmod(fd, _file_mode(dest))
    try:
        fh: IO[Any] = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding="utf-8", newline="")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):  # make the rename durable where the platform allows it
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@contextlib.contextmanager
def staging_dir(path: str | Path) -> Iterator[Path]:
    """A hidden folder ``.NAME.PID.RANDOM.part`` beside ``path`` to build a whole folder (or a set of files) in.

    Like :func:`atomic_output` for folders: the staging folder is locked while this process works in it, the
    stale staging folders of the same destination (a ``kill -9``) are removed first, and on any exception the
    staging folder is deleted. The caller renames it (or what it built inside) into place before leaving the
    block; whatever is still in it afterwards is deleted too.
    """
    dest = Path(path)
    folder = dest.parent if str(dest.parent) else Path()
    remove_stale_parts(dest, directories=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.{os.getpid()}.", suffix=_PART_SUFFIX, dir=folder))
    fd = os.open(tmp, os.O_RDONLY)
    _lock_part(fd)
    try:
        yield tmp
    finally:
        os.close(fd)
        shutil.rmtree(tmp, ignore_errors=True)


def _file_mode(dest: Path) -> int:
    """The permission bits ``dest`` should get: those of the file it replaces, else 0666 less the umask."""
    try:
        return dest.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask (from /proc where it can be read without changing it)."""
    with contextlib.suppress(OSError, ValueError), Path("/proc/self/status").open(encoding="ascii") as fh:
        for line in fh:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def iso_date(value: datetime | None) -> str | None:
    """``YYYYMMDDThhmmssZ`` (TMX 1.4 §3 "date" attributes) in UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def utc_now() -> datetime:
    return datetime.now(UTC)


_XML_WS = re.compile(r"[ \t\r\n]+")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def space_preserved(el: etree._Element) -> bool:
    """Whether ``xml:space="preserve"`` applies to ``el`` (the nearest ancestor-or-self declaration wins)."""
    node: etree._Element | None = el
    while node is not None:
        value = node.get(_XML_SPACE)
        if value is not None:
            return value == "preserve"
        node = node.getparent()
    return False


def normalize_space(text: str) -> str:
    """XML ``xml:space="default"`` handling as translate-toolkit does it: collapse and trim *XML* whitespace.

    Only space, TAB, CR and LF are touched; the ideographic space U+3000 is text in Japanese.
    """
    return _XML_WS.sub(" ", text).strip(" ")


def element_text(el: etree._Element, *, xliff2: bool = False) -> str:
    """Flattened text of ``el``, whitespace-normalised unless ``xml:space="preserve"`` applies."""
    # The common element is plain text (no child): its flattened text is its .text. And where normalising
    # would change nothing, xml:space does not matter: the ancestors are not walked.
    text = (el.text or "") if not len(el) and isinstance(el.tag, str) else flatten(el, xliff2=xliff2)
    if not ("  " in text or "\n" in text or "\t" in text or "\r" in text or text[:1] == " " or text[-1:] == " "):
        return text  # normalize_space would return it unchanged (C substring scans, cheaper than a regex)
    return text if space_preserved(el) else normalize_space(text)
