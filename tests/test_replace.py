"""Project-wide find & replace (review_app.replace, ``review-app replace`` / ``find``) on the seed article with the
shipped drafts, and on hostile input; the batch save of the review service on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app import replace as rp
from review_app.cli import main
from review_app.errors import ConflictError, InputError, InvalidTransition, NotFoundError
from review_app.models import Role, Status
from review_app.project import import_document, open_project
from review_app.review import Actor, ReviewService, TargetChange
from review_app.segment import parse_document
from review_app.store.schema import ProjectRow, utcnow
from tests.conftest import ROOT

CANDIDATES = ROOT / "corpus" / "musk-trump" / "candidates"


def _drafts(path: Path, targets: str | None = "draft-literal") -> None:
    """Import both shipped drafts as candidates; make one of them every segment's target (a first draft)."""
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine

    op = open_project(path)
    try:
        svc = op.service(Actor("maria", Role.ADMIN))
        for name in ("literal", "fluent"):
            prov = {"kind": "prepared-draft", "by": "hand-prepared by the project maintainers", "how": "shipped"}
            run_engine(svc, FileEngine(CANDIDATES / f"{name}.xlf", engine_name=f"draft-{name}", provenance=prov))
        if targets:
            for seg in svc.list_segments():
                text = next((c.text for c in svc.candidates(seg.key) if c.engine == targets), None)
                if text:
                    svc.save_target(seg.key, text, expected_version=seg.version)
    finally:
        op.close()


@pytest.fixture
def drafted(seed_project: Path) -> Path:
    _drafts(seed_project)
    return seed_project


class Svc:
    def __init__(self, path: Path, name: str = "rita", role: Role = Role.REVIEWER) -> None:
        self.op = open_project(path)
        self.svc = self.op.service(Actor(name, role))

    def __enter__(self) -> ReviewService:
        return self.svc

    def __exit__(self, *exc: object) -> None:
        self.op.close()


def _yingtan_keys(svc: ReviewService) -> list[str]:
    return [s.key for s in svc.list_segments() if "Yingtan" in (s.target or "")]


# -- search ------------------------------------------------------------------------------------------------------


def test_find_searches_candidates_too(seed_project):
    _drafts(seed_project, targets=None)  # no target yet: "Yingtan" is only in the two drafts
    with Svc(seed_project) as svc:
        hits = rp.search(svc, "yingtan")
        assert {(h.field, h.engine) for h in hits} == {("candidate", "draft-literal"), ("candidate", "draft-fluent")}
        assert len(rp.matching_keys(hits)) == 1
        hit = hits[0]
        start, end = hit.spans[0]
        assert hit.text[start:end] == "Yingtan"
        assert rp.search(svc, "yingtan", case_sensitive=True) == []
        assert [h.field for h in rp.search(svc, "鷹潭")] == ["source"]  # Japanese: no spaces assumed
        assert rp.search(svc, "鷹潭", fields=["target", "candidates"]) == []
        with pytest.raises(InputError, match="unknown field"):
            rp.search(svc, "x", fields=["notes"])
    result = CliRunner().invoke(main, ["find", str(seed_project), "Yingtan", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {h["engine"] for h in json.loads(result.stdout)} == {"draft-literal", "draft-fluent"}
    result = CliRunner().invoke(main, ["find", str(seed_project), "Yingtan"])
    assert "[Yingtan]" in result.output and "2 match(es) in 1 segment(s)" in result.output


# -- preview, apply, undo ---------------------------------------------------------------------------------------


def test_replace_yingtan_by_eagle_pass_with_preview_revisions_and_undo(drafted):
    with Svc(drafted) as svc:
        keys = _yingtan_keys(svc)
        assert keys  # the literal draft writes Yingtan for 鷹潭
        before = {k: svc.get_segment(k) for k in keys}
        p = rp.preview(svc, "Yingtan", "Eagle Pass")
        assert [c.key for c in p.changes] == keys and not p.skipped
        for c in p.changes:
            assert c.before == before[c.key].target and c.after == c.before.replace("Yingtan", "Eagle Pass")
            assert c.version == before[c.key].version and c.replacements == c.before.count("Yingtan")
        assert svc.get_segment(keys[0]).target == before[keys[0]].target  # a preview writes nothing
        outcome = rp.apply(svc, p)
        assert outcome.saved == keys and not outcome.refused
        for k in keys:
            now = svc.get_segment(k)
            assert "Yingtan" not in (now.target or "") and "Eagle Pass" in (now.target or "")
            assert now.version == before[k].version + 1
            rev = [h for h in svc.history(k) if h.field == "target"][-1]
            assert rev.user == "rita" and rev.old == before[k].target and rev.new == now.target
            assert rev.reason and rev.reason.startswith(f"find & replace {outcome.operation}: 'Yingtan'")
        (listed,) = rp.operations(svc)
        assert listed.id == outcome.operation and listed.segments == len(keys) and not listed.undone
        undone = rp.undo(svc, outcome.operation)
        assert sorted(undone.saved) == sorted(keys) and not undone.refused
        for k in keys:
            now = svc.get_segment(k)
            assert now.target == before[k].target and now.status == before[k].status
        assert rp.operations(svc)[0].undone
        with pytest.raises(InputError, match="already undone"):
            rp.undo(svc, outcome.operation)


def test_reviewed_and_approved_targets_are_left_alone_unless_included(drafted):
    with Svc(drafted) as svc:
        key = _yingtan_keys(svc)[0]
        seg = svc.get_segment(key)
        approved = svc.approve(key, expected_version=seg.version)
        p = rp.preview(svc, "Yingtan", "Eagle Pass")
        assert key not in [c.key for c in p.changes]
        (skipped,) = [c for c in p.skipped if c.key == key]
        assert skipped.skipped.startswith("approved") and "left alone: 1 approved" in p.summary()
        p = rp.preview(svc, "Yingtan", "Eagle Pass", include_reviewed=True)
        assert key in [c.key for c in p.changes]
        outcome = rp.apply(svc, p)
        now = svc.get_segment(key)
        assert now.status is Status.TRANSLATED and "Eagle Pass" in (now.target or "")  # needs review again
        rp.undo(svc, outcome.operation)
        back = svc.get_segment(key)
        assert back.status is Status.APPROVED and back.target == approved.target  # the undo restores the status


def test_a_segment_saved_since_the_preview_is_refused_and_kept(drafted):
    with Svc(drafted) as svc:
        p = rp.preview(svc, "Trump", "TRUMP", whole_word=True)
        assert len(p.changes) > 10
        victim = p.changes[3]
        with Svc(drafted, "omar", Role.TRANSLATOR) as other:  # another tab saves one segment meanwhile
            other.save_target(victim.key, victim.before + " (checked)", expected_version=victim.version)
        outcome = rp.apply(svc, p)
        assert [k for k, _ in outcome.refused] == [victim.key]
        assert "changed by omar since you loaded it" in outcome.refused[0][1]
        assert len(outcome.saved) == len(p.changes) - 1
        assert svc.get_segment(victim.key).target == victim.before + " (checked)"  # nothing lost
        # an edit after the replace: the undo restores the others and leaves that one as it is
        other_key = outcome.saved[0]
        seg = svc.get_segment(other_key)
        svc.save_target(other_key, (seg.target or "") + " Later edit.", expected_version=seg.version)
        undone = rp.undo(svc, outcome.operation)
        assert [k for k, _ in undone.refused] == [other_key] and "changed since the replace" in undone.refused[0][1]
        assert svc.get_segment(other_key).target.endswith("Later edit.")
        assert len(undone.saved) == len(outcome.saved) - 1


def test_regex_case_and_whole_word_options(drafted):
    with Svc(drafted) as svc:
        p = rp.preview(svc, r"\$(\d+(?:\.\d+)?) (million|billion)", r"US$\1 \2", use_regex=True)
        assert p.changes and all("US$" in c.after for c in p.changes)
        assert all(c.after.count("US$") == c.replacements + c.before.count("US$") for c in p.changes)
        sensitive = rp.preview(svc, "musk", "X")
        insensitive = rp.preview(svc, "musk", "X", case_sensitive=False)
        assert not sensitive.changes and len(insensitive.changes) > 20
        assert rp.preview(svc, "Mus", "M").replacements > 20  # inside "Musk"
        assert rp.preview(svc, "Mus", "M", whole_word=True).replacements == 0
        assert rp.preview(svc, "Musk", "M", whole_word=True).replacements > 20  # "Musk's" is Musk + 's
        literal = rp.preview(svc, "$238.5", r"\1")  # literal mode: backslashes in the replacement are text
        assert all(r"\1" in c.after for c in literal.changes)
        only_new = rp.preview(svc, "Trump", "T", statuses=["approved"])
        assert only_new.scanned == 0 and not only_new.changes


@pytest.mark.parametrize(
    ("find", "replacement", "kwargs", "message"),
    [
        ("", "x", {}, "nothing to find"),
        ("(unclosed", "x", {"use_regex": True}, "is not valid"),
        (r"(Musk)", r"\2", {"use_regex": True}, "does not fit the pattern"),
        (r"(?P<who>Musk)", r"\g<whom>", {"use_regex": True}, "does not fit the pattern"),
        ("Musk", "a\x00b", {}, "NUL"),
        ("x" * 1001, "y", {}, "limit is 1,000"),
    ],
)
def test_hostile_patterns_are_refused_with_a_clear_message(drafted, find, replacement, kwargs, message):
    with Svc(drafted) as svc, pytest.raises(InputError, match=message):
        rp.preview(svc, find, replacement, **kwargs)


def test_catastrophic_regex_is_stopped_by_the_time_budget(seed_project, monkeypatch):
    monkeypatch.setattr(rp, "TIME_BUDGET", 0.3)
    with Svc(seed_project) as svc:
        seg = svc.list_segments(limit=1)[0]
        svc.save_target(seg.key, "x" * 5_000, expected_version=seg.version)
        with pytest.raises(InputError, match=r"took more than 0.3 s.*simplify it"):
            rp.preview(svc, r"(x+x+)+y", "z", use_regex=True)
        with pytest.raises(InputError, match=r"took more than"):
            rp.search(svc, r"(x+x+)+y", use_regex=True)
        assert svc.get_segment(seg.key).target == "x" * 5_000


def test_a_replace_that_would_empty_a_target_is_skipped(drafted):
    with Svc(drafted) as svc:
        seg = svc.list_segments(limit=1)[0]
        svc.save_target(seg.key, "Yingtan", expected_version=svc.get_segment(seg.key).version)
        p = rp.preview(svc, "Yingtan", "")
        (empty,) = [c for c in p.skipped if c.key == seg.key]
        assert empty.skipped == "the target would be empty"
        assert all(c.after.strip() for c in p.changes)
        rp.apply(svc, p)
        assert svc.get_segment(seg.key).target == "Yingtan"
        with pytest.raises(InputError, match="nothing to replace"):
            rp.apply(svc, rp.preview(svc, "no such words anywhere", "x"))
        with pytest.raises(InputError, match="not a find & replace operation id"):
            rp.undo(svc, "%")
        with pytest.raises(NotFoundError, match="no find & replace operation"):
            rp.undo(svc, "R20250101-120000-abcd")


# -- CLI ---------------------------------------------------------------------------------------------------------------


def test_cli_dry_run_apply_list_and_undo(drafted):
    run = CliRunner().invoke
    with Svc(drafted) as svc:
        keys = _yingtan_keys(svc)
        before = {k: svc.get_segment(k).target for k in keys}
    dry = run(main, ["replace", str(drafted), "--find", "Yingtan", "--replace", "Eagle Pass", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "dry run: nothing written" in dry.output and f"- {before[keys[0]]}" in dry.output
    assert f"+ {before[keys[0]].replace('Yingtan', 'Eagle Pass')}" in dry.output
    with Svc(drafted) as svc:
        assert svc.get_segment(keys[0]).target == before[keys[0]]
    done = run(main, ["replace", str(drafted), "--find", "Yingtan", "--replace", "Eagle Pass", "--format", "json",
                      "--user", "carla"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["saved"] == keys and report["operation"].startswith("R") and not report["refused"]
    listed = run(main, ["replace", str(drafted), "--list"])
    assert report["operation"] in listed.output and "carla" in listed.output
    undo = run(main, ["replace", str(drafted), "--undo", report["operation"]])
    assert undo.exit_code == 0 and f"restored {len(keys)} segment(s)" in undo.output
    with Svc(drafted) as svc:
        assert {k: svc.get_segment(k).target for k in keys} == before
    again = run(main, ["replace", str(drafted), "--undo", report["operation"]])
    assert again.exit_code == 2 and "already undone" in again.output
    bad = run(main, ["replace", str(drafted), "--find", "(x", "--replace", "y", "--regex"])
    assert bad.exit_code == 2 and "is not valid" in bad.output
    neither = run(main, ["replace", str(drafted)])
    assert neither.exit_code == 2 and "--find TEXT --replace TEXT" in neither.output
    no_replacement = run(main, ["replace", str(drafted), "--find", "x"])
    assert no_replacement.exit_code == 2 and "--replace ''" in no_replacement.output


# -- the review service's batch save, on both databases ---------------------------------------------------------


@pytest.fixture
def project(database, seed_text):
    with database.session() as s:
        s.add(ProjectRow(name="seed", source_lang="ja", target_lang="en", settings={}, created_at=utcnow()))
    with database.session() as s:
        pid = s.query(ProjectRow).filter_by(name="seed").one().id
    import_document(database, pid, parse_document(seed_text, name="source.ja.txt"), name="source.ja.txt",
                    source_path=None)
    return database


def test_save_targets_is_one_transaction_with_per_segment_refusals(project):
    svc = ReviewService(project, "seed", Actor("rita", Role.TRANSLATOR))
    a, b, c, d = svc.list_segments(limit=4)
    svc.save_target(b.key, "Changed by someone else.", expected_version=1)
    results = svc.save_targets([
        TargetChange(a.key, "First.", 1),
        TargetChange(b.key, "Stale.", 1),
        TargetChange(c.key, "   ", 1, Status.TRANSLATED),
        TargetChange(d.key, "Fourth.", 1, Status.APPROVED),
    ], reason="batch")
    assert results[0].target == "First." and results[0].version == 2
    assert isinstance(results[1], ConflictError) and "changed by rita" in str(results[1])
    assert isinstance(results[2], InvalidTransition)
    assert "may not review" in str(results[3])
    assert svc.get_segment(b.key).target == "Changed by someone else."
    assert svc.get_segment(c.key).version == 1 and svc.get_segment(d.key).version == 1
    assert [h.reason for h in svc.history(a.key)] == ["batch", "batch"]  # target and status (new → draft)
