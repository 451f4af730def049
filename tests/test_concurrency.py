"""Concurrent reviewers in CI: a small run of ``bench/stress_concurrency.py`` on SQLite (WAL) and PostgreSQL.

4 spawned processes × 60 random edits / status changes / comments on 6 segments (few segments, so that
optimistic-locking conflicts really happen), then the bench's verification: every accepted edit is in the
history, no update lost, every refusal a ConflictError (or InvalidTransition for a status change without a
target), final text = last accepted revision. A negative control proves the verification can fail.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import stress_concurrency as stress


def _run(backend: str, pg_url: str | None, tmp_path: Path) -> stress.Report:
    kwargs: dict[str, Any] = {"processes": 4, "ops": 60, "segments": 6, "logs": tmp_path / "logs", "seed": 7}
    if pg_url:
        kwargs["pg_url"] = pg_url
    return stress.run(backend, **kwargs)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    if request.param == "postgresql":
        return "postgresql", request.getfixturevalue("pg_url")
    return "sqlite", None


def test_concurrent_reviewers_lose_nothing(backend: tuple[str, str | None], tmp_path: Path) -> None:
    name, url = backend
    rep = _run(name, url, tmp_path)
    assert rep.problems == [], rep.problems[:5]
    assert rep.lost == 0
    assert rep.attempted == 4 * 60
    assert rep.counts.get("error", 0) == 0
    assert rep.counts.get("accepted_edit", 0) > 20
    assert rep.counts.get("conflict", 0) > 0, "no conflict happened: the test would not exercise locking"
    logs = sorted((tmp_path / "logs").glob(f"{name}-worker*.jsonl"))
    assert len(logs) == 4 and all(p.read_text(encoding="utf-8").count("\n") == 60 for p in logs)


def test_verification_detects_a_lost_update(tmp_path: Path) -> None:
    """Negative control: a logged 'accepted' edit that is not in the database is reported as lost."""
    from review_app.store.db import sqlite_url

    url = sqlite_url(tmp_path / "review.db")
    keys = stress.setup_project(url, None, 3)
    from review_app.models import Role
    from review_app.review import Actor, ReviewService
    from review_app.store.db import open_database

    db = open_database(url)
    try:
        svc = ReviewService(db, stress.PROJECT, Actor("w0", Role.REVIEWER))
        v = svc.save_target(keys[0], "real edit", expected_version=1)
    finally:
        db.dispose()
    real = {
        "w": 0,
        "i": 0,
        "key": keys[0],
        "action": "edit",
        "expected": 1,
        "text": "real edit",
        "outcome": "accepted",
        "version": v.version,
    }
    ok = stress.Report("sqlite", 1, 1)
    stress.verify(url, None, keys, [real], ok)
    assert ok.problems == [] and ok.lost == 0
    ghost = dict(real, i=1, text="overwritten edit", expected=1)  # a second 'accepted' save of version 2
    bad = stress.Report("sqlite", 1, 2)
    stress.verify(url, None, keys, [real, ghost], bad)
    assert bad.lost >= 1 and bad.problems
    other = dict(real, outcome="error", error="OperationalError")
    worse = stress.Report("sqlite", 1, 1)
    stress.verify(url, None, keys, [real, other], worse)
    assert any("OperationalError" in p for p in worse.problems)
