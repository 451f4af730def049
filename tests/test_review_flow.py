"""Review service behaviour behind the Review page (issue 18): blank targets, history labels, the approval gate of
the project's review settings and pre-filled drafts; on SQLite and PostgreSQL (the ``database`` fixture)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from review_app import review_settings
from review_app.cli import main
from review_app.errors import InputError, InvalidTransition, PermissionDenied
from review_app.models import Candidate, Role, Status
from review_app.project import open_project
from review_app.review import Actor, ReviewService
from tests.test_store import _project


@pytest.fixture
def svc(database, seed_text):
    return ReviewService(database, _project(database, seed_text), Actor("alice", Role.ADMIN))


# -- bug 1: blank targets ----------------------------------------------------------------------------------------
def test_whitespace_only_target_is_no_draft(svc):
    """On main "   " was saved as a draft (version 2)."""
    key = svc.list_segments()[4].key
    for blank in ("   ", "\u3000", "\u200b \n"):
        v = svc.save_target(key, blank, expected_version=1)
        assert (v.version, v.status, v.target) == (1, Status.NEW, None)
    assert svc.history(key) == []
    with pytest.raises(InvalidTransition, match="'new', not a draft"):
        svc.save_target(key, "  ", expected_version=1, status="draft")


def test_clearing_an_approved_target_makes_it_new_again(svc):
    """On main Save on a cleared approved target failed with "cannot mark an empty target as translated"."""
    key = svc.list_segments()[5].key
    v = svc.save_target(key, "Trump won.", expected_version=1, status="approved")
    v = svc.save_target(key, "", expected_version=v.version)
    assert (v.status, v.target, v.version) == (Status.NEW, None, 3)
    assert [(h.field, h.old, h.new) for h in svc.history(key)][-2:] == [
        ("target", "Trump won.", None), ("status", "approved", "new")]
    with pytest.raises(InvalidTransition, match="empty target"):
        svc.save_target(key, " ", expected_version=3, status="approved")


def test_cli_edit_says_when_nothing_was_saved(seed_project):
    runner = CliRunner()
    op = open_project(seed_project)
    try:
        key = op.service().list_segments()[3].key
    finally:
        op.close()
    out = runner.invoke(main, ["edit", str(seed_project), key, "   ", "--version", "1"])
    assert out.exit_code == 0, out.output
    assert "nothing to save" in out.output and "saved version" not in out.output


# -- bug 2: history labels ---------------------------------------------------------------------------------------
def test_history_labels_tell_source_and_target_versions_apart(svc):
    """On main a source correction and the next target save were both labelled "v2", and reverting the row
    labelled v3 was recorded as "revert to revision 4" (the row id)."""
    key = svc.list_segments()[2].key
    svc.correct_source(key, "修正した原文。", expected_source_version=1)
    svc.save_target(key, "one", expected_version=1)
    svc.save_target(key, "two", expected_version=2)
    hist = svc.history(key)
    labels = [(h.field, h.label) for h in hist]
    assert labels == [("source", "source v2"), ("target", "v2"), ("status", "v2"), ("target", "v3")]
    v3 = hist[-1]
    svc.save_target(key, "three", expected_version=3)
    v = svc.revert(key, v3.id, expected_version=4)
    assert v.target == "two" and v.version == 5
    assert svc.history(key)[-1].reason == "revert to v3"


# -- bug 5: approval blocked by open QA findings ----------------------------------------------------------------
def _qa_finding(svc, key):
    from review_app import qa
    qa.run_project(svc)
    return [i for i in qa.list_issues(svc) if i.issue.unit == key]


def test_approval_gate_blocks_open_major_findings(svc):
    from review_app import qa
    seg = next(s for s in svc.list_segments() if "100" in s.source or "１００" in s.source or "億" in s.source)
    # a number the source does not have: number-mismatch, a major finding
    v = svc.save_target(seg.key, "It cost 999,999 dollars.", expected_version=1)
    found = [i for i in _qa_finding(svc, seg.key) if i.issue.severity.value in ("major", "critical")]
    assert found, "expected a major finding on a wrong number"
    # off (default): approving only warns (the page does), the service allows it
    assert review_settings.load(svc).block_approval == "off"
    review_settings.save(svc, block_approval="major")
    with pytest.raises(InvalidTransition, match="blocks approval") as err:
        svc.approve(seg.key, expected_version=v.version)
    assert found[0].issue.check in str(err.value)
    with pytest.raises(InvalidTransition, match="blocks approval"):
        svc.save_target(seg.key, v.target, expected_version=v.version, status="reviewed")
    assert svc.get_segment(seg.key).status is Status.DRAFT  # nothing half-written
    # dismissing the false alarm(s) lets it through
    for i in found:
        qa.dismiss(svc, i.fingerprint, reason="checked")
    assert svc.approve(seg.key, expected_version=v.version).status is Status.APPROVED


def test_review_settings_validated_and_admin_only(database, seed_text):
    name = _project(database, seed_text)
    admin = ReviewService(database, name, Actor("ada", Role.ADMIN))
    with pytest.raises(InputError, match="prefill 'best'"):
        review_settings.save(admin, prefill="best")
    with pytest.raises(InputError, match="block_approval"):
        review_settings.save(admin, block_approval="minor")
    assert review_settings.save(admin, prefill="engine:deepl").prefill_engine == "deepl"
    with pytest.raises(PermissionDenied):
        review_settings.save(ReviewService(database, name, Actor("rob", Role.REVIEWER)), block_approval="major")
    assert review_settings.load(admin) == review_settings.ReviewSettings("engine:deepl", "off")


def test_cli_review_settings(seed_project):
    runner = CliRunner()
    out = runner.invoke(main, ["workflow", str(seed_project)])
    assert out.exit_code == 0 and "prefill: empty" in out.output and "block_approval: off" in out.output
    out = runner.invoke(main, ["workflow", str(seed_project), "--prefill", "fewest-findings",
                               "--block-approval", "major"])
    assert out.exit_code == 0, out.output
    assert "prefill: fewest-findings (the candidate with the fewest QA findings)" in out.output
    out = runner.invoke(main, ["workflow", str(seed_project), "--prefill", "nonsense"])
    assert out.exit_code != 0 and "prefill 'nonsense'" in out.output


def test_choose_prefill():
    cands = [Candidate("a", "A one.", {}, "k"), Candidate("b", "B one.", {}, "k"), Candidate("a", "A two.", {}, "k"),
             Candidate("c", "   ", {}, "k")]
    pick = review_settings.choose_prefill
    rs = review_settings.ReviewSettings
    assert pick(rs(), cands, lambda c: 0) is None
    assert pick(rs("engine:a"), cands, lambda c: 0).text == "A two."  # newest of that engine
    assert pick(rs("engine:c"), cands, lambda c: 0) is None  # a blank candidate is never pre-filled
    assert pick(rs("fewest-findings"), cands, lambda c: {"A two.": 2, "B one.": 1}[c.text]).engine == "b"
    assert pick(rs("fewest-findings"), cands, lambda c: 0).engine == "a"  # ties: the engine listed first
