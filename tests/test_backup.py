"""Backup and restore (issue 9, part 6): a restored project equals the original, history included.

The project is filled through the services (edits, approvals, a source correction, candidates, threaded
comments, MQM annotations, a QA run with a dismissal), backed up with ``review-app backup``, restored with
``review-app restore`` into an empty folder / a fresh PostgreSQL schema, and every project-owned row of every
table is compared, with primary keys replaced by their position and foreign keys by their parent's position
(a ``rows`` restore assigns fresh ids).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from review_app.cli import main
from tests.conftest import SEED


def populate(project: Path) -> None:
    from review_app.models import Candidate, Role
    from review_app.mqm import MqmService
    from review_app.project import open_project
    from review_app.qa import dismiss, list_issues, run_project
    from review_app.review import Actor

    op = open_project(project)
    try:
        svc = op.service(Actor("alice", Role.ADMIN))
        segs = svc.list_segments(limit=8)
        for i, s in enumerate(segs):
            v = svc.save_target(s.key, f"Translation {i} of 「{s.source[:5]}」 <b>&amp;", expected_version=s.version)
            if i % 3 == 0:
                v = svc.approve(s.key, expected_version=v.version, reason="looks right")
            if i == 1:
                v = svc.save_target(s.key, "A second thought.  ", expected_version=v.version, reason="rewrite")
        svc.correct_source(segs[2].key, segs[2].source + "（訂正）", expected_source_version=1, reason="typo")
        c = svc.add_comment(segs[0].key, "Is this term right? 用語")
        svc.add_comment(segs[0].key, "Yes.", parent_id=c.id)
        svc.add_candidates(
            [Candidate("draft-a", f"candidate {s.key}", {"kind": "test", "n": i}, s.key) for i, s in enumerate(segs)]
        )
        mqm = MqmService(svc)
        mqm.add_annotation(segs[1].key, start=0, end=1, category="fluency/grammar", severity="minor", note="n")
        run_project(svc)
        issues = list_issues(svc)
        if issues:
            dismiss(svc, issues[0].fingerprint, reason="false positive")
    finally:
        op.close()


def snapshot(project: Path) -> dict[str, list[dict[str, Any]]]:
    """Every project-owned row, with ids replaced by per-table positions (see the module docstring)."""
    from review_app.backup import _metadata, _pk, dump_rows
    from review_app.project import open_project

    tables = {t.name: t for t in _metadata().sorted_tables}
    position: dict[tuple[str, Any], int] = {}
    out: dict[str, list[dict[str, Any]]] = {}
    op = open_project(project)
    try:
        for name, row in dump_rows(op.db, op.config.name):
            table = tables[name]
            pk = _pk(table)
            norm: dict[str, Any] = {}
            for col in table.columns:
                value = row[col.name]
                fks = list(col.foreign_keys)
                if fks and value is not None:
                    value = position[(fks[0].column.table.name, value)]
                elif col is pk:
                    value = len(out.get(name, []))
                norm[col.name] = value
            position[(name, row[pk.name])] = len(out.get(name, []))
            out.setdefault(name, []).append(norm)
    finally:
        op.close()
    return out


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "sqlite":
        monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
        yield "sqlite"
        return
    pg_url: str = request.getfixturevalue("pg_url")
    schema = request.getfixturevalue("pg_schema")
    monkeypatch.setenv("REVIEW_APP_DATABASE_URL", f"{pg_url}?options=-csearch_path%3D{schema}")
    yield "postgresql"


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_backup_restore_round_trip(backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.project import init_project

    proj = tmp_path / "proj"
    init_project(proj, source=SEED, name="roundtrip")
    populate(proj)
    before = snapshot(proj)
    assert {"revisions", "comments", "candidates", "mqm_annotations", "qa_runs", "targets"} <= set(before)
    assert len(before["revisions"]) >= 10 and len(before["comments"]) == 2

    archive = tmp_path / "proj.backup.zip"
    res = _invoke("backup", str(proj), "-o", str(archive))
    assert res.exit_code == 0, res.output
    with zipfile.ZipFile(archive) as z:
        names = set(z.namelist())
    assert names == {"manifest.json", "review-app.toml", "review.db" if backend == "sqlite" else "rows.jsonl"}

    # refuses to overwrite an existing backup file, and to restore into a non-empty folder
    assert _invoke("backup", str(proj), "-o", str(archive)).exit_code == 2
    assert _invoke("restore", str(archive), str(proj)).exit_code == 2

    restored = tmp_path / "restored"
    if backend == "postgresql":
        import sqlalchemy as sa

        from tests.conftest import PG_URL

        # same database: the project already exists there, so the restore is refused and nothing is written
        res = _invoke("restore", str(archive), str(restored))
        assert res.exit_code == 2 and "already has a project" in res.output
        assert not restored.exists()
        schema2 = "ra_" + uuid.uuid4().hex[:12]
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema2}"'))
        monkeypatch.setenv("REVIEW_APP_DATABASE_URL", f"{PG_URL}?options=-csearch_path%3D{schema2}")
        try:
            res = _invoke("restore", str(archive), str(restored))
            assert res.exit_code == 0, res.output
            after = snapshot(restored)
        finally:
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema2}" CASCADE'))
            engine.dispose()
    else:
        res = _invoke("restore", str(archive), str(restored))
        assert res.exit_code == 0, res.output
        after = snapshot(restored)
        show = _invoke("show", str(restored), before_key(proj))
        assert show.exit_code == 0 and "Is this term right?" in show.output
    assert after == before


def before_key(project: Path) -> str:
    from review_app.project import open_project

    op = open_project(project)
    try:
        return op.service().list_segments(limit=1)[0].key
    finally:
        op.close()


def rows_member(project: Path, name: str) -> tuple[dict[str, int], str]:
    """The ``rows.jsonl`` member of a rows backup of the (SQLite) project, with its row counts per table."""
    from review_app.backup import write_rows
    from review_app.project import open_project

    op = open_project(project)
    rows = io.StringIO()
    try:
        return write_rows(op.db, name, rows), rows.getvalue()
    finally:
        op.close()


def test_rows_backup_restores_into_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The logical (rows) format is database-neutral: dumped and re-inserted with remapped ids on SQLite."""
    import json

    from review_app.backup import restore_project
    from review_app.project import CONFIG_NAME, init_project

    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    proj = tmp_path / "proj"
    init_project(proj, source=SEED, name="rows")
    populate(proj)
    counts, rows = rows_member(proj, "rows")
    manifest = {"format": "review_app-backup", "version": 1, "kind": "rows", "project": "rows", "counts": counts}
    archive = tmp_path / "rows.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("manifest.json", json.dumps(manifest))
        z.write(proj / CONFIG_NAME, CONFIG_NAME)
        z.writestr("rows.jsonl", rows)
    restore_project(archive, tmp_path / "restored")
    assert snapshot(tmp_path / "restored") == snapshot(proj)


@pytest.mark.parametrize(
    "members",
    [
        {"manifest.json": "{}", "review-app.toml": "name='x'"},
        {"manifest.json": "not json", "review-app.toml": ""},
        {"review.db": "x"},
        {
            "manifest.json": '{"format": "review_app-backup", "version": 1, "kind": "sqlite", "project": "x"}',
            "review-app.toml": "",
            "../../evil.db": "x",
        },
        {
            "manifest.json": '{"format": "review_app-backup", "version": 1, "kind": "rows", "project": "x"}',
            "review-app.toml": 'name = "x"\nsource_lang = "ja"\ntarget_lang = "en"\n',
            "rows.jsonl": '{"table": "nope", "row": {}}\n',
        },
    ],
)
def test_bad_archives_are_refused_without_leftovers(
    members: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    dest = tmp_path / "dest"
    res = _invoke("restore", str(archive), str(dest))
    assert res.exit_code == 2, res.output
    assert str(archive) in res.output
    assert not dest.exists()
    assert not (tmp_path.parent / "evil.db").exists()
    assert _invoke("restore", str(tmp_path / "missing.zip"), str(dest)).exit_code == 2
    (tmp_path / "text.zip").write_text("not a zip")
    assert _invoke("restore", str(tmp_path / "text.zip"), str(dest)).exit_code == 2


def test_backup_is_a_consistent_snapshot_while_writing(seed_project: Path, tmp_path: Path) -> None:
    """A backup taken while another connection holds uncommitted changes contains only committed state."""
    import sqlite3

    from review_app.project import DB_NAME

    key = before_key(seed_project)
    conn = sqlite3.connect(seed_project / DB_NAME, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("UPDATE targets SET text = 'uncommitted' WHERE segment_id = 1")
    try:
        res = _invoke("backup", str(seed_project), "-o", str(tmp_path / "b.zip"))
        assert res.exit_code == 0, res.output
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    _invoke("restore", str(tmp_path / "b.zip"), str(tmp_path / "r"))
    assert "uncommitted" not in _invoke("show", str(tmp_path / "r"), key).output
    assert snapshot(tmp_path / "r") == snapshot(seed_project)
