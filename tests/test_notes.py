"""Readers' notes in the store and the review service (review_app.notes): roles, optimistic locking, history,
revert, removal, file import (all or nothing), on SQLite and PostgreSQL; and the CLI over them."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.errors import ConflictError, InputError, NotFoundError, PermissionDenied
from review_app.models import Role
from review_app.notes import FILE_FORMAT, NOTE_FIELDS, ReadersNoteService
from review_app.project import open_project
from review_app.review import Actor, ReviewService

BUTLER = "s9245b6ae5e"  # 2024年10月5日、マスク氏は…アイオワ州で行われたトランプ陣営の集会に登場し…
JUNE4 = "s3b6dadf9d2"  # 現地時間6月4日、…
TEXT = "Musk’s first Trump rally was on Oct. 5, 2024, in Butler, Pa., where he wore a black MAGA cap."


@pytest.fixture
def project_db(database, seed_text: str):  # type: ignore[no-untyped-def]
    from tests.test_store import _project

    _project(database, seed_text, "p")
    return database


def notes_as(db, name: str, role: Role) -> ReadersNoteService:  # type: ignore[no-untyped-def]
    return ReadersNoteService(ReviewService(db, "p", Actor(name, role)))


def test_set_get_list_and_history(project_db) -> None:  # type: ignore[no-untyped-def]
    rev = notes_as(project_db, "rita", Role.REVIEWER)
    assert rev.get(BUTLER) is None and rev.state(BUTLER).version == 0
    n = rev.set(BUTLER, TEXT, source_said="Iowa and a red cap", expected_version=0, reason="source-notes #143")
    assert (n.version, n.kind, n.updated_by) == (1, "correction", "rita")
    assert n.footnote.startswith("Corrected: the source says Iowa and a red cap. Musk’s first")
    rev.set(JUNE4, "Musk posted on June 3, 2025 (U.S. time).", kind="correction", source_said="June 4",
            expected_version=0)
    # document order, not the order of setting
    assert [x.segment_key for x in rev.list()] == [JUNE4, BUTLER]
    n2 = rev.set(BUTLER, TEXT, kind="context", source_said="Iowa and a red cap", expected_version=1)
    assert n2.version == 2
    hist = [r for r in rev.review.history(BUTLER) if r.field in NOTE_FIELDS]
    assert [(r.field, r.old, r.new, r.user, r.version) for r in hist] == [
        ("note", None, TEXT, "rita", 1),
        ("note_kind", None, "correction", "rita", 1),
        ("note_source_said", None, "Iowa and a red cap", "rita", 1),
        ("note_kind", "correction", "context", "rita", 2),
    ]
    assert hist[0].reason == "source-notes #143"
    assert all(r.at is not None for r in hist)
    # saving the same note again is no change: no version, no revision
    assert rev.set(BUTLER, TEXT, kind="context", source_said="Iowa and a red cap", expected_version=2).version == 2
    assert len([r for r in rev.review.history(BUTLER) if r.field in NOTE_FIELDS]) == 4


def test_roles(project_db) -> None:  # type: ignore[no-untyped-def]
    tr = notes_as(project_db, "tom", Role.TRANSLATOR)
    with pytest.raises(PermissionDenied, match="tom \\(translator\\) may not readers note"):
        tr.set(BUTLER, TEXT, expected_version=0)
    notes_as(project_db, "ada", Role.ADMIN).set(BUTLER, TEXT, expected_version=0)
    assert tr.get(BUTLER) is not None  # everyone reads notes
    with pytest.raises(PermissionDenied):
        tr.remove(BUTLER, expected_version=1)
    with pytest.raises(PermissionDenied):
        tr.import_entries([])
    with pytest.raises(PermissionDenied, match="sign in"):
        ReadersNoteService(ReviewService(project_db, "p", None)).set(BUTLER, TEXT, expected_version=1)


def test_conflicts_never_overwrite(project_db) -> None:  # type: ignore[no-untyped-def]
    a = notes_as(project_db, "ann", Role.REVIEWER)
    b = notes_as(project_db, "bob", Role.REVIEWER)
    a.set(BUTLER, "Ann's note.", expected_version=0)
    with pytest.raises(ConflictError) as exc:  # bob still saw "no note"
        b.set(BUTLER, "Bob's note.", expected_version=0)
    assert exc.value.current_text == "Ann's note." and exc.value.current_version == 1
    assert exc.value.updated_by == "ann" and "changed by ann" in str(exc.value)
    with pytest.raises(ConflictError):
        b.remove(BUTLER, expected_version=0)
    assert a.get(BUTLER).text == "Ann's note."  # type: ignore[union-attr]
    b.set(BUTLER, "Bob's merged note.", expected_version=1)
    with pytest.raises(ConflictError):
        a.set(BUTLER, "Ann again.", expected_version=1)


def test_two_first_notes_at_the_same_moment(project_db) -> None:  # type: ignore[no-untyped-def]
    """Two reviewers create the first note of a segment concurrently: one wins, the other gets a conflict."""
    results: list[str] = []
    barrier = threading.Barrier(2)

    def write(name: str) -> None:
        svc = notes_as(project_db, name, Role.REVIEWER)
        barrier.wait()
        try:
            svc.set(BUTLER, f"{name}'s note.", expected_version=0)
            results.append("ok")
        except ConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=write, args=(n,)) for n in ("ann", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert notes_as(project_db, "x", Role.REVIEWER).state(BUTLER).version == 1


def test_remove_and_revert(project_db) -> None:  # type: ignore[no-untyped-def]
    svc = notes_as(project_db, "rita", Role.REVIEWER)
    svc.set(BUTLER, "First text.", source_said="Iowa", expected_version=0)
    svc.set(BUTLER, "Second text.", kind="context", expected_version=1)
    removed = svc.remove(BUTLER, expected_version=2, reason="not needed")
    assert removed.version == 3 and removed.text == ""
    assert svc.get(BUTLER) is None and svc.list() == []
    hist = [r for r in svc.review.history(BUTLER) if r.field in NOTE_FIELDS]
    assert ("note", "Second text.", None) in [(r.field, r.old, r.new) for r in hist]
    first_rev = hist[0].id  # right after the first save: text, kind correction, source said Iowa
    restored = svc.revert(BUTLER, first_rev, expected_version=3)
    assert (restored.text, restored.kind, restored.source_said, restored.version) == ("First text.", "correction",
                                                                                      "Iowa", 4)
    assert svc.review.history(BUTLER)[-1].reason == f"revert to revision {first_rev}"
    with pytest.raises(ConflictError):
        svc.revert(BUTLER, first_rev, expected_version=3)
    with pytest.raises(NotFoundError):
        svc.revert(JUNE4, first_rev, expected_version=0)  # a revision of another segment
    target_rev = svc.review.save_target(BUTLER, "x", expected_version=1)
    assert target_rev.version == 2
    target_id = svc.review.history(BUTLER)[-1].id
    with pytest.raises(NotFoundError, match="no readers' note revision"):
        svc.revert(BUTLER, target_id, expected_version=4)
    # removing a segment's note that does not exist is refused through the version, not silently "done"
    with pytest.raises(InputError, match="empty"):
        svc.set(JUNE4, "   ", expected_version=0)


def test_hostile_text_is_refused_or_kept_verbatim(project_db) -> None:  # type: ignore[no-untyped-def]
    svc = notes_as(project_db, "rita", Role.REVIEWER)
    with pytest.raises(InputError, match="NUL"):
        svc.set(BUTLER, "a\x00b", expected_version=0)
    with pytest.raises(InputError, match="kind 'erratum'"):
        svc.set(BUTLER, "text", kind="erratum", expected_version=0)
    hostile = "<script>alert(1)</script> & [^1]: *x* 「鷹潭」 \u202e"
    assert svc.set(BUTLER, hostile, expected_version=0).text == hostile
    with pytest.raises(NotFoundError):
        svc.set("s0000000000", "x", expected_version=0)


def _file(tmp_path: Path, notes: list[dict[str, object]]) -> Path:
    p = tmp_path / "readers-notes.json"
    p.write_text(json.dumps({"format": FILE_FORMAT, "version": 1, "notes": notes}, ensure_ascii=False), "utf-8")
    return p


def test_import_is_all_or_nothing_and_idempotent(project_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svc = notes_as(project_db, "imp", Role.ADMIN)
    good = [
        {"segment": BUTLER, "contains": "アイオワ州", "source_said": "Iowa and a red cap", "text": TEXT},
        {"contains": "現地時間6月4日", "source_said": "June 4", "text": "Musk posted on June 3."},
    ]
    bad = [*good, {"contains": "存在しない文です", "text": "x"}]
    with pytest.raises(InputError, match=r"notes\[2\]"):
        svc.import_file(_file(tmp_path, bad))
    assert svc.list() == []  # nothing of the valid entries was written
    res = svc.import_file(_file(tmp_path, good))
    assert (res.added, res.changed, res.unchanged) == (2, 0, 0)
    assert svc.review.history(BUTLER)[-1].reason == "imported from readers-notes.json"
    again = svc.import_file(_file(tmp_path, good))
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    good[1]["text"] = "Musk posted on June 3, 2025 (U.S. time)."
    third = svc.import_file(_file(tmp_path, good[1:]))
    assert (third.added, third.changed, third.unchanged) == (0, 1, 0)
    assert len(svc.list()) == 2  # a note the file does not mention is kept
    assert svc.get(JUNE4).version == 2  # type: ignore[union-attr]


# -- CLI ---------------------------------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_cli_note_list_show_remove_revert(seed_project: Path, tmp_path: Path) -> None:
    p = str(seed_project)
    code, out, _ = run("note", p, BUTLER, TEXT, "--source-said", "Iowa and a red cap")
    assert code == 0 and "readers' note version 1: Corrected: the source says Iowa and a red cap." in out
    code, out, _ = run("note", p, BUTLER)
    assert code == 0 and "(note version 1)" in out
    code, out, _ = run("note", p, BUTLER, "--kind", "context")  # keeps text and source_said
    assert code == 0 and "version 2: The source says Iowa and a red cap. Musk’s" in out
    code, out, _ = run("show", p, BUTLER)
    assert "readers' note (context, note version 2): The source says Iowa" in out
    assert "note_kind: 'correction' → 'context'" in out
    code, out, _ = run("notes", "list", p, "--format", "json")
    [item] = json.loads(out)
    assert (item["number"], item["segment"], item["kind"], item["version"]) == (1, BUTLER, "context", 2)
    code, _, err = run("note", p, BUTLER, "stale", "--version", "1")
    assert code == 3 and "conflict:" in err and "changed by" in err
    code, out, _ = run("note", p, BUTLER, "--remove")
    assert code == 0 and "removed (note version 3)" in out
    code, out, _ = run("notes", "list", p)
    assert out.strip().endswith("0 readers' note(s)")
    first = next(r for r in _history(seed_project) if r.field == "note")
    code, out, _ = run("notes", "revert", p, BUTLER, str(first.id))
    assert code == 0 and "version 4: Corrected: the source says Iowa" in out
    code, _, err = run("note", p, BUTLER, "x", "--remove")
    assert code == 2 and "not both" in err
    code, _, err = run("note", p, JUNE4, "--kind", "context")
    assert code == 2 and "has no readers' note yet" in err


def _history(project: Path):  # type: ignore[no-untyped-def]
    op = open_project(project)
    try:
        return op.service().history(BUTLER)
    finally:
        op.close()


def test_cli_import_reports_counts_and_bad_files(seed_project: Path, tmp_path: Path) -> None:
    p = str(seed_project)
    f = _file(tmp_path, [{"segment": BUTLER, "text": TEXT}, {"contains": "現地時間6月4日", "text": "June 3."}])
    code, out, _ = run("notes", "import", p, str(f))
    assert code == 0 and "2 readers' note(s): 2 added, 0 changed, 0 unchanged" in out
    code, out, _ = run("notes", "import", p, str(f))
    assert "0 added, 0 changed, 2 unchanged" in out
    bad = _file(tmp_path, [{"contains": "マスク氏", "text": "x"}])
    code, _, err = run("notes", "import", p, str(bad))
    assert code == 2 and "notes[0]" in err and "segments match" in err and err.count("\n") == 1
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _, err = run("notes", "import", p, str(broken))
    assert code == 2 and "broken.json: line 1" in err
