"""Issue 18 in a real browser: reviewing with the keyboard alone, and never losing your place (reload, another
page, unsaved text). Waits are expectations on what the page shows, never fixed sleeps."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from review_app import review_settings
from review_app.models import Status
from review_app.project import init_project, open_project
from tests.e2e.test_browser import GLOSSARY, _nav, _with_drafts

pytestmark = pytest.mark.browser
T = 60_000  # a busy machine (CI, parallel jobs) can take seconds for a rerun: wait for the state, not a time


def settled(page, caption: str) -> None:
    """The run that shows ``caption`` (e.g. "#3 of 326") has finished: nothing stale or running is left."""
    expect(page.get_by_text(caption).first).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=60_000)
    expect(page.locator("[data-stale='true']")).to_have_count(0, timeout=60_000)
    if caption.startswith(" · #"):  # the run reached its end: the page script names the segment of the caption
        page.wait_for_function(
            "(c) => { const s = window.__raReview; return !!s && document.body.innerText.includes(s.key + c)"
            " && !!document.querySelector('[class*=\"st-key-editor-' + s.key + '\"] textarea'); }",
            arg=caption, polling="raf", timeout=60_000)


def _segments(project):
    op = open_project(project)
    try:
        svc = op.service()
        segs = svc.list_segments()
        fluent = {s.key: next(c.text for c in svc.candidates(s.key) if c.engine == "draft-fluent") for s in segs}
        return segs, fluent, svc, op
    except BaseException:
        op.close()
        raise


def test_review_ten_segments_with_the_keyboard_alone(tmp_path, seed_path, serve_app, browser_page, monkeypatch):
    """Alt+2 puts the second candidate (the fluent draft) into the editor and Ctrl+Shift+Enter approves it and opens
    the next segment, with the caret back in the editor: two key presses a segment, no mouse. With the project set
    to pre-fill from that draft, one key press a segment."""
    monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(GLOSSARY))
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    _with_drafts(project, approve=0)
    segs, fluent, _svc, op = _segments(project)
    op.close()
    server = serve_app(project)
    page.goto(server.url + "/review", wait_until="networkidle")
    editor = page.get_by_label("Target (en)")
    settled(page, " · #1 of 326 · ")
    expect(editor).to_be_focused(timeout=T)
    presses = 0
    for i, seg in enumerate(segs[:10]):
        expect(page.get_by_text("2 · draft-fluent")).to_be_visible(timeout=T)
        page.keyboard.press("Alt+2")
        presses += 1
        expect(editor).to_have_value(fluent[seg.key], timeout=T)
        expect(page.get_by_text("2 · draft-fluent — in the editor")).to_be_visible(timeout=T)
        expect(editor).to_be_focused(timeout=T)
        page.keyboard.press("Control+Shift+Enter")
        presses += 1
        settled(page, f" · #{i + 2} of 326 · ")
        expect(editor).to_be_focused(timeout=T)
    assert presses == 20

    op = open_project(project)
    try:
        svc = op.service()
        for seg in segs[:10]:
            done = svc.get_segment(seg.key)
            assert (done.status, done.target, done.version) == (Status.APPROVED, fluent[seg.key], 2), seg.key
            assert [(h.field, h.new, h.label) for h in svc.history(seg.key)] == [
                ("target", fluent[seg.key], "v2"), ("status", "approved", "v2")]
        assert svc.get_segment(segs[10].key).status is Status.NEW
        review_settings.save(svc, prefill="engine:draft-fluent")
    finally:
        op.close()

    # previous / next / copy source, from the editor
    page.keyboard.press("Alt+ArrowUp")
    settled(page, " · #10 of 326 · ")
    expect(editor).to_be_focused(timeout=T)
    expect(editor).to_have_value(fluent[segs[9].key], timeout=T)
    page.keyboard.press("Alt+ArrowDown")
    settled(page, " · #11 of 326 · ")
    page.keyboard.press("Alt+S")
    expect(editor).to_have_value(segs[10].source, timeout=T)
    page.keyboard.press("Alt+ArrowDown")  # the copied source stays a draft of #11; #12 opens pre-filled
    settled(page, " · #12 of 326 · ")
    for i in (11, 12, 13):
        expect(editor).to_have_value(fluent[segs[i].key], timeout=T)
        expect(page.get_by_text("Pre-filled with the draft-fluent candidate")).to_be_visible(timeout=T)
        page.keyboard.press("Control+Shift+Enter")  # one key press a segment
        settled(page, f" · #{i + 2} of 326 · ")
        expect(editor).to_be_focused(timeout=T)
    op = open_project(project)
    try:
        svc = op.service()
        assert [svc.get_segment(s.key).status for s in segs[11:14]] == [Status.APPROVED] * 3
        assert svc.get_segment(segs[10].key).status is Status.NEW  # the copied source was never saved
    finally:
        op.close()
    # the help popover lists the shortcuts
    page.get_by_role("button", name="⌨ Shortcuts").click()
    expect(page.get_by_text("Put candidate 1…9 into the editor")).to_be_visible(timeout=T)


def test_place_survives_reload_and_other_pages(tmp_path, seed_path, serve_app, browser_page, monkeypatch):
    """The segment and the filters are in the URL and come back after another page and after a reload; a reload
    with unsaved text in the editor asks first."""
    monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(GLOSSARY))
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    server = serve_app(project)
    page.goto(server.url + "/review", wait_until="networkidle")
    settled(page, " · #1 of 326 · ")
    expect(page.get_by_label("Target (en)")).to_be_focused(timeout=T)  # the page script is installed
    box = page.get_by_label("Search (ja or en, or segment id)")
    page.keyboard.press("Alt+K")  # open search from the editor
    expect(box).to_be_focused(timeout=T)
    box.fill("テキサス州")  # #18, #78, #83
    box.press("Enter")
    settled(page, "Segment list — 3 of 326 segments match")
    page.get_by_role("button", name="Next ▶").click()
    settled(page, "s658958b4f2 · #78 of 326")
    expect(page).to_have_url(re.compile(r"seg=s658958b4f2"), timeout=T)
    expect(page).to_have_url(re.compile(r"q=%E3%83%86"), timeout=T)  # テキサス州, percent-encoded

    _nav(page, "Glossary")
    expect(page.get_by_role("heading", name="Glossary")).to_be_visible(timeout=60_000)
    _nav(page, "Review")
    settled(page, "s658958b4f2 · #78 of 326")
    expect(page.get_by_text("Segment list — 3 of 326 segments match")).to_be_visible(timeout=T)
    expect(box).to_have_value("テキサス州", timeout=T)

    # unsaved text: the browser asks before a reload discards it
    editor = page.get_by_label("Target (en)")
    editor.click()
    editor.type("Unsaved words")
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.reload(wait_until="networkidle")
    assert dialogs == ["beforeunload"]
    # a reload restores the place from the URL
    settled(page, "s658958b4f2 · #78 of 326")
    expect(page.get_by_text("Segment list — 3 of 326 segments match")).to_be_visible(timeout=T)
    expect(page.get_by_label("Search (ja or en, or segment id)")).to_have_value("テキサス州", timeout=T)
    # a link with an unknown segment or a status that does not exist falls back quietly
    page.goto(server.url + "/review?seg=nope&status=bogus,approved", wait_until="networkidle")
    expect(page.get_by_text("No segment matches these filters")).to_be_visible(timeout=60_000)


def _first_match(project, text: str):
    op = open_project(project)
    try:
        return op.service().list_segments(search=text)[0]
    finally:
        op.close()


def test_live_number_fix_in_the_editor(tmp_path, seed_path, serve_app, browser_page, monkeypatch):
    """A date typed wrong is offered the source's date under the editor before anything is saved; Alt+X applies
    it in the editor (issue 18 item 5: live number and date fixes)."""
    from tests.e2e.test_browser import _shot

    monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(GLOSSARY))
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    seg = _first_match(project, "バトラー")
    page = browser_page
    page.goto(f"{serve_app(project).url}/review?seg={seg.key}", wait_until="networkidle")
    settled(page, f" · #{seg.index + 1} of 326 · ")
    editor = page.get_by_label("Target (en)")
    typed = ("July 31, 2024: At a Trump rally in Butler, Pennsylvania, an apparent assassination attempt led to "
             "gunfire and chaos.")
    editor.fill(typed)
    editor.press("Tab")  # a Streamlit text area sends its text when it loses the focus
    fix = page.get_by_role("button", name="Apply: July 31, 2024 → July 13, 2024")
    expect(fix).to_be_visible(timeout=T)
    settled(page, f" · #{seg.index + 1} of 326 · ")
    _shot(page, "review-live-fix.png")
    editor.focus()
    page.keyboard.press("Alt+X")
    expect(editor).to_have_value(typed.replace("July 31", "July 13"), timeout=T)
    expect(fix).to_have_count(0, timeout=T)
    assert _first_match(project, "バトラー").version == 1  # offered and applied in the editor: nothing saved
