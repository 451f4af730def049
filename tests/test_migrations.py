"""The Alembic chain is linear; databases made with the old branching migrations still open (SQLite, PostgreSQL)."""

from __future__ import annotations

import itertools

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from review_app.errors import StoreError
from review_app.store.db import LEGACY_BRANCHES, MIGRATIONS, migrate
from review_app.store.tables import Base


def _scripts() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def _stamps(db) -> set[str]:
    with db.engine.connect() as conn:
        return {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}


def _diff(db) -> list:
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


def test_one_linear_chain():
    scripts = _scripts()
    assert len(scripts.get_heads()) == 1, f"several Alembic heads: {scripts.get_heads()} — chain the new revision"
    for rev in scripts.walk_revisions():
        down = rev.down_revision
        assert down is None or isinstance(down, str), f"{rev.revision} merges several revisions"
        assert rev.branch_labels in (None, set(), frozenset()), f"{rev.revision} starts a branch"
    # The legacy branches are consecutive in the chain, in the order db.LEGACY_BRANCHES gives.
    for earlier, later in itertools.pairwise(LEGACY_BRANCHES):
        assert scripts.get_revision(later).down_revision == earlier


def _back_to_legacy(db) -> None:
    """Undo the revisions that came after the legacy branches: a database made back then has none of their tables."""
    from alembic.operations import Operations

    scripts = _scripts()
    later = [r for r in scripts.iterate_revisions(scripts.get_current_head(), LEGACY_BRANCHES[-1])
             if r.revision not in LEGACY_BRANCHES]
    with db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        for rev in later:  # newest first
            rev.module.downgrade()


def _restamp(db, revisions: set[str]) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        for rev in sorted(revisions):
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": rev})


def test_database_stamped_with_the_four_old_heads_opens(database):
    # A database made before the chain was linear: all four branches applied, four rows in alembic_version.
    _back_to_legacy(database)
    _restamp(database, set(LEGACY_BRANCHES))
    migrate(database.engine)
    assert _stamps(database) == {_scripts().get_current_head()}
    assert _diff(database) == []
    migrate(database.engine)  # idempotent
    assert _stamps(database) == {_scripts().get_current_head()}


def test_database_with_only_some_old_branches_gets_the_missing_tables(database):
    # Made when only two of the branches existed: the later ones (mqm, users) are applied on open.
    _back_to_legacy(database)
    with database.engine.begin() as conn:
        conn.execute(text("DROP TABLE mqm_annotations"))
        conn.execute(text("DROP TABLE users"))
    _restamp(database, {"0002_engines", "0002_qa"})
    migrate(database.engine)
    assert {"mqm_annotations", "users"} <= set(inspect(database.engine).get_table_names())
    assert _stamps(database) == {_scripts().get_current_head()}
    assert _diff(database) == []


def test_unknown_parallel_heads_are_refused_with_the_fix(database):
    _restamp(database, {"0002_qa", "9999_from_the_future"})
    with pytest.raises(StoreError, match=r"9999_from_the_future.*upgrade review_app"):
        migrate(database.engine)
    assert _stamps(database) == {"0002_qa", "9999_from_the_future"}  # nothing half-done
