"""Review page, the working page: filtered and paginated segment list, one segment with its source (glossary
terms and QA spans marked), its QA findings (with one-click fixes where the glossary names the replacement), the
target editor and status changes (**Approve ▶ next**, Ctrl+Shift+Enter), candidates with word diffs, conflict merge,
source correction, MQM annotation, threaded comments and revision history with revert.

After every change the page refreshes the project's QA run when the project is small enough for that to be quick
(:data:`QA_REFRESH_LIMIT` segments), so findings, flags, issue navigation and the dashboard describe the current
texts; on larger projects a finding made on an older text is labelled outdated."""

from __future__ import annotations

import contextlib
import html
from typing import Any

import pandas as pd
import streamlit as st

from review_app.app import queries, readers_note, render
from review_app.app.state import ROW_OR_CELL, glossary, optional, picked_row, project, service
from review_app.errors import ConflictError, ReviewAppError
from review_app.models import BlockKind, Status
from review_app.quickfix import Fix, fix_for_issue

# Projects up to this many segments get their QA run refreshed after each change (the shipped 326-segment article
# takes about 0.2 s); larger ones keep the last run until "Run QA checks now" and show outdated findings as such.
# (A comment, not a docstring: Streamlit's "magic" would print a bare string on the page.)
QA_REFRESH_LIMIT = 1500

svc = service()
op = project()
qa = optional("review_app.qa")
mqm_mod = optional("review_app.mqm")
scores_mod = optional("review_app.metrics.scores")
gloss = glossary()

st.html(render.STYLE)
st.title("Review")

ss = st.session_state
ss.setdefault("base", {})
ss.setdefault("flash", [])


def flash(kind: str, msg: str) -> None:
    """A message for the next run: shown under the action buttons and, for successes, as a toast (visible
    wherever the page is scrolled)."""
    ss["flash"].append((kind, msg))


# -- filters (sidebar) ---------------------------------------------------------------------------------------
with st.sidebar:
    st.subheader("Filter segments")
    search = st.text_input("Search (ja or en, or segment id)", key="rv_search")
    statuses = st.multiselect("Status", [s.value for s in Status], key="rv_status")
    kinds = st.multiselect("Block kind", [k.value for k in BlockKind], key="rv_kind")
    has_comment = st.checkbox("Has comments", key="rv_has_comment")
    has_correction = st.checkbox("Has a source correction", key="rv_has_correction")
    has_mqm = st.checkbox("Has MQM annotations", key="rv_has_mqm")
    qa_checks: list[str] = []
    qa_sev: list[str] = []
    has_qa = False
    if qa is not None:
        has_qa = st.checkbox("Has open QA issues", key="rv_has_qa")
        qa_checks = st.multiselect("QA check", queries.qa_checks_in_run(svc), key="rv_qa_check")
        qa_sev = st.multiselect("QA severity", ["critical", "major", "minor"], key="rv_qa_sev")
    else:
        st.caption("QA filters: not available (review_app.qa is not installed).")
    engine_names = queries.engines(svc)
    engines = st.multiselect("Has a candidate from", engine_names, key="rv_engine") if engine_names else []
    order = st.radio(
        "Order",
        ["document", "suspicious"],
        format_func={"document": "Document order", "suspicious": "Most suspicious first"}.__getitem__,
        key="rv_order",
        horizontal=True,
        on_change=lambda: ss.__setitem__("rv_to_top", True),  # a new order starts at its top
    )
    page_size = st.selectbox("Segments per page", [25, 50, 100], index=1, key="rv_page_size")

filters = queries.Filters(
    statuses=statuses, kinds=kinds, search=search, has_comment=has_comment, has_correction=has_correction,
    has_mqm=has_mqm, qa_checks=qa_checks, qa_severities=qa_sev, has_qa=has_qa, engines=engines, order=order,
)


@st.cache_data(max_entries=16, ttl=300, show_spinner=False)
def _total_segments(_svc: Any, project_id: int, project_dir: str) -> int:
    # changes only when a document is imported; counting 10k rows on every rerun is wasted work
    return _svc.count_segments()


total = _total_segments(svc, svc.project_id, str(op.config.path.resolve()))
matching = total if filters == queries.Filters(order=filters.order) else queries.count(svc, filters)
if not matching:
    st.info(f"No segment matches these filters ({total} segments in the project). Clear a filter in the sidebar.")
    st.stop()

if ss.pop("rv_to_top", False):
    ss["review_key"] = queries.key_at(svc, filters, 0)
pos = queries.position(svc, filters, ss.get("review_key"))
if pos is not None:
    ss.pop("rv_changed", None)
else:
    left = ss.get("review_key")
    if left is not None and left == ss.get("rv_changed"):
        # a change (a fix, a new status) took the segment out of the filtered list: say why another one shows
        with contextlib.suppress(ReviewAppError):
            flash("info", f"#{svc.get_segment(left).index + 1} does not match the filters (any more): showing the "
                  "first segment that does.")
    pos = 0
    ss["review_key"] = queries.key_at(svc, filters, 0)
pages = (matching + page_size - 1) // page_size
page = pos // page_size
ss["rv_page"] = page + 1
page_keys = queries.page_keys(svc, filters, page * page_size, page_size)
issue_set = queries.issue_keys(svc, page_keys)


def go_to(key: str | None) -> None:
    if key is not None:
        ss["review_key"] = key


def go_page(f: queries.Filters, size: int) -> None:
    p = int(ss["rv_page"]) - 1
    go_to(queries.key_at(svc, f, p * size) or queries.key_at(svc, f, 0))


# -- segment list (one page) ---------------------------------------------------------------------------------
rows = queries.rows_for(svc, page_keys)
ncomments = queries.comment_counts(svc, page_keys)
current_key = ss.get("review_key")
offset_in_page = pos - page * page_size


def pick_row(table_key: str, keys: list[str]) -> None:
    """A click on a row (or on any cell of it) of the segment list opens that segment."""
    row = picked_row(ss.get(table_key))
    if row is not None and 0 <= row < len(keys):
        go_to(keys[row])


with st.expander(f"Segment list — {matching} of {total} segments match · page {page + 1} of {pages}", expanded=True):
    head = st.columns([1, 5], vertical_alignment="center")
    head[0].number_input(
        "Page", min_value=1, max_value=max(pages, 1), step=1, key="rv_page", on_change=go_page,
        args=(filters, page_size),
    )
    head[1].caption("Click a row to open that segment. Flags: issue = open QA finding or MQM annotation.")
    frame = pd.DataFrame(
        [
            {
                "#": r.index + 1,
                "id": r.key,
                "status": r.status.value,
                "flags": " · ".join(
                    f for f in (
                        "issue" if r.key in issue_set else "",
                        "corrected" if r.corrected_source is not None else "",
                        f"{ncomments[r.key]} comment(s)" if r.key in ncomments else "",
                    ) if f
                ),
                "source": r.effective_source,
                "target": r.target or "",
            }
            for r in rows
        ]
    )
    # one widget per (page, current segment): its default selection marks the current row
    table_key = f"rv_table-{page}-{current_key}"
    st.dataframe(
        frame, hide_index=True, width="stretch", height=min(35 * len(rows) + 40, 250), key=table_key,
        on_select=lambda: pick_row(table_key, page_keys), selection_mode=ROW_OR_CELL,
        selection_default={"selection": {"rows": [offset_in_page]}} if 0 <= offset_in_page < len(rows) else None,
        column_config={
            "#": st.column_config.NumberColumn("#", width=50),
            "status": st.column_config.TextColumn("status", width=85),  # "translated", "approved" in full
            "flags": st.column_config.TextColumn("flags", width=150),
            "source": st.column_config.TextColumn("source", width="large"),
            "target": st.column_config.TextColumn("target", width="large"),
        },
    )

# The picker's labels never change for a segment (document position and original source): Streamlit keeps the
# label a selectbox showed for its value, so a label carrying the status would go stale after Approve.
labels = {r.key: f"#{r.index + 1} {r.source[:70]}" for r in rows}
prev_key = page_keys[offset_in_page - 1] if offset_in_page > 0 else queries.key_at(svc, filters, pos - 1)
next_key = (page_keys[offset_in_page + 1] if offset_in_page + 1 < len(page_keys)
            else queries.key_at(svc, filters, pos + 1))
prev_issue = queries.issue_neighbor(svc, filters, ss["review_key"], -1)
next_issue = queries.issue_neighbor(svc, filters, ss["review_key"], 1)
nav_picker, nav_buttons = st.columns([3, 2], vertical_alignment="center")
nav_picker.selectbox("Segment", page_keys, format_func=lambda k: labels.get(k, k), key="review_key",
                     label_visibility="collapsed")
with nav_buttons, st.container(horizontal=True, wrap=True, gap="small", horizontal_alignment="right"):
    # content-wide buttons: on a narrow window they wrap instead of shrinking to "◀ Pre…"
    st.button("◀ Previous", key="prev", disabled=prev_key is None, on_click=go_to, args=(prev_key,))
    st.button("Next ▶", key="next", disabled=next_key is None, on_click=go_to, args=(next_key,))
    st.button("◀ Issue", key="prev_issue", disabled=prev_issue is None, on_click=go_to, args=(prev_issue,),
              help="Previous segment with an open QA issue or an MQM annotation")
    st.button("Issue ▶", key="next_issue", disabled=next_issue is None, on_click=go_to, args=(next_issue,),
              help="Next segment with an open QA issue or an MQM annotation")

key = ss["review_key"]
seg = svc.get_segment(key)
editor_key = f"editor-{key}"
ss.setdefault("drafts", {})
if editor_key not in ss or key not in ss["base"]:
    draft = ss["drafts"].get(key)
    if draft is not None:
        # an unsaved edit from earlier in this session: restore it against the version it was based on
        ss["base"][key], ss[editor_key] = (draft[0], draft[1]), draft[2]
    else:
        ss[editor_key] = seg.target or ""
        ss["base"][key] = (seg.version, seg.target or "")
base_version, base_text = ss["base"][key]


def keep_draft() -> None:
    """Remember unsaved editor text per segment, so moving to another segment never loses it."""
    text = ss[editor_key]
    if text != ss["base"][key][1]:
        ss["drafts"][key] = (*ss["base"][key], text)
    else:
        ss["drafts"].pop(key, None)


def refresh_qa() -> None:
    """Re-run the project's QA after a change (small projects with a QA run only; see QA_REFRESH_LIMIT)."""
    if qa is None or total > QA_REFRESH_LIMIT or not queries.has_qa_run(svc):
        return
    try:
        qa.run_project(svc, glossary=gloss)
    except ReviewAppError as exc:
        flash("warning", f"Saved, but the QA checks could not run again: {exc}")


who = f" · last change by {render.md_text(seg.updated_by)}" if seg.updated_by else ""
# a WMT test set names each segment's document and domain (review_app.sources)
where = " · ".join(str(seg.meta[k]) for k in ("document", "domain") if seg.meta.get(k)).replace("`", "'")
doc = f"document `{where}` · " if seg.meta.get("document") else ""  # a code span: ids are shown as they are
st.caption(
    f"{seg.key} · #{seg.index + 1} of {total} · {doc}{seg.block_kind.value} · paragraph {seg.paragraph} · "
    f"status **{seg.status.value}** · version {seg.version}{who}"
)

# -- source with glossary terms and QA spans -----------------------------------------------------------------
issues: list[dict[str, Any]] = queries.segment_issues(svc, seg) if qa is not None else []
mqm_svc = mqm_mod.MqmService(svc) if mqm_mod is not None else None
annotations = mqm_svc.list(key) if mqm_svc is not None else []


def term_spans(text: str, lang: str) -> tuple[list[render.Span], list[Any]]:
    if gloss is None:
        return [], []
    found = gloss.matcher(lang).find(text)
    spans = []
    for m in found:
        concept = gloss.get(m.concept_id)
        pref = concept.preferred(op.config.target_lang)
        expected = pref.text if pref is not None else "?"
        if m.status.value == "forbidden":
            src_pref = concept.preferred(lang)
            fix = f"; use {src_pref.text}" if src_pref is not None else ""
            spans.append(render.Span(m.start, m.end, "term-bad", f"forbidden term{fix} ({m.concept_id}: {expected})"))
        else:
            spans.append(render.Span(m.start, m.end, "term", f"{m.concept_id}: {expected}"))
    return spans, found


def target_terms(text: str) -> tuple[set[str], set[str]]:
    """Concepts rendered with an allowed target term, and concepts rendered with a forbidden one."""
    if gloss is None or not text:
        return set(), set()
    ok, bad = set(), set()
    for m in gloss.matcher(op.config.target_lang).find(text):
        (bad if m.status.value == "forbidden" else ok).add(m.concept_id)
    return ok, bad


def qa_spans(side: str) -> list[render.Span]:
    out = []
    for i in issues:
        span = i["source_span"] if side == "source" else i["target_span"]
        if span and not i["dismissed"]:
            out.append(render.Span(span[0], span[1], f"qa-{i['severity']}", f"{i['check']}: {i['message']}"))
    return out


src_col, tgt_col = st.columns(2)
with src_col:
    st.markdown(f"**Source ({html.escape(op.config.source_lang)})**"
                + (" — corrected" if seg.corrected_source is not None else ""))
    text = seg.effective_source
    t_spans, t_found = term_spans(text, op.config.source_lang)
    m_spans = [render.Span(a.start, a.end, "mqm", f"MQM {a.category} {a.severity}") for a in annotations
               if a.side == "source"]
    st.html(render.highlight(text, t_spans + qa_spans("source") + m_spans))
    if seg.corrected_source is not None:
        st.caption("Original source (kept; the correction above is exported separately):")
        st.html(render.highlight(seg.source, []))
    if t_found:
        good, bad = target_terms(ss[editor_key])
        lines = []
        for m in t_found:
            pref = gloss.get(m.concept_id).preferred(op.config.target_lang)
            mark = "✓" if m.concept_id in good and m.concept_id not in bad else ("✗ forbidden term in target:"
                                                                            if m.concept_id in bad else "○")
            lines.append(f"{mark} {html.escape(m.text)} → <b>{html.escape(pref.text if pref else '?')}</b>")
        st.html('<div class="ra-terms">Glossary (✓ in the editor text, ○ not yet): '
                + " &nbsp;|&nbsp; ".join(lines) + "</div>")
    elif gloss is None:
        st.caption("Glossary highlighting: no glossary configured (Settings) or review_app.glossary missing.")
with tgt_col:
    st.markdown(f"**Current target ({html.escape(op.config.target_lang)})** — saved, status {seg.status.value}")
    m_spans = [render.Span(a.start, a.end, "mqm", f"MQM {a.category} {a.severity}") for a in annotations
               if a.side == "target" and a.text_version == seg.version]
    st.html(render.highlight(seg.target or "", qa_spans("target") + m_spans) if seg.target else
            '<div class="ra-text"><i>(no translation yet)</i></div>')


# -- saving (callbacks used by the QA fixes, the editor buttons, the conflict view and the history) --------------
def _save(text: str, expected: int, status: str | None = None, reason: str | None = None) -> bool:
    try:
        v = svc.save_target(key, text, expected_version=expected, status=status, reason=reason)
    except ConflictError as exc:
        ss["conflict"] = {
            "key": key, "mine": text, "base": ss["base"][key][1], "theirs": exc.current_text or "",
            "version": exc.current_version, "by": exc.updated_by, "status": status,
        }
        return False
    except ReviewAppError as exc:
        flash("error", str(exc))
        return False
    ss["base"][key] = (v.version, v.target or "")
    ss[editor_key] = v.target or ""
    ss["drafts"].pop(key, None)
    ss["rv_changed"] = key
    ss.pop("conflict", None)
    ss.pop(f"merge-{key}", None)
    refresh_qa()
    flash("success", f"Saved #{v.index + 1}: version {v.version}, status {v.status.value}")
    if v.status in (Status.APPROVED, Status.REVIEWED) and qa is not None:
        left = [i for i in queries.segment_issues(svc, v)
                if not i["dismissed"] and not i["stale"] and i["severity"] in ("critical", "major")]
        if left:
            flash("warning", f"#{v.index + 1} is {v.status.value} with {len(left)} open critical/major QA "
                  "finding(s): " + "; ".join(f"{i['check']} ({i['severity']})" for i in left)
                  + " — fix or dismiss them, or leave a comment.")
    return True


def do_save(status: str | None = None) -> None:
    _save(ss[editor_key], ss["base"][key][0], status)


def do_save_next(status: str, nxt: str | None) -> None:
    """Save with ``status`` and move on to the next segment of the list (CAT-tool 'confirm and next')."""
    if _save(ss[editor_key], ss["base"][key][0], status):
        if nxt is None:
            flash("info", "That was the last segment of the list.")
        else:
            go_to(nxt)


def _dismiss(fp: str) -> None:
    try:
        qa.dismiss(svc, fp, reason="dismissed in the review app")
        flash("success", "QA finding dismissed")
    except ReviewAppError as exc:
        flash("error", str(exc))


def apply_fix(fix: Fix) -> None:
    """Apply a glossary fix: a source fix is saved as a source correction (the original is kept); a target fix
    goes into the editor, to be checked and saved."""
    if fix.side == "source":
        try:
            svc.correct_source(key, fix.apply(seg.effective_source), expected_source_version=seg.source_version,
                               reason=fix.reason)
        except (ReviewAppError, ValueError) as exc:
            flash("error", f"Source not corrected: {exc}")
            return
        refresh_qa()
        ss["rv_changed"] = key
        flash("success", f"Source of #{seg.index + 1} corrected: {fix.label} (the original is kept; 'Correct the "
              "source' undoes it).")
        return
    current = ss[editor_key]
    if current == (seg.target or ""):
        new = fix.apply(current)
    elif fix.old in current:
        new = current.replace(fix.old, fix.new, 1)
    else:
        flash("error", f"'{fix.old}' is not in the editor text any more; nothing replaced.")
        return
    ss[editor_key] = new
    keep_draft()
    flash("info", f"Replaced {fix.label} in the editor — check it, then Save or Approve.")


def fix_of(i: dict[str, Any]) -> Fix | None:
    if i["stale"] or i["dismissed"]:
        return None
    return fix_for_issue(i["check"], i["data"], source=seg.effective_source, target=seg.target,
                         source_span=i["source_span"], target_span=i["target_span"], message=i["message"])


if issues:
    with st.container(border=True):
        st.markdown("**QA findings** (latest QA run)")
        for i in issues:
            c1, c2, c3 = st.columns([5, 2.2, 1], vertical_alignment="center")
            state = (" (dismissed)" if i["dismissed"] else
                     " (outdated: the text changed since this QA run — run the QA checks again)" if i["stale"]
                     else "")
            c1.text(f"[{i['severity']}] {i['check']} ({i['side']}): {i['message']}{state}")
            fix = fix_of(i)
            if fix is not None:
                allowed = svc.can("correct_source") if fix.side == "source" else svc.can("edit_target")
                c2.button(f"Fix: {fix.label}", key=f"fix-{i['fingerprint']}", on_click=apply_fix, args=(fix,),
                          disabled=not allowed, width="stretch", wrap=True,
                          help=("Save the source correction (the original is kept)" if fix.side == "source" else
                                "Replace it in the editor (then Save or Approve)"))
            if not i["dismissed"] and svc.can("annotate"):
                c3.button("Dismiss", key=f"dismiss-{i['fingerprint']}", help="Mark as a false positive (persists)",
                          on_click=_dismiss, args=(i["fingerprint"],))


def keep_mine() -> None:
    c = ss["conflict"]
    _save(c["mine"], c["version"], c["status"], reason="kept my text over a concurrent change")


def take_theirs() -> None:
    c = ss.pop("conflict")
    ss["base"][key] = (c["version"], c["theirs"])
    ss[editor_key] = c["theirs"]
    ss["drafts"].pop(key, None)
    ss.pop(f"merge-{key}", None)
    flash("info", "Took their text; your edit was discarded.")


def save_merge() -> None:
    c = ss["conflict"]
    _save(ss[f"merge-{key}"], c["version"], c["status"], reason="merged with a concurrent change")


def reload_segment() -> None:
    fresh = svc.get_segment(key)
    ss["base"][key] = (fresh.version, fresh.target or "")
    ss[editor_key] = fresh.target or ""
    ss["drafts"].pop(key, None)


# -- conflict view -----------------------------------------------------------------------------------------------
conflict = ss.get("conflict")
if conflict and conflict["key"] == key:
    with st.container(border=True):
        st.error(
            f"Conflict: somebody ({conflict['by'] or 'another user'}) saved this segment (now version "
            f"{conflict['version']}) while you were editing. Nothing was overwritten — choose what to keep."
        )
        mine_col, theirs_col = st.columns(2)
        mine_col.markdown("**Your text**")
        mine_col.html(render.word_diff(conflict["theirs"], conflict["mine"]))
        theirs_col.markdown(f"**Their text (saved, version {conflict['version']})**")
        theirs_col.html(render.highlight(conflict["theirs"], []))
        ss.setdefault(f"merge-{key}", render.merge_suggestion(conflict["base"], conflict["mine"], conflict["theirs"]))
        st.text_area("Merge (edit, then save the merged text)", key=f"merge-{key}", height=100)
        b1, b2, b3 = st.columns(3)
        b1.button("Keep mine", key="keep_mine", on_click=keep_mine, width="stretch")
        b2.button("Take theirs", key="take_theirs", on_click=take_theirs, width="stretch")
        b3.button("Save merged", key="save_merge", type="primary", on_click=save_merge, width="stretch")
elif seg.version != base_version:
    st.warning(f"This segment changed since you opened it (now version {seg.version}"
               f"{' by ' + render.md_text(seg.updated_by) if seg.updated_by else ''}).")
    st.button("Reload the saved text", key="reload", on_click=reload_segment)

# -- editor and status -----------------------------------------------------------------------------------------
st.text_area(f"Target ({op.config.target_lang})", key=editor_key, height=110, on_change=keep_draft)
if key in ss["drafts"]:
    st.caption("Unsaved changes (kept while you move between segments; Save to store them).")
can_review = svc.can("review")
need_review = "Needs the reviewer or admin role" if not can_review else None
next_status = "approved" if can_review else "translated"
# The buttons flow in one row and wrap to a second one on a narrow window; none is ever cut to "Appro…".
# Ctrl+Shift+Enter, not Ctrl+Enter: a button shortcut fires from any field of the page, and Ctrl+Enter is what
# people press to send a comment. Both commit the editor's text before the click; Ctrl+S would not.
with st.container(horizontal=True, wrap=True, gap="small"):
    st.button("Approve ▶ next" if can_review else "Translated ▶ next", key="save_next", type="primary",
              on_click=do_save_next, args=(next_status, next_key), shortcut="Ctrl+Shift+Enter",
              help=f"Save the editor text as {next_status} and open the next segment of the list")
    st.button("Save", key="save", on_click=do_save, help="Save as a draft")
    st.button("Save as translated", key="save_translated", on_click=do_save, args=("translated",))
    st.button("Approve", key="approve", on_click=do_save, args=("approved",), disabled=not can_review,
              help=need_review)
    st.button("Mark reviewed", key="mark_reviewed", on_click=do_save, args=("reviewed",), disabled=not can_review,
              help=need_review)
    st.button("Reject", key="reject", on_click=do_save, args=("rejected",), disabled=not can_review,
              help=need_review)

# feedback of the last action, where the eyes are (and as a toast, wherever the page is scrolled)
for kind, msg in ss["flash"]:
    getattr(st, kind)(msg)
    if kind == "success":
        st.toast(msg, icon=":material/check_circle:")
ss["flash"] = []

# -- candidates ------------------------------------------------------------------------------------------------
cands = svc.candidates(key)


def use_candidate(text: str) -> None:
    ss[editor_key] = text
    keep_draft()


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def candidate_findings(source: str, text: str, _glossary: Any, glossary_sig: str) -> list[tuple[str, str, str]]:
    """Target-side QA findings of one candidate, checked alone (document-level checks see only this unit). The
    source's own findings are the same for every candidate and are listed once, under QA findings."""
    from review_app.checks.base import Side, Unit

    found = qa.run_units([Unit(id="candidate", source=source, target=text)], glossary=_glossary)
    return [(i.severity.value, i.check, i.message) for i in found if i.side is not Side.SOURCE]


def provenance_line(prov: dict[str, Any]) -> tuple[str, str]:
    """A short provenance line (kind, who, engine) and the full record for the tooltip."""
    short = " · ".join(str(prov[k]) for k in ("kind", "by", "engine") if prov.get(k))
    full = "  \n".join(f"**{html.escape(str(k))}**: {html.escape(str(v))}" for k, v in prov.items())
    return (short[:160] or "no provenance"), (full or "no provenance recorded")


if cands:
    st.markdown("**Candidates** (differences against the current editor text)")
    latest: dict[str, Any] = {}
    for c in cands:
        latest[c.engine] = c  # newest candidate per engine
    current = ss[editor_key]
    chrf = scores_mod.get_metric("chrf", target_lang=op.config.target_lang) if scores_mod is not None else None
    for start in range(0, len(latest), 3):
        cols = st.columns(3)
        for col, c in zip(cols, list(latest.values())[start : start + 3], strict=False):
            with col.container(border=True):
                in_editor = bool(current) and c.text == current
                st.markdown(f"**{html.escape(c.engine)}**" + (" — in the editor" if in_editor else ""))
                short, full = provenance_line(c.provenance)
                st.caption(short, help=full)
                st.html(render.word_diff(current, c.text) if current else render.highlight(c.text, []))
                facts = [f"word overlap {render.similarity(current, c.text):.0%}"] if current else []
                if chrf is not None and current:
                    facts.append(f"chrF vs editor {chrf.sentence_scores([c.text], [current])[0]:.1f}")
                if gloss is not None and t_found:
                    good, bad = target_terms(c.text)
                    want = {m.concept_id for m in t_found}
                    facts.append(f"glossary terms {len(want & (good - bad))}/{len(want)}"
                                 + (f", forbidden: {len(want & bad)}" if want & bad else ""))
                findings: list[tuple[str, str, str]] = []
                if qa is not None:
                    try:
                        findings = candidate_findings(seg.effective_source, c.text, gloss,
                                                      gloss.signature if gloss is not None else "")
                    except ReviewAppError:
                        findings = []
                    facts.append(f"QA: {len(findings)} finding(s)" if findings else "QA: clean")
                if facts:
                    st.caption(" · ".join(facts))
                for sev, check, message in findings:
                    st.text(f"[{sev}] {check}: {message}")
                st.button("Use this", key=f"use-{c.id}", on_click=use_candidate, args=(c.text,),
                          disabled=in_editor, help="Put this candidate into the editor (then edit, Save or Approve)")

# -- source correction -------------------------------------------------------------------------------------------
with st.expander("Correct the source" + (" (corrected)" if seg.corrected_source is not None else "")):
    with st.form(f"src-{seg.key}-{seg.source_version}"):
        fixed = st.text_area("Corrected Japanese", value=seg.effective_source, height=90)
        why = st.text_input("What was wrong")
        if st.form_submit_button("Save correction", disabled=not svc.can("correct_source")):
            try:
                svc.correct_source(seg.key, fixed, expected_source_version=seg.source_version, reason=why or None)
                refresh_qa()
                flash("success", "Source correction saved (the original is kept).")
                st.rerun()
            except ReviewAppError as exc:
                st.error(str(exc))
    if seg.corrected_source is not None and st.button("Remove the correction", key="remove_correction",
                                                      disabled=not svc.can("correct_source")):
        try:
            svc.correct_source(seg.key, None, expected_source_version=seg.source_version, reason="removed")
            refresh_qa()
            flash("success", "Source correction removed: the original source applies again.")
            st.rerun()
        except ReviewAppError as exc:
            st.error(str(exc))

readers_note.render(svc, key)  # the segment's readers' note (footnote of the exports): review_app/app/readers_note.py


def _mqm_delete(annotation_id: int) -> None:
    try:
        mqm_svc.delete_annotation(annotation_id)
    except ReviewAppError as exc:
        flash("error", str(exc))


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _document_score(_mqm: Any, project_id: int, project_dir: str, stamp: int) -> Any:
    # The document score counts the words of every target (O(segments)); recompute only after a change.
    return _mqm.score()


# -- MQM annotation ---------------------------------------------------------------------------------------------
with st.expander(f"MQM annotation ({len(annotations)})", expanded=bool(annotations)):
    if mqm_mod is None:
        st.info("MQM annotation is not available (review_app.mqm missing).")
    else:
        seg_score = mqm_svc.score(key)
        doc_score = _document_score(mqm_svc, svc.project_id, str(op.config.path.resolve()),
                                    queries.revision_stamp(svc))
        m1, m2, m3 = st.columns(3)
        m1.metric("Segment penalty", f"{seg_score.penalty:g}", help=seg_score.signature)
        m2.metric("Segment MQM score", "—" if seg_score.score is None else f"{seg_score.score * 100:.1f}",
                  help="1 − penalty / words, ×100 (MQM raw scoring model)")
        m3.metric("Document MQM score", "—" if doc_score.score is None else f"{doc_score.score * 100:.1f}",
                  help=f"penalty {doc_score.penalty:g} over {doc_score.words} words; "
                  f"{doc_score.per_1000_words or 0:.1f} per 1000 words")
        for a in annotations:
            c1, c2 = st.columns([6, 1])
            c1.text(f"{a.side} [{a.start}:{a.end}] “{a.span_text}” · {a.category} · {a.severity} (−{a.weight:g})"
                    + (f" · {a.note}" if a.note else "") + f" · {a.user}")
            if svc.can("annotate"):
                c2.button("Delete", key=f"mqm_del-{a.id}", on_click=lambda i=a.id: _mqm_delete(i))
        if svc.can("annotate"):
            with st.form(f"mqm-{key}", clear_on_submit=True):
                r1 = st.columns([1.2, 4, 1.3], vertical_alignment="bottom")
                side = r1[0].radio("Side", ["target", "source"], horizontal=True, key="mqm_side",
                                   help="The target is the saved text (Save first if you are editing).")
                span_text = r1[1].text_input("Error span: type or paste the exact text", key="mqm_span")
                occ = r1[2].number_input("Occurrence", min_value=1, value=1, key="mqm_occ",
                                         help="Which occurrence, if the text occurs more than once")
                r2 = st.columns([3, 1.5, 4])
                cat = r2[0].selectbox("Category", list(mqm_mod.CATEGORIES),
                                      format_func=mqm_mod.CATEGORIES.__getitem__, key="mqm_cat")
                severities = list(mqm_mod.SEVERITY_WEIGHTS)
                # minor by default: a slip of the mouse should not add a critical (25-point) penalty
                sev = r2[1].selectbox("Severity", severities, key="mqm_sev",
                                      index=severities.index("minor") if "minor" in severities else 0,
                                      format_func=lambda s: f"{s} ({mqm_mod.SEVERITY_WEIGHTS[s]:g})")
                note = r2[2].text_input("Note", key="mqm_note")
                r3 = st.columns([2, 1, 1, 2], vertical_alignment="bottom")
                use_offsets = r3[0].checkbox("Use character offsets instead", key="mqm_use_offsets",
                                             help="For an omission (empty span) or text that is hard to type")
                start = r3[1].number_input("Start offset", min_value=0, value=0, key="mqm_start")
                end = r3[2].number_input("End offset", min_value=0, value=0, key="mqm_end")
                if st.form_submit_button("Add annotation"):
                    try:
                        target_text = (seg.target or "") if side == "target" else seg.effective_source
                        if use_offsets:
                            s0, e0 = int(start), int(end)
                        else:
                            s0, e0 = mqm_mod.find_span(target_text, span_text, int(occ))
                        mqm_svc.add_annotation(key, side=side, start=s0, end=e0, category=cat, severity=sev,
                                               note=note)
                        flash("success", f"Annotation added: “{target_text[s0:e0]}” · {cat} · {sev}")
                        st.rerun()
                    except ReviewAppError as exc:
                        unsaved = (side == "target" and not use_offsets and span_text
                                   and span_text not in (seg.target or "") and span_text in ss[editor_key])
                        st.error(f"“{span_text}” is in the editor but not in the saved target: annotations mark "
                                 "the saved text — Save first, then annotate." if unsaved else str(exc))
        else:
            st.caption("Annotating needs the reviewer or admin role.")


# -- comments --------------------------------------------------------------------------------------------------
comments = svc.comments(key)
with st.expander(f"Comments ({len(comments)})", expanded=True):
    children: dict[int | None, list[Any]] = {}
    for c in comments:
        children.setdefault(c.parent_id, []).append(c)

    def show_thread(parent: int | None, depth: int) -> None:
        for c in children.get(parent, []):
            _pad, body = st.columns([max(depth, 0.01), 30 - depth]) if depth else (None, st.container())
            with body:
                st.caption(f"{render.md_text(c.user)} · {c.at:%Y-%m-%d %H:%M} · #{c.id}")
                st.text(c.body)
                with st.popover("Reply"), st.form(f"reply-form-{c.id}", clear_on_submit=True):
                    reply = st.text_area("Reply", key=f"reply-{c.id}", height=70)
                    if st.form_submit_button("Send reply"):
                        try:
                            svc.add_comment(key, reply, parent_id=c.id)
                            flash("success", "Reply added")
                            st.rerun()
                        except ReviewAppError as exc:
                            st.error(str(exc))
            show_thread(c.id, depth + 1)

    show_thread(None, 0)
    with st.form(f"comment-{key}", clear_on_submit=True):
        body = st.text_area("Add a comment", height=70, key="comment_body")
        if st.form_submit_button("Comment"):
            try:
                svc.add_comment(key, body)
                flash("success", "Comment added")
                st.rerun()
            except ReviewAppError as exc:
                st.error(str(exc))


# -- history ---------------------------------------------------------------------------------------------------
def do_revert(revision_id: int) -> None:
    try:
        v = svc.revert(key, revision_id, expected_version=ss["base"][key][0])
    except ConflictError as exc:
        flash("error", f"{exc} — reload first.")
        return
    except ReviewAppError as exc:
        flash("error", str(exc))
        return
    ss["base"][key] = (v.version, v.target or "")
    ss[editor_key] = v.target or ""
    ss["drafts"].pop(key, None)
    refresh_qa()
    flash("success", f"Reverted to revision {revision_id} (saved as version {v.version})")


history = svc.history(key)
with st.expander(f"History ({len(history)})"):
    for rev in reversed(history):
        st.caption(f"v{rev.version or '-'} · {rev.at:%Y-%m-%d %H:%M:%S} · {render.md_text(rev.user)} · {rev.field}"
                   + (f" · {render.md_text(rev.reason)}" if rev.reason else ""))
        if rev.field == "target":
            c1, c2 = st.columns([6, 1])
            c1.html(render.word_diff(rev.old or "", rev.new or ""))
            c2.button("Revert to this", key=f"revert-{rev.id}", on_click=do_revert, args=(rev.id,),
                      disabled=(rev.new or "") == (seg.target or ""))
        else:
            st.text(f"{rev.old or ''} → {rev.new or ''}")
