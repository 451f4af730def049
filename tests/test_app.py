"""The Streamlit app through streamlit.testing.v1.AppTest (no browser): every page, the whole review flow."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from review_app.models import Candidate, Role, Status
from review_app.mqm import MqmService
from review_app.project import init_project, open_project
from review_app.review import Actor
from tests.conftest import GLOSSARY, ROOT, start_app

PAGES = ["app_pages/dashboard.py", "app_pages/review.py", "app_pages/document.py", "app_pages/settings.py",
         "app_pages/export.py", "app_pages/glossary.py", "app_pages/compare.py"]
EAGLE = "Musk appeared in Eagle Pass, Texas."


class Project:
    """Direct service access to the app's project, as another user would have it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def svc(self, name: str = "bob", role: Role = Role.REVIEWER):
        op = open_project(self.path)
        self._op = op
        return op.service(Actor(name, role))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if hasattr(self, "_op"):
            self._op.close()


def seg_key(path: Path, search: str) -> str:
    with Project(path) as p:
        return p.svc().list_segments(search=search)[0].key


def get(path: Path, key: str):
    with Project(path) as p:
        return p.svc().get_segment(key)


def review(app, search: str | None = "鷹潭", open_sections: bool = True):
    """Open the Review page (with its sections drawn only while open — correction, readers' note, MQM,
    history — open, unless ``open_sections`` is false) and search for ``search``."""
    if open_sections:
        from review_app.app.review import keys

        for name in keys.LAZY_SECTIONS:
            app.session_state[name] = True
    app.run()
    app.switch_page("app_pages/review.py").run()
    assert not app.exception, app.exception
    if search:
        app.text_input(key="rv_search").input(search).run()
        assert not app.exception, app.exception
    return app


def create_user(project: Path, name: str, role: str) -> None:
    """Team mode: an account ``name`` with the password ``NAME-pass``."""
    from review_app.users import UserService

    op = open_project(project)
    try:
        UserService(op.db, Actor("boot", Role.ADMIN)).create_user(name, f"{name}-pass", role)
    finally:
        op.close()


def log_in(app, name: str, password: str):
    app.text_input(key="login_name").input(name)
    app.text_input(key="login_password").input(password)
    app.button(key="FormSubmitter:login-Sign in").click().run()
    return app


def button(app, key: str):
    return app.button(key=key)


def seg_caption(app) -> str:
    """The caption naming the open segment (id · #n of N · kind · … · status · version)."""
    return next(c.value for c in app.caption if " of " in c.value and "status **" in c.value)


def html_texts(app) -> list[str]:
    return [h.proto.body for h in app.get("html")]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_seed_project(app, page):
    app.run()
    assert not app.exception, app.exception
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title[0].value == Path(page).stem.capitalize()
    assert not app.error, [e.value for e in app.error]


def test_dashboard_shows_progress_and_activity(app, seed_project):
    key = seg_key(seed_project, "鷹潭")
    with Project(seed_project) as p:
        svc = p.svc()
        v = svc.save_target(key, EAGLE, expected_version=1)
        svc.approve(key, expected_version=v.version)
    app.run()
    assert app.title[0].value == "Dashboard"
    assert [m.value for m in app.metric][:3] == ["326", "1", "1"]
    frame = app.dataframe[0].value
    assert list(frame["what"]) == ["status", "status", "target"] and set(frame["segment"]) == {key}
    assert set(frame["who"]) == {"bob"}


def test_review_list_is_paginated_and_navigable(app, seed_project):
    review(app, search=None)
    assert app.dataframe[0].value.shape[0] == 50  # one page, never all 326 segments in widgets
    widths = json.loads(app.dataframe[0].proto.columns)
    assert widths["status"]["width"] >= 85 and widths["flags"]["width"] >= 150  # "approved", "issue · corrected"
    assert len(app.selectbox(key="review_key").options) == 50
    assert "326 of 326 segments match · page 1 of 7" in app.expander[0].label
    first = app.selectbox(key="review_key").value
    button(app, "next").click().run()
    second = app.selectbox(key="review_key").value
    assert second != first
    button(app, "prev").click().run()
    assert app.selectbox(key="review_key").value == first
    app.number_input(key="rv_page").set_value(7).run()
    assert not app.exception, app.exception
    assert app.dataframe[0].value.shape[0] == 326 - 300
    assert app.dataframe[0].value["#"].iloc[0] == 301
    app.selectbox(key="rv_page_size").set_value(100).run()
    assert "page 4 of 4" in app.expander[0].label


def test_review_filters(app, seed_project):
    review(app, search=None)
    app.multiselect(key="rv_kind").select("heading").run()
    assert len(app.dataframe[0].value) == 7
    app.multiselect(key="rv_kind").unselect("heading").run()
    key = seg_key(seed_project, "鷹潭")
    with Project(seed_project) as p:
        p.svc().add_comment(key, "Check this place name")
    app.checkbox(key="rv_has_comment").check().run()
    assert list(app.dataframe[0].value["id"]) == [key]
    assert "1 comment(s)" in app.dataframe[0].value["flags"].iloc[0]
    app.checkbox(key="rv_has_comment").uncheck().run()
    app.text_input(key="rv_search").input("no such text anywhere").run()
    assert "No segment matches" in app.info[0].value


def test_review_edit_save_approve(app, seed_project):
    review(app)
    key = app.selectbox(key="review_key").value
    assert key == seg_key(seed_project, "鷹潭")
    assert key in seg_caption(app)
    app.text_area(key=f"editor-{key}").input(EAGLE)
    button(app, "save").click().run()
    assert not app.exception, app.exception
    seg = get(seed_project, key)
    assert seg.target == EAGLE and seg.version == 2 and seg.status is Status.DRAFT
    assert "status **draft**" in seg_caption(app)
    button(app, "approve").click().run()
    seg = get(seed_project, key)
    assert seg.status is Status.APPROVED and seg.version == 3
    assert any("approved" in s.value for s in app.success)


def test_glossary_terms_are_highlighted_and_escaped(app):
    review(app)
    source_html = next(h for h in html_texts(app) if "鷹潭" in h or "mark" in h)
    assert '<mark class="term"' in source_html
    assert "Glossary (✓ in the editor text" in "".join(html_texts(app))


def test_use_candidate_then_save(app, seed_project):
    key = seg_key(seed_project, "鷹潭")
    with Project(seed_project) as p:
        p.svc().add_candidates([Candidate("fixture-mt", "Musk appeared in Yingtan, Texas.",
                                          {"kind": "test-fixture"}, key)])
    review(app)
    use = [b for b in app.button if b.key and b.key.startswith("use-")]
    assert len(use) == 1
    if importlib.util.find_spec("review_app.qa") is not None:
        # the candidate's own QA/glossary findings: "Yingtan" is a forbidden rendering of 鷹潭
        assert any("QA:" in c.value and "finding" in c.value for c in app.caption)
        assert any("forbidden: 1" in c.value for c in app.caption)
    use[0].click().run()
    assert app.text_area(key=f"editor-{key}").value == "Musk appeared in Yingtan, Texas."
    app.text_area(key=f"editor-{key}").input(EAGLE)
    app.run()
    diff = next(h for h in html_texts(app) if "<del>" in h or "<ins>" in h)
    assert "Musk appeared in <del>Eagle Pass</del><ins>Yingtan</ins>, Texas." in diff
    button(app, "save").click().run()
    assert get(seed_project, key).target == EAGLE


@pytest.mark.parametrize("choice", ["keep_mine", "take_theirs", "save_merge"])
def test_conflict_view(app, seed_project, choice):
    review(app)
    key = app.selectbox(key="review_key").value
    # somebody else saves between two runs of this session
    with Project(seed_project) as p:
        p.svc("bob").save_target(key, "Musk showed up in Eagle Pass.", expected_version=1)
    app.text_area(key=f"editor-{key}").input(EAGLE)
    button(app, "save").click().run()
    assert not app.exception, app.exception
    assert get(seed_project, key).target == "Musk showed up in Eagle Pass."  # nothing overwritten
    assert any("Conflict" in e.value for e in app.error)
    assert any("Musk showed up in Eagle Pass." in h for h in html_texts(app))
    if choice == "save_merge":
        app.text_area(key=f"merge-{key}").input("Musk showed up in Eagle Pass, Texas.")
    button(app, choice).click().run()
    assert not app.exception, app.exception
    seg = get(seed_project, key)
    expected = {
        "keep_mine": EAGLE,
        "take_theirs": "Musk showed up in Eagle Pass.",
        "save_merge": "Musk showed up in Eagle Pass, Texas.",
    }[choice]
    assert seg.target == expected
    assert app.text_area(key=f"editor-{key}").value == expected
    assert not any("Conflict" in e.value for e in app.error)
    if choice == "take_theirs":
        assert seg.version == 2
        app.text_area(key=f"editor-{key}").input(expected + " Really.")
        button(app, "save").click().run()  # saving now works against their version
        assert get(seed_project, key).version == 3


def test_annotate_comment_reply_and_revert(app, seed_project):
    review(app)
    key = app.selectbox(key="review_key").value
    editor = f"editor-{key}"
    app.text_area(key=editor).input("Musk appeared in Yingtan, Texas.")
    button(app, "save").click().run()
    app.text_area(key=editor).input(EAGLE)
    button(app, "save").click().run()
    assert get(seed_project, key).version == 3
    # MQM: mark "Eagle" as a minor style error via the exact substring
    app.text_input(key="mqm_span").input("Eagle Pass")
    app.selectbox(key="mqm_cat").set_value("style")
    app.selectbox(key="mqm_sev").set_value("minor")
    app.text_input(key="mqm_note").input("test note")
    app.button(key=f"FormSubmitter:mqm-{key}-Add annotation").click().run()
    assert not app.exception, app.exception
    with Project(seed_project) as p:
        anns = MqmService(p.svc()).list(key)
    assert [(a.span_text, a.category, a.severity, a.user) for a in anns] == [("Eagle Pass", "style", "minor", "local")]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Segment penalty"] == "1"
    assert metrics["Segment MQM score"] == f"{(1 - 1 / 6) * 100:.1f}"
    # comment and threaded reply
    app.text_area(key="comment_body").input("Is Eagle Pass right?")
    app.button(key=f"FormSubmitter:comment-{key}-Comment").click().run()
    with Project(seed_project) as p:
        first = p.svc().comments(key)[0]
    app.text_area(key=f"reply-{first.id}").input("Yes: 鷹潭 is a mistranslation")
    app.button(key=f"FormSubmitter:reply-form-{first.id}-Send reply").click().run()
    with Project(seed_project) as p:
        comments = p.svc().comments(key)
    assert [(c.body, c.parent_id) for c in comments] == [
        ("Is Eagle Pass right?", None), ("Yes: 鷹潭 is a mistranslation", first.id)]
    # revert to the first target: a new revision
    with Project(seed_project) as p:
        rev = next(r for r in p.svc().history(key) if r.field == "target")
    button(app, f"revert-{rev.id}").click().run()
    assert not app.exception, app.exception
    seg = get(seed_project, key)
    assert seg.target == "Musk appeared in Yingtan, Texas." and seg.version == 4
    assert app.text_area(key=editor).value == seg.target
    with Project(seed_project) as p:
        hist = p.svc().history(key)
    assert hist[-1].reason == f"revert to v{rev.version}"  # the label the history shows for that row


def test_source_correction(app, seed_project):
    review(app)
    key = app.selectbox(key="review_key").value
    area = next(t for t in app.text_area if t.label == "Corrected Japanese")
    original = get(seed_project, key).source
    area.input(original.replace("鷹潭", "イーグルパス"))
    app.button(key=f"FormSubmitter:src-{key}-1-Save correction").click().run()
    assert not app.exception, app.exception
    seg = get(seed_project, key)
    assert seg.source == original and seg.corrected_source == original.replace("鷹潭", "イーグルパス")
    assert seg.source_version == 2
    assert any("Original source" in c.value for c in app.caption)


def test_markup_in_segments_is_escaped(tmp_path, monkeypatch):
    src = tmp_path / "xss.ja.txt"
    src.write_text("危険な<script>alert(1)</script>文です。\n\n画像<img src=x onerror=alert(1)>も入れた。\n",
                   encoding="utf-8")
    init_project(tmp_path / "xss", source=src)
    app = start_app(monkeypatch, tmp_path / "xss", glossary=None)
    review(app, search=None)
    bodies = "".join(html_texts(app))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bodies
    assert "<script>alert" not in bodies
    button(app, "next").click().run()
    bodies = "".join(html_texts(app))
    assert "&lt;img src=x onerror=alert(1)&gt;" in bodies and "<img" not in bodies


def test_translator_cannot_approve_and_service_enforces(app, seed_project, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_TEAM", "1")
    create_user(seed_project, "tina", "translator")
    app.run()
    assert app.title[0].value == "Sign in"
    log_in(app, "tina", "wrong password")
    assert "wrong user name or password" in app.error[0].value
    log_in(app, "tina", "tina-pass")
    assert not app.exception, app.exception
    assert app.title[0].value == "Dashboard"
    app.switch_page("app_pages/review.py").run()
    assert button(app, "approve").disabled and not button(app, "save").disabled
    key = app.selectbox(key="review_key").value
    app.text_area(key=f"editor-{key}").input("Once a power couple.")
    button(app, "save").click().run()
    seg = get(seed_project, key)
    assert seg.updated_by == "tina" and seg.status is Status.DRAFT


def test_engine_keys_stay_out_of_the_database(app, seed_project):
    app.run()
    app.switch_page("app_pages/settings.py").run()
    app.text_input(key="key_deepl").input("secret-deepl-key-123").run()
    assert not app.exception, app.exception
    assert app.session_state["engine_keys"] == {"deepl": "secret-deepl-key-123"}
    for f in seed_project.iterdir():
        assert b"secret-deepl-key-123" not in f.read_bytes()


def test_qa_findings_issue_navigation_and_suspicious_order(app, seed_project):
    from review_app import qa
    from review_app.glossary import load_glossary

    key = seg_key(seed_project, "鷹潭")
    with Project(seed_project) as p:
        svc = p.svc()
        svc.save_target(key, "Musk appeared in Yingtan, Texas.", expected_version=1)
        found = qa.run_project(svc, glossary=load_glossary(GLOSSARY))
    mine = [i for i in found if i.issue.unit == key]
    assert mine, "the forbidden 鷹潭/Yingtan should be found by the QA checks"
    review(app, search=None)
    app.radio(key="rv_order").set_value("suspicious").run()
    assert not app.exception, app.exception
    with Project(seed_project) as p:
        open_keys = {i.issue.unit for i in qa.list_issues(p.svc())}
    assert app.dataframe[0].value["id"].iloc[0] in open_keys
    app.radio(key="rv_order").set_value("document").run()
    app.checkbox(key="rv_has_qa").check().run()
    assert set(app.dataframe[0].value["id"]) == open_keys & set(app.dataframe[0].value["id"])
    app.checkbox(key="rv_has_qa").uncheck().run()
    # from the first segment, "Issue ▶" walks through segments with open issues in document order
    ordered = [r.key for r in get_all(seed_project)]
    issue_order = [k for k in ordered if k in open_keys]
    start = ordered[0]
    app.selectbox(key="review_key").set_value(start).run()
    assert button(app, "prev_issue").disabled
    button(app, "next_issue").click().run()
    expected = next(k for k in issue_order if ordered.index(k) > ordered.index(start))
    assert app.selectbox(key="review_key").value == expected
    if len(issue_order) > issue_order.index(expected) + 1:
        button(app, "next_issue").click().run()
        assert app.selectbox(key="review_key").value == issue_order[issue_order.index(expected) + 1]
        button(app, "prev_issue").click().run()
        assert app.selectbox(key="review_key").value == expected
    # dismiss one finding of the 鷹潭 segment: it persists
    app.text_input(key="rv_search").input("鷹潭").run()
    fp = mine[0].fingerprint
    button(app, f"dismiss-{fp}").click().run()
    assert not app.exception, app.exception
    with Project(seed_project) as p:
        still_open = {i.fingerprint for i in qa.list_issues(p.svc())}
    assert fp not in still_open


def get_all(path: Path):
    with Project(path) as p:
        return p.svc().list_segments()


def test_export_page_prepares_a_download(app, seed_project):
    key = seg_key(seed_project, "鷹潭")
    with Project(seed_project) as p:
        svc = p.svc()
        v = svc.save_target(key, EAGLE, expected_version=1)
        svc.correct_source(key, svc.get_segment(key).source.replace("鷹潭", "イーグルパス"), expected_source_version=1)
    app.run()
    app.switch_page("app_pages/export.py").run()
    assert not app.exception, app.exception
    # one click from the start: the download button renders the current state when pressed
    assert len(app.get("download_button")) == 1
    assert any(m.value.startswith("**0 of 326** segments approved · 1 translated but not approved · 325 without")
               for m in app.markdown)
    app.selectbox(key="export_fmt").set_value("html").run()
    button(app, "export_prepare").click().run()
    assert not app.exception, app.exception
    assert app.code[0].value.startswith("<!DOCTYPE html>")
    assert [t.label for t in app.tabs] == ["Rendered", "HTML source"]
    fmt, payload = app.session_state["export"]
    text = payload.decode("utf-8")
    assert fmt[0] == "html" and "Eagle Pass" in text and "イーグルパス" in text and "鷹潭" in text  # original kept
    assert v.version == 2


def test_local_user_name_is_recorded(app, seed_project):
    app.run()
    app.switch_page("app_pages/settings.py").run()
    app.text_input(key="user").input("Akiko").run()
    app.switch_page("app_pages/review.py").run()
    key = app.selectbox(key="review_key").value
    app.text_area(key=f"editor-{key}").input("Once a power couple.")
    button(app, "save").click().run()
    assert get(seed_project, key).updated_by == "Akiko"


def test_team_mode_admin_manages_users(app, seed_project, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_TEAM", "1")
    from review_app.users import UserService

    op = open_project(seed_project)
    try:
        users = UserService(op.db, Actor("boot", Role.ADMIN))
        users.create_user("ada", "admin-password", "admin")
    finally:
        op.close()
    app.run()
    app.text_input(key="login_name").input("ada")
    app.text_input(key="login_password").input("admin-password")
    app.button(key="FormSubmitter:login-Sign in").click().run()
    app.switch_page("app_pages/settings.py").run()
    assert not app.exception, app.exception
    assert list(app.dataframe[0].value["name"]) == ["ada"]
    form = "FormSubmitter:add_user-Add user"
    app.text_input(key="new_user_name").input("rob")
    app.text_input(key="new_user_password").input("reviewer-pass")
    app.selectbox(key="new_user_role").set_value("reviewer")
    app.button(key=form).click().run()
    assert not app.exception, app.exception
    op = open_project(seed_project)
    try:
        assert UserService(op.db).authenticate("rob", "reviewer-pass") == Actor("rob", Role.REVIEWER)
    finally:
        op.close()
    button(app, "sign_out").click().run()
    assert app.title[0].value == "Sign in"


def test_unsaved_edit_survives_navigation(app, seed_project):
    review(app, search=None)
    key = app.selectbox(key="review_key").value
    app.text_area(key=f"editor-{key}").input("Half-finished translation").run()
    assert any("Unsaved changes" in c.value for c in app.caption)
    button(app, "next").click().run()
    assert app.selectbox(key="review_key").value != key
    button(app, "prev").click().run()
    assert app.text_area(key=f"editor-{key}").value == "Half-finished translation"
    button(app, "save").click().run()
    assert get(seed_project, key).target == "Half-finished translation"
    assert not any("Unsaved changes" in c.value for c in app.caption)


def test_dashboard_engine_comparison(app, seed_project):
    with Project(seed_project) as p:
        svc = p.svc()
        rows = svc.list_segments(limit=6)
        cands = []
        for i, r in enumerate(rows):
            ref = f"Reference sentence number {i} about Musk and Trump."
            v = svc.save_target(r.key, ref, expected_version=1)
            svc.approve(r.key, expected_version=v.version)
            cands.append(Candidate("engine-a", ref.replace("number", "no."), {"kind": "test-fixture"}, r.key))
            cands.append(Candidate("engine-b", f"Sentence {i} on Trump.", {"kind": "test-fixture"}, r.key))
        svc.add_candidates(cands)
    app.run()  # the Dashboard never computes the comparison itself…
    assert not app.exception, app.exception
    assert any("Not computed yet" in c.value for c in app.caption)
    from review_app.metrics.jobs import CompareJobs, CompareRequest, job_key, state_stamp

    with Project(seed_project) as p:  # …it shows the one the Compare page computed in the background
        request = CompareRequest(reference="approved", samples=100)
        stamp = state_stamp(p.svc(), request)
    jobs = CompareJobs(seed_project)
    jobs.start(request, stamp)
    assert jobs.wait(job_key(request, stamp)) is not None
    app.run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    table = app.code[0].value
    assert "engine-a" in table and "engine-b" in table


# -- reviewer frictions found on the shipped demo (see docs/user-guide.md) ----------------------------------------


def _qa_run(path: Path) -> None:
    from review_app import qa
    from review_app.glossary import load_glossary

    with Project(path) as p:
        qa.run_project(p.svc(), glossary=load_glossary(GLOSSARY))


def _fix_button(app, label_start: str):
    return next(b for b in app.button if b.key and b.key.startswith("fix-") and b.label.startswith(label_start))


def test_source_fix_button_corrects_the_source_and_refreshes_qa(app, seed_project):
    _qa_run(seed_project)
    review(app)
    key = app.selectbox(key="review_key").value
    assert "issue" in app.dataframe[0].value["flags"].iloc[0]
    _fix_button(app, "Fix: 鷹潭 → イーグルパス").click().run()
    assert not app.exception, app.exception
    seg = get(seed_project, key)
    assert seg.corrected_source == seg.source.replace("鷹潭", "イーグルパス") and "鷹潭" in seg.source
    with Project(seed_project) as p:
        reason = [r.reason for r in p.svc().history(key) if r.field == "source"][-1]
    assert reason and "鷹潭 → イーグルパス" in reason
    # the QA run was refreshed: no finding, no "issue" flag, no fix button left for this segment
    assert not [b for b in app.button if b.key and b.key.startswith(("fix-", "dismiss-"))]
    assert "issue" not in app.dataframe[0].value["flags"].iloc[0]
    assert any("Source of #78 corrected: 鷹潭 → イーグルパス" in s.value for s in app.success)
    assert any("Source of #78 corrected" in t.proto.body for t in app.toast)


def test_target_fix_button_puts_the_preferred_term_into_the_editor(app, seed_project):
    _qa_run(seed_project)
    review(app)
    key = app.selectbox(key="review_key").value
    app.text_area(key=f"editor-{key}").input("He appeared in Yingtan, a small border town of Texas.")
    button(app, "save").click().run()
    # at once: the editor's live fix (the saved text checked alone); the project's QA run is refreshed in the
    # background after the page is drawn (app/qa_refresh.py)
    assert [b.label for b in app.button if b.key == "first_fix"] == ["Apply: Yingtan → Eagle Pass"]
    app.run()  # the next action: the refreshed run has the forbidden Yingtan as a finding of the saved target
    _fix_button(app, "Fix: Yingtan → Eagle Pass").click().run()
    assert not app.exception, app.exception
    assert app.text_area(key=f"editor-{key}").value == "He appeared in Eagle Pass, a small border town of Texas."
    assert get(seed_project, key).target.startswith("He appeared in Yingtan")  # only the editor: check, then save
    assert any("Unsaved changes" in c.value for c in app.caption)


def test_stale_findings_are_labelled_outdated_on_large_projects(app, seed_project, monkeypatch):
    _qa_run(seed_project)
    review(app)
    key = app.selectbox(key="review_key").value
    with Project(seed_project) as p:  # another user corrects the source; this session's project is not re-checked
        svc = p.svc()
        seg = svc.get_segment(key)
        svc.correct_source(key, seg.source.replace("鷹潭", "イーグルパス"), expected_source_version=1)
    app.run()
    texts = [t.value for t in app.text]
    assert any("outdated: the text changed since this QA run" in t for t in texts)
    assert not [b for b in app.button if b.key and b.key.startswith("fix-")]  # no fix from an outdated span


def test_approve_next_saves_and_opens_the_next_segment(app, seed_project):
    review(app, search=None)
    first = app.selectbox(key="review_key").value
    app.text_area(key=f"editor-{first}").input("Once a power couple of politics and business.")
    save_next = button(app, "save_next")
    assert save_next.proto.shortcut.lower() == "ctrl+shift+enter"
    save_next.click().run()
    assert not app.exception, app.exception
    seg = get(seed_project, first)
    assert seg.status is Status.APPROVED and seg.target == "Once a power couple of politics and business."
    second = app.selectbox(key="review_key").value
    assert second != first and get(seed_project, second).index == seg.index + 1
    # the feedback sits under the buttons and in a toast, not only at the top of the page
    assert any("Saved #1: version 2, status approved" in s.value for s in app.success)
    assert any("status approved" in t.proto.body for t in app.toast)


def test_approving_with_an_open_major_finding_warns(app, seed_project):
    _qa_run(seed_project)
    review(app)
    key = app.selectbox(key="review_key").value
    app.text_area(key=f"editor-{key}").input("He appeared in Yingtan, Texas.")
    button(app, "approve").click().run()
    assert get(seed_project, key).status is Status.APPROVED
    assert any("open critical/major QA finding" in w.value and "term-forbidden" in w.value for w in app.warning)


def test_most_suspicious_order_starts_at_the_top(app, seed_project):
    _qa_run(seed_project)
    review(app, search=None)
    assert app.selectbox(key="review_key").value == app.dataframe[0].value["id"].iloc[0]  # segment #1
    app.radio(key="rv_order").set_value("suspicious").run()
    top = app.dataframe[0].value["id"].iloc[0]
    assert app.selectbox(key="review_key").value == top
    assert "issue" in app.dataframe[0].value["flags"].iloc[0]
    assert not button(app, "next_issue").disabled


def test_segment_picker_labels_do_not_change_with_the_segment(app, seed_project):
    review(app)
    key = app.selectbox(key="review_key").value
    before = app.selectbox(key="review_key").format_func(key)
    app.text_area(key=f"editor-{key}").input(EAGLE)
    button(app, "approve").click().run()
    with Project(seed_project) as p:
        svc = p.svc()
        svc.correct_source(key, svc.get_segment(key).source.replace("鷹潭", "イーグルパス"), expected_source_version=1)
    app.run()
    # a stale label would still say [new] / 鷹潭 after Approve (Streamlit keeps the label shown for a value)
    assert app.selectbox(key="review_key").format_func(key) == before
    assert "[new]" not in before and before.startswith("#78 ")


def test_candidates_show_short_provenance_and_only_their_own_findings(app, seed_project):
    key = seg_key(seed_project, "鷹潭")
    with Project(seed_project) as p:
        p.svc().add_candidates([Candidate("fixture-mt", "Musk appeared in Yingtan, Texas.",
                                          {"kind": "machine-translation", "by": "fixture", "engine": "mt-1",
                                           "settings": {"sha256": "0" * 64}}, key)])
    review(app)
    captions = [c.value for c in app.caption]
    assert "machine translation · by fixture · mt-1" in captions  # kind in words, who, engine
    assert not any("sha256" in c for c in captions)  # the full record is in the tooltip only
    # no QA run yet, so every finding shown is a candidate's own: the forbidden Yingtan, the short length and the
    # dropped livestream (the meaning checks run by themselves on a 326-segment project), but not the source's
    # 鷹潭 (the same for every candidate; it belongs under QA findings)
    found = [t.value for t in app.text if t.value.startswith("[")]
    assert any("term-forbidden: 'Yingtan'" in t for t in found)
    assert any(t.startswith("[major] omission: the source's '移民の集団が川を渡る様子をライブ配信した'") for t in found)
    assert not any("term-source-variant" in t for t in found)
    assert any("QA: 3 finding(s)" in c for c in captions), [c for c in captions if "QA" in c] + found
    next(b for b in app.button if b.key and b.key.startswith("use-")).click().run()
    assert "**1 · fixture-mt** — in the editor" in [m.value for m in app.markdown]  # card 1: Alt+1


def test_mqm_severity_defaults_to_minor(app, seed_project):
    review(app)
    assert app.selectbox(key="mqm_sev").value == "minor"


def test_dashboard_numbers_and_clickable_qa_table(app, seed_project):
    key = seg_key(seed_project, "鷹潭")
    with Project(seed_project) as p:
        svc = p.svc()
        v = svc.save_target(key, EAGLE, expected_version=1)
        svc.approve(key, expected_version=v.version)
    _qa_run(seed_project)
    app.run()
    assert not app.exception, app.exception
    approved = next(m for m in app.metric if m.label == "Approved")
    assert approved.value == "1" and not approved.proto.delta  # no "↑ 0%" arrow for 1 of 326
    assert "1 of 326 segments approved (0.3%)" in app.get("progress")[0].proto.text
    table = next(d.value for d in app.dataframe if "check" in d.value.columns)
    assert list(table.columns[:1]) == ["check"] and "total" in table.columns
    provenance = next(c.value for c in app.caption if c.value.startswith("QA provenance: "))
    assert "review_app " in provenance and "ja → en" in provenance  # what the counts were computed with
    assert list(table["total"]) == sorted(table["total"], reverse=True)
    row = list(table["check"]).index("term-source-variant")
    # a click on a cell of the row: the Review page opens, filtered on that check, at its first segment
    app.session_state["dash_qa_table"] = {"selection": {"rows": [], "columns": [], "cells": [[row, "check"]]}}
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Review"
    assert app.multiselect(key="rv_qa_check").value == ["term-source-variant"]
    ids = list(app.dataframe[0].value["id"])
    assert app.selectbox(key="review_key").value == ids[0]
    with Project(seed_project) as p:
        from review_app import qa

        expected = {i.issue.unit for i in qa.list_issues(p.svc()) if i.issue.check == "term-source-variant"}
    assert set(ids) == expected


def test_a_fix_under_a_qa_filter_says_why_another_segment_shows(app, seed_project):
    _qa_run(seed_project)
    review(app, search=None)
    app.multiselect(key="rv_qa_check").select("term-source-variant").run()
    first = app.selectbox(key="review_key").value
    n = len(app.dataframe[0].value)
    fix = next(b for b in app.button if b.key and b.key.startswith("fix-"))
    fix.click().run()
    assert not app.exception, app.exception
    # the fixed segment has no finding left, so it leaves the filtered list and the next one shows, with a note
    assert len(app.dataframe[0].value) == n - 1 and app.selectbox(key="review_key").value != first
    assert get(seed_project, first).corrected_source is not None
    assert any("does not match the filters (any more)" in i.value for i in app.info)
    app.run()  # the note is about that change only
    assert not any("does not match the filters" in i.value for i in app.info)


def test_settings_shows_the_glossary_file_without_dot_dot(app, monkeypatch):
    # scripts/demo.sh writes glossary = "../../glossary/musk-trump.tbx"; show the file, not the detour
    monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(ROOT / "glossary" / ".." / "glossary" / "musk-trump.tbx"))
    app.run()
    app.switch_page("app_pages/settings.py").run()
    assert not app.exception, app.exception
    assert app.text_input(key="glossary_path").value == str(GLOSSARY.resolve())


def test_annotating_unsaved_editor_text_says_save_first(app, seed_project):
    review(app)
    key = app.selectbox(key="review_key").value
    app.text_area(key=f"editor-{key}").input("He appeared in Yingtan, Texas.").run()
    app.text_input(key="mqm_span").input("Yingtan")
    app.button(key=f"FormSubmitter:mqm-{key}-Add annotation").click().run()
    assert not app.exception, app.exception
    assert any("in the editor but not in the saved target" in e.value and "Save first" in e.value for e in app.error)
    with Project(seed_project) as p:
        assert MqmService(p.svc()).list(key) == []
    app.text_input(key="mqm_span").input("Nowhere")  # text that is nowhere: the service's own message
    app.button(key=f"FormSubmitter:mqm-{key}-Add annotation").click().run()
    assert any("'Nowhere' does not occur" in e.value for e in app.error)
