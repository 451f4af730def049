"""Line-aligned plain text: one segment a line, line N of every file is the same segment.

This is how MT systems are compared outside translation tools (sacrebleu, compare-mt, the WMT ``src``/``ref``/
``hyp`` files): a source file, optionally a reference, and one file per system, all with the same number of
lines. :func:`read_aligned` reads a source and any number of other files, checks that every file has the source's
line count and names each file after its file name (``hyp/Online-B.en`` → ``Online-B``).

Lines follow sacrebleu's reading (``open(..., newline="\\n")``): only LF ends a line, so a lone CR or U+2028
inside a line stays in it; a CRLF's CR is removed; a final line without a newline counts; an empty file has
no lines. ``strip=True`` additionally applies ``str.rstrip()`` to every line, exactly as sacrebleu's CLI does
before scoring (it removes any trailing Unicode whitespace, the ideographic space U+3000 included). One
deliberate difference: a UTF-8 byte-order mark is not part of the first line (sacrebleu keeps it as text).
Files ending in ``.gz`` are decompressed. Decoding goes through :func:`review_app.textio.decode_text`
(UTF-8/UTF-16 with BOM, or ``encoding``; Shift_JIS and friends are refused with the fix).
"""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from review_app.errors import InputError
from review_app.textio import MAX_BYTES, checked_input, decode_text

# A final suffix that names a language (".en", ".ja", ".en-US", ".zh_Hant") is not part of a system's name.
_LANG_SUFFIX = re.compile(r"\.[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_PLAIN_SUFFIXES = (".gz", ".txt", ".hyp", ".out", ".detok", ".sgm")


@dataclass(frozen=True, slots=True)
class LineFile:
    """One line-aligned file."""

    path: Path
    name: str
    """Short name for reports, from the file name (``hyp/Online-B.en`` → ``Online-B``); unique in a set."""
    lines: tuple[str, ...]
    """The lines without their line ending (and without trailing whitespace when read with ``strip=True``)."""

    def __len__(self) -> int:
        return len(self.lines)


@dataclass(frozen=True, slots=True)
class AlignedFiles:
    """A source file and the files aligned with it, all with the same number of lines."""

    source: LineFile
    others: tuple[LineFile, ...]

    def __len__(self) -> int:
        return len(self.source)

    def by_name(self) -> dict[str, LineFile]:
        return {f.name: f for f in self.others}


def _read_bytes(path: Path) -> bytes:
    checked_input(path, expected="a text file with one segment a line")
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = fh.read(MAX_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise InputError(f"{path}: not a readable gzip file ({exc})") from exc
        if len(data) > MAX_BYTES:
            raise InputError(f"{path}: decompresses to more than the {MAX_BYTES:,}-byte limit for one file")
    return data


def split_lines(text: str, *, strip: bool = False) -> list[str]:
    """Split decoded text into lines the way sacrebleu reads a file (see the module docstring)."""
    text = text.removeprefix("\ufeff")
    if not text:
        return []
    if text.endswith("\n"):
        text = text[:-1]
    lines = text.split("\n")
    if strip:
        return [line.rstrip() for line in lines]
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def read_lines(path: str | Path, *, encoding: str | None = None, strip: bool = False) -> list[str]:
    """The lines of one text file (see :func:`split_lines`)."""
    p = Path(path)
    return split_lines(decode_text(_read_bytes(p), name=str(p), encoding=encoding), strip=strip)


def _strip_plain(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in _PLAIN_SUFFIXES:
            if name.lower().endswith(suffix) and len(name) > len(suffix):
                name, changed = name[: -len(suffix)], True
    return name


def file_label(path: str | Path) -> str:
    """A system name from a file name: ``hyp/Online-B.en`` → ``Online-B``, ``out.deepl.en.txt`` → ``out.deepl``."""
    name = _strip_plain(Path(path).name)
    m = _LANG_SUFFIX.search(name)
    if m and m.start() > 0:  # one language suffix only: "newstest2021.ja-en.hyp.en" keeps its ".ja-en"
        name = _strip_plain(name[: m.start()])
    return name


def unique_labels(paths: Sequence[str | Path]) -> list[str]:
    """:func:`file_label` of each path, with parent folders added where two files would get the same name."""
    resolved = [Path(p) for p in paths]
    labels = [file_label(p) for p in resolved]
    depth = 0
    while len(set(labels)) < len(labels):
        depth += 1
        dupes = {lab for lab in labels if labels.count(lab) > 1}
        grew = False
        for i, p in enumerate(resolved):
            if labels[i] in dupes:
                parents = p.resolve().parts[:-1]
                if depth <= len(parents):
                    labels[i] = "/".join([*parents[len(parents) - depth :], file_label(p)])
                    grew = True
        if not grew:
            first = next(lab for lab in labels if labels.count(lab) > 1)
            raise InputError(f"two files are both named {first!r}; pass each file once")
    return labels


def read_aligned(
    source: str | Path,
    others: Sequence[str | Path] = (),
    *,
    names: Sequence[str] | None = None,
    encoding: str | None = None,
    strip: bool = False,
) -> AlignedFiles:
    """Read ``source`` and ``others`` (references, hypotheses) that must all have the same number of lines.

    Raises :class:`InputError` (exit 2) naming the first file whose line count differs, e.g.
    ``hyp/X.en: 2,007 lines, but the source src.ja has 2,008; line-aligned files need one line per segment``.
    ``names`` overrides the names taken from the file names (one per file in ``others``).
    """
    src_path = Path(source)
    src_lines = read_lines(src_path, encoding=encoding, strip=strip)
    if not src_lines:
        raise InputError(f"{src_path}: the file is empty; a line-aligned source needs one segment a line")
    other_paths = [Path(p) for p in others]
    if names is not None and len(names) != len(other_paths):
        raise InputError(f"{len(names)} names given for {len(other_paths)} files")
    labels = list(names) if names is not None else unique_labels(other_paths)
    files: list[LineFile] = []
    for path, label in zip(other_paths, labels, strict=True):
        lines = read_lines(path, encoding=encoding, strip=strip)
        if len(lines) != len(src_lines):
            raise InputError(
                f"{path}: {len(lines):,} lines, but the source {src_path} has {len(src_lines):,}; "
                "line-aligned files need one line per segment (check for a missing or extra line break)"
            )
        files.append(LineFile(path=path, name=label, lines=tuple(lines)))
    return AlignedFiles(
        source=LineFile(path=src_path, name=file_label(src_path), lines=tuple(src_lines)), others=tuple(files)
    )


__all__ = ["AlignedFiles", "LineFile", "file_label", "read_aligned", "read_lines", "split_lines", "unique_labels"]
