"""MT candidates of the open segment (newest per engine): word diff against the editor text, similarity, glossary
coverage, QA findings of the candidate alone, provenance, and **Use this**."""

from __future__ import annotations

import html
from typing import Any

import streamlit as st

from review_app import review_settings
from review_app.app import cache, render
from review_app.app.review import keyboard
from review_app.app.review.context import Review
from review_app.app.review.qa_panel import MEANING_WORD_CHECKS, accept_form
from review_app.app.review.source import target_terms
from review_app.errors import ReviewAppError


def unit_findings(source: str, text: str, glossary: Any, glossary_sig: str, config: Any = None,
                  config_sig: str = "", alternatives: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """QA findings of one text checked alone against its source (document-level checks see only this unit):
    a candidate's, or the unsaved editor text's, under the project's QA settings ``config`` (the opt-in checks it
    switches on run here too), with ``alternatives`` (the segment's other candidates, :func:`siblings`) for
    ``consensus``. Computed once per (source, text, glossary signature, settings, alternatives) in the process
    (``cache.memo``; the prefetch after each page warms it for the next segment's candidates)."""

    def compute() -> list[dict[str, Any]]:
        from review_app import qa
        from review_app.checks.base import Unit

        found = qa.run_units([Unit(id="unit", source=source, target=text, alternatives=alternatives)],
                             glossary=glossary, config=config)
        return [{"severity": i.severity.value, "check": i.check, "message": i.message, "side": i.side.value,
                 "data": dict(i.data or {}), "source_span": i.source_span, "target_span": i.target_span}
                for i in found]

    key: tuple[Any, ...] = ("unit_findings", source, text, glossary_sig, config_sig)
    return cache.memo((*key, alternatives) if alternatives else key, compute)


def siblings(config: Any, texts: list[str], own: str) -> tuple[str, ...]:
    """The other candidates' texts a candidate ``own`` is read against, when the project's QA settings ``config``
    switch ``consensus`` on (the check compares a candidate with the segment's other candidates); else ``()``,
    so that nothing is computed or cached differently for projects without it."""
    if not consensus_on(config):
        return ()
    return tuple(t for t in texts if t != own)


def consensus_on(config: Any) -> bool:
    """Whether the project's QA settings ``config`` switch ``consensus`` on."""
    if config is None:
        return False
    from review_app.checks.base import switched_on
    from review_app.checks.registry import all_checks

    check = next((c for c in all_checks() if c.check_id == "consensus"), None)
    return check is not None and switched_on(check, config)


def pinned_finding(key: str, engine: str, text: str) -> Any:
    """The meaning-check finding the Dashboard opened this segment for (``EngineFinding``), when it is about
    ``engine``'s candidate ``text`` of segment ``key``; else None."""
    pin = st.session_state.get("meaning_pin")
    if pin is None or pin.segment != key or pin.engine != engine or pin.candidate != text:
        return None
    return pin


def candidate_findings(source: str, text: str, _glossary: Any, glossary_sig: str, config: Any = None,
                       config_sig: str = "", alternatives: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """Target-side QA findings of one candidate. The source's own findings are the same for every candidate and
    are listed once, under QA findings."""
    return [(i["severity"], i["check"], i["message"])
            for i in unit_findings(source, text, _glossary, glossary_sig, config, config_sig, alternatives)
            if i["side"] != "source"]


# What each provenance kind means, in a reader's words (the record keeps the machine-readable kind).
KIND_WORDS = {
    "prepared-draft": "hand-prepared draft, not engine output",
    "human-reference": "human reference translation",
    "human-translation": "human translation",
    "machine-translation": "machine translation",
    "file-import": "imported from a file",
}


def provenance_line(prov: dict[str, Any]) -> tuple[str, str]:
    """A short provenance line (what it is, who prepared it, engine and date) and the full record for the
    tooltip."""
    kind = str(prov.get("kind") or "")
    parts = [KIND_WORDS.get(kind, kind)]
    if prov.get("by"):
        by = str(prov["by"])
        parts.append(by if by.lower().startswith(("hand-prepared", "by ", "prepared")) else f"by {by}")
    parts += [str(prov[k]) for k in ("engine",) if prov.get(k)]
    when = str(prov.get("date") or prov.get("timestamp") or "")[:10]
    parts.append(when)
    short = " · ".join(p for p in parts if p)
    full = "  \n".join(f"**{html.escape(str(k))}**: {html.escape(str(v))}" for k, v in prov.items())
    return (short[:160] or "no provenance"), (full or "no provenance recorded")


def render_candidates(rv: Review) -> None:
    cands = rv.read(rv.svc.candidates, rv.key)
    if not cands:
        return
    gloss, seg = rv.gloss, rv.segment
    st.markdown("**Candidates** (differences against the current editor text)")
    latest: dict[str, Any] = {}
    for c in cands:
        latest[c.engine] = c  # newest candidate per engine
    current = rv.editor_text
    chrf = (rv.scores_mod.get_metric("chrf", target_lang=rv.op.config.target_lang)
            if rv.scores_mod is not None else None)
    shown = list(latest.values())
    for start in range(0, len(shown), 3):
        cols = st.columns(3)
        for n, (col, c) in enumerate(zip(cols, shown[start : start + 3], strict=False), start=start + 1):
            with col.container(border=True):
                in_editor = bool(current) and c.text == current
                st.markdown(f"**{n} · {html.escape(c.engine)}**" + (" — in the editor" if in_editor else ""))
                short, full = provenance_line(c.provenance)
                st.caption(short, help=full)
                pin = pinned_finding(rv.key, c.engine, c.text)
                if pin is not None and pin.target_span:
                    st.html(render.highlight(c.text, [render.Span(*pin.target_span, f"qa-{pin.severity}",
                                                                  f"{pin.check}: {pin.message}")]))
                else:
                    st.html(render.word_diff(current, c.text) if current else render.highlight(c.text, []))
                if pin is not None:
                    st.warning(f"**{pin.check}** ({pin.severity}, from the Dashboard's meaning checks per engine): "
                               f"{render.md_text(pin.message)}")
                facts = [f"word overlap {render.similarity(current, c.text):.0%}"] if current else []
                if chrf is not None and current:
                    facts.append(f"chrF vs editor {chrf.sentence_scores([c.text], [current])[0]:.1f}")
                if gloss is not None and rv.source_terms:
                    good, bad = target_terms(rv, c.text)
                    want = {m.concept_id for m in rv.source_terms}
                    facts.append(f"glossary terms {len(want & (good - bad))}/{len(want)}"
                                 + (f", forbidden: {len(want & bad)}" if want & bad else ""))
                findings: list[tuple[str, str, str]] = []
                if rv.qa is not None:
                    try:
                        findings = candidate_findings(seg.effective_source, c.text, gloss,
                                                      rv.gloss_sig, rv.qa_config, rv.qa_config_sig,
                                                      siblings(rv.qa_config, [x.text for x in shown], c.text))
                    except ReviewAppError:
                        findings = []
                    facts.append(f"QA: {len(findings)} finding(s)" if findings else "QA: clean")
                if facts:
                    st.caption(" · ".join(facts))
                for k, (sev, check, message) in enumerate(findings):
                    st.text(f"[{sev}] {check}: {message}")
                    if check in MEANING_WORD_CHECKS and rv.svc.can("glossary"):
                        accept_form(rv, f"accept-c{c.id}-{k}", message, None, st)
                st.button("Use this", key=f"use-{c.id}", on_click=rv.set_editor, args=(c.text,),
                          disabled=in_editor, shortcut=keyboard.candidate_shortcut(n),
                          help="Put this candidate into the editor (then edit, Save or Approve)")


def prefill(rv: Review) -> Any:
    """The candidate to pre-fill the editor with on the open segment (no translation yet), per the project's
    review settings, or None."""
    settings = rv.settings
    if settings.prefill == "empty":
        return None
    seg, gloss = rv.segment, rv.gloss

    cands = rv.read(rv.svc.candidates, rv.key)
    texts = list({c.engine: c.text for c in cands}.values())  # the newest per engine, as the cards show them

    def count(c: Any) -> int:
        if rv.qa is None:
            return 0
        try:
            return len(candidate_findings(seg.effective_source, c.text, gloss,
                                          rv.gloss_sig, rv.qa_config, rv.qa_config_sig,
                                          siblings(rv.qa_config, texts, c.text)))
        except ReviewAppError:
            return 1_000_000  # a candidate the checks cannot read is never the best one

    return review_settings.choose_prefill(settings, cands, count)
