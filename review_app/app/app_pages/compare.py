"""Compare engines page: the engine table of ``review-app compare`` (BLEU, chrF, chrF++, TER with sacrebleu
signatures, paired p-values and 95% intervals against a baseline, HTER against the approved targets, term
accuracy, QA issue density) as a table and a chart with intervals, the segments where the engines disagree
most, and the translate action that adds candidates from DeepL, an OpenAI-compatible endpoint or a file.

The comparison is computed once per project revision and choice of options, off the request path: a child
process of :class:`review_app.metrics.jobs.CompareJobs` writes it to the project's cache, and every session
reads that file. While it computes, the page says "computing… as of revision N", shows the newest earlier
result for the same choices (labelled with its revision) and polls; no session waits for it.

The default reference is the project's reference engine (candidates imported with provenance kind
``human-reference``, as the demo imports ``reference.tmx``), which is then not ranked against itself; else
the approved targets. Engine keys come from the environment, Streamlit secrets or the Settings page
(session only) and are never stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from review_app.app import engine_form
from review_app.app.state import glossary, glossary_path, open_in_review, project, service
from review_app.errors import ReviewAppError
from review_app.metrics.compare import APPROVED, ENGINE_PREFIX, reference_engines
from review_app.metrics.jobs import CompareJobs, CompareRequest, job_key, state_stamp
from review_app.metrics.significance import MIN_TESTABLE, verdict
from review_app.store import queries

svc = service()
op = project()
ss = st.session_state
st.title("Compare")

CORPUS = Path(__file__).resolve().parents[3] / "corpus" / "musk-trump"
SHIPPED_REFERENCE = CORPUS / "reference.tmx"
REF_APPROVED, REF_SHIPPED, REF_UPLOAD = APPROVED, "shipped", "upload"
POLL_SECONDS = 2.0

try:
    g = glossary()
except ReviewAppError as exc:
    st.error(str(exc))
    g = None

compare_tab, translate_tab = st.tabs(["Engine comparison", "Add candidates (translate / import)"])

LABELS = {"bleu": "BLEU", "chrf": "chrF", "chrf++": "chrF++", "ter": "TER"}


def engine_frame(data: dict[str, Any]) -> pd.DataFrame:
    """One row per engine: each corpus score, HTER, term accuracy, QA density."""
    rows = []
    for e in data["engines"]:
        row: dict[str, Any] = {"engine": e["engine"], "candidates": e["candidates"], "scored": e["scored_segments"]}
        for metric, score in e["scores"].items():
            row[LABELS.get(metric, metric)] = score["score"]
        row["HTER"] = None if e["hter"] is None else e["hter"]["score"]
        row["HTER segments"] = None if e["hter"] is None else e["hter"]["segments"]
        terms = e["term_accuracy"]
        row["term accuracy %"] = None if not terms or terms["accuracy"] is None else 100 * terms["accuracy"]
        row["QA issues /100 segments"] = None if not e["qa"] else e["qa"].get("per_100")
        rows.append(row)
    frame = pd.DataFrame(rows)
    # A column no engine has a value for is left out (it would show "None" on every row); the page says why.
    empty = [c for c in OPTIONAL_COLUMNS if c in frame and frame[c].isna().all()]
    return frame.drop(columns=empty)


OPTIONAL_COLUMNS = {
    "HTER": "HTER appears once segments are approved (it measures each engine against the approved targets).",
    "HTER segments": "",
    "term accuracy %": "Term accuracy needs a glossary (Settings or `init --glossary`) with terms in these segments.",
    "QA issues /100 segments": "",
}


def significance_frame(data: dict[str, Any]) -> pd.DataFrame:
    """One row per (metric, engine) of the paired test: score, 95% interval, p-value against the baseline."""
    sig = data.get("significance") or {}
    n = int(sig.get("n_segments") or 0)
    rows = []
    for metric, results in sig.get("results", {}).items():
        for r in results:
            low, high = r["ci95"]
            interval = "" if low is None else f"[{low:.2f}, {high:.2f}]"
            rows.append({
                "metric": LABELS.get(metric, metric),
                "engine": r["system"],
                "score": r["score"],
                "95% interval": interval if n >= MIN_TESTABLE else f"– ({n} segments: too few)",
                "p-value": r["p_value"],
                "vs baseline": verdict(r["p_value"], r["score"], results[0]["score"], n),
            })
    frame = pd.DataFrame(rows, columns=["metric", "engine", "score", "95% interval", "p-value", "vs baseline"])
    frame["p-value"] = pd.to_numeric(frame["p-value"])  # the baseline's: empty, not "None"
    return frame


def interval_frame(data: dict[str, Any]) -> pd.DataFrame:
    """One row per (metric, engine): the score and, from 10 scored segments on, its 95% interval."""
    sig = data.get("significance") or {}
    n = int(sig.get("n_segments") or 0)
    ci = {(m, r["system"]): r["ci95"] for m, rows in (sig.get("results") or {}).items() for r in rows}
    rows = []
    for e in data["engines"]:
        for m, s in e["scores"].items():
            low, high = ci.get((m, e["engine"]), (None, None))
            if n < MIN_TESTABLE:
                low = high = None
            rows.append({"metric": LABELS.get(m, m), "engine": e["engine"], "score": s["score"],
                         "low": low, "high": high,
                         "better": "higher is better" if s["higher_is_better"] else "lower is better"})
    return pd.DataFrame(rows, columns=["metric", "engine", "score", "low", "high", "better"])


def score_chart(data: dict[str, Any]) -> alt.FacetChart:
    """Per-engine scores with their 95% intervals, one panel per metric (each with its own scale)."""
    frame = interval_frame(data)
    base = alt.Chart()  # the data goes to the facet: layers of a faceted chart must not carry their own
    tooltip = ["engine", "metric", alt.Tooltip("score:Q", format=".2f"), alt.Tooltip("low:Q", format=".2f"),
               alt.Tooltip("high:Q", format=".2f"), "better"]
    rules = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("low:Q", title=None, scale=alt.Scale(zero=False)), x2="high:Q",
        y=alt.Y("engine:N", title=None), color=alt.Color("engine:N", legend=None), tooltip=tooltip)
    points = base.mark_point(filled=True, size=80).encode(
        x=alt.X("score:Q", title=None, scale=alt.Scale(zero=False)), y=alt.Y("engine:N", title=None),
        color=alt.Color("engine:N", legend=None), tooltip=tooltip)
    return (
        alt.layer(rules, points)
        .properties(height=alt.Step(22), width=420)
        .facet(row=alt.Row("metric:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")), data=frame)
        .resolve_scale(x="independent")
    )


def _as_of(result: dict[str, Any]) -> str:
    when = result.get("computed_at", "")
    with contextlib.suppress(ValueError):
        when = datetime.fromisoformat(when).strftime("%Y-%m-%d %H:%M UTC")
    return f"revision {result.get('stamp', {}).get('revision', '?')}, computed {when}"


def show(result: dict[str, Any], *, current: bool) -> None:
    data = result["json"]
    st.caption(f"Reference: {data['reference']} ({data['referenced_segments']} segments) · scored on "
               f"{data['scored_segments']} of {data['segments']} segments · as of {_as_of(result)}"
               + (f" · {data['glossary']}" if data.get("glossary") else ""))
    if not current:
        st.caption("The project changed since: this is the newest earlier result; the new one is on its way.")
    for w in data["warnings"]:
        st.warning(w)
    if data["scored_segments"]:
        number = st.column_config.NumberColumn(format="%.2f")
        frame = engine_frame(data)
        st.dataframe(frame, hide_index=True, width="stretch",
                     column_config=dict.fromkeys([*LABELS.values(), "HTER", "term accuracy %",
                                                   "QA issues /100 segments"], number))
        missing = [why for column, why in OPTIONAL_COLUMNS.items() if why and column not in frame]
        if missing:
            st.caption(" ".join(missing))
        st.altair_chart(score_chart(data), width="content")
        sig = data.get("significance") or {}
        if sig:
            kind = "bootstrap resampling" if sig["test"] == "bs" else "approximate randomisation"
            st.markdown(f"**Paired significance** against **{sig['baseline']}** ({kind}, "
                        f"{sig['n_samples']} samples, {sig['n_segments']} segments; 95% intervals are bootstrap "
                        "percentile intervals)")
            st.dataframe(significance_frame(data), hide_index=True, width="stretch",
                         column_config={"score": number, "p-value": st.column_config.NumberColumn(format="%.4f")})
    n_sig = int((data.get("significance") or {}).get("n_segments") or 0)
    if data.get("significance") and n_sig < MIN_TESTABLE:
        st.markdown(f"- Only {n_sig} scored segment(s): the scores above describe those segments, "
                    "but no paired test can tell the engines apart. Approve more segments, or choose "
                    "another reference.")
    else:
        for v in data["verdicts"]:
            st.markdown(f"- {v}")
    with st.expander("Signatures and the table of `review-app compare`"):
        for name, sig_text in data["signatures"].items():
            st.code(f"{name}: {sig_text}", language=None)
        for name, sig_text in ((data.get("significance") or {}).get("signatures") or {}).items():
            st.code(f"{name} (significance): {sig_text}", language=None)
        st.code(result["table"], language=None)

    st.subheader("Segments where the engines disagree most")
    dis = data["disagreements"]
    if not dis:
        st.caption("No segment has candidates from two or more of the chosen engines.")
    shown = int(st.number_input("Show", 1, max(len(dis), 1), min(5, max(len(dis), 1)),
                                key="cmp_top", width=140)) if dis else 0
    for i, d in enumerate(dis[:shown]):
        with st.container(border=True):
            h = st.columns([6, 1], vertical_alignment="center")
            h[0].markdown(f"**#{d['index'] + 1}** `{d['segment']}` · spread {d['spread']:.1f} "
                          "(100 − mean pairwise chrF)")
            if h[1].button("Open in Review", key=f"cmp_open_{i}", width="stretch"):
                open_in_review(d["segment"])
            st.text(d["source"])
            rows = [{"engine": e, "candidate": t, "chrF vs reference": d["chrf_vs_reference"].get(e)}
                    for e, t in d["candidates"].items()]
            if d["reference"] is not None:
                rows.append({"engine": f"reference ({data['reference']})", "candidate": d["reference"],
                             "chrF vs reference": None})
            frame = pd.DataFrame(rows)
            if frame["chrF vs reference"].isna().all():
                frame = frame.drop(columns=["chrF vs reference"])
            else:  # text, so the reference's own row is blank rather than a placeholder "None"
                frame["chrF vs reference"] = [f"{v:.1f}" if not pd.isna(v) else ""
                                              for v in frame["chrF vs reference"]]
            st.dataframe(frame, hide_index=True, width="stretch",
                         column_config={"candidate": st.column_config.TextColumn("candidate", width="large")})


def reference_choices(engines: list[str]) -> tuple[list[str], dict[str, str]]:
    """The reference options, the project's default first: its reference engine(s), the approved targets,
    the shipped reference file when present, an uploaded file."""
    ref_engines = [e for e in reference_engines(svc) if e in engines]
    options = [f"{ENGINE_PREFIX}{e}" for e in ref_engines] + [REF_APPROVED]
    labels = {f"{ENGINE_PREFIX}{e}": f"engine {e} (the project's reference)" for e in ref_engines}
    labels[REF_APPROVED] = "approved targets"
    if SHIPPED_REFERENCE.is_file():
        options.append(REF_SHIPPED)
        labels[REF_SHIPPED] = "shipped reference.tmx"
    options.append(REF_UPLOAD)
    labels[REF_UPLOAD] = "upload a file"
    return options, labels


# -- comparison ------------------------------------------------------------------------------------------------
with compare_tab:
    engines = queries.engines(svc)
    if not engines:
        st.info("No MT candidates yet: add some in the 'Add candidates' tab (or `review-app translate`).")
    else:
        ref_options, ref_labels = reference_choices(engines)
        c = st.columns([3, 2, 2])
        ref_kind = c[2].selectbox("Reference", ref_options, key="cmp_ref", format_func=ref_labels.__getitem__)
        ref_engine = ref_kind[len(ENGINE_PREFIX):] if ref_kind.startswith(ENGINE_PREFIX) else None
        rankable = [e for e in engines if e != ref_engine]
        chosen = c[0].multiselect("Engines", rankable, default=rankable, key=f"cmp_engines_{ref_engine or ''}")
        baseline = c[1].selectbox("Baseline (significance)", chosen or rankable or engines, key="cmp_baseline")
        o = st.columns([2, 2, 3])
        test = o[0].radio("Paired test", ["bs", "ar"], horizontal=True, key="cmp_test",
                          format_func={"bs": "bootstrap", "ar": "approx. randomisation"}.__getitem__)
        samples = int(o[1].number_input("Resamples (0 = sacrebleu default)", 0, 10_000, 300, step=100,
                                        key="cmp_samples"))
        reference: str | None = None
        if ref_kind == REF_SHIPPED:
            reference = str(SHIPPED_REFERENCE)
        elif ref_kind == REF_UPLOAD:
            up = o[2].file_uploader("Reference (XLIFF, TMX, CSV, XLSX)", type=["xlf", "xliff", "tmx", "csv", "xlsx"],
                                    key="cmp_ref_upload")
            if up is not None:
                data = up.getvalue()
                folder = Path(tempfile.gettempdir()) / "review-app-references"
                folder.mkdir(exist_ok=True)
                ref_path = folder / f"{hashlib.sha256(data).hexdigest()[:16]}{Path(up.name).suffix.lower()}"
                if not ref_path.exists():
                    ref_path.write_bytes(data)
                reference = str(ref_path)
        else:
            reference = ref_kind
        if ref_kind == REF_UPLOAD and reference is None:
            st.caption("Upload a reference file to compare against it.")
        elif not chosen:
            st.caption("Choose at least one engine.")
        else:
            gpath = glossary_path(op) if g is not None else None
            request = CompareRequest(reference=reference, engines=tuple(chosen),
                                     baseline=baseline if baseline in chosen else None, test=test, samples=samples,
                                     glossary=str(gpath.resolve()) if gpath is not None else None)
            jobs = CompareJobs(op.config.path)
            stamp = state_stamp(svc, request)
            key = job_key(request, stamp)
            result = jobs.result(key)
            failed = jobs.failure(key) if result is None else None
            if failed is not None:
                st.error(f"The comparison failed: {failed}")
                if st.button("Try again", key="cmp_retry"):
                    jobs.clear_failure(key)
                    st.rerun()
            elif result is None:
                try:
                    job = jobs.start(request, stamp, key)
                except OSError as exc:
                    st.error(f"Cannot start the comparison in {jobs.dir}: {exc.strerror}")
                    job = None
                earlier = jobs.latest(request)
                if job is not None:
                    st.info(f"Computing the comparison as of revision {stamp['revision']}… It runs in the "
                            "background: other users and pages are not slowed down, and this page updates itself.")

                @st.fragment(run_every=POLL_SECONDS)
                def _poll() -> None:
                    if jobs.result(key) is not None or jobs.failure(key) is not None:
                        st.rerun()

                _poll()
                if earlier is not None:
                    show(earlier, current=False)
            else:
                show(result, current=True)


# -- translate / import ------------------------------------------------------------------------------------------
with translate_tab:
    if not svc.can("add_candidates"):
        st.info("Adding candidates needs the reviewer or admin role.")
    else:
        engine_cls = engine_form.choose_engine()
        shipped = sorted(p for p in (CORPUS / "candidates").glob("*") if p.suffix in (".xlf", ".tmx"))
        if SHIPPED_REFERENCE.is_file():
            shipped.append(SHIPPED_REFERENCE)
        engine_form.engine_fields(engine_cls, shipped=shipped, root=CORPUS.parent)
        use_glossary = st.checkbox("Pass the project glossary to the engine", value=g is not None,
                                   disabled=g is None or not engine_cls.uses_glossary, key="tr_glossary")
        consent = True
        if engine_cls.sends_data_to_third_party:
            consent = st.checkbox("Send the pending segments' text to this engine (" + (
                engine_cls.data_policy or "a third party") + ")", key="tr_consent")
        if st.button(engine_cls.action, key="tr_run", type="primary", disabled=not consent):
            engine = None
            try:
                engine = engine_cls.from_settings(engine_form.engine_settings(engine_cls))
                from review_app.engines.runner import BatchRunner

                spec = None
                if use_glossary and g is not None and engine_cls.uses_glossary:
                    from review_app.engines.glossary import spec_from_glossary

                    spec = spec_from_glossary(g, svc.source_lang, svc.target_lang,
                                              id=f"{op.config.name}/{g.name or 'glossary'}")
                runner = BatchRunner(svc, engine, glossary=spec)
                plan = runner.plan()
                st.caption(plan.summary())
                total = max(len(plan.from_cache) + len(plan.to_translate), 1)
                bar = st.progress(0.0, text=f"{engine.engine_name}: 0 of {total}")
                done = [0]

                def tick(n: int) -> None:
                    done[0] += n
                    bar.progress(min(done[0] / total, 1.0), text=f"{engine.engine_name}: {done[0]} of {total}")

                report = runner.run(plan, progress=tick)
                bar.progress(1.0, text=f"{engine.engine_name}: done")
                ss["tr_report"] = report.summary()
                usage = engine.usage()
                if usage is not None:
                    ss["tr_report"] += f" · usage now: {usage}"
            except ReviewAppError as exc:
                st.error(str(exc))
            finally:
                if engine is not None:
                    engine.close()
        if ss.get("tr_report"):
            st.success(ss["tr_report"])
