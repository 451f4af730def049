"""Services behind the review app: MQM annotation/scoring and team-mode users (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

from review_app.errors import InputError, NotFoundError, PermissionDenied
from review_app.models import Role
from review_app.mqm import CATEGORIES, SEVERITY_WEIGHTS, MqmService, find_span, word_count
from review_app.project import import_document
from review_app.review import Actor, ReviewService
from review_app.segment import parse_document
from review_app.store.schema import ProjectRow, utcnow
from review_app.users import FREE_ATTEMPTS, UserService

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # test speed only; production uses defaults


@pytest.fixture
def project(database, seed_text):
    with database.session() as s:
        row = ProjectRow(name="seed", source_lang="ja", target_lang="en", settings={}, created_at=utcnow())
        s.add(row)
    with database.session() as s:
        pid = s.query(ProjectRow).filter_by(name="seed").one().id
    doc = parse_document(seed_text, name="source.ja.txt")
    import_document(database, pid, doc, name="source.ja.txt", source_path=None)
    return database


def _svc(db, role=Role.REVIEWER, name="rita"):
    return ReviewService(db, "seed", Actor(name, role))


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), (None, 0), ("Musk appeared in Eagle Pass, Texas.", 6), ("don't stop well-known", 3), ("鷹潭", 1)],
)
def test_word_count(text, words):
    assert word_count(text) == words


def test_find_span():
    assert find_span("a b a b", "b", 2) == (6, 7)
    with pytest.raises(InputError):
        find_span("abc", "x")
    with pytest.raises(InputError):
        find_span("abc", "")


def test_mqm_annotate_score_and_history(project):
    svc = _svc(project)
    key = svc.list_segments(search="鷹潭")[0].key
    target = "Musk appeared in Yingtan, Texas, and said nothing ."
    svc.save_target(key, target, expected_version=1)
    mqm = MqmService(svc)
    s, e = find_span(target, "Yingtan")
    a = mqm.add_annotation(
        key, start=s, end=e, category="accuracy/mistranslation", severity="major", note="鷹潭=Eagle Pass"
    )
    s2, e2 = find_span(target, " .")
    mqm.add_annotation(key, start=s2, end=e2, category="fluency/punctuation", severity="minor-punctuation")
    assert a.span_text == "Yingtan" and a.weight == 5
    score = mqm.score(key)
    words = word_count(target)
    assert score.penalty == pytest.approx(5.1) and score.words == words == 8
    assert score.score == pytest.approx(1 - 5.1 / 8)
    assert score.per_1000_words == pytest.approx(5.1 / 8 * 1000)
    assert score.by_severity == {"major": 1, "minor-punctuation": 1}
    doc = mqm.score()
    assert doc.words == words and doc.penalty == pytest.approx(5.1)  # only one segment has a target
    hist = [h for h in svc.history(key) if h.field == "mqm"]
    assert len(hist) == 2 and "accuracy/mistranslation major [17:24] 'Yingtan'" in (hist[0].new or "")
    mqm.delete_annotation(a.id, reason="wrong")
    assert [x.category for x in mqm.list(key)] == ["fluency/punctuation"]
    hist = [h for h in svc.history(key) if h.field == "mqm"]
    assert hist[-1].new is None and "Yingtan" in (hist[-1].old or "") and hist[-1].reason == "wrong"
    assert mqm.annotated_keys() == {key: 1}


def test_mqm_empty_document_has_no_score(project):
    score = MqmService(_svc(project)).score()
    assert score.words == 0 and score.score is None and score.per_1000_words is None


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"start": 0, "end": 4, "category": "accuracy", "severity": "major"}, InputError),
        ({"start": 0, "end": 4, "category": "style", "severity": "huge"}, InputError),
        ({"start": 0, "end": 4, "category": "style", "severity": "minor-punctuation"}, InputError),
        ({"start": 3, "end": 2, "category": "style", "severity": "minor"}, InputError),
        ({"start": 0, "end": 999, "category": "style", "severity": "minor"}, InputError),
        ({"start": 2, "end": 2, "category": "style", "severity": "minor"}, InputError),
        ({"start": 0, "end": 4, "category": "style", "severity": "minor", "side": "middle"}, InputError),
    ],
)
def test_mqm_rejects_bad_annotations(project, kwargs, error):
    svc = _svc(project)
    key = svc.list_segments(limit=1)[0].key
    svc.save_target(key, "Once a power couple.", expected_version=1)
    with pytest.raises(error):
        MqmService(svc).add_annotation(key, **kwargs)


def test_mqm_omission_on_source_with_empty_span(project):
    svc = _svc(project)
    seg = svc.list_segments(limit=1)[0]
    a = MqmService(svc).add_annotation(seg.key, side="source", start=0, end=2, category="accuracy/omission",
                                       severity="minor")
    assert a.span_text == seg.source[:2] and a.side == "source"
    b = MqmService(svc).add_annotation(seg.key, start=0, end=0, category="accuracy/omission", severity="major")
    assert b.span_text == ""


@pytest.mark.parametrize(("role", "allowed"), [(Role.TRANSLATOR, False), (Role.REVIEWER, True), (Role.ADMIN, True)])
def test_mqm_permission(project, role, allowed):
    svc = _svc(project, role)
    key = svc.list_segments(limit=1)[0].key
    svc.save_target(key, "Once a power couple.", expected_version=1)
    mqm = MqmService(svc)
    if allowed:
        a = mqm.add_annotation(key, start=0, end=4, category="style", severity="minor")
        mqm.delete_annotation(a.id)
    else:
        with pytest.raises(PermissionDenied):
            mqm.add_annotation(key, start=0, end=4, category="style", severity="minor")
    assert mqm.list(key) == []
    with pytest.raises(NotFoundError):
        MqmService(_svc(project)).delete_annotation(12345)


def test_mqm_tables_are_complete():
    assert SEVERITY_WEIGHTS == {"critical": 25, "major": 5, "minor": 1, "minor-punctuation": 0.1,
                                "non-translation": 25}
    assert {c.split("/")[0] for c in CATEGORIES} == {"accuracy", "fluency", "terminology", "style",
                                                     "locale-convention"}


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_users_create_authenticate_roles(database):
    admin = UserService(database, Actor("boot", Role.ADMIN), hasher=FAST)
    u = admin.create_user("alice", "correct horse", "reviewer")
    assert u.role is Role.REVIEWER
    with database.session() as s:
        from review_app.store.schema_users import UserRow

        stored = s.query(UserRow).filter_by(name="alice").one().password_hash
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert admin.authenticate("alice", "correct horse") == Actor("alice", Role.REVIEWER)
    admin.set_role("alice", Role.ADMIN)
    assert admin.authenticate("alice", "correct horse").role is Role.ADMIN
    assert [x.name for x in admin.list_users()] == ["alice"]
    with pytest.raises(InputError):
        admin.create_user("alice", "another pass", "translator")
    with pytest.raises(InputError):
        admin.create_user("bob", "short", "translator")
    with pytest.raises(InputError):
        admin.create_user("bob smith", "long enough", "translator")
    with pytest.raises(InputError):
        admin.create_user("bob", "long enough", "boss")
    with pytest.raises(NotFoundError):
        admin.set_role("nobody", "admin")


@pytest.mark.parametrize("role", [Role.TRANSLATOR, Role.REVIEWER, None])
def test_users_need_admin(database, role):
    svc = UserService(database, Actor("x", role) if role else None, hasher=FAST)
    for call in (lambda: svc.create_user("bob", "long enough"), svc.list_users, lambda: svc.set_role("bob", "admin")):
        with pytest.raises(PermissionDenied):
            call()


def test_users_brute_force_slowing(database):
    clock = Clock()
    svc = UserService(database, Actor("boot", Role.ADMIN), hasher=FAST, clock=clock)
    svc.create_user("alice", "correct horse", "translator")
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(PermissionDenied, match="wrong user name or password"):
            svc.authenticate("alice", "guess")
    # locked now: even the right password is refused until the lock expires
    with pytest.raises(PermissionDenied, match="try again in"):
        svc.authenticate("alice", "correct horse")
    clock.now += timedelta(seconds=2)
    with pytest.raises(PermissionDenied, match="wrong"):
        svc.authenticate("alice", "guess again")  # 4th failure: 2 s lock
    clock.now += timedelta(seconds=1)
    with pytest.raises(PermissionDenied, match="try again"):
        svc.authenticate("alice", "correct horse")
    clock.now += timedelta(seconds=2)
    assert svc.authenticate("alice", "correct horse").name == "alice"
    assert svc.list_users()[0].failed_logins == 0
    with pytest.raises(PermissionDenied, match="wrong user name or password"):
        svc.authenticate("mallory", "whatever")


def test_users_cli(seed_project, monkeypatch):
    from review_app.cli import main

    runner = CliRunner()
    monkeypatch.setenv("REVIEW_APP_PASSWORD", "s3cret-pass")
    r = runner.invoke(main, ["users", "add", str(seed_project), "rita", "--role", "reviewer"])
    assert r.exit_code == 0, r.output
    assert "created user rita (reviewer)" in r.output
    r = runner.invoke(main, ["users", "set-role", str(seed_project), "rita", "admin"])
    assert r.exit_code == 0 and "rita is now admin" in r.output
    r = runner.invoke(main, ["users", "list", str(seed_project)])
    assert "rita" in r.output and "admin" in r.output and "1 users" in r.output
    r = runner.invoke(main, ["users", "set-role", str(seed_project), "nobody", "admin"])
    assert r.exit_code != 0 and "no user named 'nobody'" in r.output
    monkeypatch.setenv("REVIEW_APP_PASSWORD", "short")
    r = runner.invoke(main, ["users", "add", str(seed_project), "tom"])
    assert r.exit_code == 2 and "at least 8 characters" in r.output


def test_mqm_without_annotations_has_no_score_and_junk_does_not_inflate_words(project):
    # Bug 3 of issue 18: no annotation at all gave a score of 100.0 (1 − 0/EWC), and one junk 100k-character
    # target counted ~20,000 words, more than the whole article
    svc = _svc(project)
    segs = svc.list_segments(limit=3)
    good = "Once a power couple, Musk and Trump now trade insults."
    svc.save_target(segs[0].key, good, expected_version=1)
    junk = ("lorem " * 17_000)[:100_000]
    svc.save_target(segs[1].key, junk, expected_version=1)
    doc = MqmService(svc).score()
    assert doc.annotations == 0 and doc.score is None and doc.per_1000_words is None
    cap = max(100, 4 * len(segs[1].source.strip()))
    assert doc.words == word_count(good) + cap and doc.capped == 1
    assert "1 target over that limit counted at the limit" in doc.words_note
    mqm = MqmService(svc)
    start, end = find_span(good, "trade")
    mqm.add_annotation(segs[0].key, start=start, end=end, category="style", severity="minor")
    doc = mqm.score()
    assert doc.score == pytest.approx(1 - 1 / (word_count(good) + cap))
