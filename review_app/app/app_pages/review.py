"""Review page, the working page: filtered and paginated segment list, one segment with its source (glossary
terms and QA spans marked), its QA findings (with one-click fixes where the glossary names the replacement), the
target editor and status changes (**Approve ▶ next**, Ctrl+Shift+Enter), candidates with word diffs, conflict merge,
source correction, MQM annotation, threaded comments and revision history with revert.

Each section is a module of :mod:`review_app.app.review` (its session-state keys are declared in
``review_app/app/review/keys.py``); this script runs them in page order.

Speed (issue 18): the project's reads are cached under its change stamp (``review_app/app/cache.py``; one read
of the stamp per run, any write by anybody starts afresh), so a run without a write — Next ▶, typing, a candidate
put into the editor — reads little; the correction, readers' note, MQM and history sections draw their bodies
only while open (``context.section``); ``review-app serve`` turns off Streamlit's full garbage collection after
each run, which held every click for 0.1-0.2 s.

After every change the page refreshes the project's QA run when the project is small enough for that to be quick
(``QA_REFRESH_LIMIT`` segments in ``review_app/app/review/context.py``), so findings, flags, issue navigation and the
dashboard describe the current texts; on larger projects a finding made on an older text is labelled outdated."""

from __future__ import annotations

import streamlit as st

from review_app import mqm, qa, review_settings
from review_app.app import cache, readers_note, render
from review_app.app.review import (
    candidates,
    comments,
    correction,
    editor,
    filters,
    history,
    keyboard,
    keys,
    mqm_panel,
    qa_panel,
    segment_list,
    source,
    url_state,
)
from review_app.app.review.context import Review, qa_settings_of
from review_app.app.state import glossary, glossary_signature, project, service
from review_app.metrics import scores

rv = Review(
    svc=service(),
    op=project(),
    qa=qa,
    mqm_mod=mqm,
    scores_mod=scores,
    gloss=glossary(),
)

st.html(render.STYLE)
st.title("Review")

ss = st.session_state
ss.setdefault(keys.BASE, {})
ss.setdefault(keys.FLASH, [])
ss.setdefault(keys.DRAFTS, {})
ss.setdefault(keys.PREFILLED, {})
rv.settings = review_settings.load(rv.svc)
rv.qa_config, rv.qa_config_sig = qa_settings_of(rv.svc)
# a QA refresh running after a change of the segment about to be shown: show its refreshed findings
qa_error = rv.refresher.wait() if rv.refresher.running_for(ss.get(keys.REVIEW_KEY)) else rv.refresher.take_error()
if qa_error is not None:
    rv.flash("warning", f"Saved, but the QA checks could not run again: {qa_error}")
rv.stamp = cache.stamp(rv.svc)  # after the callbacks' writes: this run's reads are cached under it (app/cache.py)
rv.gloss_sig = glossary_signature(rv.gloss)

url_state.restore()  # the segment and filters of the URL (reload, link) or of this session (back from a page)
rv.filters, page_size = filters.render(rv)
url_state.remember(ss.get(keys.REVIEW_KEY))
rv.total = segment_list.total_segments(rv)
segment_list.render_list(rv, page_size)  # stops the page when no segment matches
url_state.remember(rv.key)
segment_list.open_segment(rv)
qa_panel.load(rv)
source.render_texts(rv)
qa_panel.render_findings(rv)
editor.render_conflict(rv)
editor.render_editor(rv)
editor.render_flash()
candidates.render_candidates(rv)
correction.render_correction(rv)
# the segment's readers' note (footnote of the exports): app/readers_note.py
readers_note.render(rv.svc, rv.key, rv.read, keys.OPEN_NOTE)
mqm_panel.render_mqm(rv)
comments.render_comments(rv)
history.render_history(rv)
# focus back in the editor, shortcuts that commit the editor text first, the unsaved-text warning
ss[keys.RUN] = ss.get(keys.RUN, 0) + 1
keyboard.page_script(rv.key, rv.segment.target or "", rv.editor_text,
                     len([k for k in ss[keys.DRAFTS] if k not in ss[keys.PREFILLED]]), ss[keys.RUN])
rv.refresher.start()  # the QA refresh a save asked for, while the browser shows the page (app/qa_refresh.py)
rv.prefetch_next()  # and the next segment's reads (app/cache.py)
