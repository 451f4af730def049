"""MQM annotation of the open segment: segment and document scores, the annotations, and the form to add one."""

from __future__ import annotations

from typing import Any

import streamlit as st

from review_app.app import queries
from review_app.app.review import keys
from review_app.app.review.context import Review, section
from review_app.errors import ReviewAppError


def _mqm_delete(rv: Review, annotation_id: int) -> None:
    try:
        rv.mqm_svc.delete_annotation(annotation_id)
    except ReviewAppError as exc:
        rv.flash("error", str(exc))


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _document_score(_mqm: Any, project_id: int, project_dir: str, stamp: int) -> Any:
    # The document score counts the words of every target (O(segments)); recompute only after a change.
    return _mqm.score()


def render_mqm(rv: Review) -> None:
    svc, key, seg, mqm_mod, mqm_svc = rv.svc, rv.key, rv.segment, rv.mqm_mod, rv.mqm_svc
    box, show = section(f"MQM annotation ({len(rv.annotations)})", keys.OPEN_MQM, has_content=bool(rv.annotations))
    if not show:
        return
    with box:
        if mqm_mod is None:
            st.info("MQM annotation is not available (review_app.mqm missing).")
            return
        seg_score = rv.read(mqm_svc.score, key)
        doc_score = _document_score(mqm_svc, svc.project_id, str(rv.op.config.path.resolve()),
                                    rv.read(queries.revision_stamp))
        m1, m2, m3 = st.columns(3)
        m1.metric("Segment penalty", f"{seg_score.penalty:g}", help=seg_score.signature)
        m2.metric("Segment MQM score", "—" if seg_score.score is None else f"{seg_score.score * 100:.1f}",
                  help="1 − penalty / words, ×100 (MQM raw scoring model)")
        m3.metric("Document MQM score", "—" if doc_score.score is None else f"{doc_score.score * 100:.1f}",
                  help=f"penalty {doc_score.penalty:g} over {doc_score.words} words; "
                  f"{doc_score.per_1000_words or 0:.1f} per 1000 words")
        for a in rv.annotations:
            c1, c2 = st.columns([6, 1])
            c1.text(f"{a.side} [{a.start}:{a.end}] “{a.span_text}” · {a.category} · {a.severity} (−{a.weight:g})"
                    + (f" · {a.note}" if a.note else "") + f" · {a.user}")
            if svc.can("annotate"):
                c2.button("Delete", key=f"mqm_del-{a.id}", on_click=_mqm_delete, args=(rv, a.id))
        if not svc.can("annotate"):
            st.caption("Annotating needs the reviewer or admin role.")
            return
        with st.form(f"mqm-{key}", clear_on_submit=True):
            r1 = st.columns([1.2, 4, 1.3], vertical_alignment="bottom")
            side = r1[0].radio("Side", ["target", "source"], horizontal=True, key=keys.MQM_SIDE,
                               help="The target is the saved text (Save first if you are editing).")
            span_text = r1[1].text_input("Error span: type or paste the exact text", key=keys.MQM_SPAN)
            occ = r1[2].number_input("Occurrence", min_value=1, value=1, key=keys.MQM_OCC,
                                     help="Which occurrence, if the text occurs more than once")
            r2 = st.columns([3, 1.5, 4])
            cat = r2[0].selectbox("Category", list(mqm_mod.CATEGORIES),
                                  format_func=mqm_mod.CATEGORIES.__getitem__, key=keys.MQM_CAT)
            severities = list(mqm_mod.SEVERITY_WEIGHTS)
            # minor by default: a slip of the mouse should not add a critical (25-point) penalty
            sev = r2[1].selectbox("Severity", severities, key=keys.MQM_SEV,
                                  index=severities.index("minor") if "minor" in severities else 0,
                                  format_func=lambda s: f"{s} ({mqm_mod.SEVERITY_WEIGHTS[s]:g})")
            note = r2[2].text_input("Note", key=keys.MQM_NOTE)
            r3 = st.columns([2, 1, 1, 2], vertical_alignment="bottom")
            use_offsets = r3[0].checkbox("Use character offsets instead", key=keys.MQM_USE_OFFSETS,
                                         help="For an omission (empty span) or text that is hard to type")
            start = r3[1].number_input("Start offset", min_value=0, value=0, key=keys.MQM_START)
            end = r3[2].number_input("End offset", min_value=0, value=0, key=keys.MQM_END)
            if st.form_submit_button("Add annotation"):
                try:
                    target_text = (seg.target or "") if side == "target" else seg.effective_source
                    if use_offsets:
                        s0, e0 = int(start), int(end)
                    else:
                        s0, e0 = mqm_mod.find_span(target_text, span_text, int(occ))
                    mqm_svc.add_annotation(key, side=side, start=s0, end=e0, category=cat, severity=sev, note=note)
                    rv.flash("success", f"Annotation added: “{target_text[s0:e0]}” · {cat} · {sev}")
                    st.rerun()
                except ReviewAppError as exc:
                    unsaved = (side == "target" and not use_offsets and span_text
                               and span_text not in (seg.target or "") and span_text in rv.editor_text)
                    st.error(f"“{span_text}” is in the editor but not in the saved target: annotations mark "
                             "the saved text — Save first, then annotate." if unsaved else str(exc))
