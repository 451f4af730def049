"""The app in a real browser: Debian chromium + Playwright, against `review-app serve` on a free port.

Screenshots of every page go to test-artifacts/, or to $REVIEW_APP_SCREENSHOTS (``make screenshots`` sets
it to docs/images: the user guide's images come from here).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from review_app.glossary import load_glossary
from review_app.models import Candidate, Status
from review_app.project import init_project, open_project
from tests.conftest import ROOT
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"
EAGLE = "Musk appeared in Eagle Pass, Texas."
CANDIDATES = ROOT / "corpus" / "musk-trump" / "candidates"


def _wait_idle(page, ms: int = 800) -> None:
    # Streamlit shows a running indicator while a script runs; wait for it to go, then let the DOM settle.
    page.wait_for_load_state("networkidle")
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(ms)


def _shot(page, name: str) -> None:
    """Screenshot of the whole page: Streamlit scrolls inside its own container, so grow the viewport to it."""
    height = page.evaluate(
        "() => { const b = document.querySelector('[data-testid=stMainBlockContainer]');"
        " return b ? b.getBoundingClientRect().height + 120 : 1000; }"
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": max(min(int(height), 6000), 800)})
    page.wait_for_timeout(700)
    page.screenshot(path=str(ARTIFACTS / name))
    page.set_viewport_size(size)
    page.wait_for_timeout(300)


def open_review(page, url: str, search: str) -> None:
    """Open the Review page and search for the one segment containing ``search``."""
    page.goto(url + "/review", wait_until="networkidle")
    page.get_by_role("heading", name="Review").wait_for(timeout=60_000)
    box = page.get_by_label("Search (ja or en, or segment id)")
    box.fill(search)
    box.press("Enter")
    page.get_by_text("1 of 326 segments match").wait_for(timeout=30_000)
    _wait_idle(page)


def _nav(page, name: str) -> None:
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=name).click()


def _with_drafts(project, approve: int) -> None:
    """The shipped candidate drafts as candidates (with their provenance), the first segments approved with the
    fluent draft, and a first QA run — what a reviewer sees after `make app` and a little work."""
    import json

    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine

    op = open_project(project)
    try:
        svc = op.service()
        for name in ("literal", "fluent"):
            prov = json.loads((CANDIDATES / f"{name}.provenance.json").read_text(encoding="utf-8"))
            run_engine(svc, FileEngine(CANDIDATES / f"{name}.xlf", engine_name=f"draft-{name}", provenance=prov))
        for seg in svc.list_segments(limit=approve):
            fluent = next(c.text for c in svc.candidates(seg.key) if c.engine == "draft-fluent")
            v = svc.save_target(seg.key, fluent, expected_version=seg.version)
            svc.approve(seg.key, expected_version=v.version)
        from review_app import qa

        qa.run_project(svc, glossary=load_glossary(GLOSSARY))
    finally:
        op.close()


def test_every_page_renders_japanese(tmp_path, seed_path, serve_app, browser_page, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(GLOSSARY))
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    _with_drafts(project, approve=12)
    server = serve_app(project)
    page.goto(server.url, wait_until="networkidle")
    page.get_by_role("heading", name="Dashboard").wait_for(timeout=60_000)
    page.get_by_text("12 of 326 segments approved").wait_for(timeout=30_000)
    _wait_idle(page, 1500)
    _shot(page, "dashboard.png")

    for name in ("Document", "Review", "Glossary", "Compare", "Settings"):
        _nav(page, name)
        page.get_by_role("heading", name=name).wait_for(timeout=30_000)
        _wait_idle(page, 1500)
        if name == "Compare":
            page.get_by_text("Segments where the engines disagree most", exact=True).first.wait_for(timeout=120_000)
            _wait_idle(page, 1500)
        _shot(page, f"{name.lower()}.png")
    _nav(page, "Review")
    page.get_by_text("かつては政財界の「恋愛」カップル").first.wait_for(timeout=30_000)


def test_review_flow_eagle_pass(tmp_path, seed_path, serve_app, browser_page, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(GLOSSARY))
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    op = open_project(project)
    try:
        svc = op.service()
        seg = svc.list_segments(search="鷹潭")[0]
        svc.add_candidates([Candidate("fixture-mt", "Musk appeared in Yingtan, Texas.", {"kind": "test-fixture"},
                                      seg.key)])
    finally:
        op.close()
    server = serve_app(project)
    open_review(page, server.url, "鷹潭")
    page.get_by_role("button", name="Use this").click()
    _wait_idle(page)
    editor = page.get_by_label("Target (en)")
    assert editor.input_value() == "Musk appeared in Yingtan, Texas."
    _shot(page, "review-candidate.png")
    editor.fill(EAGLE)
    editor.blur()
    _wait_idle(page, 300)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved #78: version 2, status draft").first.wait_for(timeout=30_000)
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_text("Saved #78: version 3, status approved").first.wait_for(timeout=30_000)
    page.get_by_text("Correct the source").click()
    corrected = seg.source.replace("鷹潭", "イーグルパス")
    page.get_by_label("Corrected Japanese").fill(corrected)
    page.get_by_label("What was wrong").fill("鷹潭 (Yingtan) is a mistranslation of Eagle Pass")
    page.get_by_role("button", name="Save correction").click()
    page.get_by_text("Source correction saved").first.wait_for(timeout=30_000)
    _wait_idle(page)
    _shot(page, "review-approved.png")

    op = open_project(project)
    try:
        done = op.service().get_segment(seg.key)
    finally:
        op.close()
    assert done.target == EAGLE and done.status is Status.APPROVED
    assert done.source == seg.source and done.corrected_source == corrected

    # export the bilingual HTML (one click) and check both corrections are in the downloaded file
    _nav(page, "Export")
    page.get_by_role("heading", name="Export").wait_for(timeout=30_000)
    _wait_idle(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Download proj.bilingual.html").click()
    body = (tmp_path / "export.html")
    dl.value.save_as(body)
    text = body.read_text(encoding="utf-8")
    assert "Eagle Pass" in text and "イーグルパス" in text


def test_markup_in_segments_renders_as_text(tmp_path, serve_app, browser_page):
    page = browser_page
    src = tmp_path / "xss.ja.txt"
    src.write_text(
        "危険な<script>alert(1)</script>文です。\n\n画像<img src=x onerror=alert(1)>も入れた。\n", encoding="utf-8"
    )
    project = tmp_path / "xss"
    init_project(project, source=src)
    op = open_project(project)
    try:
        svc = op.service()
        key = svc.list_segments()[0].key
        svc.save_target(key, "Dangerous <img src=x onerror=alert(1)> text <script>alert(1)</script>.",
                        expected_version=1)
        svc.add_comment(key, "<script>alert(1)</script> in a comment")
    finally:
        op.close()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    server = serve_app(project)
    page.goto(server.url, wait_until="networkidle")
    page.get_by_role("heading", name="Dashboard").wait_for(timeout=60_000)
    _nav(page, "Review")
    page.locator("div.ra-text").filter(has_text="危険な<script>alert(1)</script>文です。").first.wait_for(
        timeout=30_000
    )
    _wait_idle(page, 1000)
    page.get_by_role("button", name="Next ▶").click()
    page.locator("div.ra-text").filter(has_text="画像<img src=x onerror=alert(1)>も入れた。").first.wait_for(
        timeout=30_000
    )
    _wait_idle(page, 1000)
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    _shot(page, "xss.png")


def test_review_details_for_the_guide(tmp_path, seed_path, serve_app, browser_page, monkeypatch):
    """The rest of the review page a newcomer uses: QA findings and their dismissal, the two drafts side by
    side, an MQM annotation, a comment and the history (screenshots for docs/user-guide.md)."""
    monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(GLOSSARY))
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    _with_drafts(project, approve=0)
    server = serve_app(project)
    page.goto(server.url + "/review", wait_until="networkidle")
    page.get_by_role("heading", name="Review").wait_for(timeout=60_000)
    search = page.get_by_label("Search (ja or en, or segment id)")
    search.fill("鷹潭")
    search.press("Enter")
    page.get_by_text("1 of 326 segments match").wait_for(timeout=30_000)
    _wait_idle(page)
    _shot(page, "review-qa.png")

    page.get_by_role("button", name="Use this").first.click()  # draft-literal, imported first
    _wait_idle(page)
    # the rerun that fills the editor may start after the idle check on a busy machine: wait for the value itself
    expect(page.get_by_label("Target (en)")).to_have_value(
        re.compile(r"^He appeared in Yingtan, a small border town"), timeout=60_000)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved #78: version 2, status draft").first.wait_for(timeout=30_000)
    _wait_idle(page)

    page.get_by_text("MQM annotation (0)").click()
    _wait_idle(page, 300)
    # each filled field commits on blur and reruns the script; a click during that rerun can be lost on a busy
    # machine, so let every rerun finish before the next step
    page.get_by_label("Error span: type or paste the exact text").fill("Yingtan")
    page.get_by_label("Error span: type or paste the exact text").press("Tab")
    _wait_idle(page, 300)
    page.get_by_label("Note", exact=True).fill("鷹潭 is a mistranslation of イーグルパス (Eagle Pass)")
    page.get_by_label("Note", exact=True).press("Tab")
    _wait_idle(page, 300)
    page.get_by_role("button", name="Add annotation").click()
    page.get_by_text("Annotation added").first.wait_for(timeout=60_000)
    _wait_idle(page)
    page.get_by_label("Add a comment").fill("The source names the wrong town: 鷹潭 should be イーグルパス.")
    page.get_by_role("button", name="Comment", exact=True).click()
    page.get_by_text("The source names the wrong town").first.wait_for(timeout=30_000)
    _wait_idle(page)
    page.get_by_text("History", exact=True).click()  # drawn when opened (a rerun)
    page.get_by_text("change(s) of this segment, newest first").first.wait_for(timeout=60_000)
    _wait_idle(page)
    _shot(page, "review-details.png")

    op = open_project(project)
    try:
        svc = op.service()
        key = svc.list_segments(search="鷹潭")[0].key
        from review_app.mqm import MqmService

        notes = [a.span_text for a in MqmService(svc).list(key)]
        comments = [c.body for c in svc.comments(key)]
    finally:
        op.close()
    assert notes == ["Yingtan"]
    assert comments == ["The source names the wrong town: 鷹潭 should be イーグルパス."]


def _demo(project) -> None:
    """What `make app` builds (scripts/demo.sh): the two drafts and the reference as candidates, and a QA run."""
    import json

    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine

    _with_drafts(project, approve=0)
    op = open_project(project)
    try:
        svc = op.service()
        corpus = ROOT / "corpus" / "musk-trump"
        prov = json.loads((corpus / "reference.provenance.json").read_text(encoding="utf-8"))
        run_engine(svc, FileEngine(corpus / "reference.tmx", engine_name="reference", provenance=prov))
    finally:
        op.close()


def _settle(page, ms: int = 300) -> None:
    """Wait for a rerun to finish: no running indicator and no element still marked stale."""
    page.wait_for_timeout(250)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=60_000)
    page.wait_for_timeout(ms)


_CUT_BUTTONS = """() => Array.from(document.querySelectorAll('[data-testid=stMain] button'))
  .filter(b => b.offsetParent && Array.from(b.querySelectorAll('*')).some(e => e.scrollWidth > e.clientWidth + 1))
  .map(b => b.innerText)"""


def _cut_off_buttons(page, width: int) -> list[str]:
    """Labels of the visible buttons whose text is cut off ("Appro…") at this window width."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": size["height"]})
    _settle(page, 500)
    try:
        return list(page.evaluate(_CUT_BUTTONS))
    finally:
        page.set_viewport_size(size)
        page.wait_for_timeout(300)


def _click_table_row(page, row: int, table: int = 0) -> None:
    """Click a cell of a data row of a Streamlit dataframe (a canvas): header and rows are 35 px high."""
    grid = page.locator("[data-testid=stDataFrame]").nth(table)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + 35 + 35 * row + 17)


def test_reviewer_fixes_the_source_errors_with_keyboard_and_exports(tmp_path, seed_path, serve_app, browser_page,
                                                                     monkeypatch):
    """The reviewer's task on the demo: from the dashboard's QA table to the segments whose source uses a
    forbidden or non-canonical term (鷹潭, 超党派政治活動委員会, 銃規制, three renderings of DOGE); one click fixes
    each source; the best candidate, an edit and Ctrl+Shift+Enter approve and move on; the export is one click."""
    import time

    monkeypatch.setenv("REVIEW_APP_GLOSSARY", str(GLOSSARY))
    page = browser_page
    project = tmp_path / "demo"
    init_project(project, source=seed_path)
    _demo(project)
    server = serve_app(project)
    page.goto(server.url, wait_until="networkidle")
    page.get_by_role("heading", name="QA issues").wait_for(timeout=60_000)
    _settle(page, 1000)

    # the QA table (sorted by number of findings): a click on the term-source-variant row opens Review filtered
    from review_app import qa

    op = open_project(project)
    try:
        issues = qa.list_issues(op.service())
    finally:
        op.close()
    totals: dict[str, int] = {}
    for i in issues:
        totals[i.issue.check] = totals.get(i.issue.check, 0) + 1
    ordered = sorted(totals, key=lambda c: -totals[c])  # the table's order (pandas' sort is stable)
    variants = {i.issue.unit for i in issues if i.issue.check == "term-source-variant"}
    _click_table_row(page, ordered.index("term-source-variant"))
    page.get_by_text(f"Segment list — {len(variants)} of 326 segments match").wait_for(timeout=30_000)
    _settle(page)
    timings: dict[str, float] = {}
    fix_times: list[float] = []
    fixed: list[str] = []
    _shot(page, "review-fix.png")
    for _ in range(2 * len(variants)):
        fix = page.get_by_role("button", name="Fix: ").first
        if fix.count() == 0 or not fix.is_visible():
            break
        label = fix.inner_text()
        start = time.monotonic()
        fix.click()
        page.get_by_text(" corrected: ").first.wait_for(timeout=30_000)
        page.get_by_role("button", name=label, exact=True).wait_for(state="detached", timeout=30_000)
        _settle(page)
        fix_times.append(time.monotonic() - start)
        fixed.append(label)
        # a segment with two garbled forms (#33: アメリカンPAC and 銃規制; #115: 超党派政治活動委員会 and
        # アメリカンPAC) offers its other fix after the QA refresh: fix it before moving on
        again = page.get_by_role("button", name="Fix: ").first
        if again.count() and again.is_visible():
            continue
        if page.get_by_role("button", name="Next ▶").is_enabled():
            page.get_by_role("button", name="Next ▶").click()
            _settle(page)
    assert any("鷹潭 → イーグルパス" in f for f in fixed) and any("銃規制 → 銃の所持権" in f for f in fixed)
    assert any("超党派政治活動委員会 → スーパーPAC" in f for f in fixed)
    assert sum("アメリカンPAC → アメリカPAC" in f for f in fixed) == 2
    assert any("テマ同盟 → トランプ・マスク同盟" in f for f in fixed)
    timings["source fix (median, incl. 0.55 s settle)"] = sorted(fix_times)[len(fix_times) // 2]
    assert sum("→ 政府効率化省" in f for f in fixed) == 4  # 政府効率化委員会 once, 政府効率化局 three times
    assert "Fix: remove (マジシャン)" in fixed  # MAGA(マジシャン) loses its bogus gloss

    # the 鷹潭 segment (the article names イーグルパス correctly elsewhere): a click on its row in the list opens it
    search = page.get_by_label("Search (ja or en, or segment id)")
    search.fill("テキサス州")  # #18 (イーグルパス, correct), #78 (the 鷹潭 one), #83
    search.press("Enter")
    page.get_by_text("Segment list — 3 of 326 segments match").wait_for(timeout=30_000)
    _settle(page)
    assert page.get_by_text("sb3875ab5d4 · #18 of 326").count() == 1
    _click_table_row(page, 1)
    page.get_by_text("s658958b4f2 · #78 of 326").wait_for(timeout=30_000)
    _settle(page)
    # no button label is cut off, on a wide screen or on a laptop with the sidebar open
    assert _cut_off_buttons(page, 1440) == [] and _cut_off_buttons(page, 1100) == []
    page.get_by_role("button", name="Use this").nth(2).click()  # the reference: Eagle Pass, a small Texas town
    _settle(page)
    editor = page.get_by_label("Target (en)")
    assert "Eagle Pass" in editor.input_value()
    editor.click()
    editor.press("End")
    editor.type(" [checked]")
    start = time.monotonic()
    page.keyboard.press("Control+Shift+Enter")  # Approve ▶ next, with the text typed a moment ago
    page.get_by_text("status approved").first.wait_for(timeout=30_000)
    _settle(page)
    timings["approve and next"] = time.monotonic() - start
    op = open_project(project)
    try:
        svc = op.service()
        done = svc.get_segment(svc.list_segments(search="カウボーイハット")[0].key)
    finally:
        op.close()
    assert done.status is Status.APPROVED and done.target.endswith(" [checked]"), done.target
    assert done.corrected_source and "イーグルパス" in done.corrected_source and "鷹潭" in done.source

    # Ctrl+Enter in the comment box (a habit from chat tools) does not approve the segment now open
    after = page.get_by_text(" of 326 · ").first.inner_text().split(" · ")[0]
    assert after == "s4293e217ad"  # Approve ▶ next moved on to #83, the next match of テキサス州
    comment = page.get_by_label("Add a comment")
    comment.click()
    comment.type("Ctrl+Enter here must not approve")
    page.keyboard.press("Control+Enter")
    _settle(page, 800)
    op = open_project(project)
    try:
        assert op.service().get_segment(after).status is Status.NEW
    finally:
        op.close()

    # one-click export: both corrections are in the article
    _nav(page, "Export")
    page.get_by_role("heading", name="Export").wait_for(timeout=30_000)
    _settle(page)
    start = time.monotonic()
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Download demo.bilingual.html").click()
    body = tmp_path / "article.html"
    dl.value.save_as(body)
    timings["export download"] = time.monotonic() - start
    text = body.read_text(encoding="utf-8")
    assert "Eagle Pass" in text and "イーグルパス" in text and "スーパーPAC" in text
    page.get_by_role("button", name="Preview").click()
    page.locator("iframe").first.wait_for(timeout=60_000)
    _settle(page, 1500)
    _shot(page, "export.png")
    print("timings (s):", {k: round(v, 2) for k, v in timings.items()})
