"""Database connection: SQLite (embedded default, WAL) or PostgreSQL (``REVIEW_APP_DATABASE_URL``).

SQLite is opened in WAL mode with a busy timeout, foreign keys on, and every transaction started with
``BEGIN IMMEDIATE`` so that two writers queue instead of failing half-way with "database is locked" when a
read lock would have to be upgraded. (SQLAlchemy's documented recipe for the pysqlite driver.)
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from review_app.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
ENV_URL = "REVIEW_APP_DATABASE_URL"
READ_ONLY = "review_app_read_only"

def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control away from the driver so we can issue BEGIN IMMEDIATE ourselves.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Reads (Database.read_session) take a deferred transaction: in WAL mode they never wait for a writer.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """Create an engine for ``url``; ``schema`` selects a PostgreSQL schema (tests use a fresh one)."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"future": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        if schema:
            kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
        kwargs["pool_pre_ping"] = True
        return create_engine(url, **kwargs)
    return create_engine(url, **kwargs)


# Until December 2026 the four feature migrations after 0001 were parallel branches, so a database made then
# is stamped with several of these heads at once. The chain is linear now, in this order.
LEGACY_BRANCHES = ("0002_engines", "0002_mqm", "0002_qa", "0002_users")


def _collapse_legacy_heads(conn: Connection, cfg: Config) -> None:
    """Restamp a database made with the old branching migrations onto the linear chain.

    Applies any legacy branch the database lacks (each only creates its own tables), then leaves one row,
    the newest of the legacy revisions, in ``alembic_version``; ``upgrade`` continues from there.
    """
    if not inspect(conn).has_table("alembic_version"):
        return
    stamped = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    if len(stamped) <= 1:
        return
    unknown = stamped - {"0001", *LEGACY_BRANCHES}
    if unknown:
        raise StoreError(
            f"the database is stamped with several migration heads, {', '.join(sorted(unknown))} unknown to this "
            "version of review_app: upgrade review_app, or restore the project from a backup"
        )
    scripts = ScriptDirectory.from_config(cfg)
    with Operations.context(MigrationContext.configure(conn)):
        for rev in LEGACY_BRANCHES:
            if rev not in stamped:
                module = scripts.get_revision(rev).module
                module.upgrade()
    conn.execute(text("DELETE FROM alembic_version"))
    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": LEGACY_BRANCHES[-1]})


@functools.cache
def _heads() -> frozenset[str]:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(ScriptDirectory.from_config(cfg).get_heads())


def at_head(engine: Engine) -> bool:
    """Whether the database is stamped with exactly the newest revision — read without any lock (a plain
    SELECT on a raw connection: no ``BEGIN IMMEDIATE``), so a writer holding the lock does not delay it."""
    try:
        raw = engine.raw_connection()
    except Exception:  # unreachable: migrate() reports it as a StoreError
        return False
    try:
        cur = raw.cursor()
        try:
            cur.execute("SELECT version_num FROM alembic_version")
            stamped = {row[0] for row in cur.fetchall()}
        finally:
            cur.close()
        raw.rollback()
    except Exception:  # no alembic_version yet (a new database), or it cannot be read: migrate
        return False
    finally:
        raw.close()
    return stamped == _heads()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema with Alembic (idempotent)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        _collapse_legacy_heads(conn, cfg)
        command.upgrade(cfg, "head")


class Database:
    """An engine plus a session factory, migrated on open."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any exception."""
        with self._sessions() as s, s.begin():
            yield s

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A transaction for reading only. On SQLite it starts deferred (``BEGIN``), so in WAL mode it reads the
        last committed state even while a writer holds the lock; PostgreSQL reads never wait for writers anyway."""
        with Session(self._read_engine, expire_on_commit=False) as s, s.begin():
            yield s

    @property
    def _read_engine(self) -> Engine:
        return self.engine.execution_options(**{READ_ONLY: True})

    def integrity_ok(self) -> bool:
        if self.backend != "sqlite":
            return True
        with self.engine.connect() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    def dispose(self) -> None:
        self.engine.dispose()


def outage_message(exc: BaseException) -> str:
    """One line for a database error the user cannot fix (server down, connection lost, disk full), without a
    traceback or the URL's password: what happened, that nothing was half-saved, and what to do."""
    orig = getattr(exc, "orig", None) or exc
    reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0][:200]
    return (f"The database is not available right now ({type(orig).__name__}: {reason}). Nothing was half-saved: "
            "a change either reached the database or not at all. Try again in a moment; if it persists, ask the "
            "administrator to check the database server.")


def parse_database_url(url: str) -> URL:
    """``url`` parsed, or one line naming ``$REVIEW_APP_DATABASE_URL`` and the expected form (never the password)."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from review_app.errors import InputError

    try:
        parsed = make_url(url)
        backend = parsed.get_backend_name()
        parsed.get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError, TypeError) as exc:
        what = ENV_URL if url == os.environ.get(ENV_URL) else "the database URL"
        raise InputError(
            f"{what} is not a usable database URL ({type(exc).__name__}); "
            "expected postgresql+psycopg://USER[:PASSWORD]@HOST[:PORT]/DATABASE, or unset it for a local project"
        ) from None
    if backend not in ("sqlite", "postgresql"):
        raise InputError(f"{ENV_URL}: the {backend!r} database is not supported; use PostgreSQL "
                         "(postgresql+psycopg://USER@HOST/DATABASE), or unset it for a local project")
    return parsed


def open_database(url: str | None = None, *, schema: str | None = None, create: bool = True) -> Database:
    """Open (and migrate) the database at ``url``, or ``$REVIEW_APP_DATABASE_URL``."""
    url = url or os.environ.get(ENV_URL)
    if not url:
        raise StoreError(f"no database given: pass a URL or set {ENV_URL}")
    parse_database_url(url)
    engine = make_engine(url, schema=schema)
    try:
        # Migrations run only when the database is not at the newest revision (in practice once, after an
        # upgrade); the check itself takes no lock, so opening a current database never waits for a writer.
        if create and not at_head(engine):
            migrate(engine)
        else:
            with engine.connect():
                pass
    except OperationalError as exc:
        engine.dispose()
        safe = make_url(url).render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot open database {safe}: {reason}") from exc
    return Database(engine)
