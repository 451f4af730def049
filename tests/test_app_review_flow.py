"""The Review page's flow through AppTest (issue 18): what Save says on blank text, history labels, the approval
gate and the pre-fill of the project's review settings (also on the Settings page), the provenance wording of
the shipped drafts."""

from __future__ import annotations

import json

from review_app import review_settings
from review_app.engines.file import FileEngine
from review_app.engines.runner import BatchRunner
from review_app.models import Role, Status
from tests.conftest import ROOT
from tests.test_app import Project, button, get, review

CANDS = ROOT / "corpus" / "musk-trump" / "candidates"


def messages(at) -> list[str]:
    return [e.value for e in (*at.success, *at.info, *at.warning, *at.error)]


def import_drafts(path, names=("literal", "fluent")) -> None:
    with Project(path) as p:
        svc = p.svc()
        for name in names:
            prov = json.loads((CANDS / f"{name}.provenance.json").read_text(encoding="utf-8"))
            runner = BatchRunner(svc, FileEngine(CANDS / f"{name}.xlf", engine_name=f"draft-{name}", provenance=prov))
            runner.run(runner.plan())


def test_save_on_blank_text_says_nothing_was_saved(app, seed_project):
    """On main: "Saved #5: version 1" on an empty new segment, and "   " became a draft (version 2)."""
    review(app)
    key = app.selectbox(key="review_key").value
    for text in ("", "   "):
        app.text_area(key=f"editor-{key}").input(text).run()
        button(app, "save").click().run()
        assert not app.exception, app.exception
        assert any(m.startswith("Nothing to save") and "empty" in m for m in messages(app)), messages(app)
        assert not any(m.startswith("Saved") for m in messages(app))
        assert get(seed_project, key).version == 1
    assert app.text_area(key=f"editor-{key}").value == ""


def test_clearing_an_approved_target_and_saving(app, seed_project):
    """On main: "cannot mark an empty target as translated"."""
    review(app)
    key = app.selectbox(key="review_key").value
    app.text_area(key=f"editor-{key}").input("Musk appeared in Eagle Pass, Texas.").run()
    button(app, "approve").click().run()
    app.text_area(key=f"editor-{key}").input("").run()
    button(app, "save").click().run()
    assert not app.exception, app.exception
    seg = get(seed_project, key)
    assert (seg.status, seg.target, seg.version) == (Status.NEW, None, 3)
    assert any(m.value.startswith("Cleared the target of") for m in app.success), messages(app)
    assert not app.error


def test_history_labels_and_revert_message(app, seed_project):
    review(app)
    key = app.selectbox(key="review_key").value
    with Project(seed_project) as p:
        svc = p.svc()
        svc.correct_source(key, "マスク氏はテキサス州イーグルパスに現れた。", expected_source_version=1)
        svc.save_target(key, "one", expected_version=1)
        svc.save_target(key, "two", expected_version=2)
        v2 = next(r for r in svc.history(key) if r.new == "one")
    app.run()
    captions = [c.value for c in app.caption]
    assert any(c.startswith("source v2 ·") for c in captions), captions
    assert sum(c.startswith("v2 ·") for c in captions) == 2  # the target save and its status change
    button(app, "reload").click().run()
    button(app, f"revert-{v2.id}").click().run()
    assert "Reverted to v2 (saved as version 4)" in [s.value for s in app.success]


def test_approval_blocked_by_an_open_major_finding(app, seed_project):
    with Project(seed_project) as p:
        review_settings.save(p.svc("ada", Role.ADMIN), block_approval="major")
    app.run()
    app.switch_page("app_pages/settings.py").run()
    assert app.radio(key="rs_block").value == "major"
    review(app)
    key = app.selectbox(key="review_key").value
    # a number the source does not have: a major number finding on the text being approved
    app.text_area(key=f"editor-{key}").input("Musk appeared in Eagle Pass, Texas, 999 times.").run()
    from review_app import qa

    with Project(seed_project) as p:
        qa.run_project(p.svc())  # the page refreshes the run after each save (a project with a QA run)
    button(app, "approve").click().run()
    assert not app.exception, app.exception
    seg = get(seed_project, key)
    assert seg.target == "Musk appeared in Eagle Pass, Texas, 999 times." and seg.status is Status.DRAFT
    assert any("not approved" in e.value and "blocks approval" in e.value for e in app.error), messages(app)


def test_settings_page_changes_the_review_settings_and_the_editor_is_prefilled(app, seed_project):
    import_drafts(seed_project)
    app.run()
    app.switch_page("app_pages/settings.py").run()
    assert app.selectbox(key="rs_prefill").value == "empty"
    app.selectbox(key="rs_prefill").set_value("engine:draft-fluent")
    app.button[[b.label for b in app.button].index("Save review settings")].click().run()
    assert not app.exception, app.exception
    with Project(seed_project) as p:
        assert review_settings.load(p.svc()).prefill == "engine:draft-fluent"
        key = p.svc().list_segments(search="鷹潭")[0].key
        fluent = next(c.text for c in p.svc().candidates(key) if c.engine == "draft-fluent")
    review(app)
    assert app.selectbox(key="review_key").value == key
    assert app.text_area(key=f"editor-{key}").value == fluent
    assert any("Pre-filled with the draft-fluent candidate" in c.value for c in app.caption)
    assert get(seed_project, key).version == 1  # nothing saved until the reviewer saves
    button(app, "save_next").click().run()
    seg = get(seed_project, key)
    assert seg.target == fluent and seg.status is Status.APPROVED


def test_shipped_drafts_show_who_prepared_them_in_plain_words(app, seed_project):
    """Bug 7: the shipped provenance named internal team roles ("a helper agent of the review_app team")."""
    for path in [*CANDS.glob("*.provenance.json"), CANDS.parent / "reference.provenance.json"]:
        by = json.loads(path.read_text(encoding="utf-8"))["by"]
        assert "the project maintainers" in by, (path.name, by)
        assert not any(w in by.lower() for w in ("agent", "lead", "helper", "team")), (path.name, by)
    import_drafts(seed_project, ("fluent",))
    review(app)
    lines = [c.value for c in app.caption]
    assert ("hand-prepared draft, not engine output · hand-prepared by the project maintainers · "
            "prepared-draft:fluent · 2026-11-28") in lines, lines


def test_search_finds_words_of_the_candidates(app, seed_project):
    """On main "Yingtan" found nothing although the shipped drafts write it (search covered saved targets only)."""
    import_drafts(seed_project)
    with Project(seed_project) as p:
        svc = p.svc()
        expected = [s.key for s in svc.list_segments() if any("Yingtan" in c.text for c in svc.candidates(s.key))]
        assert expected and all(not s.target for s in svc.list_segments())
    review(app, search="Yingtan")
    assert app.selectbox(key="review_key").value == expected[0]
    labels = [e.label for e in app.expander]
    assert any(f"{len(expected)} of 326 segments match" in label for label in labels), labels
