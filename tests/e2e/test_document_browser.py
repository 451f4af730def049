"""The Document view in Chromium: edit a target in the grid with the keyboard, save, and check the stored revision;
find & replace with a preview. Expect-based waits only. The user guide's document-replace.png is written where
tests/e2e/conftest.py's ARTIFACTS says (``make screenshots``: docs/images); document.png comes from
test_browser.py's tour of every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from review_app.project import init_project, open_project
from tests.e2e.conftest import ARTIFACTS
from tests.test_replace import _drafts  # both shipped drafts as candidates, the literal one as every target

pytestmark = pytest.mark.browser

EAGLE = "He showed up in Eagle Pass, a small Texas border town, in a cowboy hat."


def _settled(page) -> None:
    """Wait until no script run is going on (Streamlit's app root says so in an attribute); called after waiting
    for what the run shows, so the run has started."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=60_000)


def _shot(page, name: str, last) -> None:
    """The whole page (Streamlit scrolls inside its own container: grow the viewport to it), once ``last`` shows."""
    height = page.evaluate(
        "() => { const b = document.querySelector('[data-testid=stMainBlockContainer]');"
        " return b ? b.getBoundingClientRect().height + 120 : 1000; }"
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(min(int(height), 6000), 800)})
    expect(last).to_be_visible()
    _settled(page)
    page.screenshot(path=str(ARTIFACTS / name))
    page.set_viewport_size(size)


def _open_editable_cell(page, tries: int = 3):
    """Enter on the grid's current cell, and the editor it opens. On a loaded machine the grid can take a key
    press before it has the focus the click gave it, and the cursor stops one column short, on the source, whose
    cell opens read-only: then Escape, one more ArrowRight, and Enter again."""
    for _ in range(tries):
        page.keyboard.press("Enter")
        editor = page.locator("textarea.gdg-input").last  # the grid's cell editor (an overlay)
        expect(editor).to_be_visible()
        if editor.is_enabled():
            return editor
        page.keyboard.press("Escape")
        expect(page.locator("textarea.gdg-input")).to_have_count(0)
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"no editable cell after {tries} tries")


def test_edit_a_target_in_the_document_grid(tmp_path, seed_path, serve_app, browser_page):
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    _drafts(project)
    op = open_project(project)
    try:
        seg = op.service().list_segments(search="鷹潭")[0]
    finally:
        op.close()
    server = serve_app(project)
    page.goto(server.url + "/document", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Document")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("326 of 326 segments · page 1 of 4")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=60_000)

    box = page.get_by_label("Search source, target and MT candidates")
    box.fill("鷹潭")
    box.press("Enter")
    expect(page.get_by_text("1 of 326 segments · page 1 of 1")).to_be_visible(timeout=60_000)
    _settled(page)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()

    # the grid is a canvas: click the row's "#" cell, move to the target column with the keyboard, type, Enter
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible()
    frame = grid.bounding_box()
    assert frame is not None
    page.mouse.click(frame["x"] + 48 + 24, frame["y"] + 35 + 17)  # below the header: the "#" cell (open is 48 px)
    page.keyboard.press("ArrowRight")  # source
    page.keyboard.press("ArrowRight")  # target
    editor = _open_editable_cell(page)
    expect(editor).to_have_value(seg.target or "")
    editor.fill(EAGLE)
    editor.press("Enter")
    save = page.get_by_role("button", name="Save edits (1)")
    expect(save).to_be_enabled(timeout=30_000)
    save.click()
    expect(page.get_by_text("Saved 1 segment(s).")).to_be_visible(timeout=30_000)
    _settled(page)

    op = open_project(project)
    try:
        svc = op.service()
        done = svc.get_segment(seg.key)
        revision = [h for h in svc.history(seg.key) if h.field == "target"][-1]
    finally:
        op.close()
    assert done.target == EAGLE and done.version == seg.version + 1
    assert revision.old == seg.target and revision.new == EAGLE and revision.version == done.version
    assert revision.reason == "edited in the Document view"

    # find & replace: a preview lists every change before anything is written
    box.fill("")
    box.press("Enter")
    expect(page.get_by_text("326 of 326 segments · page 1 of 4")).to_be_visible(timeout=60_000)
    _settled(page)
    find = page.get_by_label("Find", exact=True)
    find.fill("Donald Trump")
    find.press("Enter")
    _settled(page)
    replace = page.get_by_label("Replace with")
    replace.fill("President Trump")
    replace.press("Enter")
    _settled(page)
    page.get_by_role("button", name="Preview").click()
    summary = page.get_by_text("replacement(s) of 'Donald Trump' by 'President Trump'")
    expect(summary).to_be_visible(timeout=60_000)
    expect(page.get_by_role("button", name="Replace in", exact=False)).to_be_enabled()
    _shot(page, "document-replace.png", summary)
