"""Saving an edited glossary file: a new version, optimistic locking, one writer at a time.

This is the file-level half of a glossary edit; the permission check is the other half and lives in the review
service (:meth:`review_app.review.ReviewService.save_glossary`, which needs the ``glossary`` permission and then
calls :func:`save_new_version`). The app's Glossary page saves through the service, so a role without the
permission cannot write the project's glossary whatever the page shows.

* **Versioning.** The version is bumped on every save (:func:`bump_version`), so every number computed with
  the glossary (QA, term accuracy, DeepL glossary sync) can tell the edited glossary from the old one.
* **Optimistic locking.** ``base_hash`` is the content hash of the glossary the edit started from; when the
  file now holds something else (another user saved in between) nothing is written and
  :class:`GlossaryConflict` says so.
* **One writer at a time.** The check and the write happen under an exclusive ``flock`` of the glossary's
  folder (POSIX; best effort elsewhere), so two saves that started from the same content cannot both pass the
  check: the second one sees the first one's file and gets :class:`GlossaryConflict`.
* **Atomic write.** The writers of :mod:`review_app.glossary` write a temporary file beside the target and
  rename it over the old one.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from review_app.errors import InputError, ReviewAppError
from review_app.glossary import load_glossary, save_glossary
from review_app.glossary.model import Glossary

SAVE_SUFFIXES = (".tbx", ".xml", ".csv", ".tsv", ".xlsx")
_TRAILING_NUMBER = re.compile(r"^(.*?)(\d+)$")


class GlossaryConflict(ReviewAppError):
    """The glossary file changed between loading it and saving an edit (optimistic locking)."""


def bump_version(version: str) -> str:
    """Next version: the trailing number incremented (``1.0`` → ``1.1``, ``v9`` → ``v10``), else ``.1`` added."""
    v = version.strip()
    m = _TRAILING_NUMBER.match(v)
    if m:
        return f"{m.group(1)}{int(m.group(2)) + 1}"
    return f"{v}.1" if v else "1"


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` (released when the block ends or the process dies)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield  # cannot open the folder for locking (permissions, exotic file system): save unlocked
        return
    try:
        with contextlib.suppress(OSError):  # e.g. NFS without flock support: save unlocked
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def save_new_version(glossary: Glossary, path: str | Path, *, base_hash: str | None = None) -> Glossary:
    """Bump the version and write ``glossary`` to ``path`` in the format of its suffix; returns what was saved.

    No permission check: callers acting for a user go through
    :meth:`review_app.review.ReviewService.save_glossary`.
    """
    p = Path(path)
    if p.suffix.lower() not in SAVE_SUFFIXES:
        raise InputError(f"{p}: cannot save a glossary as {p.suffix!r}; use .tbx, .csv or .xlsx")
    folder = p.parent if str(p.parent) else Path()
    if not folder.is_dir():
        raise InputError(f"{p}: the folder {folder} does not exist")
    with _folder_lock(folder):
        if base_hash is not None and p.exists():
            current = load_glossary(p, source_lang=glossary.source_lang, target_lang=glossary.target_lang)
            if current.content_hash != base_hash:
                raise GlossaryConflict(
                    f"{p.name} was changed by someone else (now version {current.version or '?'}) since you "
                    "opened it; nothing was saved — reload the page to see their changes, then edit again"
                )
        new = replace(glossary, version=bump_version(glossary.version))
        save_glossary(new, p)
    return new
