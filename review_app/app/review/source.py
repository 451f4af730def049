"""The source (glossary terms, QA spans and MQM marks highlighted; the original kept beside a correction), the
glossary line (✓ for each term the editor text renders) and the saved target."""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from review_app.app import render
from review_app.app.review.context import Review


def term_spans(rv: Review, text: str, lang: str) -> tuple[list[render.Span], list[Any]]:
    if rv.gloss is None:
        return [], []
    found = rv.gloss.matcher(lang).find(text)
    spans = []
    for m in found:
        concept = rv.gloss.get(m.concept_id)
        pref = concept.preferred(rv.op.config.target_lang)
        expected = pref.text if pref is not None else "?"
        if m.status.value == "forbidden":
            src_pref = concept.preferred(lang)
            fix = f"; use {src_pref.text}" if src_pref is not None else ""
            spans.append(render.Span(m.start, m.end, "term-bad", f"forbidden term{fix} ({m.concept_id}: {expected})"))
        else:
            spans.append(render.Span(m.start, m.end, "term", f"{m.concept_id}: {expected}"))
    return spans, found


def target_terms(rv: Review, text: str) -> tuple[set[str], set[str]]:
    """Concepts rendered with an allowed target term, and concepts rendered with a forbidden one."""
    if rv.gloss is None or not text:
        return set(), set()
    ok, bad = set(), set()
    for m in rv.gloss.matcher(rv.op.config.target_lang).find(text):
        (bad if m.status.value == "forbidden" else ok).add(m.concept_id)
    return ok, bad


def qa_spans(rv: Review, side: str) -> list[render.Span]:
    out = []
    for i in rv.issues:
        span = i["source_span"] if side == "source" else i["target_span"]
        if span and not i["dismissed"]:
            out.append(render.Span(span[0], span[1], f"qa-{i['severity']}", f"{i['check']}: {i['message']}"))
    pin = st.session_state.get("meaning_pin")  # a meaning finding on a candidate, opened from the Dashboard
    if side == "source" and pin is not None and pin.segment == rv.key and pin.source_span:
        out.append(render.Span(*pin.source_span, f"qa-{pin.severity}", f"{pin.engine} · {pin.check}: {pin.message}"))
    return out


def render_texts(rv: Review) -> None:
    """Draw source and saved target side by side; set ``rv.source_terms`` (glossary matches in the source)."""
    seg, op = rv.segment, rv.op
    src_col, tgt_col = st.columns(2)
    with src_col:
        st.markdown(f"**Source ({html.escape(op.config.source_lang)})**"
                    + (" — corrected" if seg.corrected_source is not None else ""))
        text = seg.effective_source
        t_spans, t_found = term_spans(rv, text, op.config.source_lang)
        rv.source_terms = t_found
        m_spans = [render.Span(a.start, a.end, "mqm", f"MQM {a.category} {a.severity}") for a in rv.annotations
                   if a.side == "source"]
        st.html(render.highlight(text, t_spans + qa_spans(rv, "source") + m_spans))
        if seg.corrected_source is not None:
            st.caption("Original source (kept; the correction above is exported separately):")
            st.html(render.highlight(seg.source, []))
        if t_found:
            good, bad = target_terms(rv, rv.editor_text)
            lines = []
            for m in t_found:
                pref = rv.gloss.get(m.concept_id).preferred(op.config.target_lang)
                mark = "✓" if m.concept_id in good and m.concept_id not in bad else ("✗ forbidden term in target:"
                                                                                if m.concept_id in bad else "○")
                lines.append(f"{mark} {html.escape(m.text)} → <b>{html.escape(pref.text if pref else '?')}</b>")
            st.html('<div class="ra-terms">Glossary (✓ in the editor text, ○ not yet): '
                    + " &nbsp;|&nbsp; ".join(lines) + "</div>")
        elif rv.gloss is None:
            st.caption("Glossary highlighting: no glossary configured (Settings) or review_app.glossary missing.")
    with tgt_col:
        st.markdown(f"**Current target ({html.escape(op.config.target_lang)})** — saved, status {seg.status.value}")
        m_spans = [render.Span(a.start, a.end, "mqm", f"MQM {a.category} {a.severity}") for a in rv.annotations
                   if a.side == "target" and a.text_version == seg.version]
        st.html(render.highlight(seg.target or "", qa_spans(rv, "target") + m_spans) if seg.target else
                '<div class="ra-text"><i>(no translation yet)</i></div>')
