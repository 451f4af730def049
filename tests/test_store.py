"""The store and the review service, on SQLite and PostgreSQL alike (the `database` fixture)."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from review_app.errors import (
    ConflictError,
    InputError,
    InvalidTransition,
    NotFoundError,
    PermissionDenied,
)
from review_app.models import Candidate, Role, Status
from review_app.project import import_document, load_document
from review_app.review import Actor, ReviewService
from review_app.segment import parse_document
from review_app.store.schema import ProjectRow, RevisionRow, utcnow
from review_app.store.tables import Base


def _project(db, seed_text, name="seed"):
    with db.session() as s:
        row = ProjectRow(name=name, source_lang="ja", target_lang="en", settings={}, created_at=utcnow())
        s.add(row)
        s.flush()
        pid = row.id
    import_document(db, pid, parse_document(seed_text, name="source.ja.txt"), name="source.ja.txt", source_path=None)
    return name


@pytest.fixture
def svc(database, seed_text):
    name = _project(database, seed_text)
    return ReviewService(database, name, Actor("alice", Role.REVIEWER))


def test_migrations_match_models(database):
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_import_and_rebuild_from_store(database, seed_text):
    _project(database, seed_text)
    assert load_document(database, "seed").rebuild() == seed_text


def test_list_and_filter(svc):
    rows = svc.list_segments()
    assert len(rows) == 326
    assert [r.index for r in rows] == list(range(326))
    assert all(r.status is Status.NEW and r.version == 1 for r in rows)
    assert len(svc.list_segments(kinds=["heading"])) == 7
    hits = svc.list_segments(search="鷹潭")
    assert len(hits) == 1 and "鷹潭" in hits[0].source
    assert svc.list_segments(search="100%_\\") == []  # LIKE wildcards are escaped
    assert len(svc.list_segments(offset=320, limit=10)) == 6


def test_save_approve_and_history(svc):
    seg = svc.list_segments(search="鷹潭")[0]
    v = svc.save_target(seg.key, "He appeared in Yingtan.", expected_version=1)
    assert v.status is Status.DRAFT and v.version == 2
    v = svc.save_target(seg.key, "He appeared in Eagle Pass.", expected_version=2, reason="Yingtan is a mistranslation")
    v = svc.approve(seg.key, expected_version=v.version)
    assert v.status is Status.APPROVED
    hist = svc.history(seg.key)
    assert [(h.field, h.new) for h in hist] == [
        ("target", "He appeared in Yingtan."),
        ("status", "draft"),
        ("target", "He appeared in Eagle Pass."),
        ("status", "approved"),
    ]
    assert hist[2].reason == "Yingtan is a mistranslation" and hist[2].user == "alice"
    # editing an approved segment sends it back for review
    v = svc.save_target(seg.key, "He showed up in Eagle Pass.", expected_version=v.version)
    assert v.status is Status.TRANSLATED


def test_stale_version_raises_conflict_with_current_text(svc):
    key = svc.list_segments()[5].key
    svc.save_target(key, "first", expected_version=1)
    with pytest.raises(ConflictError) as exc:
        svc.save_target(key, "second", expected_version=1)
    assert exc.value.current_text == "first"
    assert exc.value.current_version == 2
    assert svc.get_segment(key).target == "first"


def test_two_writers_one_wins(database, seed_text):
    """Two reviewers load version 1 and save at the same moment: exactly one save wins, the other conflicts."""
    name = _project(database, seed_text)
    key = ReviewService(database, name, Actor.local()).list_segments()[10].key
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def writer(user: str) -> None:
        svc = ReviewService(database, name, Actor(user, Role.TRANSLATOR))
        barrier.wait()
        try:
            results[user] = svc.save_target(key, f"text by {user}", expected_version=1)
        except ConflictError as exc:
            results[user] = exc

    threads = [threading.Thread(target=writer, args=(u,)) for u in ("ann", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    conflicts = [r for r in results.values() if isinstance(r, ConflictError)]
    wins = [r for r in results.values() if not isinstance(r, ConflictError)]
    assert len(conflicts) == 1 and len(wins) == 1
    final = ReviewService(database, name, Actor.local()).get_segment(key)
    assert final.version == 2
    assert conflicts[0].current_text == final.target
    with database.session() as s:
        revs = s.scalars(select(RevisionRow).where(RevisionRow.field == "target")).all()
        assert [r.new for r in revs] == [final.target]


def test_source_correction_keeps_original(svc):
    seg = svc.list_segments(search="鷹潭")[0]
    fixed = seg.source.replace("鷹潭", "イーグルパス")
    v = svc.correct_source(seg.key, fixed, expected_source_version=1, reason="Yingtan for Eagle Pass")
    assert v.source == seg.source and v.corrected_source == fixed and v.source_version == 2
    with pytest.raises(ConflictError):
        svc.correct_source(seg.key, fixed + "x", expected_source_version=1)
    assert "イーグルパス" in load_document(svc.db, "seed", corrected=True).rebuild()
    assert "鷹潭" in load_document(svc.db, "seed").rebuild()
    v = svc.correct_source(seg.key, None, expected_source_version=2)
    assert v.corrected_source is None
    assert [h.field for h in svc.history(seg.key)] == ["source", "source"]


def test_comments_threaded(svc):
    key = svc.list_segments()[0].key
    c1 = svc.add_comment(key, "「恋愛」 is figurative here")
    c2 = svc.add_comment(key, "agreed", parent_id=c1.id)
    assert [(c.body, c.parent_id) for c in svc.comments(key)] == [
        ("「恋愛」 is figurative here", None),
        ("agreed", c1.id),
    ]
    with pytest.raises(InputError):
        svc.add_comment(key, "   ")
    other = svc.list_segments()[1].key
    with pytest.raises(NotFoundError):
        svc.add_comment(other, "reply to a comment of another segment", parent_id=c2.id)


def test_revert_is_a_new_revision(svc):
    key = svc.list_segments()[3].key
    svc.save_target(key, "one", expected_version=1)
    svc.save_target(key, "two", expected_version=2)
    first = next(h for h in svc.history(key) if h.field == "target" and h.new == "one")
    v = svc.revert(key, first.id, expected_version=3)
    assert v.target == "one" and v.version == 4
    assert svc.history(key)[-1].reason == "revert to v2"  # the version the history labels that row with


def test_roles_enforced_in_service(database, seed_text):
    name = _project(database, seed_text)
    key = ReviewService(database, name, Actor.local()).list_segments()[0].key
    translator = ReviewService(database, name, Actor("tom", Role.TRANSLATOR))
    v = translator.save_target(key, "Once a political “power couple”…", expected_version=1)
    with pytest.raises(PermissionDenied, match="translator"):
        translator.approve(key, expected_version=v.version)
    with pytest.raises(PermissionDenied):
        translator.correct_source(key, "修正", expected_source_version=1)
    with pytest.raises(PermissionDenied):
        translator.add_candidates([Candidate("x", "y", segment_key=key)])
    nobody = ReviewService(database, name, None)
    with pytest.raises(PermissionDenied, match="sign in"):
        nobody.list_segments()
    reviewer = ReviewService(database, name, Actor("rita", Role.REVIEWER))
    assert reviewer.approve(key, expected_version=v.version).status is Status.APPROVED


def test_invalid_transitions(svc):
    key = svc.list_segments()[2].key
    with pytest.raises(InvalidTransition):
        svc.approve(key, expected_version=1)
    with pytest.raises(InvalidTransition):
        svc.save_target(key, "text", expected_version=1, status="new")
    with pytest.raises(InputError):
        svc.save_target(key, "nul\x00byte", expected_version=1)
    with pytest.raises(NotFoundError):
        svc.get_segment("s-does-not-exist")
    assert svc.get_segment(key).version == 1  # nothing was written


def test_candidates_with_provenance(svc):
    keys = [r.key for r in svc.list_segments(limit=2)]
    prov = {"kind": "test", "engine": "literal-draft", "date": "2026-11-28"}
    assert svc.add_candidates([Candidate("literal", f"cand {k}", prov, k) for k in keys]) == 2
    got = svc.candidates(keys[0])
    assert got[0].engine == "literal" and got[0].provenance == prov
    with pytest.raises(NotFoundError):
        svc.add_candidates([Candidate("literal", "x", {}, "s-nope")])


def test_status_counts(svc):
    key = svc.list_segments()[0].key
    svc.save_target(key, "x", expected_version=1)
    counts = svc.status_counts()
    assert counts["new"] == 325 and counts["draft"] == 1


@pytest.mark.postgres
def test_postgres_is_really_postgres(pg_url, pg_schema):
    from review_app.store.db import open_database

    db = open_database(pg_url, schema=pg_schema)
    try:
        assert db.backend == "postgresql"
    finally:
        db.dispose()


def test_sqlite_uses_wal(tmp_path):
    from review_app.store.db import open_database, sqlite_url

    db = open_database(sqlite_url(tmp_path / "w.db"))
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert db.integrity_ok()
    finally:
        db.dispose()


def test_unreachable_database_is_a_clear_error():
    from review_app.errors import StoreError
    from review_app.store.db import open_database

    with pytest.raises(StoreError, match="cannot open database") as exc:
        open_database("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(exc.value)
