"""The project's QA settings (review_app/qa_settings.py): switching the opt-in meaning checks on and off (they run by
themselves on a project of up to 5,000 segments, so the 326-segment seed project has them unless they are switched
off; a project above the limit — here a limit lowered to 10 — only when switched on), default checks off, from the
core, the CLI (`review-app qa-settings`) and the app's Settings page, and the next QA run using them. Real data: the
seed project and the shipped fluent draft, whose documented polarity slip (依然として…支持している rendered "no
longer supported") only the polarity check reports. Hostile data: unknown ids, contradictions, malformed stored
settings, a reader without the admin role — nothing is written then."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app import qa, qa_settings
from review_app.checks.base import switched_on
from review_app.checks.registry import all_checks
from review_app.cli import main
from review_app.errors import InputError, PermissionDenied
from review_app.store.schema import ProjectRow
from tests.conftest import CORPUS, project_service
from tests.test_app import button, review

MEANING = ("polarity", "omission", "addition", "entity-consistency")


def _on(path: Path) -> set[str]:
    with project_service(path) as svc:
        cfg = qa.project_config(svc)
    return {c.check_id for c in all_checks() if switched_on(c, cfg)}


def _fluent_slip(path: Path) -> str:
    """Save the shipped fluent draft's target of the segment with its documented polarity slip; its key."""
    from review_app.formats import read_bilingual

    draft = {u.source: u.target for u in read_bilingual(CORPUS / "candidates" / "fluent.xlf").units}
    with project_service(path) as svc:
        seg = next(s for s in svc.list_segments(search="依然としてトランプ氏を強く支持"))
        target = draft[seg.source]
        assert "no longer" in target
        svc.save_target(seg.key, target, expected_version=seg.version)
        return seg.key


LIMIT_10 = {"options": {c: {"auto_max_units": 10} for c in MEANING}}
"""QA settings that make the seed project (326 segments) too large for the meaning checks' automatic default."""


def test_the_meaning_checks_run_by_themselves_on_a_small_project_and_switch_off(seed_project: Path) -> None:
    before = _on(seed_project)
    assert set(MEANING) <= before and "double-space" in before and "consensus" not in before
    with project_service(seed_project) as svc:
        data = qa_settings.switch(svc, off=["addition", "double-space"])
        sw = qa_settings.switches(data, svc.count_segments())
    assert data == {"options": {"addition": {"enabled": False}}, "disabled": ["double-space"]}
    assert sw.auto_on == ("polarity", "omission", "entity-consistency") and "addition" in sw.opt_in_off
    assert _on(seed_project) == before - {"addition", "double-space"}
    with project_service(seed_project) as svc:  # and back to the automatic default: the key goes
        data = qa_settings.switch(svc, auto=["addition"], on=["double-space"])
    assert data == {} and _on(seed_project) == before
    with project_service(seed_project) as svc:
        with pytest.raises(InputError, match="consensus has no automatic default"):
            qa_settings.switch(svc, auto=["consensus"])
        assert qa_settings.load(svc) == {}


def test_switching_the_meaning_checks_on_and_a_default_check_off(seed_project: Path) -> None:
    with project_service(seed_project) as svc:
        qa_settings.save(svc, LIMIT_10)
    before = _on(seed_project)
    assert not before & set(MEANING) and "double-space" in before
    with project_service(seed_project) as svc:
        data = qa_settings.switch(svc, on=MEANING, off=["double-space"])
    assert data["options"]["omission"] == {"auto_max_units": 10, "enabled": True}
    assert data["disabled"] == ["double-space"]
    after = _on(seed_project)
    assert set(MEANING) <= after and "double-space" not in after
    assert after - set(MEANING) == before - {"double-space"}
    with project_service(seed_project) as svc:  # and back: only what was asked changes
        data = qa_settings.switch(svc, on=["double-space"], off=["addition"])
        assert qa_settings.switches(data, svc.count_segments()).opt_in_on == (
            "polarity", "omission", "entity-consistency")
        assert "disabled" not in data
    assert _on(seed_project) == (before | {"polarity", "omission", "entity-consistency"})


def test_the_next_qa_run_reports_the_fluent_drafts_polarity_slip_only_once_switched_on(seed_project: Path) -> None:
    key = _fluent_slip(seed_project)
    with project_service(seed_project) as svc:
        qa_settings.save(svc, LIMIT_10)
        assert not [i for i in qa.run_project(svc) if i.issue.check == "polarity"]
        qa_settings.switch(svc, on=["polarity"])
        found = [i for i in qa.run_project(svc) if i.issue.check == "polarity"]
        qa_settings.save(svc, {})  # the automatic default: the 326 segments are within 5,000
        auto = [i for i in qa.run_project(svc) if i.issue.check == "polarity"]
    assert [i.issue.unit for i in found] == [key]
    assert [i.issue.unit for i in auto] == [key]


def test_other_keys_are_kept_and_settings_survive_a_round_trip(seed_project: Path) -> None:
    with project_service(seed_project) as svc:
        qa_settings.save(svc, {"severity": {"double-space": "major"}, "options": {"omission": {"max_ratio": 0.7}}})
        data = qa_settings.switch(svc, on=["omission"])
        assert data == {"severity": {"double-space": "major"},
                        "options": {"omission": {"max_ratio": 0.7, "enabled": True}}}
        assert qa_settings.load(svc) == data
        cfg = qa.project_config(svc)
    assert cfg.option("omission", "max_ratio", None) == 0.7


@pytest.mark.parametrize("on,off,words", [
    (["omisssion"], [], "unknown check id(s) omisssion"),
    (["omission"], ["omission"], "omission named in more than one of on, off and auto"),
    ([""], [], "unknown check id"),
])
def test_bad_switches_name_the_problem_and_write_nothing(seed_project: Path, on: list[str], off: list[str],
                                                         words: str) -> None:
    with project_service(seed_project) as svc:
        qa_settings.switch(svc, on=["polarity"])
        with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
            qa_settings.switch(svc, on=on, off=off)
        assert qa_settings.load(svc) == {"options": {"polarity": {"enabled": True}}}


def test_invalid_mappings_are_refused_whole(seed_project: Path) -> None:
    with project_service(seed_project) as svc:
        for bad in ({"disabled": "double-space"}, {"severity": {"double-space": "huge"}},
                    {"options": {"omission": True}}, {"colour": "red"}):
            with pytest.raises(InputError, match=r"project settings \[qa\]"):
                qa_settings.save(svc, bad)
        assert qa_settings.load(svc) == {}
        # a hand-edited value that no longer parses: switching names it instead of writing over it
        with svc.db.session() as s:
            row = s.get(ProjectRow, svc.project_id)
            row.settings = {**dict(row.settings or {}), "qa": {"options": "x"}}
        with pytest.raises(InputError, match="'options' must map check ids"):
            qa_settings.switch(svc, on=["omission"])
        assert qa_settings.load(svc) == {"options": "x"}


def test_only_admins_change_them(seed_project: Path) -> None:
    with project_service(seed_project, "rita", "reviewer") as svc:
        assert qa_settings.load(svc) == {}
        with pytest.raises(PermissionDenied):
            qa_settings.switch(svc, off=["omission"])
    assert "omission" in _on(seed_project)


def test_cli_shows_and_changes_them(seed_project: Path) -> None:
    r = CliRunner().invoke(main, ["qa-settings", str(seed_project)])
    assert r.exit_code == 0, r.output
    assert ("opt-in checks on: polarity, omission, addition, entity-consistency (polarity, omission, addition, "
            "entity-consistency by themselves: the project's 326 segments are within their limit of 5,000)") in r.output
    r = CliRunner().invoke(main, ["qa-settings", str(seed_project), "--off", "omission", "--on", "polarity",
                                  "--off", "double-space"])
    assert r.exit_code == 0, r.output
    assert ("opt-in checks on: polarity, addition, entity-consistency (addition, entity-consistency by themselves"
            in r.output) and "default checks off: double-space" in r.output
    assert "opt-in checks off: low-similarity, omission, consensus" in r.output
    r = CliRunner().invoke(main, ["qa-settings", str(seed_project), "--on", "omisssion"])
    assert r.exit_code != 0 and "unknown check id(s) omisssion" in r.output
    assert "polarity" in _on(seed_project) and not {"omission", "double-space"} & _on(seed_project)
    r = CliRunner().invoke(main, ["qa-settings", str(seed_project), "--auto", "omission"])
    assert r.exit_code == 0 and "omission" in _on(seed_project)


def test_settings_page_switches_them_and_the_dashboard_qa_run_uses_them(app, seed_project: Path) -> None:
    key = _fluent_slip(seed_project)
    with project_service(seed_project) as svc:
        qa_settings.save(svc, LIMIT_10)
    app.run()
    app.switch_page("app_pages/settings.py").run()
    assert not app.exception, app.exception
    assert app.multiselect(key="qa_opt_in").value == []
    app.multiselect(key="qa_opt_in").set_value(["polarity", "omission"])
    app.multiselect(key="qa_disabled").set_value(["double-space"])
    app.button[[b.label for b in app.button].index("Save QA checks")].click().run()
    assert not app.exception, app.exception
    assert any("QA checks saved" in s.value for s in app.success), [s.value for s in app.success]
    assert app.multiselect(key="qa_opt_in").value == ["polarity", "omission"]
    on = _on(seed_project)
    assert {"polarity", "omission"} <= on and "double-space" not in on and "addition" not in on
    app.switch_page("app_pages/dashboard.py").run()
    button(app, "run_qa").click().run()
    assert not app.exception, app.exception
    with project_service(seed_project) as svc:
        issues = qa.list_issues(svc)  # the run the Dashboard stored
    assert [i.issue.unit for i in issues if i.issue.check == "polarity"] == [key]


def test_review_page_checks_the_candidates_with_the_projects_settings(app, seed_project: Path) -> None:
    """Bug seen in the browser: with polarity switched on, the Review page still showed the fluent candidate's
    'no longer supported' (依然として…支持している) as "QA: clean" — a candidate was checked with the defaults."""
    from tests.test_app_review_flow import import_drafts

    import_drafts(seed_project, ("fluent",))
    with project_service(seed_project) as svc:
        qa_settings.save(svc, LIMIT_10)
    review(app, search="依然としてトランプ氏を強く支持")
    slip = "[major] polarity: the target negates ('no longer')"
    assert not any(t.value.startswith(slip) for t in app.text)
    with project_service(seed_project) as svc:
        qa_settings.switch(svc, on=["polarity"])
    app.run()
    assert not app.exception, app.exception
    assert any(t.value.startswith(slip) for t in app.text), [t.value for t in app.text]
    with project_service(seed_project) as svc:
        qa_settings.switch(svc, off=["polarity"])
    app.run()
    assert not any(t.value.startswith(slip) for t in app.text)


def test_settings_page_switches_a_meaning_check_off_and_back_to_its_automatic_default(app, seed_project: Path
                                                                                     ) -> None:
    app.run()
    app.switch_page("app_pages/settings.py").run()
    assert not app.exception, app.exception
    assert app.multiselect(key="qa_opt_in").value == [] and app.multiselect(key="qa_auto_off").value == []
    caption = next(c.value for c in app.caption if c.value.startswith("Now: opt-in"))
    assert "entity-consistency by themselves: the project's 326 segments are within their limit of 5,000" in caption
    app.multiselect(key="qa_auto_off").set_value(["addition"])
    app.button[[b.label for b in app.button].index("Save QA checks")].click().run()
    assert not app.exception, app.exception
    assert "addition" not in _on(seed_project) and set(MEANING) - {"addition"} <= _on(seed_project)
    with project_service(seed_project) as svc:
        assert qa_settings.load(svc) == {"options": {"addition": {"enabled": False}}}
    app.multiselect(key="qa_auto_off").set_value([])
    app.button[[b.label for b in app.button].index("Save QA checks")].click().run()
    assert not app.exception, app.exception
    with project_service(seed_project) as svc:
        assert qa_settings.load(svc) == {}  # neither on nor off: the automatic default again
    app.multiselect(key="qa_opt_in").set_value(["omission"])
    app.multiselect(key="qa_auto_off").set_value(["omission"])
    app.button[[b.label for b in app.button].index("Save QA checks")].click().run()
    assert any("omission both switched on and off" in e.value for e in app.error)
    with project_service(seed_project) as svc:
        assert qa_settings.load(svc) == {}


def test_the_dashboard_says_which_checks_a_large_projects_qa_leaves_out(app, seed_project: Path) -> None:
    app.run()
    assert not app.exception, app.exception
    assert not any(c.value.startswith("Not run on this project's") for c in app.caption)  # 326 ≤ 5,000
    with project_service(seed_project) as svc:
        qa_settings.save(svc, LIMIT_10)  # as if the project were larger than the limit
    app.run()
    notice = next(c.value for c in app.caption if c.value.startswith("Not run on this project's"))
    assert notice.startswith("Not run on this project's 326 segments: polarity, omission, addition, "
                             "entity-consistency — they run by themselves on up to 10 segments")
    assert "Settings page" in notice
    with project_service(seed_project) as svc:
        qa_settings.switch(svc, on=MEANING)  # switched on: nothing left out
    app.run()
    assert not any(c.value.startswith("Not run on this project's") for c in app.caption)
