"""Backup and restore of one project (issue 9, "Backup and restore").

A backup is a zip archive with three members, written atomically
(:func:`review_app.formats.base.atomic_output`):

``manifest.json``
    ``{"format": "review_app-backup", "version": 1, "kind": "sqlite" | "rows", "project": …, "created_at": …,
    "counts": {table: rows}}``.
``review-app.toml``
    The project configuration (never a database URL or a key: the project folder holds neither).
``review.db`` (kind ``sqlite``)
    A consistent copy of the local SQLite database made with SQLite's online backup API
    (https://www.sqlite.org/backup.html, :meth:`sqlite3.Connection.backup`) into a temporary file, so a backup
    taken while reviewers are saving is a snapshot of one committed state.
``rows.jsonl`` (kind ``rows``, the PostgreSQL team database)
    A logical dump of the rows that belong to the project, one ``{"table": …, "row": {…}}`` object per line,
    tables in foreign-key dependency order (``MetaData.sorted_tables``) and rows in primary-key order. A row
    belongs to the project when it reaches ``projects`` through its foreign keys; global tables without such a
    path (team accounts, ``users``) are not part of a project backup, so password hashes never leave the
    database this way.

Restore (:func:`restore_project`) refuses to overwrite: the folder must be empty or absent, and the target
database must not already hold a project of that name. A ``sqlite`` backup becomes the folder's ``review.db``;
a ``rows`` backup is inserted into ``$REVIEW_APP_DATABASE_URL`` (or a new SQLite ``review.db`` in the folder
when it is unset) in one transaction, with fresh primary keys and every foreign key remapped, so it can be
restored beside other projects. Archive member names are fixed, so a crafted archive cannot write outside the
folder ("zip slip"), and sizes are checked before anything is extracted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from review_app.errors import InputError, NotFoundError, StoreError
from review_app.formats.base import atomic_output
from review_app.project import CONFIG_NAME, DB_NAME, load_config
from review_app.store.db import ENV_URL, Database, open_database, sqlite_url

FORMAT = "review_app-backup"
VERSION = 1
MAX_MEMBER = 20 * 1024 * 1024 * 1024  # refuse absurd (zip-bomb) member sizes before extracting
CHUNK = 2000


@dataclass(slots=True)
class BackupInfo:
    path: Path
    kind: str
    project: str
    counts: dict[str, int]


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


def _pk(table: sa.Table) -> sa.Column[Any]:
    cols = list(table.primary_key.columns)
    if len(cols) != 1:
        raise StoreError(f"table {table.name} has a composite primary key; backup does not support it")
    return cols[0]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    return value


def _from_json(col: sa.Column[Any], value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$dt"} and isinstance(col.type, sa.DateTime):
        return datetime.fromisoformat(value["$dt"])
    return value


def _project_id(db: Database, name: str) -> int:
    from review_app.store.schema import ProjectRow

    with db.session() as s:
        pid = s.scalar(sa.select(ProjectRow.id).where(ProjectRow.name == name))
    if pid is None:
        raise NotFoundError(f"no project named {name!r} in the database")
    return int(pid)


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


def _write_archive(dest: Path, manifest: dict[str, Any], config: Path, member: tuple[str, Path]) -> None:
    with atomic_output(dest) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        z.write(config, CONFIG_NAME)
        z.write(member[1], member[0])


def backup_project(project_dir: str | Path, output: str | Path, *, force: bool = False) -> BackupInfo:
    """Write a backup of the project in ``project_dir`` to ``output`` (see the module docstring)."""
    cfg = load_config(project_dir)
    dest = Path(output)
    if dest.exists() and not force:
        raise InputError(f"{dest}: already exists; choose another name or pass --force")
    url = cfg.database_url()
    backend = make_url(url).get_backend_name()
    config_file = Path(project_dir) / CONFIG_NAME
    created = datetime.now(UTC).isoformat()
    with tempfile.TemporaryDirectory(prefix="review-app-backup-") as tmp:
        if backend == "sqlite":
            db_path = make_url(url).database
            if not db_path or not Path(db_path).exists():
                raise NotFoundError(f"{db_path}: the project database does not exist")
            copy = Path(tmp) / DB_NAME
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
            counts = {}
            rows_file = Path(tmp) / "rows.jsonl"
            try:
                with rows_file.open("w", encoding="utf-8") as out:
                    for table, row in dump_rows(db, cfg.name):
                        counts[table] = counts.get(table, 0) + 1
                        record = {"table": table, "row": {k: _jsonable(v) for k, v in row.items()}}
                        out.write(json.dumps(record, ensure_ascii=False) + "\n")
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
        }
        _write_archive(dest, manifest, config_file, member)
    return BackupInfo(dest, kind, cfg.name, counts)


def _read_manifest(z: zipfile.ZipFile, label: str) -> dict[str, Any]:
    names = set(z.namelist())
    if "manifest.json" not in names or CONFIG_NAME not in names:
        raise InputError(f"{label}: not a review_app backup (no manifest.json / {CONFIG_NAME})")
    for info in z.infolist():
        if info.file_size > MAX_MEMBER:
            raise InputError(f"{label}: member {info.filename} claims {info.file_size:,} bytes; refusing")
    try:
        manifest = json.loads(z.read("manifest.json").decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{label}: manifest.json is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(f"{label}: not a review_app backup (manifest format {manifest.get('format')!r})")
    if manifest.get("version") != VERSION:
        raise InputError(f"{label}: backup version {manifest.get('version')!r} is not supported (expected {VERSION})")
    member = {"sqlite": DB_NAME, "rows": "rows.jsonl"}.get(str(manifest.get("kind")))
    if member is None or member not in names:
        raise InputError(f"{label}: backup of kind {manifest.get('kind')!r} lacks its data member")
    return manifest


def _insert_rows(db: Database, lines: Iterator[str], label: str) -> dict[str, int]:
    """Insert a logical dump with fresh primary keys, remapping every foreign key; one transaction."""
    md = _metadata()
    tables = {t.name: t for t in md.sorted_tables}
    mapping: dict[str, dict[Any, Any]] = {}
    counts: dict[str, int] = {}
    with db.session() as s:
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                table = tables[rec["table"]]
                raw: dict[str, Any] = rec["row"]
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{label}: rows.jsonl line {n}: not a row of a known table ({exc})") from exc
            pk = _pk(table)
            row: dict[str, Any] = {}
            for col in table.columns:
                if col.name not in raw:
                    continue
                value = _from_json(col, raw[col.name])
                fks = list(col.foreign_keys)
                if fks and value is not None:
                    parent = fks[0].column.table.name
                    try:
                        value = mapping[parent][value]
                    except KeyError as exc:
                        raise InputError(
                            f"{label}: rows.jsonl line {n}: {table.name}.{col.name} = {value} refers to a "
                            f"{parent} row that is not in the backup"
                        ) from exc
                row[col.name] = value
            old = raw.get(pk.name)
            if pk.foreign_keys:  # e.g. targets.segment_id: the key is the (remapped) parent key
                s.execute(sa.insert(table).values(**row))
                new = row[pk.name]
            else:
                row.pop(pk.name, None)
                new = s.execute(sa.insert(table).values(**row).returning(pk)).scalar_one()
            mapping.setdefault(table.name, {})[old] = new
            counts[table.name] = counts.get(table.name, 0) + 1
    return counts


def restore_project(archive: str | Path, project_dir: str | Path, *, database_url: str | None = None) -> BackupInfo:
    """Restore ``archive`` into the empty folder ``project_dir`` (see the module docstring)."""
    src = Path(archive)
    folder = Path(project_dir)
    label = str(src)
    if not src.is_file():
        raise InputError(f"{src}: no such backup file")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(f"{folder}: exists and is not empty; restore only into a new or empty folder")
    try:
        z = zipfile.ZipFile(src)
    except zipfile.BadZipFile as exc:
        raise InputError(f"{label}: not a review_app backup (not a zip archive: {exc})") from exc
    created_folder = not folder.exists()
    with z:
        manifest = _read_manifest(z, label)
        name = str(manifest["project"])
        expected: dict[str, int] = dict(manifest.get("counts") or {})
        folder.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        try:
            if manifest["kind"] == "sqlite":
                db_file = folder / DB_NAME
                with z.open(DB_NAME) as fin, db_file.open("xb") as fout:
                    shutil.copyfileobj(fin, fout)
                written.append(db_file)
                db = open_database(sqlite_url(db_file))  # migrates an older backup to the current schema
                try:
                    if not db.integrity_ok():
                        raise InputError(f"{label}: the database in the backup fails PRAGMA integrity_check")
                    counts = _counts_by_table(db, name)
                finally:
                    db.dispose()
            else:
                url = database_url or os.environ.get(ENV_URL)
                if not url:
                    url = sqlite_url(folder / DB_NAME)
                    written.append(folder / DB_NAME)
                db = open_database(url)
                try:
                    with contextlib.suppress(NotFoundError):
                        _project_id(db, name)
                        raise InputError(
                            f"the database already has a project named {name!r}; restore refuses to overwrite it"
                        )
                    with z.open("rows.jsonl") as fh:
                        lines = (b.decode("utf-8") for b in fh)
                        counts = _insert_rows(db, lines, label)
                finally:
                    db.dispose()
            if counts != expected:
                raise InputError(f"{label}: restored row counts {counts} differ from the manifest's {expected}")
            cfg_tmp = folder / (CONFIG_NAME + ".tmp")
            cfg_tmp.write_bytes(z.read(CONFIG_NAME))
            cfg_tmp.replace(folder / CONFIG_NAME)
        except BaseException:
            for p in written:
                for suffix in ("", "-wal", "-shm"):
                    Path(str(p) + suffix).unlink(missing_ok=True)
            (folder / (CONFIG_NAME + ".tmp")).unlink(missing_ok=True)
            if created_folder and folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
            raise
    return BackupInfo(folder, str(manifest["kind"]), name, counts)
