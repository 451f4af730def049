"""Team-mode security (issue 9, parts 4 and 5): roles, secrets and HTML escaping.

* Roles: every ReviewService / MQM / QA / glossary / export / users entry point is called as nobody, as a
  translator, a reviewer and an admin; exactly the roles of :data:`review_app.review.PERMISSIONS` may call it
  (translator cannot approve, edit the glossary or export; reviewer cannot manage users), and a refused call
  changes nothing (no export file, no row).
* Secrets: password hashes and passwords never appear in the log records (``caplog`` at DEBUG) or in any
  export; the DeepL key (``DEEPL_AUTH_KEY``) never appears in the database file, the exports, a backup or the
  logs after a real run against the fake DeepL server.
* XSS: HTML/JS in the source, targets, comments, glossary terms and user names is escaped in every HTML
  export: the parsed document has no element or attribute beyond those of a payload-free export, and the
  payloads are present as text (OWASP XSS Prevention Cheat Sheet, rule #1 "HTML encode").
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from review_app.errors import PermissionDenied
from review_app.exporters import EXPORTERS
from review_app.models import Role
from tests.conftest import SEED

ROLES: list[Role | None] = [None, Role.TRANSLATOR, Role.REVIEWER, Role.ADMIN]
ALL = frozenset(Role)
REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass
class Ctx:
    project: Path
    svc: Any
    keys: list[str]
    versions: dict[str, int]
    tmp: Path
    db: Any


def _fresh_version(ctx: Ctx, key: str) -> int:
    from review_app.review import Actor, ReviewService

    return int(ReviewService(ctx.db, ctx.svc.project_name, Actor("probe", Role.ADMIN)).get_segment(key).version)


def _export(fmt: str) -> Callable[[Ctx], Any]:
    def call(ctx: Ctx) -> Any:
        from review_app.exporters import get_exporter
        from review_app.exporters.base import ProjectData

        data = ProjectData(ctx.svc, ctx.svc.project_name, ctx.svc.source_lang, ctx.svc.target_lang)
        dest = ctx.tmp / f"export-{fmt}.out"
        try:
            return get_exporter(fmt).export(data, dest)
        finally:
            if not ctx.svc.can("export"):
                assert not dest.exists(), "a refused export left a file"
            assert not list(ctx.tmp.glob(f".export-{fmt}.out.*.part"))

    return call


def _glossary_edit(ctx: Ctx) -> Any:
    """Save an edit of a copy of the shipped glossary through the review service; a refusal leaves it as it was."""
    import shutil

    from review_app.glossary import load_glossary
    from tests.conftest import ROOT

    who = ctx.svc.actor.role.value if ctx.svc.actor else "nobody"
    folder = ctx.tmp / f"glossary-{who}"
    folder.mkdir()
    path = folder / "glossary.tbx"
    shutil.copy(ROOT / "glossary" / "musk-trump.tbx", path)
    before = path.read_bytes()
    base = load_glossary(path)
    edited = base.with_concepts(c for c in base.concepts if c.id != "doge")
    try:
        return ctx.svc.save_glossary(edited, path, base_hash=base.content_hash)
    finally:
        if not ctx.svc.can("glossary"):
            assert path.read_bytes() == before, "a refused glossary edit changed the file"
            assert [p.name for p in folder.iterdir()] == ["glossary.tbx"]


def _users(action: str) -> Callable[[Ctx], Any]:
    def call(ctx: Ctx) -> Any:
        from argon2 import PasswordHasher

        from review_app.users import UserService

        us = UserService(ctx.db, ctx.svc.actor, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        who = ctx.svc.actor.role.value if ctx.svc.actor else "nobody"
        if action == "create":
            return us.create_user(f"new-{who}", "correct horse battery", Role.TRANSLATOR)
        if action == "list":
            return us.list_users()
        if action == "set_role":
            return us.set_role("victim", Role.ADMIN)
        return us.set_password("victim", "another long password")

    return call


def _mqm_add(ctx: Ctx) -> Any:
    from review_app.mqm import MqmService

    return MqmService(ctx.svc).add_annotation(ctx.keys[0], start=0, end=1, category="fluency/grammar", severity="minor")


def _mqm_delete(ctx: Ctx) -> Any:
    from review_app.mqm import MqmService
    from review_app.review import Actor, ReviewService

    admin = MqmService(ReviewService(ctx.db, ctx.svc.project_name, Actor("setup", Role.ADMIN)))
    ann = admin.add_annotation(ctx.keys[0], start=0, end=1, category="fluency/grammar", severity="minor")
    return MqmService(ctx.svc).delete_annotation(ann.id, reason="test")


def _qa_dismiss(ctx: Ctx, undo: bool = False) -> Any:
    from review_app import qa
    from review_app.review import Actor, ReviewService

    admin = ReviewService(ctx.db, ctx.svc.project_name, Actor("setup", Role.ADMIN))
    qa.run_project(admin)
    issue = qa.list_issues(admin, include_dismissed=True)[0]
    if undo:
        qa.dismiss(admin, issue.fingerprint)
        return qa.undismiss(ctx.svc, issue.fingerprint)
    return qa.dismiss(ctx.svc, issue.fingerprint, reason="fp")


def _candidates(ctx: Ctx) -> Any:
    from review_app.models import Candidate

    return ctx.svc.add_candidates([Candidate("e", "cand", {"kind": "test"}, ctx.keys[3])])


def _revert(ctx: Ctx) -> Any:
    from review_app.review import Actor, ReviewService

    probe = ReviewService(ctx.db, ctx.svc.project_name, Actor("probe", Role.ADMIN))
    rev_id = next(h.id for h in probe.history(ctx.keys[1]) if h.field == "target")
    return ctx.svc.revert(ctx.keys[1], rev_id, expected_version=_fresh_version(ctx, ctx.keys[1]))


# (entry point, call, roles allowed, known gap: reason the check is skipped)
ENTRY_POINTS: list[tuple[str, Callable[[Ctx], Any], frozenset[Role], str | None]] = [
    ("list_segments", lambda c: c.svc.list_segments(limit=3), ALL, None),
    ("get_segment", lambda c: c.svc.get_segment(c.keys[0]), ALL, None),
    ("history", lambda c: c.svc.history(c.keys[0]), ALL, None),
    ("comments", lambda c: c.svc.comments(c.keys[0]), ALL, None),
    ("candidates", lambda c: c.svc.candidates(c.keys[0]), ALL, None),
    (
        "count_segments",
        lambda c: c.svc.count_segments(),
        ALL,
        None,
    ),
    (
        "status_counts",
        lambda c: c.svc.status_counts(),
        ALL,
        None,
    ),
    (
        "recent_activity",
        lambda c: c.svc.recent_activity(),
        ALL,
        None,
    ),
    (
        "save_target",
        lambda c: c.svc.save_target(c.keys[1], "edited <b>", expected_version=_fresh_version(c, c.keys[1])),
        ALL,
        None,
    ),
    (
        "set_status translated",
        lambda c: c.svc.set_status(c.keys[2], "translated", expected_version=_fresh_version(c, c.keys[2])),
        ALL,
        None,
    ),
    ("approve", lambda c: c.svc.approve(c.keys[4], expected_version=_fresh_version(c, c.keys[4])), REVIEWERS, None),
    (
        "set_status reviewed",
        lambda c: c.svc.set_status(c.keys[5], "reviewed", expected_version=_fresh_version(c, c.keys[5])),
        REVIEWERS,
        None,
    ),
    (
        "set_status rejected",
        lambda c: c.svc.set_status(c.keys[6], "rejected", expected_version=_fresh_version(c, c.keys[6])),
        REVIEWERS,
        None,
    ),
    (
        "save_target status=approved",
        lambda c: c.svc.save_target(
            c.keys[7], "new text", expected_version=_fresh_version(c, c.keys[7]), status="approved"
        ),
        REVIEWERS,
        None,
    ),
    (
        "correct_source",
        lambda c: c.svc.correct_source(c.keys[8], "訂正した原文。", expected_source_version=1),
        REVIEWERS,
        None,
    ),
    ("add_comment", lambda c: c.svc.add_comment(c.keys[0], "a comment"), ALL, None),
    ("revert", _revert, ALL, None),
    ("add_candidates", _candidates, REVIEWERS, None),
    ("import", lambda c: c.svc.require("import"), ADMINS, None),
    ("glossary edit", _glossary_edit, REVIEWERS, None),
    ("mqm add", _mqm_add, REVIEWERS, None),
    ("mqm delete", _mqm_delete, REVIEWERS, None),
    ("mqm list", lambda c: __import__("review_app.mqm", fromlist=["MqmService"]).MqmService(c.svc).list(), ALL, None),
    ("qa run", lambda c: __import__("review_app.qa", fromlist=["run_project"]).run_project(c.svc), ALL, None),
    ("qa list", lambda c: __import__("review_app.qa", fromlist=["list_issues"]).list_issues(c.svc), ALL, None),
    ("qa dismiss", _qa_dismiss, REVIEWERS, None),
    ("qa undismiss", lambda c: _qa_dismiss(c, undo=True), REVIEWERS, None),
    ("users create", _users("create"), ADMINS, None),
    ("users list", _users("list"), ADMINS, None),
    ("users set_role", _users("set_role"), ADMINS, None),
    ("users set_password", _users("set_password"), ADMINS, None),
    # every registered exporter: a new one is held to the export permission without an edit here
    *[(f"export {fmt}", _export(fmt), REVIEWERS, None) for fmt in EXPORTERS.names()],
]


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Any, list[str]]]:
    from argon2 import PasswordHasher

    from review_app.project import init_project, open_project
    from review_app.review import Actor
    from review_app.users import UserService

    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    proj = tmp_path / "team"
    init_project(proj, source=SEED)
    op = open_project(proj)
    admin = op.service(Actor("boss", Role.ADMIN))
    keys = [s.key for s in admin.list_segments(limit=12)]
    for i, k in enumerate(keys[:10]):
        admin.save_target(k, f"Existing translation {i}.", expected_version=1)
    UserService(
        op.db, Actor("boss", Role.ADMIN), hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    ).create_user("victim", "victim password 1", Role.TRANSLATOR)
    try:
        yield proj, op, keys
    finally:
        op.close()


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "nobody")
def test_roles_are_enforced_on_every_entry_point(
    role: Role | None, team: tuple[Path, Any, list[str]], tmp_path: Path
) -> None:
    from review_app.review import Actor, ReviewService

    proj, op, keys = team
    actor = Actor(f"user-{role.value}", role) if role else None
    svc = ReviewService(op.db, op.config.name, actor)
    ctx = Ctx(proj, svc, keys, {}, tmp_path, op.db)
    problems: list[str] = []
    for name, call, allowed, gap in ENTRY_POINTS:
        expect_ok = role is not None and role in allowed
        try:
            call(ctx)
        except PermissionDenied as exc:
            if expect_ok:
                problems.append(f"{name}: {role} refused: {exc}")
            continue
        if not expect_ok and not gap:
            problems.append(f"{name}: {role.value if role else 'nobody'} was allowed")
    assert problems == []


def test_denied_actions_write_nothing(team: tuple[Path, Any, list[str]]) -> None:
    import sqlalchemy as sa

    from review_app.review import Actor, ReviewService

    _proj, op, keys = team

    def counts() -> dict[str, int]:
        with op.db.engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return {n: int(conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar() or 0) for n in names}

    before = counts()
    svc = ReviewService(op.db, op.config.name, Actor("t", Role.TRANSLATOR))
    v = svc.get_segment(keys[4]).version
    for call in (
        lambda: svc.approve(keys[4], expected_version=v),
        lambda: svc.correct_source(keys[4], "違う。", expected_source_version=1),
        lambda: _candidates(Ctx(_proj, svc, keys, {}, _proj, op.db)),
        lambda: ReviewService(op.db, op.config.name, None).add_comment(keys[0], "anonymous"),
        lambda: ReviewService(op.db, op.config.name, None).save_target(keys[0], "anonymous", expected_version=2),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert counts() == before
    assert svc.get_segment(keys[4]).status.value != "approved"


# -- secrets ---------------------------------------------------------------------------------------------------

ALL_EXPORTS = tuple(EXPORTERS.names())
"""Every registered format (tests/test_export.py pins the list): a new exporter is covered here without an edit."""


def _export_all(project: Path, out: Path) -> list[Path]:
    from review_app.exporters import export_project

    out.mkdir(exist_ok=True)
    return [export_project(project, fmt, out / f"export.{fmt}") for fmt in ALL_EXPORTS]


def _contents(path: Path) -> bytes:
    """A file's bytes, plus every member's bytes for zip containers (docx, xlsx, backups)."""
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            data += b"".join(z.read(n) for n in z.namelist())
    return data


def test_passwords_and_hashes_never_logged_or_exported(
    team: tuple[Path, Any, list[str]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from argon2 import PasswordHasher

    from review_app.review import Actor
    from review_app.users import UserService

    proj, op, _keys = team
    password = "s3cret-Passw0rd-xyz"
    caplog.set_level(logging.DEBUG)
    us = UserService(op.db, Actor("boss", Role.ADMIN), hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    us.create_user("carol", password, Role.REVIEWER)
    us.authenticate("carol", password)
    for _ in range(4):
        with pytest.raises(PermissionDenied) as exc:
            us.authenticate("carol", password + "-wrong")
        assert password not in str(exc.value)
    us.set_password("carol", password + "-new")
    with op.db.engine.connect() as conn:
        import sqlalchemy as sa

        stored = str(conn.execute(sa.text("SELECT password_hash FROM users WHERE name = 'carol'")).scalar())
    assert stored.startswith("$argon2id$") and password not in stored
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert password not in logged and "$argon2" not in logged
    for path in _export_all(proj, tmp_path / "exports"):
        data = _contents(path)
        assert b"$argon2" not in data and password.encode() not in data, path.name


def test_deepl_key_never_stored_exported_or_logged(
    team: tuple[Path, Any, list[str]],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from click.testing import CliRunner

    from review_app.cli import main
    from review_app.engines.deepl import DeepLEngine
    from review_app.engines.runner import BatchRunner
    from review_app.review import Actor
    from tests.fake_deepl import FakeDeepL

    proj, op, keys = team
    key = "f63c02c5-f056-4a7a-9b3c-SECRETKEY000:fx"
    monkeypatch.setenv("DEEPL_AUTH_KEY", key)
    caplog.set_level(logging.DEBUG)
    fake = FakeDeepL(auth_key=key).start()
    try:
        engine = DeepLEngine(server_url=fake.url)
        try:
            svc = op.service(Actor("boss", Role.ADMIN))
            runner = BatchRunner(svc, engine)
            report = runner.run(runner.plan(keys))
        finally:
            engine.close()
        assert report.translated > 0 and fake.character_count > 0
        res = CliRunner().invoke(main, ["translate", str(proj), "--engine", "deepl", "--server-url", fake.url, "-y"])
        assert res.exit_code == 0, res.output
        assert key not in res.output
    finally:
        fake.stop()
    bad = CliRunner().invoke(
        main,
        ["translate", str(proj), "--engine", "deepl", "--server-url", "http://127.0.0.1:9", "-y", "--max-retries", "0"],
    )
    assert key not in bad.output
    op.db.dispose()
    files = [*_export_all(proj, tmp_path / "exports")]
    backup = tmp_path / "b.zip"
    assert CliRunner().invoke(main, ["backup", str(proj), "-o", str(backup)]).exit_code == 0
    files.append(backup)
    files += [p for p in proj.iterdir() if p.is_file()]  # review.db, -wal, config
    for path in files:
        assert key.encode() not in _contents(path), path.name
        assert b"SECRETKEY000" not in _contents(path), path.name
    logged = caplog.text + "".join(str(r.args) for r in caplog.records) + str(capsys.readouterr())
    assert "SECRETKEY000" not in logged


# -- XSS -------------------------------------------------------------------------------------------------------

PAYLOADS = [
    '<script>alert("t")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(2)>',
    "<a href='javascript:alert(3)'>x</a>",
    "</textarea><iframe src=javascript:alert(4)>",
]


def _shape(html: str) -> tuple[dict[str, int], set[str], int]:
    """Element counts by tag, the set of event-handler attributes, and javascript: URLs of a parsed page."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    tags: dict[str, int] = {}
    handlers: set[str] = set()
    js = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tags[el.tag] = tags.get(el.tag, 0) + 1
        for attr, value in el.attrib.items():
            if attr.lower().startswith("on"):
                handlers.add(attr)
            if value.strip().lower().startswith("javascript:"):
                js += 1
    return tags, handlers, js


def _xss_project(tmp_path: Path, name: str, payloads: list[str]) -> tuple[Path, Any]:
    from review_app import qa
    from review_app.glossary.model import Concept, Glossary, Term, TermStatus
    from review_app.mqm import MqmService
    from review_app.project import init_project, open_project
    from review_app.review import Actor

    src = tmp_path / f"{name}.ja.txt"
    lines = [f"トランプ氏は{p}と言った。" for p in payloads] or ["トランプ氏は何も言わなかった。"]
    src.write_text("見出し\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    proj = tmp_path / name
    init_project(proj, source=src)
    op = open_project(proj)
    try:
        user = payloads[0] if payloads else "plain user"
        svc = op.service(Actor(user, Role.ADMIN))
        segs = svc.list_segments()
        for i, s in enumerate(segs[1:]):
            text = f"Trump said {payloads[i % len(payloads)]}." if payloads else "Trump said nothing."
            v = svc.save_target(s.key, text, expected_version=s.version)
            svc.add_comment(s.key, payloads[(i + 1) % len(payloads)] if payloads else "fine")
            MqmService(svc).add_annotation(
                s.key,
                start=0,
                end=5,
                category="accuracy/mistranslation",
                severity="major",
                note=payloads[i % len(payloads)] if payloads else "n",
            )
            svc.approve(s.key, expected_version=v.version)
        term = payloads[1] if payloads else "Mr Trump"
        glossary = Glossary(
            concepts=(
                Concept(
                    id="c1",
                    terms=(Term("トランプ", "ja", TermStatus.PREFERRED), Term(term, "en", TermStatus.PREFERRED)),
                ),
            ),
            source_lang="ja",
            target_lang="en",
        )
        issues = qa.run_project(svc, glossary=glossary)
        assert issues, "the glossary check should report the missing term"
    finally:
        op.close()
    return proj, glossary


@pytest.mark.parametrize("fmt", ["html", "en-html", "qa-html"])
def test_html_exports_escape_markup(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.exporters import export_project

    monkeypatch.delenv("REVIEW_APP_DATABASE_URL", raising=False)
    clean, _ = _xss_project(tmp_path, "clean", [])
    hostile, _ = _xss_project(tmp_path, "hostile", PAYLOADS)
    base = export_project(clean, fmt, tmp_path / f"clean.{fmt}.html").read_text(encoding="utf-8")
    page = export_project(hostile, fmt, tmp_path / f"hostile.{fmt}.html").read_text(encoding="utf-8")
    base_tags, base_handlers, base_js = _shape(base)
    tags, handlers, js = _shape(page)
    assert handlers <= base_handlers, f"injected event handlers: {handlers - base_handlers}"
    assert js == base_js, "an injected javascript: URL"
    for tag in ("script", "img", "svg", "iframe", "a", "textarea"):
        assert tags.get(tag, 0) == base_tags.get(tag, 0), f"injected <{tag}> elements"
    import lxml.html

    text = lxml.html.document_fromstring(page).text_content()
    shown = [p for p in PAYLOADS if p in text]
    assert shown, "the payloads should be shown as text"
