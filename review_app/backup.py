"""Backup and restore of one project (issue 9, "Backup and restore"; hardened in issue 19).

A backup is a zip archive written atomically (:func:`review_app.formats.base.atomic_output`):

``manifest.json``
    ``{"format": "review_app-backup", "version": 1, "kind": "sqlite" | "rows", "project": …, "created_at": …,
    "counts": {table: rows}, "glossary": FILE-NAME-or-null}``.
``review-app.toml``
    The project configuration (never a database URL or a key: the project folder holds neither).
``review.db`` (kind ``sqlite``)
    A consistent copy of the local SQLite database made with SQLite's online backup API
    (https://www.sqlite.org/backup.html, :meth:`sqlite3.Connection.backup`) into a temporary folder, so a backup
    taken while reviewers are saving is a snapshot of one committed state.
``rows.jsonl`` (kind ``rows``, the PostgreSQL team database)
    A logical dump of the rows that belong to the project, one ``{"table": …, "row": {…}}`` object per line,
    tables in foreign-key dependency order (``MetaData.sorted_tables``) and rows in primary-key order.
``glossary/NAME`` (optional)
    The project's glossary file, so a restored project keeps its termbase wherever it is restored.

Which tables a backup carries (:func:`backed_up_tables`): every table whose rows reach ``projects`` through their
foreign keys, derived from the schema metadata, so a table another feature adds is carried automatically. The
others must be listed in :data:`NOT_BACKED_UP` with the reason (team accounts are database-wide: a project backup
never carries ``users``); ``tests/test_restore_tampered.py`` fails when a table is in neither.

Restore (:func:`restore_project`) distrusts the archive. Before anything is written it checks the member names
(fixed: no "zip slip", no extra members), the sizes the zip directory declares against caps and the free disk
space, the manifest's schema, and the configuration (TOML, keys, language codes, the same project name as the
manifest). The rows are then validated one by one against the schema metadata — known table of the allow-list,
known columns, Python type per column type, length, NOT NULL, dates, UTF-8 without NUL or lone surrogates,
workflow values, foreign keys that point to rows of the same backup — and inserted with fresh primary keys in
**one transaction**, whose row counts must equal the manifest's before it commits. A ``sqlite`` archive is never
used as the project's database: it is opened read-only (``immutable``, ``trusted_schema=OFF``) and its rows are
copied table by table into a freshly migrated database, so triggers, views and other schema objects it carries
are never executed or kept. The folder is built in a hidden staging folder beside the destination and renamed
into place at the end; a killed restore leaves only that staging folder, which the next restore removes.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from review_app.errors import InputError, NotFoundError, ReviewAppError, StoreError
from review_app.formats.base import atomic_output, staging_dir
from review_app.project import (
    CONFIG_NAME,
    DB_NAME,
    LANG_RE,
    ProjectConfig,
    check_project_name,
    delete_project,
    load_config,
    parse_config,
    project_stage,
)
from review_app.store.db import ENV_URL, Database, open_database, parse_database_url, sqlite_url

FORMAT = "review_app-backup"
VERSION = 1
CHUNK = 2000
#: Tables that are deliberately not part of a project backup, with the reason. Every other table of the schema
#: must reach ``projects`` through its foreign keys (then it is backed up).
NOT_BACKED_UP: dict[str, str] = {
    "users": "team accounts are shared by every project of the database; a backup never carries them",
}
MAX_MANIFEST = 1024 * 1024
MAX_CONFIG = 64 * 1024
MAX_GLOSSARY = 64 * 1024 * 1024
MAX_LINE = 64 * 1024 * 1024
GLOSSARY_DIR = "glossary/"
GLOSSARY_EXTENSIONS = (".tbx", ".xml", ".csv", ".tsv", ".xlsx")
_GLOSSARY_NAME = re.compile(r"[^/\\\x00-\x1f]{1,200}")
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: What a damaged zip archive raises while a member is read, beyond :class:`zipfile.BadZipFile`.
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError,
)


def max_data_bytes() -> int:
    """The largest data member (``review.db`` / ``rows.jsonl``) restore inflates: ``$REVIEW_APP_RESTORE_MAX_BYTES``
    or 8 GiB."""
    raw = os.environ.get("REVIEW_APP_RESTORE_MAX_BYTES", "")
    try:
        return int(raw) if raw else 8 * 1024**3
    except ValueError:
        raise InputError(f"REVIEW_APP_RESTORE_MAX_BYTES={raw!r} is not a number of bytes") from None


@dataclass(slots=True)
class BackupInfo:
    path: Path
    kind: str
    project: str
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)


def _metadata() -> sa.MetaData:
    from review_app.store.tables import Base

    return Base.metadata


def _project_tables(md: sa.MetaData) -> list[tuple[sa.Table, sa.Column[Any] | None, str | None]]:
    """Tables owned by a project, in dependency order, each with the FK column that ties it to its owner."""
    owned: list[tuple[sa.Table, sa.Column[Any] | None, str | None]] = []
    names: set[str] = set()
    for table in md.sorted_tables:
        if table.name == "projects":
            owned.append((table, None, None))
            names.add(table.name)
            continue
        if table.name in NOT_BACKED_UP:
            continue
        link: tuple[sa.Column[Any], str] | None = None
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            # Prefer the direct project link, else the first owned parent.
            if parent in names and parent != table.name and (link is None or parent == "projects"):
                link = (fk.parent, parent)
        if link is not None:
            owned.append((table, link[0], link[1]))
            names.add(table.name)
    return owned


def backed_up_tables() -> list[str]:
    """The allow-list: names of the tables a backup carries and a restore accepts, in dependency order."""
    return [t.name for t, _link, _parent in _project_tables(_metadata())]


def unclassified_tables() -> list[str]:
    """Tables of the schema that are neither backed up nor in :data:`NOT_BACKED_UP` (must be empty)."""
    allowed = set(backed_up_tables())
    return sorted(t.name for t in _metadata().sorted_tables if t.name not in allowed and t.name not in NOT_BACKED_UP)


def _pk(table: sa.Table) -> sa.Column[Any]:
    cols = list(table.primary_key.columns)
    if len(cols) != 1:
        raise StoreError(f"table {table.name} has a composite primary key; backup does not support it")
    return cols[0]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    return value


def _project_id(db: Database, name: str) -> int:
    from review_app.store.schema import ProjectRow

    with db.session() as s:
        pid = s.scalar(sa.select(ProjectRow.id).where(ProjectRow.name == name))
    if pid is None:
        raise NotFoundError(f"no project named {name!r} in the database")
    return int(pid)


def write_rows(db: Database, project: str, out: IO[str]) -> dict[str, int]:
    """Write :func:`dump_rows` as the ``rows.jsonl`` member (one ``{"table", "row"}`` object a line, dates as
    ``{"$dt": ISO 8601}``) and return the number of rows per table (the manifest's ``counts``)."""
    counts: dict[str, int] = {}
    for table, row in dump_rows(db, project):
        counts[table] = counts.get(table, 0) + 1
        record = {"table": table, "row": {k: _jsonable(v) for k, v in row.items()}}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return counts


def dump_rows(db: Database, project: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(table, row)`` for every row of ``project`` in dependency order (see the module docstring)."""
    md = _metadata()
    pid = _project_id(db, project)
    ids: dict[str, list[Any]] = {"projects": [pid]}
    # One REPEATABLE READ (PostgreSQL) / SQLite transaction: a consistent snapshot even while others write.
    options = {"isolation_level": "REPEATABLE READ"} if db.backend == "postgresql" else {}
    with db.engine.connect().execution_options(**options) as conn, conn.begin():
        for table, link, parent in _project_tables(md):
            pk = _pk(table)
            if link is None:
                chunks: list[list[Any]] = [[pid]]
                col = pk
            else:
                assert parent is not None
                parents = ids.get(parent, [])
                chunks = [parents[i : i + CHUNK] for i in range(0, len(parents), CHUNK)]
                col = link
            found: list[Any] = []
            rows: list[dict[str, Any]] = []
            for chunk in chunks:
                q = sa.select(table).where(col.in_(chunk))
                rows += [dict(r._mapping) for r in conn.execute(q)]
            rows.sort(key=lambda r: r[pk.name])
            for row in rows:
                found.append(row[pk.name])
                yield table.name, row
            ids[table.name] = found


def _counts_by_table(db: Database, project: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, _row in dump_rows(db, project):
        counts[table] = counts.get(table, 0) + 1
    return counts


# ------------------------------------------------------------------------------------------------ backup


def _own_glossary(cfg: ProjectConfig) -> Path | None:
    """The glossary file the configuration names (not ``$REVIEW_APP_GLOSSARY``), if it exists."""
    if not cfg.glossary:
        return None
    p = Path(cfg.glossary)
    p = p if p.is_absolute() else cfg.path / p
    return p if p.is_file() and p.suffix.lower() in GLOSSARY_EXTENSIONS else None


def _write_archive(dest: Path, manifest: dict[str, Any], config: Path, members: list[tuple[str, Path]]) -> None:
    with atomic_output(dest) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        z.write(config, CONFIG_NAME)
        for name, path in members:
            z.write(path, name)


def backup_project(project_dir: str | Path, output: str | Path, *, force: bool = False) -> BackupInfo:
    """Write a backup of the project in ``project_dir`` to ``output`` (see the module docstring).

    The SQLite snapshot is made in a hidden temporary folder (``.review-app-backup.PID.RANDOM.part`` in the
    system's temporary folder), deleted afterwards; one left by a killed backup is removed by the next backup.
    """
    cfg = load_config(project_dir)
    dest = Path(output)
    if dest.exists() and not force:
        raise InputError(f"{dest}: already exists; choose another name or pass --force")
    url = cfg.database_url()
    backend = parse_database_url(url).get_backend_name()
    config_file = Path(project_dir) / CONFIG_NAME
    created = datetime.now(UTC).isoformat()
    glossary = _own_glossary(cfg)
    with staging_dir(Path(tempfile.gettempdir()) / "review-app-backup") as tmp:
        if backend == "sqlite":
            db_path = make_url(url).database
            if not db_path or not Path(db_path).exists():
                raise NotFoundError(f"{db_path}: the project database does not exist")
            copy = tmp / DB_NAME
            src = sqlite3.connect(db_path, timeout=30)
            dst = sqlite3.connect(copy)
            try:
                with dst:
                    src.backup(dst)
                ok = dst.execute("PRAGMA integrity_check").fetchone()[0]
                if ok != "ok":
                    raise StoreError(f"{db_path}: integrity check failed ({ok}); not backing up a damaged database")
                dst.execute("PRAGMA journal_mode=DELETE")  # a self-contained file, no -wal beside it
            finally:
                src.close()
                dst.close()
            snap = open_database(sqlite_url(copy), create=False)
            try:
                counts = _counts_by_table(snap, cfg.name)
            finally:
                snap.dispose()
            kind, member = "sqlite", (DB_NAME, copy)
        else:
            db = open_database(url, create=False)
            rows_file = tmp / "rows.jsonl"
            try:
                with rows_file.open("w", encoding="utf-8") as out:
                    counts = write_rows(db, cfg.name, out)
            finally:
                db.dispose()
            kind, member = "rows", ("rows.jsonl", rows_file)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "kind": kind,
            "project": cfg.name,
            "source_lang": cfg.source_lang,
            "target_lang": cfg.target_lang,
            "created_at": created,
            "counts": counts,
            "glossary": glossary.name if glossary else None,
        }
        members = [member] + ([(GLOSSARY_DIR + glossary.name, glossary)] if glossary else [])
        _write_archive(dest, manifest, config_file, members)
    return BackupInfo(dest, kind, cfg.name, counts)


# ------------------------------------------------------------------------------------- archive inspection


@dataclass(slots=True)
class _Plan:
    """What an archive holds, validated before anything is written."""

    manifest: dict[str, Any]
    config: ProjectConfig
    config_text: str
    data_member: str
    glossary_member: str | None


def _read_member(z: zipfile.ZipFile, name: str, label: str) -> bytes:
    try:
        return z.read(name)
    except _ZIP_ERRORS as exc:
        raise InputError(f"{label}: damaged archive: member {name} cannot be read ({exc})") from None


def _check_manifest(raw: bytes, label: str) -> dict[str, Any]:
    where = f"{label}: manifest.json"
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{where} is not UTF-8 ({exc})") from None
    except ValueError as exc:
        raise InputError(f"{where} is not valid JSON: {exc}") from None
    if not isinstance(manifest, dict):
        raise InputError(f"{where} must be a JSON object, found {type(manifest).__name__}; not a review_app backup")
    if manifest.get("format") != FORMAT:
        raise InputError(f"{label}: not a review_app backup (manifest format {manifest.get('format')!r})")
    if manifest.get("version") != VERSION or isinstance(manifest.get("version"), bool):
        raise InputError(f"{label}: backup version {manifest.get('version')!r} is not supported (expected {VERSION})")
    if manifest.get("kind") not in ("sqlite", "rows"):
        raise InputError(f"{where}: kind {manifest.get('kind')!r} is not sqlite or rows")
    check_project_name(manifest.get("project"), f"{where}: project")
    for key in ("source_lang", "target_lang"):
        value = manifest.get(key)
        if value is not None and not (isinstance(value, str) and LANG_RE.match(value)):
            raise InputError(f"{where}: {key} {value!r} is not a language code")
    created = manifest.get("created_at")
    if created is not None:
        try:
            datetime.fromisoformat(created if isinstance(created, str) else "?")
        except ValueError:
            raise InputError(f"{where}: created_at {created!r:.60} is not an ISO 8601 date") from None
    counts = manifest.get("counts")
    if not isinstance(counts, dict):
        raise InputError(f"{where}: counts must be an object of table: rows, found {counts!r}")
    allowed = set(backed_up_tables())
    for table, n in counts.items():
        if table not in allowed:
            reason = NOT_BACKED_UP.get(table, "not a table of a project")
            raise InputError(f"{where}: counts names table {table!r} ({reason}); refusing the archive")
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise InputError(f"{where}: counts[{table!r}] = {n!r} is not a row count")
    if counts.get("projects") != 1:
        raise InputError(f"{where}: a project backup holds exactly one projects row (counts say "
                         f"{counts.get('projects')!r})")
    glossary = manifest.get("glossary")
    if glossary is not None and not (
        isinstance(glossary, str) and _GLOSSARY_NAME.fullmatch(glossary) and not glossary.startswith(".")
        and Path(glossary).suffix.lower() in GLOSSARY_EXTENSIONS
    ):
        raise InputError(f"{where}: glossary {glossary!r} is not a glossary file name (.tbx, .csv, .tsv, .xlsx)")
    return manifest


def _inspect(z: zipfile.ZipFile, label: str, folder: Path) -> _Plan:
    """Check member names and declared sizes, the manifest and the configuration; write nothing."""
    infos = z.infolist()
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise InputError(f"{label}: the archive holds {dup!r} twice; refusing an ambiguous backup")
    if "manifest.json" not in names or CONFIG_NAME not in names:
        raise InputError(f"{label}: not a review_app backup (no manifest.json / {CONFIG_NAME})")
    sizes = {i.filename: i.file_size for i in infos}
    for member, cap in (("manifest.json", MAX_MANIFEST), (CONFIG_NAME, MAX_CONFIG)):
        if sizes[member] > cap:
            raise InputError(f"{label}: {member} claims {sizes[member]:,} bytes (limit {cap:,}); refusing")
    manifest = _check_manifest(_read_member(z, "manifest.json", label), label)
    data_member = DB_NAME if manifest["kind"] == "sqlite" else "rows.jsonl"
    glossary_member = GLOSSARY_DIR + manifest["glossary"] if manifest.get("glossary") else None
    expected = {"manifest.json", CONFIG_NAME, data_member} | ({glossary_member} if glossary_member else set())
    unexpected = sorted(set(names) - expected)
    if unexpected:
        raise InputError(f"{label}: unexpected member(s) {', '.join(map(repr, unexpected))}; a backup holds only "
                         f"{', '.join(sorted(expected))}")
    missing = sorted(expected - set(names))
    if missing:
        raise InputError(f"{label}: backup of kind {manifest['kind']!r} lacks {', '.join(missing)}")
    cap = max_data_bytes()
    if sizes[data_member] > cap:
        raise InputError(f"{label}: {data_member} would inflate to {sizes[data_member]:,} bytes, over the restore "
                         f"limit of {cap:,} (raise REVIEW_APP_RESTORE_MAX_BYTES if the backup is genuine)")
    if glossary_member and sizes[glossary_member] > MAX_GLOSSARY:
        raise InputError(f"{label}: {glossary_member} claims {sizes[glossary_member]:,} bytes (limit "
                         f"{MAX_GLOSSARY:,}); refusing")
    need = sum(sizes.values()) * (2 if manifest["kind"] == "sqlite" else 1)
    with contextlib.suppress(OSError):
        free = shutil.disk_usage(next(p for p in [folder, *folder.absolute().parents] if p.exists())).free
        if need > free:
            raise InputError(f"{label}: restoring needs about {need:,} bytes of disk space; only {free:,} are free")
    raw_cfg = _read_member(z, CONFIG_NAME, label)
    try:
        text = raw_cfg.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: {CONFIG_NAME} is not UTF-8 ({exc})") from None
    config = parse_config(text, folder, f"{label}: {CONFIG_NAME}")
    if config.name != manifest["project"]:
        raise InputError(f"{label}: {CONFIG_NAME} names project {config.name!r} but the manifest "
                         f"{manifest['project']!r}; refusing an inconsistent backup")
    for key in ("source_lang", "target_lang"):
        if manifest.get(key) is not None and manifest[key] != getattr(config, key):
            raise InputError(f"{label}: {CONFIG_NAME} says {key} = {getattr(config, key)!r}, the manifest "
                             f"{manifest[key]!r}; refusing an inconsistent backup")
    return _Plan(manifest, config, text, data_member, glossary_member)


# ------------------------------------------------------------------------------------------ row checking


def _domains() -> dict[tuple[str, str], frozenset[str]]:
    from review_app.models import BlockKind, Status

    kinds = frozenset(k.value for k in BlockKind)
    return {
        ("targets", "status"): frozenset(s.value for s in Status),
        ("segments", "block_kind"): kinds,
        ("blocks", "kind"): kinds,
    }


def _bad_text(value: str) -> str | None:
    if "\x00" in value:
        return "contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains a lone surrogate (not UTF-8)"
    return None


def _check_json(value: Any, depth: int = 0) -> str | None:
    if depth > 50:
        return "is nested too deeply"
    if isinstance(value, str):
        return _bad_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "holds a non-finite number"
    if isinstance(value, list):
        return next((e for v in value if (e := _check_json(v, depth + 1))), None)
    if isinstance(value, dict):
        for k, v in value.items():
            if e := _bad_text(k) or _check_json(v, depth + 1):
                return e
    return None


_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)


def _coerce(col: sa.Column[Any], value: Any) -> Any:
    """The value to insert for ``col``, or :class:`ValueError` saying why ``value`` does not fit the column."""
    if value is None:
        if not col.nullable:
            raise ValueError("is null but the column is NOT NULL")
        return None
    kind = col.type
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, found {type(value).__name__}")
        return value
    if isinstance(kind, sa.Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"must be an integer, found {type(value).__name__} {value!r:.40}")
        lo, hi = _INT64 if isinstance(kind, sa.BigInteger) else _INT32
        if not lo <= value <= hi:
            raise ValueError(f"{value} is out of range")
        return value
    if isinstance(kind, sa.DateTime):
        raw = value.get("$dt") if isinstance(value, dict) and set(value) == {"$dt"} else value
        if not isinstance(raw, str):
            raise ValueError(f'must be a date {{"$dt": ISO 8601}}, found {value!r:.60}')
        try:
            parsed = datetime.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{raw!r:.60} is not an ISO 8601 date") from None
        return parsed
    if isinstance(kind, sa.JSON):
        expected: type | None = None
        default = getattr(col.default, "arg", None)
        default = getattr(default, "__wrapped__", default)  # SQLAlchemy wraps a callable default
        if default in (dict, list):
            expected = default
        if expected is not None and not isinstance(value, expected):
            raise ValueError(f"must be a JSON {'object' if expected is dict else 'array'}, found "
                             f"{type(value).__name__}")
        if problem := _check_json(value):
            raise ValueError(problem)
        return value
    if isinstance(kind, sa.String):  # Text is a String
        if not isinstance(value, str):
            raise ValueError(f"must be text, found {type(value).__name__} {value!r:.40}")
        if problem := _bad_text(value):
            raise ValueError(problem)
        if kind.length is not None and len(value) > kind.length:
            raise ValueError(f"has {len(value):,} characters; the column holds at most {kind.length}")
        return value
    raise StoreError(f"backup cannot check column type {kind!r} of {col.table.name}.{col.name}")


class _Inserter:
    """Validates rows and inserts them with fresh primary keys and remapped foreign keys (one transaction)."""

    def __init__(self, session: Any, plan: _Plan, label: str) -> None:
        md = _metadata()
        self.s = session
        self.label = label
        self.plan = plan
        self.allowed = {t.name: t for t, _l, _p in _project_tables(md)}
        self.mapping: dict[str, dict[Any, Any]] = {}
        self.counts: dict[str, int] = {}
        self.domains = _domains()

    def add(self, where: str, table_name: Any, raw: Any) -> None:
        at = f"{self.label}: {where}"
        if not isinstance(table_name, str) or table_name not in self.allowed:
            reason = NOT_BACKED_UP.get(table_name, "not a table a project backup holds") if isinstance(
                table_name, str) else "not a table name"
            raise InputError(f"{at}: table {table_name!r:.60} refused ({reason})")
        table = self.allowed[table_name]
        if not isinstance(raw, dict):
            raise InputError(f"{at}: the {table_name} row must be a JSON object")
        unknown = sorted(set(raw) - set(table.columns.keys()))
        if unknown:
            raise InputError(f"{at}: {table_name} has no column(s) {', '.join(map(repr, unknown))}")
        pk = _pk(table)
        if pk.name not in raw:
            raise InputError(f"{at}: the {table_name} row lacks its key {pk.name}")
        row: dict[str, Any] = {}
        for col in table.columns:
            if col.name not in raw:
                if not col.nullable and col.default is None and col.server_default is None and col is not pk:
                    raise InputError(f"{at}: {table_name}.{col.name} is missing (the column is NOT NULL)")
                continue
            try:
                value = _coerce(col, raw[col.name])
            except ValueError as exc:
                raise InputError(f"{at}: {table_name}.{col.name} {exc}") from None
            allowed = self.domains.get((table_name, col.name))
            if allowed is not None and value not in allowed:
                raise InputError(f"{at}: {table_name}.{col.name} = {value!r:.40} is not one of "
                                 f"{', '.join(sorted(allowed))}")
            fks = list(col.foreign_keys)
            if fks and value is not None:
                parent = fks[0].column.table.name
                try:
                    value = self.mapping[parent][value]
                except (KeyError, TypeError):
                    raise InputError(f"{at}: {table_name}.{col.name} = {value!r:.40} refers to a {parent} row that "
                                     "is not in the backup") from None
            row[col.name] = value
        if table_name == "projects":
            if self.counts.get("projects"):
                raise InputError(f"{at}: a second projects row; a backup holds one project")
            if row.get("name") != self.plan.manifest["project"]:
                raise InputError(f"{at}: the projects row names {row.get('name')!r:.60}, the manifest "
                                 f"{self.plan.manifest['project']!r}")
        old = raw[pk.name]
        try:
            if pk.foreign_keys:  # e.g. targets.segment_id: the key is the (remapped) parent key
                self.s.execute(sa.insert(table).values(**row))
                new = row[pk.name]
            else:
                row.pop(pk.name, None)
                new = self.s.execute(sa.insert(table).values(**row).returning(pk)).scalar_one()
        except sa.exc.StatementError as exc:  # IntegrityError, DataError…: the transaction is rolled back
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            if table_name == "projects" and isinstance(exc, sa.exc.IntegrityError):
                raise InputError(f"the database already has a project named {row.get('name')!r}; restore refuses "
                                 "to overwrite it") from None
            raise InputError(f"{at}: the {table_name} row cannot be stored ({reason})") from None
        table_map = self.mapping.setdefault(table_name, {})
        if old in table_map:
            raise InputError(f"{at}: {table_name} key {old!r:.40} appears twice")
        table_map[old] = new
        self.counts[table_name] = self.counts.get(table_name, 0) + 1


def _jsonl_records(z: zipfile.ZipFile, label: str) -> Iterator[tuple[str, Any, Any]]:
    try:
        fh = z.open("rows.jsonl")
    except _ZIP_ERRORS as exc:
        raise InputError(f"{label}: damaged archive: rows.jsonl cannot be read ({exc})") from None
    with fh:
        n = 0
        while True:
            try:
                line = fh.readline(MAX_LINE + 1)
            except _ZIP_ERRORS as exc:
                raise InputError(f"{label}: damaged archive: rows.jsonl line {n + 1} cannot be read ({exc})") from None
            if not line:
                return
            n += 1
            where = f"rows.jsonl line {n}"
            if len(line) > MAX_LINE:
                raise InputError(f"{label}: {where} is longer than {MAX_LINE:,} bytes; refusing")
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{label}: {where} is not UTF-8 ({exc})") from None
            if not text.strip():
                continue
            try:
                rec = json.loads(text)
            except ValueError as exc:
                raise InputError(f"{label}: {where} is not JSON ({exc})") from None
            if not isinstance(rec, dict) or set(rec) != {"table", "row"}:
                raise InputError(f'{label}: {where} must be {{"table": NAME, "row": {{…}}}}')
            yield where, rec["table"], rec["row"]


def _sqlite_value(col: sa.Column[Any], value: Any) -> Any:
    """A value read raw from an archived SQLite file, in the representation of ``rows.jsonl``."""
    if isinstance(value, bytes):
        raise ValueError("is a binary blob")
    if value is None:
        return None
    if isinstance(col.type, sa.JSON):
        if not isinstance(value, str):
            raise ValueError("is not JSON text")
        try:
            return json.loads(value)
        except ValueError:
            raise ValueError(f"{value!r:.40} is not JSON") from None
    if isinstance(col.type, sa.DateTime):
        return {"$dt": value} if isinstance(value, str) else value
    if isinstance(col.type, sa.Boolean) and value in (0, 1):
        return bool(value)
    return value


def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from review_app.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return {rev.revision for rev in ScriptDirectory.from_config(cfg).walk_revisions()}


def _sqlite_records(path: Path, project: str, label: str) -> Iterator[tuple[str, Any, Any]]:
    """The project's rows of an archived SQLite file, opened read-only and never trusted (see the docstring)."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise InputError(f"{label}: {DB_NAME} in the backup cannot be opened ({exc})") from None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")  # no SQL functions from the archive's schema
        conn.execute("PRAGMA cell_size_check=ON")
        conn.execute("PRAGMA mmap_size=0")
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise InputError(f"{label}: {DB_NAME} in the backup fails PRAGMA integrity_check ({ok})")
            objects = {name: kind for kind, name in conn.execute("SELECT type, name FROM sqlite_master")}
            if objects.get("alembic_version") != "table":
                raise InputError(f"{label}: {DB_NAME} in the backup is not a review_app database (no schema version)")
            revs = {str(r[0]) for r in conn.execute("SELECT version_num FROM alembic_version")}
            newer = revs - _known_revisions()
            if newer or not revs:
                raise InputError(f"{label}: {DB_NAME} in the backup has schema version(s) "
                                 f"{', '.join(sorted(newer)) or '(none)'} unknown to this review_app; upgrade "
                                 "review_app to restore it")
            md = _metadata()
            ids: dict[str, list[Any]] = {}
            for table, link, parent in _project_tables(md):
                if objects.get(table.name) != "table":
                    if table.name == "projects":
                        raise InputError(f"{label}: {DB_NAME} in the backup has no projects table")
                    ids[table.name] = []
                    continue  # an older schema without this feature's table: nothing to copy
                present = [r[1] for r in conn.execute(f'PRAGMA table_info("{table.name}")')]
                extra = sorted(set(present) - set(table.columns.keys()))
                if extra:
                    raise InputError(f"{label}: {DB_NAME} in the backup: {table.name} has unknown column(s) "
                                     f"{', '.join(extra)}")
                cols = [table.columns[c] for c in present]
                pk = _pk(table)
                select = f'SELECT {", ".join(f"{chr(34)}{c.name}{chr(34)}" for c in cols)} FROM "{table.name}"'
                if link is None:
                    chunks: list[tuple[str, list[Any]]] = [(" WHERE name = ?", [project])]
                else:
                    assert parent is not None
                    parents = ids.get(parent, [])
                    chunks = [
                        (f' WHERE "{link.name}" IN ({",".join("?" * len(part))})', part)
                        for part in (parents[i : i + CHUNK] for i in range(0, len(parents), CHUNK))
                    ]
                rows: list[dict[str, Any]] = []
                for where_sql, params in chunks:
                    for values in conn.execute(select + where_sql, params):
                        rows.append(dict(zip(present, values, strict=True)))
                if table.name == "projects" and len(rows) != 1:
                    raise InputError(f"{label}: {DB_NAME} in the backup has no project named {project!r}")
                rows.sort(key=lambda r: (str(type(r.get(pk.name))), r.get(pk.name)))
                ids[table.name] = [r[pk.name] for r in rows]
                for n, row in enumerate(rows, start=1):
                    converted: dict[str, Any] = {}
                    for col in cols:
                        try:
                            converted[col.name] = _sqlite_value(col, row[col.name])
                        except ValueError as exc:
                            raise InputError(f"{label}: {DB_NAME} table {table.name} row {n}: {col.name} "
                                             f"{exc}") from None
                    yield f"{DB_NAME} table {table.name} row {n}", table.name, converted
        except sqlite3.Error as exc:
            raise InputError(f"{label}: {DB_NAME} in the backup is not a readable SQLite database ({exc})") from None
    finally:
        conn.close()


def _extract_sqlite(z: zipfile.ZipFile, label: str, dest: Path) -> None:
    """Copy ``review.db`` out of the archive after checking its header, within the size cap."""
    cap = max_data_bytes()
    try:
        with z.open(DB_NAME) as fin:
            head = fin.read(100)
            if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
                raise InputError(f"{label}: {DB_NAME} in the backup is not an SQLite database (bad header); "
                                 "nothing was written")
            written = len(head)
            with dest.open("xb") as fout:
                fout.write(head)
                while chunk := fin.read(1024 * 1024):
                    written += len(chunk)
                    if written > cap:
                        raise InputError(f"{label}: {DB_NAME} inflates beyond the restore limit of {cap:,} bytes")
                    fout.write(chunk)
    except _ZIP_ERRORS as exc:
        if isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile) and exc.errno is not None:
            raise  # a local disk error, not the archive's
        raise InputError(f"{label}: damaged archive: {DB_NAME} cannot be read ({exc})") from None


def _restore_glossary(z: zipfile.ZipFile, plan: _Plan, stage: Path, label: str) -> str:
    assert plan.glossary_member is not None
    from review_app.glossary import load_glossary

    name = plan.glossary_member[len(GLOSSARY_DIR):]
    if name in (DB_NAME, CONFIG_NAME):
        raise InputError(f"{label}: the glossary may not be called {name}")
    data = _read_member(z, plan.glossary_member, label)
    target = stage / name
    target.write_bytes(data)
    try:
        load_glossary(target, source_lang=plan.config.source_lang, target_lang=plan.config.target_lang)
    except InputError as exc:
        raise InputError(f"{label}: the glossary in the backup is not usable: {exc}") from None
    return name


def _carried_glossary_setting(plan: _Plan, folder: Path, warnings: list[str]) -> str | None:
    """For an archive without its glossary: keep the setting if it still names a file from ``folder``."""
    setting = plan.config.glossary
    if not setting:
        return None
    p = Path(setting)
    resolved = p if p.is_absolute() else folder / p
    if resolved.is_file():
        return str(resolved.resolve())
    warnings.append(f"the backup does not carry the glossary {setting!r} and no such file is reachable from "
                    f"{folder}; set it again on the Settings page (or as glossary = … in {CONFIG_NAME})")
    return None


_GLOSSARY_LINE = re.compile(r"^\s*glossary\s*=")
_TABLE_LINE = re.compile(r"^\s*\[")


def _config_text(plan: _Plan, glossary: str | None, label: str) -> str:
    """The archive's configuration as written (other keys, such as ``team = true``, are kept), with its top-level
    ``glossary`` line replaced by ``glossary`` (or removed); checked to parse to the same settings."""
    import tomllib

    lines = plan.config_text.splitlines()
    first_table = next((i for i, line in enumerate(lines) if _TABLE_LINE.match(line)), len(lines))
    head = [line for line in lines[:first_table] if not _GLOSSARY_LINE.match(line)]
    if glossary:
        head.append("glossary = " + ProjectConfig.quote(glossary))
    text = "\n".join(head + lines[first_table:]) + "\n"
    before = tomllib.loads(plan.config_text)
    after = tomllib.loads(text)
    before.pop("glossary", None)
    if after.pop("glossary", None) != (glossary or None) or after != before:
        raise InputError(f"{label}: {CONFIG_NAME} cannot be carried over safely (a multi-line glossary setting?)")
    return text


def restore_project(archive: str | Path, project_dir: str | Path, *, database_url: str | None = None) -> BackupInfo:
    """Restore ``archive`` into the new or empty folder ``project_dir`` (see the module docstring).

    The rows go to ``database_url``, else ``$REVIEW_APP_DATABASE_URL``, else a new SQLite ``review.db`` in the
    folder. Every refusal is an :class:`InputError` naming the archive and the member/line, raised before the
    destination exists; a PostgreSQL restore is one transaction, rolled back on refusal.
    """
    src = Path(archive)
    folder = Path(project_dir)
    label = str(src)
    if not src.is_file():
        raise InputError(f"{src}: no such backup file")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder}: exists and is not empty; restore only into a new or empty folder")
    url = database_url or os.environ.get(ENV_URL)
    try:
        z = zipfile.ZipFile(src)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"{label}: not a review_app backup (not a zip archive: {exc})") from None
    warnings: list[str] = []
    with z:
        plan = _inspect(z, label, folder)
        name = plan.manifest["project"]
        expected = {t: n for t, n in plan.manifest["counts"].items() if n}
        with project_stage(folder) as stage, contextlib.ExitStack() as stack:
            glossary_setting = (
                _restore_glossary(z, plan, stage, label) if plan.glossary_member
                else _carried_glossary_setting(plan, folder, warnings)
            )
            if plan.data_member == DB_NAME:
                archived = stage / ".archive.db"
                _extract_sqlite(z, label, archived)
                records: Iterator[tuple[str, Any, Any]] = _sqlite_records(archived, name, label)
            else:
                archived = None
                records = _jsonl_records(z, label)
            db = open_database(url or sqlite_url(stage / DB_NAME))
            project_id: int | None = None
            try:
                stack.callback(getattr(records, "close", lambda: None))
                with db.session() as s:
                    ins = _Inserter(s, plan, label)
                    for where, table, raw in records:
                        ins.add(where, table, raw)
                    counts = ins.counts
                    if counts != expected:
                        raise InputError(f"{label}: restored row counts {counts} differ from the manifest's "
                                         f"{expected}; nothing was restored")
                    project_id = next(iter(ins.mapping["projects"].values()))
                if archived is not None:
                    archived.unlink()
                (stage / CONFIG_NAME).write_text(_config_text(plan, glossary_setting, label), encoding="utf-8")
                try:
                    if not url:
                        db.dispose()
                    stage.replace(folder)
                except BaseException:
                    if url:  # committed in the shared database: take it out again
                        delete_project(db, project_id)
                    raise
            finally:
                db.dispose()
    return BackupInfo(folder, str(plan.manifest["kind"]), name, counts, warnings)


__all__ = [
    "NOT_BACKED_UP",
    "BackupInfo",
    "ReviewAppError",
    "backed_up_tables",
    "backup_project",
    "dump_rows",
    "restore_project",
    "unclassified_tables",
]
