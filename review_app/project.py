"""Projects: a folder holding ``review-app.toml`` and, in local mode, the SQLite database.

``review-app init myproj --source article.ja.txt`` creates ``myproj/review-app.toml`` and
``myproj/review.db``; with ``REVIEW_APP_DATABASE_URL`` set (team mode, PostgreSQL) the rows go to that
database instead, keyed by the project name, and the folder only holds the configuration. The database URL
is never written to the folder (it may hold a password).

Importing a source is one transaction: the document, its blocks, segments and empty targets are all written
or none is, so a bad file never leaves a half-imported project behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from review_app.errors import InputError, NotFoundError, ReviewAppError
from review_app.formats.base import staging_dir
from review_app.models import Document, Status
from review_app.review import Actor, ReviewService
from review_app.sources import ImportCandidate, SourceImport, read_source
from review_app.store.db import ENV_URL, Database, open_database, sqlite_url
from review_app.store.schema import BlockRow, CandidateRow, DocumentRow, ProjectRow, SegmentRow, TargetRow, utcnow

CONFIG_NAME = "review-app.toml"
DB_NAME = "review.db"
LANG_RE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(slots=True)
class ProjectConfig:
    name: str
    source_lang: str
    target_lang: str
    path: Path
    user: str = "local"
    glossary: str | None = None
    """The project's termbase (TBX/CSV/XLSX), relative to the project folder or absolute."""
    segmentation: str = "sentence"
    """How the source was segmented: ``sentence``, ``line`` (one segment a line) or ``wmt`` (a WMT test set)."""
    import_summary: str = ""
    """What came with the source at ``init`` (WMT: documents, references, systems); not saved."""

    def database_url(self) -> str:
        return os.environ.get(ENV_URL) or sqlite_url(self.path / DB_NAME)

    def glossary_file(self) -> Path | None:
        """The glossary used by QA, metrics and the app: ``$REVIEW_APP_GLOSSARY``, the config, or None."""
        value = os.environ.get("REVIEW_APP_GLOSSARY") or self.glossary
        if not value:
            return None
        p = Path(value)
        return p if p.is_absolute() else self.path / p

    @staticmethod
    def quote(value: str) -> str:
        """``value`` as a TOML basic string."""
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def to_toml(self) -> str:
        q = self.quote

        return (
            "# review_app project. The database is review.db beside this file, or $REVIEW_APP_DATABASE_URL.\n"
            f"name = {q(self.name)}\nsource_lang = {q(self.source_lang)}\ntarget_lang = {q(self.target_lang)}\n"
            f"user = {q(self.user)}\n"
            + (f"glossary = {q(self.glossary)}\n" if self.glossary else "")
            + (f"segmentation = {q(self.segmentation)}\n" if self.segmentation != "sentence" else "")
        )


# A project name is stored in the database and shown in the app: printable text, no control characters.
_NAME_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
CONFIG_KEYS = ("name", "source_lang", "target_lang", "user", "glossary", "segmentation")


def check_project_name(name: object, where: str) -> str:
    """``name`` if it can name a project (1–200 printable characters), else :class:`InputError` naming ``where``."""
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}: the project name must be a non-empty string (found {name!r})")
    if len(name) > 200 or _NAME_BAD.search(name):
        raise InputError(f"{where}: the project name {name[:60]!r} is longer than 200 characters or has control "
                         "characters; choose another with --name")
    return name


def parse_config(text: str, folder: Path, label: str) -> ProjectConfig:
    """Parse and validate ``review-app.toml`` text (TOML, the required keys, their types and values)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{label}: not valid TOML: {exc}") from exc
    missing = [k for k in ("name", "source_lang", "target_lang") if k not in data]
    if missing:
        raise InputError(f"{label}: missing key(s) {', '.join(missing)}")
    for key in CONFIG_KEYS:
        if key in data and not isinstance(data[key], str):
            raise InputError(f"{label}: {key} must be a string (found {type(data[key]).__name__})")
    name = check_project_name(data["name"], label)
    for key in ("source_lang", "target_lang"):
        if not LANG_RE.match(data[key]):
            raise InputError(f"{label}: {key} {data[key]!r} is not a language code such as ja, en or en-US")
    glossary = data.get("glossary") or None
    if glossary is not None and ("\x00" in glossary or len(glossary) > 4096):
        raise InputError(f"{label}: glossary is not a usable path")
    return ProjectConfig(
        name=name,
        source_lang=data["source_lang"],
        target_lang=data["target_lang"],
        path=folder,
        user=str(data.get("user", "local")),
        glossary=glossary,
        segmentation=str(data.get("segmentation") or "sentence"),
    )


GLOSSARY_SUFFIXES = (".tbx", ".xml", ".csv", ".tsv", ".xlsx")


def glossary_in_project(project_dir: str | Path, chosen: str) -> Path:
    """The glossary file a user of the app may choose by name: inside the project folder (symbolic links
    resolved), an existing TBX/CSV/TSV/XLSX file. Anything else (``/etc/passwd``, ``../../other/secret.csv``) is
    an :class:`InputError`: the server never opens a path a translator typed outside the project."""
    folder = Path(project_dir).resolve()
    raw = Path(chosen.strip())
    path = (raw if raw.is_absolute() else folder / raw).resolve()
    if not path.is_relative_to(folder):
        raise InputError(f"{chosen}: only a glossary file inside the project folder ({folder}) can be chosen here; "
                         "upload another one on the Glossary page")
    if path.suffix.lower() not in GLOSSARY_SUFFIXES or not path.is_file():
        raise InputError(f"{chosen}: no TBX, CSV, TSV or XLSX glossary file of that name in the project folder")
    return path


def load_config(path: str | Path) -> ProjectConfig:
    folder = Path(path)
    cfg_file = folder / CONFIG_NAME
    if not cfg_file.exists():
        raise NotFoundError(
            f"{folder}: not a review_app project (no {CONFIG_NAME}); create one with "
            f"'review-app init {folder} --source FILE'"
        )
    try:
        text = cfg_file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{cfg_file}: not UTF-8 text: {exc}") from exc
    return parse_config(text, folder, str(cfg_file))


def import_document(
    db: Database,
    project_id: int,
    doc: Document,
    *,
    name: str,
    source_path: str | None,
    meta: Sequence[dict[str, Any] | None] | None = None,
    candidates: Sequence[ImportCandidate] = (),
) -> int:
    """Insert a parsed document with its blocks, segments and empty targets in one transaction.

    ``meta`` (one per segment) is stored with the segments; ``candidates`` (a WMT test set's references and
    systems, see :mod:`review_app.sources`) in the same transaction."""
    digest = hashlib.sha256(doc.rebuild().encode("utf-8")).hexdigest()
    with db.session() as s:
        if s.scalar(select(DocumentRow.id).where(DocumentRow.project_id == project_id, DocumentRow.name == name)):
            raise InputError(f"the project already has a document named {name!r}")
        drow = DocumentRow(
            project_id=project_id,
            name=name,
            source_path=source_path,
            sha256=digest,
            bom=doc.bom,
            trailer=doc.trailer,
            created_at=utcnow(),
        )
        s.add(drow)
        s.flush()
        s.add_all(
            BlockRow(document_id=drow.id, idx=b.index, kind=b.kind.value, sep_before=b.sep_before, prefix=b.prefix)
            for b in doc.blocks
        )
        seg_rows = [
            SegmentRow(
                document_id=drow.id,
                key=seg.key,
                idx=seg.index,
                block_idx=seg.block_index,
                block_kind=seg.block_kind.value,
                paragraph=seg.paragraph,
                source=seg.text,
                gap_after=seg.gap_after,
                corrected_source=None,
                source_version=1,
                meta=meta[n] if meta else None,
            )
            for n, seg in enumerate(doc.segments)
        ]
        s.add_all(seg_rows)
        s.flush()
        s.add_all(TargetRow(segment_id=r.id, text=None, status=Status.NEW.value, version=1) for r in seg_rows)
        if candidates:
            now = utcnow()
            s.execute(
                insert(CandidateRow),
                [{"segment_id": seg_rows[c.segment].id, "engine": c.engine, "text": c.text,
                  "provenance": c.provenance, "created_at": now} for c in candidates],
            )
        return drow.id


def init_project(
    path: str | Path,
    *,
    source: str | Path,
    source_lang: str | None = None,
    target_lang: str | None = None,
    name: str | None = None,
    encoding: str | None = None,
    database_url: str | None = None,
    glossary: str | Path | None = None,
    segmentation: str | None = None,
) -> ProjectConfig:
    """Create a project folder and import ``source`` into it. Nothing is left behind on failure.

    ``segmentation``: ``sentence`` or ``line`` (:mod:`review_app.sources`); a WMT test-set XML brings its own
    segments, languages, references and systems. The languages default to the file's (WMT), else ja → en."""
    folder = Path(path)
    for lang, what in ((source_lang, "--source-lang"), (target_lang, "--target-lang")):
        if lang is not None and not LANG_RE.match(lang):
            raise InputError(f"{what} {lang!r} is not a language code such as ja, en or en-US")
    if (folder / CONFIG_NAME).exists():
        raise InputError(f"{folder}: already a project ({CONFIG_NAME} exists); choose another folder")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: is a file; choose a folder for the project")
    glossary_setting: str | None = None
    if glossary is not None:
        gpath = Path(glossary)
        if not gpath.is_file():
            raise InputError(f"--glossary {gpath}: no such file")
        try:  # keep the setting relative when the glossary lives near the project (the repo's glossary/)
            glossary_setting = os.path.relpath(gpath.resolve(), folder.resolve())
        except ValueError:  # another drive (Windows)
            glossary_setting = str(gpath.resolve())
    _refuse_bilingual_source(Path(source))
    src = read_source(source, segmentation=segmentation, lang=source_lang or "ja", encoding=encoding)
    doc = src.document
    source_lang, target_lang = _languages(source, src, source_lang, target_lang)
    cfg = ProjectConfig(
        name=check_project_name(name or folder.resolve().name, "--name"),
        source_lang=source_lang,
        target_lang=target_lang,
        path=folder,
        glossary=glossary_setting,
        segmentation=src.segmentation,
        import_summary=src.summary,
    )
    url = database_url or os.environ.get(ENV_URL)
    db_file = folder / DB_NAME
    if not url and db_file.exists():
        raise InputError(
            f"{db_file} exists but {CONFIG_NAME} does not; move that database away (or restore the project from "
            "a backup) before running init here"
        )
    # Everything is built in a hidden staging folder (.NAME.PID.RANDOM.part) and moved into place at the end:
    # a killed init leaves only that folder, which the next init removes. A new (or empty) project folder is
    # the staging folder renamed; into an existing folder the database and then the configuration are moved.
    fresh = not folder.exists() or (folder.is_dir() and not any(folder.iterdir()))
    with project_stage(folder) as stage:
        stage_url = url or sqlite_url(stage / DB_NAME)
        db = open_database(stage_url)
        project_id: int | None = None
        try:
            with db.session() as s:
                if s.scalar(select(ProjectRow.id).where(ProjectRow.name == cfg.name)):
                    raise InputError(
                        f"the database already has a project named {cfg.name!r}; pass --name to choose another"
                    )
                prow = ProjectRow(
                    name=cfg.name,
                    source_lang=source_lang,
                    target_lang=target_lang,
                    settings={},
                    created_at=utcnow(),
                )
                s.add(prow)
                s.flush()
                project_id = prow.id
            try:
                import_document(db, project_id, doc, name=doc.name, source_path=str(source), meta=src.meta,
                                candidates=src.candidates)
                (stage / CONFIG_NAME).write_text(cfg.to_toml(), encoding="utf-8")
                if fresh:
                    stage.replace(folder)
                else:
                    if not url:
                        db.dispose()
                        (stage / DB_NAME).replace(db_file)
                    (stage / CONFIG_NAME).replace(folder / CONFIG_NAME)
            except BaseException:
                if url:  # team mode: the rows are in the shared database; take them out again
                    delete_project(db, project_id)
                raise
        finally:
            db.dispose()
    return cfg


def _languages(source: str | Path, src: SourceImport, source_lang: str | None, target_lang: str | None
               ) -> tuple[str, str]:
    """The project's pair: as given, else as the file declares (WMT), else ja → en; a given language that
    contradicts the file is refused."""
    out = []
    for given, declared, default, what in ((source_lang, src.source_lang, "ja", "--source-lang"),
                                           (target_lang, src.target_lang, "en", "--target-lang")):
        if given and declared and given.split("-")[0].lower() != declared.split("-")[0].lower():
            raise InputError(f"{what} {given}: {source} declares {declared}; leave {what} out or pass {declared}")
        lang = given or declared or default
        if not LANG_RE.match(lang):
            raise InputError(f"{source}: language {lang!r} is not a language code; pass {what}")
        out.append(lang)
    return out[0], out[1]


def delete_project(db: Database, project_id: int | None) -> None:
    """Remove a project and (through ``ON DELETE CASCADE``) all its rows: the undo of an ``init`` or ``restore``
    whose folder could not be put in place after its rows were committed to a shared database."""
    if project_id is None:
        return
    with db.session() as s:
        row = s.get(ProjectRow, project_id)
        if row is not None:
            s.delete(row)


@contextlib.contextmanager
def project_stage(folder: Path) -> Iterator[Path]:
    """The hidden staging folder (:func:`review_app.formats.base.staging_dir`) a new project is built in before it
    is moved to ``folder``, with ``folder``'s missing parents made first; when building fails, the stage and the
    parents made for it are removed (``init`` and ``restore`` leave nothing behind)."""
    made = make_parents(folder)
    try:
        with staging_dir(folder) as stage:
            yield stage
    except BaseException:
        remove_made(made)
        raise


def make_parents(folder: Path) -> list[Path]:
    """Create the missing parents of ``folder`` (not ``folder`` itself); returns those created, deepest last."""
    made: list[Path] = []
    for parent in reversed(folder.absolute().parents):
        if not parent.exists():
            parent.mkdir()
            made.append(parent)
    return made


def remove_made(made: list[Path]) -> None:
    for p in reversed(made):
        try:
            p.rmdir()
        except OSError:
            break


def _refuse_bilingual_source(source: Path) -> None:
    """``init`` imports an article (plain text); a bilingual file gets a one-line pointer to the right command."""
    from review_app.formats import EXTENSIONS, is_xml_format, sniff_xml
    from review_app.formats.wmt import is_wmt

    if not source.is_file() or is_wmt(source):
        return  # read_source names a missing file; a WMT test set is a source init reads
    ext = source.suffix.lower()
    by_ext = EXTENSIONS.get(ext)
    tabular = by_ext is not None and not is_xml_format(by_ext)
    sniffed = sniff_xml(source) if not tabular else None
    root = sniffed[0] if sniffed else None
    if by_ext in ("xliff12", "xliff2") or root == "xliff":
        kind = "an XLIFF file"
    elif by_ext == "tmx" or root == "tmx":
        kind = "a TMX file"
    elif root in ("martif", "tbx") or ext == ".tbx":
        raise InputError(f"{source}: is a TBX termbase, not an article; pass it to init as --glossary {source}")
    elif tabular or ext == ".docx":
        kind = f"a {ext[1:].upper()} file"
    else:
        return
    raise InputError(
        f"{source}: is {kind}, not an article in plain text; run init with the article itself (UTF-8 text), then "
        f"import this file's translations with 'review-app candidates import PROJECT {source} --engine NAME' "
        f"(or check the file alone with 'review-app qa {source}')"
    )


@dataclass(slots=True)
class OpenProject:
    config: ProjectConfig
    db: Database

    def service(self, actor: Actor | None = None) -> ReviewService:
        return ReviewService(self.db, self.config.name, actor if actor is not None else Actor.local(self.config.user))

    def document(self, name: str | None = None) -> Document:
        return load_document(self.db, self.config.name, name)

    def close(self) -> None:
        self.db.dispose()


def open_project(path: str | Path) -> OpenProject:
    """Open the project in ``path``. A local project's ``review.db`` must exist: opening never creates one (a team
    project opened without ``$REVIEW_APP_DATABASE_URL`` would otherwise get an empty local database)."""
    cfg = load_config(path)
    url = cfg.database_url()
    if not os.environ.get(ENV_URL) and not (cfg.path / DB_NAME).exists():
        raise NotFoundError(
            f"{cfg.path}: the project has no {DB_NAME}; if it is a team project, set {ENV_URL} to its database "
            f"(postgresql+psycopg://user@host/db), otherwise restore it from a backup with 'review-app restore'"
        )
    db = open_database(url)
    return OpenProject(cfg, db)


def load_document(
    db: Database, project: str, name: str | None = None, *, corrected: bool = False, targets: bool = False
) -> Document:
    """Rebuild a :class:`Document` from the store (source, corrected source or targets as segment text)."""
    from review_app.models import Block, BlockKind, Segment

    with db.session() as s:
        q = (
            select(DocumentRow)
            .join(ProjectRow, DocumentRow.project_id == ProjectRow.id)
            .where(ProjectRow.name == project)
            .order_by(DocumentRow.id)
        )
        if name:
            q = q.where(DocumentRow.name == name)
        drow = s.scalars(q).first()
        if drow is None:
            raise NotFoundError(f"project {project!r} has no document" + (f" named {name!r}" if name else ""))
        blocks = {
            b.idx: Block(kind=BlockKind(b.kind), segments=[], sep_before=b.sep_before, prefix=b.prefix, index=b.idx)
            for b in s.scalars(select(BlockRow).where(BlockRow.document_id == drow.id).order_by(BlockRow.idx))
        }
        rows = s.execute(
            select(SegmentRow, TargetRow)
            .join(TargetRow, TargetRow.segment_id == SegmentRow.id)
            .where(SegmentRow.document_id == drow.id)
            .order_by(SegmentRow.idx)
        ).all()
        for seg, tgt in rows:
            if targets:
                text = tgt.text or ""
            elif corrected and seg.corrected_source is not None:
                text = seg.corrected_source
            else:
                text = seg.source
            blocks[seg.block_idx].segments.append(
                Segment(
                    key=seg.key,
                    text=text,
                    gap_after=seg.gap_after,
                    index=seg.idx,
                    block_index=seg.block_idx,
                    block_kind=BlockKind(seg.block_kind),
                    paragraph=seg.paragraph,
                )
            )
        return Document(blocks=[blocks[i] for i in sorted(blocks)], bom=drow.bom, trailer=drow.trailer, name=drow.name)


__all__ = [
    "OpenProject",
    "ProjectConfig",
    "ReviewAppError",
    "import_document",
    "init_project",
    "load_config",
    "load_document",
    "open_project",
]
