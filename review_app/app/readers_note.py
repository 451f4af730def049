"""Review page section: the segment's readers' note (:mod:`review_app.notes`), a numbered footnote of the exported
article — its kind, its text and what the source said, with a preview of the footnote as readers will see it, its
own history with restore, and the same optimistic locking as the target editor (the version the form was opened
on is the one saved against; a concurrent change shows both and overwrites nothing).

Called from ``app_pages/review.py`` with one line: ``readers_note.render(svc, key)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from review_app.errors import ConflictError, ReviewAppError
from review_app.notes import KINDS, NOTE_FIELDS, ReadersNote, ReadersNoteService, footnote_text

KIND_LABELS = {
    "correction": "Correction (“Corrected: …”)",
    "context": "Context (no label)",
    "unverified": "Unverified quotation",
}


def _load(key: str, note: ReadersNote) -> None:
    """Put the stored note into the form's widgets and remember the version they show."""
    ss = st.session_state
    ss[f"rn_base-{key}"] = note.version
    ss[f"rn_kind-{key}"] = note.kind if note.text else "correction"
    ss[f"rn_text-{key}"] = note.text
    ss[f"rn_said-{key}"] = note.source_said or ""


def render(svc: Any, key: str, read: Callable[..., Any] | None = None, open_key: str | None = None) -> None:
    """The "Readers' note" expander of the Review page for segment ``key`` (``svc``: the page's ReviewService;
    ``read``: the page's cached read, ``read(fn, *args)``, else every read goes to the database; ``open_key``:
    the session key of the expander's state, to draw its body only while it is open or holds a note)."""
    ss = st.session_state
    notes = ReadersNoteService(svc)
    read = read or (lambda fn, *args: fn(*args))
    note = read(notes.state, key)
    if f"rn_base-{key}" not in ss or f"rn_text-{key}" not in ss:  # first visit, or Streamlit dropped the widgets
        _load(key, note)
    base = ss[f"rn_base-{key}"]
    can = svc.can("readers_note")
    title = "Readers' note" + (f" — footnote ({note.kind})" if note.text else "")
    has = bool(note.text) or bool(ss.get(f"rn_msg-{key}"))
    if open_key is None:
        box = st.expander(title, expanded=has)
    else:
        box = st.expander(title, expanded=has, key=open_key, on_change="rerun")
        if not (box.open or has):
            return
    with box:
        st.caption("A numbered footnote for the readers of the exported article (HTML, Markdown, DOCX; XLIFF/TMX "
                   "notes) — not an internal comment. Reviewers and admins set it; every change is in the history.")
        kind, msg = ss.pop(f"rn_msg-{key}", (None, None))
        if msg:
            getattr(st, kind)(msg)
        if note.version != base:
            who = f" by {note.updated_by}" if note.updated_by else ""
            st.warning(f"The readers' note changed{who} since you opened it (now note version {note.version}): "
                       + (f"“{note.footnote}”" if note.text else "removed") + ". Saving now would be refused; "
                       "reload it, merge your text and save.")
            st.button("Reload the saved note", key=f"rn_reload-{key}", on_click=_load, args=(key, note))
        with st.form(f"rn-{key}", border=False):
            st.selectbox("Kind", list(KINDS), key=f"rn_kind-{key}", format_func=KIND_LABELS.get, disabled=not can)
            st.text_area("Note for readers (target language)", key=f"rn_text-{key}", height=80, disabled=not can,
                         placeholder="e.g. Musk’s first Trump rally was on Oct. 5, 2024, in Butler, Pa.")
            st.text_input("What the source said (optional)", key=f"rn_said-{key}", disabled=not can,
                          placeholder="e.g. Iowa and a red cap", help="Shown as “Corrected: the source says …”")
            with st.container(horizontal=True, gap="small"):
                save = st.form_submit_button("Save note", disabled=not can, type="primary")
                remove = st.form_submit_button("Remove note", disabled=not can or not note.text)
        if not can:
            st.caption("Setting readers' notes needs the reviewer or admin role.")
        if ss[f"rn_text-{key}"].strip():
            preview = footnote_text(ss[f"rn_kind-{key}"], ss[f"rn_text-{key}"], ss[f"rn_said-{key}"] or None)
            st.caption("Footnote preview:")
            st.text(" ".join(preview.split()))
        if save or remove:
            _submit(notes, key, base, remove=remove)
        history = [r for r in read(svc.history, key) if r.field in NOTE_FIELDS]
        if history:
            st.caption("History of this note")
            for rev in reversed(history):
                c1, c2 = st.columns([6, 1], vertical_alignment="center")
                c1.text(f"note v{rev.version} · {rev.at:%Y-%m-%d %H:%M} · {rev.user} · {rev.field}: "
                        f"{rev.old or '—'} → {rev.new or '—'}" + (f" ({rev.reason})" if rev.reason else ""))
                if rev.field == "note" and can:
                    c2.button("Restore", key=f"rn_restore-{rev.id}", on_click=_restore,
                              args=(notes, key, rev.id, base), disabled=rev.version == note.version)


def _submit(notes: ReadersNoteService, key: str, base: int, *, remove: bool) -> None:
    ss = st.session_state
    try:
        if remove:
            saved = notes.remove(key, expected_version=base)
            msg = f"Readers' note removed (note version {saved.version}; it stays in the history)."
        else:
            saved = notes.set(key, ss[f"rn_text-{key}"], kind=ss[f"rn_kind-{key}"],
                              source_said=ss[f"rn_said-{key}"] or None, expected_version=base)
            msg = f"Readers' note saved (note version {saved.version}): it is footnoted in the exports."
    except ConflictError as exc:
        st.error(f"Not saved: {exc}. Nothing was overwritten.")
        return
    except ReviewAppError as exc:
        st.error(str(exc))
        return
    ss[f"rn_base-{key}"] = saved.version
    ss[f"rn_msg-{key}"] = ("success", msg)
    if remove:
        ss.pop(f"rn_base-{key}", None)  # reload the (now empty) form on the next run
    st.rerun()


def _restore(notes: ReadersNoteService, key: str, revision_id: int, base: int) -> None:
    ss = st.session_state
    try:
        saved = notes.revert(key, revision_id, expected_version=base)
    except ReviewAppError as exc:
        ss[f"rn_msg-{key}"] = ("error", f"{exc}")
        return
    _load(key, saved)
    ss[f"rn_msg-{key}"] = ("success", f"Readers' note restored from revision {revision_id} "
                                      f"(note version {saved.version}).")
