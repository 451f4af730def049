"""Dashboard: progress by status, QA issues by check and severity, MQM score, engines, recent activity."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from review_app import qa
from review_app.app.state import (
    ROW_OR_CELL,
    glossary,
    open_in_review,
    picked_row,
    project,
    review_with_filters,
    service,
)
from review_app.errors import ReviewAppError
from review_app.models import Status
from review_app.store import queries

svc = service()
st.title("Dashboard")


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _mqm_score(project_dir: str, stamp: int, _svc: Any) -> Any:
    """The document's MQM figures, computed once per project revision (every annotation and every target change
    adds a revision, so a new stamp is a new score): the score reads every target's words."""
    from review_app.mqm import MqmService

    return MqmService(_svc).score()


counts = svc.status_counts()
total = sum(counts.values())
done = counts.get("approved", 0)
cols = st.columns(4)
cols[0].metric("Segments", total)
cols[1].metric("Translated or better", total - counts.get("new", 0) - counts.get("draft", 0))
# the share as a plain number (a metric delta would draw an "up" arrow and round 1 of 326 to "0%")
cols[2].metric("Approved", done, help=f"{done / total:.1%} of the segments" if total else None)
cols[3].metric("Rejected", counts.get("rejected", 0))
st.progress(done / total if total else 0.0,
            text=f"{done} of {total} segments approved" + (f" ({done / total:.1%})" if total else ""))
st.page_link("app_pages/review.py", label="Open the review page", icon=":material/edit:")

left, right = st.columns(2)
with left:
    st.subheader("Progress by status")
    workflow = [s.value for s in Status]  # new → draft → translated → reviewed → approved, rejected
    by_status = pd.DataFrame({"status": workflow, "segments": [counts.get(s, 0) for s in workflow]})
    st.altair_chart(
        alt.Chart(by_status).mark_bar().encode(
            x=alt.X("status:N", sort=workflow, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("segments:Q", title="segments"),
            tooltip=["status", "segments"],
        ).properties(height=260),
        width="stretch",
    )

with right:
    st.subheader("QA issues")
    summary = queries.qa_summary(svc)
    if summary:
        frame = pd.DataFrame(summary)
        pivot = (frame.pivot_table(index="check", columns="severity", values="issues", aggfunc="sum",
                                   fill_value=0)
                 .reindex(columns=[c for c in ("critical", "major", "minor") if c in set(frame["severity"])]))
        pivot["total"] = pivot.sum(axis=1)
        table = pivot.sort_values("total", ascending=False).reset_index()
        run = qa.latest_run(svc)
        when = f" ({run['started_at'][:16].replace('T', ' ')} UTC by {run['user']})" if run else ""
        st.caption(f"{int(table['total'].sum())} open issues of the latest QA run{when}. Click a check to review "
                   "its segments.")
        if run:
            st.caption(f"QA provenance: {qa.provenance_line(run['provenance'])}")
        row = picked_row(st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                                      selection_mode=ROW_OR_CELL, key="dash_qa_table"))
        if row is not None and 0 <= row < len(table):
            review_with_filters(qa_check=[str(table["check"].iloc[row])])
    else:
        st.caption("No QA run yet.")
    try:
        if left_out := qa.project_auto_notice(svc):  # a large project: say what its QA runs leave out
            st.caption(left_out)
    except ReviewAppError:  # stored QA settings that no longer parse: the run below reports them
        pass
    if st.button("Run QA checks now", key="run_qa"):
        try:
            found = qa.run_project(svc, glossary=glossary())
            st.toast(f"QA: {sum(not i.dismissed for i in found)} open issues")
            st.rerun()
        except ReviewAppError as exc:
            st.error(str(exc))

st.subheader("MQM")
score = _mqm_score(str(project().config.path.resolve()), queries.revision_stamp(svc), svc)
if score.annotations == 0:
    # no annotation: nothing has been evaluated, so there is no score (a "100.0" would claim a flawless text)
    st.caption("No annotations yet: mark errors on the Review page (MQM section) to get a score. "
               f"{score.words_note}.")
else:
    m = st.columns(4)
    m[0].metric("Annotations", score.annotations)
    m[1].metric("Penalty", f"{score.penalty:g}")
    m[2].metric("Penalty per 1000 words",
                "—" if score.per_1000_words is None else f"{score.per_1000_words:.1f}")
    m[3].metric("MQM score", "—" if score.score is None else f"{score.score * 100:.1f}",
                help="1 − penalty / evaluated English words, ×100 (MQM raw scoring model)")
    st.caption(f"{score.words_note} · {score.signature}")
if score.by_category:
    st.bar_chart(pd.DataFrame({"category": list(score.by_category), "errors": list(score.by_category.values())}),
                 x="category", y="errors", height=220)

st.subheader("Engines")
engines = queries.engines(svc)
if not engines:
    st.caption("No MT candidates yet (`review-app translate` or `review-app candidates import`).")
else:
    with st.expander("Engine comparison (BLEU, chrF, TER, HTER)"):
        # Computed by the Compare page in the background, once per revision; the Dashboard only reads it.
        from review_app.metrics.jobs import CompareJobs

        latest = CompareJobs(project().config.path).latest()
        if latest is None:
            st.caption("Not computed yet: open the Compare page (it computes in the background).")
        else:
            st.caption(f"As of revision {latest['stamp'].get('revision', '?')}, computed {latest['computed_at'][:16]} "
                       "UTC (the Compare page has the chart, the significance tests and the latest revision).")
            st.code(latest["table"], language=None)

if engines:
    with st.expander("Meaning checks per engine (polarity, omission, addition, entity-consistency)"):
        from review_app.app.review.candidates import consensus_on
        from review_app.app.review.context import qa_settings_of

        # the project's QA settings switch `consensus` on: each candidate is read against the other engines' too
        with_consensus = consensus_on(qa_settings_of(svc)[0])
        st.caption("Runs the four meaning checks (a word-level analysis of every segment; QA runs have them on a "
                   "project of up to 5,000 segments unless switched off) on "
                   "each engine's candidates and counts their findings; their measured precision and recall are in "
                   "docs/checks.md. Click an engine to list its findings, then a finding to open its segment on the "
                   "Review page (the candidate shows the evidence). CLI: `review-app meaning-engines PROJECT`."
                   + (" The project's QA settings switch `consensus` on: each candidate is also read against the "
                      "other engines' candidates of its segment (CLI: `--check consensus`)." if with_consensus
                      else ""))
        if st.button("Count meaning findings per engine", key="meaning_per_engine_run"):
            from review_app.checks.meaning_engines import MEANING_CHECKS, engine_counts, provenance

            with st.spinner("Checking every engine's candidates…"):
                found = engine_counts(svc, glossary=glossary(),
                                      checks=(*MEANING_CHECKS, "consensus") if with_consensus else MEANING_CHECKS)
            st.session_state["meaning_per_engine"] = (found, provenance(glossary(), svc=svc))
        done = st.session_state.get("meaning_per_engine")
        if done:
            counts, prov = done
            picked = picked_row(st.dataframe(pd.DataFrame([c.as_row() for c in counts]), hide_index=True,
                                             width="stretch", on_select="rerun", selection_mode=ROW_OR_CELL,
                                             key="meaning_per_engine_table",
                                             height=min(38 + 35 * len(counts), 600)))
            st.caption(f"Provenance: {prov}.")
            if picked is not None and 0 <= picked < len(counts):
                chosen = counts[picked]
                st.markdown(f"**{chosen.engine}**: {len(chosen.issues)} finding(s) on {chosen.flagged} of "
                            f"{chosen.segments} segments. Click a finding to open its segment.")
                if chosen.issues:
                    shown = chosen.issues[:500]
                    hit = picked_row(st.dataframe(
                        pd.DataFrame([{"#": f.index, "check": f.check, "severity": f.severity,
                                       "message": f.message} for f in shown]),
                        hide_index=True, width="stretch", on_select="rerun", selection_mode=ROW_OR_CELL,
                        key=f"meaning_findings_{chosen.engine}"))
                    if len(chosen.issues) > len(shown):
                        st.caption(f"The first {len(shown)} of {len(chosen.issues)}; `review-app meaning-engines "
                                   f"PROJECT --engine '{chosen.engine}' --findings` lists them all.")
                    if hit is not None and 0 <= hit < len(shown):
                        # the Review page marks this finding's evidence on the engine's candidate
                        st.session_state["meaning_pin"] = shown[hit]
                        open_in_review(shown[hit].segment)

st.subheader("Recent activity")
activity = svc.recent_activity(20)
if activity:
    st.caption("Click a row to open the segment in Review.")
    row = picked_row(st.dataframe(
        pd.DataFrame(
            [
                {"when": r.at, "who": r.user, "segment": r.segment_key, "what": r.field, "new": (r.new or "")[:120]}
                for r in activity
            ]
        ),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode=ROW_OR_CELL,
        key="dash_activity",
    ))
    if row is not None and 0 <= row < len(activity):
        open_in_review(activity[row].segment_key)
else:
    st.caption("Nothing has been changed yet.")
