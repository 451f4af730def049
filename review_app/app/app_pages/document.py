"""Document view: the whole article as a grid (# · source · target · status · QA flags), filtered and paged,
with inline editing of targets and statuses through the review service (each save against the version the grid
showed: another tab's save is refused, the typed text kept), a row opening the segment in the Review editor, and
project-wide find & replace (preview, apply, undo).

Only one page of rows is read and rendered (50–500 rows; the grid's data comes from two indexed queries), so a
10,000-segment project loads as fast as the article."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from review_app import replace as rp
from review_app.app import document_grid as grid
from review_app.app.render import md_text
from review_app.app.state import open_in_review, project, service
from review_app.errors import ReviewAppError
from review_app.models import Status
from review_app.store import queries

svc = service()
ss = st.session_state
st.title("Document")


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _operations(project_dir: str, stamp: int, _svc: Any) -> list[rp.Operation]:
    """The recent find & replace operations, read once per project revision (they are found in the revisions)."""
    return rp.operations(_svc, limit=10)

for kind, msg in ss.pop("dv_flash", []):
    getattr(st, kind)(msg)

counts = svc.status_counts()
total = sum(counts.values())

top = st.columns([2, 2, 3, 1], vertical_alignment="bottom")
statuses = top[0].multiselect("Status", [s.value for s in Status], key="dv_status")
flag = top[1].selectbox("QA flags", list(grid.FLAG_FILTERS), format_func=grid.FLAG_FILTERS.get, key="dv_flag")
search = top[2].text_input("Search source, target and MT candidates", key="dv_search")
in_candidates = top[3].checkbox("in candidates too", value=True, key="dv_in_candidates")

f = grid.filters(statuses, flag, search, in_candidates)
matching = total if f == queries.Filters(candidates=True) else queries.count(svc, f)
p = st.columns([1, 1, 4], vertical_alignment="bottom")
size = int(p[1].selectbox("Rows per page", [50, 100, 200, 500], index=1, key="dv_page_size"))
pages = max((matching + size - 1) // size, 1)
if int(ss.get("dv_page", 1)) > pages:
    ss["dv_page"] = pages
number = int(p[0].number_input("Page", min_value=1, max_value=pages, step=1, key="dv_page"))

# The grid shows a snapshot: the rows (with their versions) as read when this view was opened. Reruns while the
# user edits keep it, so edited_rows always refer to the rows shown and every save checks the version shown.
view = (tuple(statuses), flag, search.strip(), in_candidates, number, size)
snap = ss.get("dv_snap")
if snap is None or snap["view"] != view or ss.pop("dv_reload", False):
    snap = {"view": view, "rows": grid.page(svc, f, (number - 1) * size, size), "stamp": queries.revision_stamp(svc)}
    ss["dv_snap"] = snap
    ss["dv_epoch"] = ss.get("dv_epoch", 0) + 1
rows: list[grid.GridRow] = snap["rows"]
editor_key = f"dv_grid-{ss['dv_epoch']}"

first = (number - 1) * size + 1 if rows else 0
st.caption(f"{matching} of {total} segments · page {number} of {pages} (rows {first}–{(number - 1) * size + len(rows)})"
           " · edit a target or a status in the grid, then **Save edits** · tick **open** to edit the segment in "
           "Review")
if queries.revision_stamp(svc) != snap["stamp"]:
    st.caption("The project changed since this page was read (another tab or user): **Reload** shows it. Saving "
               "still checks each segment's version, so nothing is overwritten.")

can_review = svc.can("review")
status_options = [s.value for s in Status] if can_review else [s.value for s in Status if s.value in
                                                                 ("new", "draft", "translated")]
frame = pd.DataFrame(
    [{"open": False, "#": r.number, "source": r.source, "target": r.target, "status": r.status,
      "flags": r.flag_text, "id": r.key} for r in rows],
    columns=["open", "#", "source", "target", "status", "flags", "id"],
)
st.data_editor(
    frame,
    key=editor_key,
    hide_index=True,
    width="stretch",
    height=min(35 * len(rows) + 40, 720),
    disabled=["#", "source", "flags", "id"],
    column_config={
        "open": st.column_config.CheckboxColumn("open", help="Open this segment in the Review editor", width=48),
        "#": st.column_config.NumberColumn("#", width=48),
        "source": st.column_config.TextColumn("source", width=380),
        "target": st.column_config.TextColumn("target", width=420, max_chars=100_000),
        "status": st.column_config.SelectboxColumn("status", options=status_options, required=True, width=100),
        "flags": st.column_config.TextColumn("flags", help="Open findings of the latest QA run", width=110),
        "id": st.column_config.TextColumn("id", width=100),
    },
)
state: dict[str, Any] = ss.get(editor_key) or {}
edited: dict[Any, dict[str, Any]] = dict(state.get("edited_rows") or {})
opened = [int(i) for i, cells in edited.items() if cells.get("open")]
pending = grid.edits(rows, edited)

b = st.columns([1, 1, 3], vertical_alignment="center")
save_clicked = b[0].button(f"Save edits ({len(pending)})", key="dv_save", type="primary", disabled=not pending)
if b[1].button("Reload", key="dv_reload_button", help="Read the page again (drops unsaved edits in the grid)"):
    ss["dv_reload"] = True
    st.rerun()

if opened:
    row = rows[opened[0]] if 0 <= opened[0] < len(rows) else None
    if pending:
        st.warning(f"Save or reload your {len(pending)} edit(s) before opening a segment: nothing is saved on the "
                   "way to Review.")
    elif row is not None:
        ss["dv_reload"] = True  # coming back: a fresh grid, without the ticked box
        open_in_review(row.key)

if save_clicked and pending:
    result = grid.save(svc, pending)
    kept = ss.setdefault("dv_conflicts", {})
    for r, text, exc in result.conflicts:
        kept[r.key] = {"number": r.number, "mine": text, "theirs": exc.current_text or "",
                       "version": exc.current_version, "by": exc.updated_by or "someone"}
    flash: list[tuple[str, str]] = []
    if result.saved:
        flash.append(("success", f"Saved {len(result.saved)} segment(s)."))
    for r, why in result.refused:
        flash.append(("error", f"#{r.number} not saved: {why}"))
    ss["dv_flash"] = flash
    ss["dv_reload"] = True
    st.rerun()

# Conflicts: the text typed in the grid is kept here until the user chooses (nothing is lost).
conflicts: dict[str, dict[str, Any]] = ss.get("dv_conflicts", {})
for key, c in list(conflicts.items()):
    with st.container(border=True):
        st.error(f"#{c['number']} ({key}) was changed by {md_text(c['by'])} since this page was read (now version "
                 f"{c['version']}); your edit was not saved. Their text and yours:")
        cols = st.columns(2)
        cols[0].text_area("Current text", c["theirs"], key=f"dv_theirs_{key}", disabled=True)
        mine = cols[1].text_area("Your text", c["mine"], key=f"dv_mine_{key}")
        k = st.columns([1, 1, 4])
        if k[0].button("Save mine", key=f"dv_keep_{key}", help="Save your text over theirs (a new version)"):
            try:
                svc.save_target(key, mine, expected_version=int(c["version"]), reason="edited in the Document view")
            except ReviewAppError as exc:
                st.error(str(exc))
            else:
                del conflicts[key]
                ss["dv_reload"] = True
                st.rerun()
        if k[1].button("Drop mine", key=f"dv_drop_{key}"):
            del conflicts[key]
            st.rerun()

# -- find & replace ------------------------------------------------------------------------------------------------
st.subheader("Find and replace in every target")
with st.container(border=True):
    c = st.columns([3, 3])
    find = c[0].text_input("Find", key="fr_find")
    replacement = c[1].text_input("Replace with", key="fr_replace")
    o = st.columns(4)
    use_regex = o[0].checkbox("Regular expression", key="fr_regex")
    ignore_case = o[1].checkbox("Ignore case", key="fr_ignore_case")
    whole_word = o[2].checkbox("Whole words", key="fr_whole_word")
    include_reviewed = o[3].checkbox("Include reviewed and approved", key="fr_reviewed",
                                     help="They are changed and go back to 'translated'")
    if st.button("Preview", key="fr_preview_button"):
        try:
            ss["fr_preview"] = rp.preview(svc, find, replacement, use_regex=use_regex,
                                          case_sensitive=not ignore_case, whole_word=whole_word,
                                          include_reviewed=include_reviewed)
        except ReviewAppError as exc:
            ss.pop("fr_preview", None)
            st.error(str(exc))
    preview: rp.Preview | None = ss.get("fr_preview")
    if preview is not None:
        st.caption(preview.summary())
        if preview.changes or preview.skipped:
            st.dataframe(
                pd.DataFrame([{"#": ch.number, "before": ch.before, "after": ch.after, "n": ch.replacements,
                               "left alone": ch.skipped} for ch in [*preview.changes, *preview.skipped]]),
                hide_index=True, width="stretch", height=min(35 * (len(preview.changes) + len(preview.skipped)) + 40,
                                                               400),
            )
        a = st.columns([2, 1, 3])
        if a[0].button(f"Replace in {len(preview.changes)} segment(s)", key="fr_apply", type="primary",
                       disabled=not preview.changes):
            try:
                outcome = rp.apply(svc, preview)
            except ReviewAppError as exc:
                st.error(str(exc))
            else:
                ss.pop("fr_preview", None)
                kind = "warning" if outcome.refused else "success"
                ss["dv_flash"] = [(kind, outcome.summary("Replaced in") + ". Undo below if it was not right.")]
                ss["dv_reload"] = True
                st.rerun()
        if a[1].button("Cancel", key="fr_cancel"):
            ss.pop("fr_preview", None)
            st.rerun()
    done = _operations(str(project().config.path.resolve()), queries.revision_stamp(svc), svc)
    if done:
        st.caption("Recent operations (undo restores every segment of one operation that nobody changed since):")
        for op in done:
            r = st.columns([5, 1], vertical_alignment="center")
            r[0].markdown(f"`{op.id}` {md_text(op.description)} · {op.segments} segment(s) · {md_text(op.user)}, "
                          f"{op.at:%Y-%m-%d %H:%M} UTC" + (" · **undone**" if op.undone else ""))
            if not op.undone and r[1].button("Undo", key=f"fr_undo_{op.id}"):
                try:
                    outcome = rp.undo(svc, op.id)
                except ReviewAppError as exc:
                    st.error(str(exc))
                else:
                    kind = "warning" if outcome.refused else "success"
                    ss["dv_flash"] = [(kind, outcome.summary("Restored"))]
                    ss["dv_reload"] = True
                    st.rerun()
