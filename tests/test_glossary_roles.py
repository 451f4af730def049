"""Glossary edits are role-checked in the review service, not only by the app page (issue 9, part 5).

* :meth:`ReviewService.save_glossary` is called as nobody, translator, reviewer and admin on a copy of the shipped
  glossary: exactly the roles of ``PERMISSIONS["glossary"]`` may save; a refused call raises
  :class:`PermissionDenied` before the file is even read, and leaves the file byte-for-byte as it was.
* The optimistic check works through the service (a save from an outdated glossary is refused), and concurrent
  saves that started from the same content let exactly one through (the check and the write are one step).
* The app's Glossary page saves through the service (a spy on the service method sees the page's save).
"""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest

from review_app.errors import PermissionDenied
from review_app.glossary import load_glossary
from review_app.glossary.versioning import GlossaryConflict
from review_app.models import Role
from review_app.review import PERMISSIONS, Actor, ReviewService
from tests.conftest import ROOT, start_app

SHIPPED = ROOT / "glossary" / "musk-trump.tbx"
ROLES: list[Role | None] = [None, Role.TRANSLATOR, Role.REVIEWER, Role.ADMIN]


@pytest.fixture
def gloss(tmp_path: Path) -> Path:
    (tmp_path / "terms").mkdir()
    path = tmp_path / "terms" / "glossary.tbx"
    shutil.copy(SHIPPED, path)
    return path


def _service(project: Path, role: Role | None) -> tuple[Any, ReviewService]:
    from review_app.project import open_project

    op = open_project(project)
    actor = Actor(f"user-{role.value}", role) if role else None
    return op, ReviewService(op.db, op.config.name, actor)


def _without(glossary: Any, concept_id: str) -> Any:
    assert concept_id in glossary
    return glossary.with_concepts(c for c in glossary.concepts if c.id != concept_id)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value if r else "nobody")
def test_save_glossary_needs_the_glossary_permission(role: Role | None, seed_project: Path, gloss: Path) -> None:
    before_bytes = gloss.read_bytes()
    before = load_glossary(gloss)
    op, svc = _service(seed_project, role)
    try:
        allowed = role is not None and role in PERMISSIONS["glossary"]
        if not allowed:
            with pytest.raises(PermissionDenied, match="sign in" if role is None else "may not glossary"):
                svc.save_glossary(_without(before, "doge"), gloss, base_hash=before.content_hash)
            assert gloss.read_bytes() == before_bytes
            assert sorted(p.name for p in gloss.parent.iterdir()) == ["glossary.tbx"]  # no temporary file either
            # refused before the file is looked at: a bad destination still says "permission", not "bad file"
            with pytest.raises(PermissionDenied):
                svc.save_glossary(before, gloss.parent / "missing" / "glossary.doc")
            return
        saved = svc.save_glossary(_without(before, "doge"), gloss, base_hash=before.content_hash)
    finally:
        op.close()
    after = load_glossary(gloss)
    assert saved.version == after.version == "1.1"
    assert "doge" not in after and len(after) == len(before) - 1
    assert after.content_hash == saved.content_hash


def test_the_policy_is_reviewers_and_admins() -> None:
    """The tests above derive the allowed roles from PERMISSIONS; pin the policy itself (docs/security.md):
    reviewers keep the termbase and publish, translators do neither."""
    assert PERMISSIONS["glossary"] == PERMISSIONS["export"] == frozenset({Role.REVIEWER, Role.ADMIN})


def test_save_glossary_refuses_an_outdated_edit(seed_project: Path, gloss: Path) -> None:
    base = load_glossary(gloss)
    op, alice = _service(seed_project, Role.ADMIN)
    try:
        bob = ReviewService(op.db, op.config.name, Actor("bob", Role.ADMIN))
        alice.save_glossary(_without(base, "eagle-pass"), gloss, base_hash=base.content_hash)
        with pytest.raises(GlossaryConflict, match="changed by someone else"):
            bob.save_glossary(_without(base, "doge"), gloss, base_hash=base.content_hash)
    finally:
        op.close()
    now = load_glossary(gloss)
    assert "doge" in now and "eagle-pass" not in now and now.version == "1.1"


def _racer(project: str, path: str, base_hash: str, drop: str, barrier: Any, results: Any) -> None:
    from review_app.glossary import load_glossary
    from review_app.glossary.versioning import GlossaryConflict
    from review_app.project import open_project

    base = load_glossary(path)
    edited = base.with_concepts(c for c in base.concepts if c.id != drop)
    op = open_project(project)
    try:
        svc = op.service(Actor(f"admin-{drop}", Role.ADMIN))
        barrier.wait(timeout=60)
        try:
            svc.save_glossary(edited, path, base_hash=base_hash)
            results.put(("saved", drop))
        except GlossaryConflict:
            results.put(("conflict", drop))
    except Exception as exc:  # reported to the test, which fails on anything but saved/conflict
        results.put(("error", f"{drop}: {exc!r}"))
    finally:
        op.close()


def test_concurrent_saves_from_the_same_content_let_exactly_one_through(seed_project: Path, gloss: Path) -> None:
    base = load_glossary(gloss)
    drops = [c.id for c in base.concepts[:6]]
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(drops))
    results = ctx.Queue()
    procs = [
        ctx.Process(target=_racer, args=(str(seed_project), str(gloss), base.content_hash, d, barrier, results))
        for d in drops
    ]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    saved = [d for kind, d in outcomes if kind == "saved"]
    assert sorted(kind for kind, _ in outcomes) == ["conflict"] * (len(drops) - 1) + ["saved"], outcomes
    final = load_glossary(gloss)
    assert final.version == "1.1"
    assert [d for d in drops if d not in final] == saved  # the one accepted edit, and only it, is in the file


def test_the_glossary_page_saves_through_the_service(
    seed_project: Path, gloss: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    calls: list[tuple[str | None, str]] = []
    real = ReviewService.save_glossary

    def spy(self: ReviewService, glossary: Any, path: Any, *, base_hash: str | None = None) -> Any:
        calls.append((self.actor.name if self.actor else None, str(path)))
        return real(self, glossary, path, base_hash=base_hash)

    monkeypatch.setattr(ReviewService, "save_glossary", spy)
    app = start_app(monkeypatch, seed_project, glossary=gloss)
    app.run()
    app.switch_page("app_pages/glossary.py").run()
    assert not app.exception, app.exception
    app.text_input(key="gl_search").input("イーグル").run()
    app.selectbox(key="gl_0_eagle-pass_2_status").set_value("admitted")
    app.button(key="gl_save").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    assert calls == [(calls[0][0], str(gloss))] and calls[0][0]  # one save, by the page's signed-in user
    after = load_glossary(gloss)
    assert after.version == "1.1"
    assert {t.text: t.status.value for t in after.get("eagle-pass").terms}["Eagle Pass"] == "admitted"
