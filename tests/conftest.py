"""Shared fixtures: the seed article, the shipped corpus, databases on SQLite and PostgreSQL, and the Streamlit app
on a project (AppTest).

PostgreSQL: 127.0.0.1:5432, database ``test`` (override with ``REVIEW_APP_TEST_PG_URL``). Each test gets a
fresh schema that is dropped afterwards. Without a server the PostgreSQL variants are skipped, except under
``CI=true`` where a missing server fails the run.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

    from review_app.review import ReviewService

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "musk-trump"
SEED = CORPUS / "source.ja.txt"
SHARED = ROOT.parent / "shared"
INTEROP = SHARED / "interop"
SCHEMAS = SHARED / "schemas"
PG_URL = os.environ.get("REVIEW_APP_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
APP = ROOT / "review_app" / "app" / "streamlit_app.py"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"


def shared_dir(path: Path) -> Path:
    """Return ``path`` under ../shared, skipping the test when it is absent (failing under CI=true)."""
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing; under CI=true the shared interop files must be present")
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


def _pg_available() -> str | None:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any connection error means "not available"
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def pg_url() -> str:
    reason = _pg_available()
    if reason:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {PG_URL} is required under CI=true: {reason}")
        pytest.skip(f"PostgreSQL not available: {reason}")
    return PG_URL


@pytest.fixture
def pg_schema(pg_url: str) -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards."""
    import sqlalchemy as sa

    name = "ra_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    try:
        yield name
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """An opened, migrated :class:`review_app.store.Database` on SQLite and on PostgreSQL."""
    from review_app.store.db import open_database, sqlite_url

    if request.param == "sqlite":
        db = open_database(sqlite_url(tmp_path / "test.db"))
    else:
        schema = request.getfixturevalue("pg_schema")
        db = open_database(request.getfixturevalue("pg_url"), schema=schema)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A local (SQLite) project with the seed article imported."""
    from review_app.project import init_project

    path = tmp_path / "proj"
    init_project(path, source=SEED, source_lang="ja", target_lang="en")
    return path


@contextmanager
def project_service(path: Path, user: str | None = "bob", role: str = "admin") -> Iterator[ReviewService]:
    """The review service of the project at ``path`` acting as ``user`` with ``role`` (the project's own local
    user with ``user=None``), as another session would have it; the project is closed on exit."""
    from review_app.models import Role
    from review_app.project import open_project
    from review_app.review import Actor

    op = open_project(path)
    try:
        yield op.service(Actor(user, Role(role)) if user else None)
    finally:
        op.close()


def xliff12_strict_schema() -> Any:
    """The OASIS XLIFF 1.2 strict schema (offline copy in ../shared/schemas; ``xml.xsd`` resolved from there too,
    never from the network). Skips when the schemas are absent (fails under ``CI=true``)."""
    from lxml import etree

    folder = shared_dir(SCHEMAS)

    class LocalXmlXsd(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            if url and url.endswith("xml.xsd"):
                return self.resolve_filename(str(folder / "xml.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalXmlXsd())
    return etree.XMLSchema(etree.parse(str(folder / "xliff-core-1.2-strict.xsd"), parser))


@pytest.fixture(scope="session")
def xliff12_schema() -> Any:
    """:func:`xliff12_strict_schema`, built once per session."""
    return xliff12_strict_schema()


def start_app(monkeypatch: pytest.MonkeyPatch, project: Path, *, glossary: Path | None = GLOSSARY, team: bool = False,
              timeout: float = 120) -> AppTest:
    """The Streamlit app on ``project`` as ``review-app serve`` starts it: local mode (team mode with ``team``),
    ``glossary`` loaded (none with ``None``), no DeepL key from the developer's environment. ``timeout`` is the
    longest one script run may take (AppTest's ``default_timeout``)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("REVIEW_APP_PROJECT", str(project))
    if glossary is None:
        monkeypatch.delenv("REVIEW_APP_GLOSSARY", raising=False)
    else:
        monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(glossary))
    if team:
        monkeypatch.setenv("REVIEW_APP_TEAM", "1")
    else:
        monkeypatch.delenv("REVIEW_APP_TEAM", raising=False)
    monkeypatch.delenv("DEEPL_AUTH_KEY", raising=False)
    return AppTest.from_file(str(APP), default_timeout=timeout)


@pytest.fixture
def app(seed_project: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app on the seed project with the shipped glossary (local mode)."""
    return start_app(monkeypatch, seed_project)


@pytest.fixture(autouse=True)
def _plain_main_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Processes started with the ``spawn`` method re-run ``__main__`` from its path; streamlit's AppTest (run
    earlier in the same pytest worker) leaves ``__main__.__file__`` pointing at the Streamlit script, so a
    spawned worker would start the app instead of its target. Every test's worker code is importable by name,
    so no ``__main__`` fix-up is needed at all (tests/test_concurrency.py, tests/test_glossary_roles.py)."""
    monkeypatch.delattr(sys.modules["__main__"], "__file__", raising=False)
