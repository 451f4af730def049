"""Restore distrusts the archive (issue 19, part 1): a corpus of tampered backups, each refused cleanly.

Every case starts from a genuine backup of a small project (with edits, comments, a QA run and a glossary) —
the ``rows`` kind (logical dump, as PostgreSQL writes it) or the ``sqlite`` kind (the database file) — and
changes one thing. Each is restored with ``review-app restore`` on SQLite (a new folder) and on PostgreSQL
(``$REVIEW_APP_DATABASE_URL`` set to a fresh schema): it must exit 2 with exactly one line naming the archive,
leave no folder and no staging folder behind, and (PostgreSQL) add no row to any table.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import warnings
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from review_app.cli import main
from tests.conftest import ROOT
from tests.readers import local_mode
from tests.test_backup import rows_member

SOURCE = "# 見出し\n\nマスク氏は鷹潭に現れた。トランプ氏も来た。\n\n- 項目です。\n"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"
Members = dict[str, bytes]
Mutation = Callable[[Members], Members]


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _populate(project: Path) -> None:
    from review_app.models import Role
    from review_app.project import open_project
    from review_app.qa import run_project
    from review_app.review import Actor

    op = open_project(project)
    try:
        svc = op.service(Actor("alice", Role.ADMIN))
        segs = svc.list_segments()
        v = svc.save_target(segs[0].key, "A heading", expected_version=segs[0].version)
        svc.approve(segs[0].key, expected_version=v.version, reason="ok")
        svc.save_target(segs[1].key, "Musk appeared in Eagle Pass.", expected_version=segs[1].version)
        c = svc.add_comment(segs[1].key, "鷹潭 is wrong")
        svc.add_comment(segs[1].key, "agreed", parent_id=c.id)
        run_project(svc)
    finally:
        op.close()


def _read_zip(path: Path) -> Members:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Members]:
    """Genuine backups of one small project: ``sqlite`` (the database file) and ``rows`` (the logical dump)."""
    from review_app.backup import backup_project
    from review_app.project import init_project

    with local_mode():
        base = tmp_path_factory.mktemp("genuine")
        src = base / "article.ja.txt"
        src.write_text(SOURCE, encoding="utf-8")
        proj = base / "proj"
        init_project(proj, source=src, name="tamper", glossary=GLOSSARY)
        _populate(proj)
        backup_project(proj, base / "sqlite.zip")
        sqlite_members = _read_zip(base / "sqlite.zip")
        counts, rows = rows_member(proj, "tamper")
        manifest = json.loads(sqlite_members["manifest.json"])
        manifest.update(kind="rows", counts=counts)
        rows_members = {
            "manifest.json": json.dumps(manifest).encode(),
            "review-app.toml": sqlite_members["review-app.toml"],
            "rows.jsonl": rows.encode(),
        }
        rows_members.update({k: v for k, v in sqlite_members.items() if k.startswith("glossary/")})
        return {"sqlite": sqlite_members, "rows": rows_members}


# ------------------------------------------------------------------------------------------- mutations


def _manifest(**changes: Any) -> Callable[[Members], Members]:
    def mutate(m: Members) -> Members:
        data = json.loads(m["manifest.json"])
        data.update(changes)
        return {**m, "manifest.json": json.dumps(data).encode()}

    return mutate


def _member(name: str, data: bytes | None) -> Callable[[Members], Members]:
    def mutate(m: Members) -> Members:
        out = dict(m)
        if data is None:
            out.pop(name)
        else:
            out[name] = data
        return out

    return mutate


def _rows(edit: Callable[[list[dict[str, Any]]], None]) -> Callable[[Members], Members]:
    def mutate(m: Members) -> Members:
        recs = [json.loads(line) for line in m["rows.jsonl"].decode().splitlines() if line]
        edit(recs)
        return {**m, "rows.jsonl": ("\n".join(json.dumps(r) for r in recs) + "\n").encode()}

    return mutate


def _first(recs: list[dict[str, Any]], table: str) -> dict[str, Any]:
    row: dict[str, Any] = next(r["row"] for r in recs if r["table"] == table)
    return row


def _set(table: str, column: str, value: Any) -> Callable[[Members], Members]:
    return _rows(lambda recs: _first(recs, table).__setitem__(column, value))


def _drop(table: str, column: str) -> Callable[[Members], Members]:
    return _rows(lambda recs: _first(recs, table).pop(column))


def _sql(*statements: str) -> Callable[[Members], Members]:
    """Change the archived SQLite file with SQL (as an attacker with the sqlite3 shell would)."""

    def mutate(m: Members) -> Members:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "x.db"
            db.write_bytes(m["review.db"])
            conn = sqlite3.connect(db, isolation_level=None)
            for statement in statements:
                conn.execute(statement)
            conn.close()
            return {**m, "review.db": db.read_bytes()}

    return mutate


def _flip_data_byte(raw: bytes) -> bytes:
    """Flip one byte in the middle of review.db's compressed data (the zip's CRC no longer matches)."""
    with zipfile.ZipFile(__import__("io").BytesIO(raw)) as z:
        info = z.getinfo("review.db")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    pos = start + info.compress_size // 2
    return raw[:pos] + bytes([raw[pos] ^ 0xFF]) + raw[pos + 1 :]


def _duplicate_manifest(raw: bytes) -> bytes:
    import io

    buf = io.BytesIO(raw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, which is the point
        with zipfile.ZipFile(buf, "a") as z:
            z.writestr("manifest.json", b'{"format": "review_app-backup", "version": 1, "kind": "sqlite"}')
    return buf.getvalue()


def _users_row(recs: list[dict[str, Any]]) -> None:
    recs.insert(1, {"table": "users", "row": {"id": 1, "name": "mallory", "password_hash": "$argon2id$x",
                                               "role": "admin", "failed_logins": 0}})


def _second_project(recs: list[dict[str, Any]]) -> None:
    row = dict(_first(recs, "projects"))
    row.update(id=99, name="other")
    recs.insert(1, {"table": "projects", "row": row})


def _counted(table: str, n: int) -> Mutation:
    """Make the manifest's counts agree with a planted row, as a careful attacker would."""

    def mutate(m: Members) -> Members:
        data = json.loads(m["manifest.json"])
        data["counts"][table] = data["counts"].get(table, 0) + n
        return {**m, "manifest.json": json.dumps(data).encode()}

    return mutate


def _more_comments(m: Members) -> Members:
    data = json.loads(m["manifest.json"])
    data["counts"]["comments"] += 1
    return {**m, "manifest.json": json.dumps(data).encode()}


XXE_TBX = b"""<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><text><body><termEntry id="c1"><langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet>
</termEntry></body></text></martif>"""
# (case id, base kind, mutation of the members, or of the archive bytes when "raw", extra environment)
CASES: list[tuple[str, str, Mutation | None, Callable[[bytes], bytes] | None, dict[str, str]]] = [
    ("not-a-zip", "rows", None, lambda raw: b"PK\x03\x04 this is not a zip archive", {}),
    ("truncated-zip", "rows", None, lambda raw: raw[: len(raw) // 2], {}),
    ("flipped-byte-in-db", "sqlite", None, _flip_data_byte, {}),
    ("manifest-is-a-list", "rows", _member("manifest.json", b"[1, 2]"), None, {}),
    ("manifest-not-json", "rows", _member("manifest.json", b"{nope"), None, {}),
    ("manifest-not-utf8", "rows", _member("manifest.json", b'{"format": "\xff\xfe"}'), None, {}),
    ("manifest-wrong-format", "rows", _manifest(format="zip-of-something"), None, {}),
    ("manifest-version-2", "rows", _manifest(version=2), None, {}),
    ("manifest-version-true", "rows", _manifest(version=True), None, {}),
    ("manifest-kind-unknown", "rows", _manifest(kind="evil"), None, {}),
    ("manifest-project-number", "rows", _manifest(project=123), None, {}),
    ("manifest-project-escape-codes", "rows", _manifest(project="tamper\x1b[31m"), None, {}),
    ("manifest-counts-not-object", "rows", _manifest(counts="many"), None, {}),
    ("manifest-counts-users", "rows", _manifest(counts={"projects": 1, "users": 1}), None, {}),
    ("manifest-counts-negative", "rows", _manifest(counts={"projects": 1, "segments": -1}), None, {}),
    ("manifest-created-not-a-date", "rows", _manifest(created_at="yesterday"), None, {}),
    ("manifest-glossary-path-escape", "rows", _manifest(glossary="../../evil.tbx"), None, {}),
    ("no-manifest", "rows", _member("manifest.json", None), None, {}),
    ("no-config", "rows", _member("review-app.toml", None), None, {}),
    ("duplicate-manifest", "rows", None, _duplicate_manifest, {}),
    ("zip-slip-member", "rows", _member("../../evil.db", b"x"), None, {}),
    ("config-invalid-toml", "rows", _member("review-app.toml", b"name = \n[[["), None, {}),
    ("config-other-project", "rows", _member(
        "review-app.toml", b'name = "someone-else"\nsource_lang = "ja"\ntarget_lang = "en"\n'), None, {}),
    ("config-bad-language", "rows", _member(
        "review-app.toml", b'name = "tamper"\nsource_lang = "../../x"\ntarget_lang = "en"\n'), None, {}),
    ("config-not-utf8", "rows", _member("review-app.toml", b'name = "\xff"\n'), None, {}),
    ("config-name-not-string", "rows", _member(
        "review-app.toml", b'name = 5\nsource_lang = "ja"\ntarget_lang = "en"\n'), None, {}),
    ("rows-users-account", "rows", lambda m: _counted("users", 1)(_rows(_users_row)(m)), None, {}),
    ("rows-alembic-version", "rows", _rows(lambda r: r.insert(0, {"table": "alembic_version",
                                                                 "row": {"version_num": "x"}})), None, {}),
    ("rows-bad-date", "rows", _set("comments", "at", {"$dt": "2024-13-45T99:00"}), None, {}),
    ("rows-invalid-utf8", "rows", lambda m: {**m, "rows.jsonl": m["rows.jsonl"].replace(
        "鷹潭 is wrong".encode(), b"\xff\xfe is wrong")}, None, {}),
    ("rows-missing-not-null", "rows", _drop("segments", "source"), None, {}),
    ("rows-wrong-type", "rows", _set("targets", "version", "abc"), None, {}),
    ("rows-bool-for-int", "rows", _set("targets", "version", True), None, {}),
    ("rows-nul-in-text", "rows", _set("comments", "body", "a\x00b"), None, {}),
    ("rows-lone-surrogate", "rows", _set("targets", "text", "\ud800"), None, {}),
    ("rows-too-long", "rows", _set("segments", "key", "k" * 100), None, {}),
    ("rows-unknown-status", "rows", _set("targets", "status", "hacked"), None, {}),
    ("rows-json-wrong-shape", "rows", _set("projects", "settings", "x"), None, {}),
    ("rows-unknown-column", "rows", _set("comments", "evil", 1), None, {}),
    ("rows-no-key", "rows", _drop("comments", "id"), None, {}),
    ("rows-dangling-foreign-key", "rows", _set("targets", "segment_id", 999_999), None, {}),
    ("rows-second-project", "rows", _rows(_second_project), None, {}),
    ("rows-count-mismatch", "rows", _more_comments, None, {}),
    ("rows-line-not-json", "rows", lambda m: {**m, "rows.jsonl": m["rows.jsonl"] + b"{oops\n"}, None, {}),
    ("rows-line-a-list", "rows", lambda m: {**m, "rows.jsonl": m["rows.jsonl"] + b"[1]\n"}, None, {}),
    ("db-garbage", "sqlite", _member("review.db", os.urandom(8192)), None, {}),
    ("db-zeros", "sqlite", _member("review.db", bytes(32 * 1024 * 1024)), None, {}),
    ("db-truncated", "sqlite", lambda m: {**m, "review.db": m["review.db"][:4096]}, None, {}),
    ("db-wrong-type", "sqlite", _sql("UPDATE targets SET version = 'abc'"), None, {}),
    ("db-bad-json", "sqlite", _sql("UPDATE projects SET settings = 'not json'"), None, {}),
    ("db-bad-block-kind", "sqlite", _sql("UPDATE segments SET block_kind = 'evil'"), None, {}),
    ("db-project-renamed", "sqlite", _sql("UPDATE projects SET name = 'renamed'"), None, {}),
    ("db-no-schema-version", "sqlite", _sql("DROP TABLE alembic_version"), None, {}),
    ("db-future-schema", "sqlite", _sql("UPDATE alembic_version SET version_num = '9999_future'"), None, {}),
    ("db-projects-is-a-view", "sqlite", _sql(
        "ALTER TABLE projects RENAME TO p2", "CREATE VIEW projects AS SELECT * FROM p2"), None, {}),
    ("db-extra-column", "sqlite", _sql("ALTER TABLE comments ADD COLUMN evil TEXT"), None, {}),
    ("db-over-size-cap", "sqlite", None, None, {"REVIEW_APP_RESTORE_MAX_BYTES": "4096"}),
    ("glossary-xxe", "sqlite", _member("glossary/musk-trump.tbx", XXE_TBX), None, {}),
]


def _write(path: Path, members: Members) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a duplicate name is the point of one case
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)


def _table_counts(url: str) -> dict[str, int]:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return {n: conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str | None]:
    """Where a restore writes: a new SQLite file in the folder (``None``) or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
        yield None
        return
    from review_app.store.db import open_database

    pg_url: str = request.getfixturevalue("pg_url")
    schema = request.getfixturevalue("pg_schema")
    url = f"{pg_url}?options=-csearch_path%3D{schema}"
    open_database(url).dispose()  # the schema exists before the restore, so a refusal must add no row
    monkeypatch.setenv("REVIEW_APP_DATABASE_URL", url)
    yield url


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("case", "kind", "mutate", "raw", "env"), CASES, ids=[c[0] for c in CASES])
def test_tampered_archive_is_refused_cleanly(
    case: str,
    kind: str,
    mutate: Mutation | None,
    raw: Callable[[bytes], bytes] | None,
    env: dict[str, str],
    genuine: dict[str, Members],
    target: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    work = tmp_path / "work"
    work.mkdir()
    archive = work / f"{case}.zip"
    members = mutate(genuine[kind]) if mutate else genuine[kind]
    _write(archive, members)
    if raw is not None:
        archive.write_bytes(raw(archive.read_bytes()))
    before_files = sorted(p.name for p in work.iterdir())
    before_rows = _table_counts(target) if target else None

    dest = work / "restored"
    res = _invoke("restore", str(archive), str(dest))

    assert res.exit_code == 2, (res.output, res.exception)
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.output
    assert str(archive) in lines[0]
    assert not dest.exists()
    assert sorted(p.name for p in work.iterdir()) == before_files  # no staging folder, no stray file
    assert not (tmp_path.parent / "evil.db").exists()
    if target:
        assert _table_counts(target) == before_rows


def test_genuine_archives_restore(genuine: dict[str, Members], target: str | None, tmp_path: Path) -> None:
    """The control of the corpus: both untouched archives restore, with the glossary carried."""
    for kind in ("rows", "sqlite"):
        archive = tmp_path / f"{kind}.zip"
        _write(archive, genuine[kind])
        dest = tmp_path / f"restored-{kind}"
        res = _invoke("restore", str(archive), str(dest))
        assert res.exit_code == 0, res.output
        assert (dest / "musk-trump.tbx").read_bytes() == GLOSSARY.read_bytes()
        assert 'glossary = "musk-trump.tbx"' in (dest / "review-app.toml").read_text(encoding="utf-8")
        from review_app.glossary import load_glossary
        from review_app.project import load_config

        gfile = load_config(dest).glossary_file()
        assert gfile == dest / "musk-trump.tbx" and load_glossary(gfile).concepts
        qa = _invoke("qa", str(dest), "--format", "json")
        assert qa.exit_code in (0, 1), qa.output
        assert "term-missing" in qa.output
        if target:  # the same project name exists now: the second kind must go to another schema
            break


def test_refused_postgresql_restore_can_be_retried(genuine: dict[str, Members], pg_url: str, pg_schema: str,
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On main a restore refused for its row counts left its rows committed; the retry said 'already exists'."""
    monkeypatch.setenv("REVIEW_APP_DATABASE_URL", f"{pg_url}?options=-csearch_path%3D{pg_schema}")
    bad = tmp_path / "bad.zip"
    _write(bad, _more_comments(genuine["rows"]))
    assert _invoke("restore", str(bad), str(tmp_path / "a")).exit_code == 2
    good = tmp_path / "good.zip"
    _write(good, genuine["rows"])
    res = _invoke("restore", str(good), str(tmp_path / "a"))
    assert res.exit_code == 0, res.output
    assert _invoke("segments", str(tmp_path / "a")).exit_code == 0


def test_archived_triggers_views_and_accounts_are_not_restored(
    genuine: dict[str, Members], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On main a trigger in the archived review.db survived the restore: one edit rewrote every source sentence."""
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    planted = _sql(
        "CREATE TRIGGER evil AFTER UPDATE ON targets BEGIN UPDATE segments SET source = 'pwned'; END",
        "CREATE VIEW evil_view AS SELECT * FROM segments",
        "CREATE TABLE evil_table (x)",
        "INSERT INTO users (name, password_hash, role, created_at, failed_logins) "
        "VALUES ('mallory', '$argon2id$x', 'admin', '2024-01-01 00:00:00', 0)",
    )(genuine["sqlite"])
    archive = tmp_path / "planted.zip"
    _write(archive, planted)
    dest = tmp_path / "restored"
    res = _invoke("restore", str(archive), str(dest))
    assert res.exit_code == 0, res.output
    conn = sqlite3.connect(dest / "review.db")
    try:
        query = "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        objects = {(t, n) for t, n in conn.execute(query)}
        assert not {n for t, n in objects if t in ("trigger", "view")}
        assert "evil_table" not in {n for _t, n in objects}
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    finally:
        conn.close()
    segs = json.loads(_invoke("segments", str(dest), "--format", "json").output)
    key = segs[-1]["id"]
    assert _invoke("edit", str(dest), key, "An edit.", "--version", "1").exit_code == 0
    segs_after = json.loads(_invoke("segments", str(dest), "--format", "json").output)
    assert [s["source"] for s in segs_after] == [s["source"] for s in segs]
    assert "pwned" not in json.dumps(segs_after)


def test_every_table_is_classified_for_backup() -> None:
    """A table another feature adds is backed up when it reaches ``projects``; any other must be listed in
    ``NOT_BACKED_UP`` with its reason, or this test fails (so no table is silently left out of backups)."""
    from review_app.backup import NOT_BACKED_UP, backed_up_tables, unclassified_tables

    assert unclassified_tables() == [], (
        "classify these tables: give them a foreign key that reaches projects, or add them to "
        "review_app.backup.NOT_BACKED_UP with the reason"
    )
    assert "users" in NOT_BACKED_UP and "users" not in backed_up_tables()
    assert {"projects", "segments", "targets", "revisions", "comments"} <= set(backed_up_tables())


def _killed(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "REVIEW_APP_DATABASE_URL"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def test_killed_restore_leaves_nothing_and_is_cleaned_next_time(genuine: dict[str, Members], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A restore SIGKILLed after half its rows leaves only its hidden staging folder, which the next restore of the
    same destination removes (on main the killed restore left a half-restored project folder)."""
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    archive = tmp_path / "b.zip"
    _write(archive, genuine["rows"])
    proc = _killed(f"""
        import os, signal
        from review_app import backup
        real = backup._Inserter.add
        calls = []
        def add(self, *a):
            calls.append(1)
            if len(calls) == 10:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(self, *a)
        backup._Inserter.add = add
        backup.restore_project({str(archive)!r}, {str(tmp_path / 'dest')!r})
    """, tmp_path)
    assert proc.returncode == -9, proc.stderr
    assert not (tmp_path / "dest").exists()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".dest.")]
    assert len(leftovers) == 1
    res = _invoke("restore", str(archive), str(tmp_path / "dest"))
    assert res.exit_code == 0, res.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dest.")]


def test_killed_init_leaves_nothing_and_init_runs_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On main a killed init left review.db without review-app.toml, and init then said the project existed."""
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    src = tmp_path / "a.ja.txt"
    src.write_text(SOURCE, encoding="utf-8")
    proc = _killed(f"""
        import os, signal
        from review_app import project
        def boom(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        project.import_document = boom
        project.init_project({str(tmp_path / 'p')!r}, source={str(src)!r})
    """, tmp_path)
    assert proc.returncode == -9, proc.stderr
    assert not (tmp_path / "p").exists()
    res = _invoke("init", str(tmp_path / "p"), "--source", str(src))
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ja.txt", "p"]
    # into an existing folder too (the user keeps the article there)
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "a.ja.txt").write_text(SOURCE, encoding="utf-8")
    proc = _killed(f"""
        import os, signal
        from review_app import project
        def boom(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        project.import_document = boom
        project.init_project({str(tmp_path / 'q')!r}, source={str(src)!r})
    """, tmp_path)
    assert proc.returncode == -9
    assert sorted(p.name for p in (tmp_path / "q").iterdir()) == ["a.ja.txt"]
    assert _invoke("init", str(tmp_path / "q"), "--source", str(src)).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "q").iterdir()) == ["a.ja.txt", "review-app.toml", "review.db"]


def test_killed_backup_temporary_copy_is_removed_by_the_next_backup(seed_project: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """On main every killed backup left a full copy of the database in the temporary folder, never cleaned."""
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    env_code = f"import tempfile; tempfile.tempdir = {str(tmpdir)!r}\n"
    proc = _killed(env_code + textwrap.dedent(f"""
        import os, signal
        from review_app import backup
        def boom(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)
        backup._write_archive = boom
        backup.backup_project({str(seed_project)!r}, {str(tmp_path / 'b.zip')!r})
    """), tmp_path)
    assert proc.returncode == -9, proc.stderr
    left = list(tmpdir.iterdir())
    assert len(left) == 1 and (left[0] / "review.db").exists()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))
    res = _invoke("backup", str(seed_project), "-o", str(tmp_path / "b.zip"))
    assert res.exit_code == 0, res.output
    assert list(tmpdir.iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_team_project_opened_without_url_creates_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "review-app.toml").write_text('name = "team"\nsource_lang = "ja"\ntarget_lang = "en"\n')
    res = _invoke("segments", str(folder))
    assert res.exit_code != 0
    assert "REVIEW_APP_DATABASE_URL" in res.output and len(res.output.strip().splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["review-app.toml"]


def test_restore_keeps_the_other_settings_of_the_configuration(genuine: dict[str, Members], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """``team = true`` (sign-in required) and tables such as ``[qa]`` survive; only the glossary line changes."""
    import tomllib

    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    cfg = genuine["rows"]["review-app.toml"].decode() + 'team = true\n\n[qa]\ndisabled = ["length-outlier"]\n'
    archive = tmp_path / "team.zip"
    _write(archive, {**genuine["rows"], "review-app.toml": cfg.encode()})
    res = _invoke("restore", str(archive), str(tmp_path / "r"))
    assert res.exit_code == 0, res.output
    restored = tomllib.loads((tmp_path / "r" / "review-app.toml").read_text(encoding="utf-8"))
    assert restored["team"] is True and restored["qa"] == {"disabled": ["length-outlier"]}
    assert restored["glossary"] == "musk-trump.tbx" and restored["name"] == "tamper"
