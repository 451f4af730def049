"""Glossary page: browse/search/edit concepts and terms, import/export TBX/CSV/XLSX, per-term usage and
violations (the glossary checks over the current targets) with links to the segments, and accepting term
extraction suggestions. Every change is saved to the project's glossary file (new version, atomic write)
and needs the ``glossary`` permission (admin), enforced by the review service."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from review_app.app import glossary_ops as ops
from review_app.app.state import (
    ROW_OR_CELL,
    glossary,
    glossary_path,
    open_in_review,
    picked_row,
    project,
    service,
)
from review_app.errors import ReviewAppError
from review_app.glossary.model import ConceptType, Glossary, TermStatus
from review_app.store import queries

svc = service()
op = project()
ss = st.session_state
st.title("Glossary")

SRC, TGT = svc.source_lang, svc.target_lang
path = glossary_path(op) or (op.config.path / "glossary.tbx")
can_edit = svc.can("glossary")
for kind, msg in ss.pop("gl_flash", []):
    getattr(st, kind)(msg)

try:
    loaded = glossary()
except ReviewAppError as exc:
    st.error(str(exc))
    loaded = None
g: Glossary = loaded if loaded is not None else Glossary(name=op.config.name, source_lang=SRC, target_lang=TGT)
if loaded is None:
    st.info(f"No glossary yet: import one or add a concept; it is saved as {path}.")
else:
    st.caption(f"{path.name} · {g.signature}", help=str(path))
if not can_edit:
    st.caption("Viewing only: editing the glossary needs the reviewer or admin role.")

# Optimistic locking: the edit widgets belong to an "epoch" that starts from one glossary content; saving checks
# the file still holds that content, so a concurrent save by somebody else is never overwritten.
ss.setdefault("gl_epoch", 0)
ss.setdefault("gl_base_hash", g.content_hash if loaded is not None else None)


def reload_glossary() -> None:
    ss["gl_epoch"] += 1
    ss["gl_base_hash"] = g.content_hash if loaded is not None else None


def show_conflict(message: str) -> None:
    st.error(message)
    st.button("Reload the glossary (your unsaved edits are dropped)", key="gl_reload", on_click=reload_glossary)


# the file changed (another user, another tab) since this session's edit widgets were filled from it
stale = loaded is not None and ss["gl_base_hash"] is not None and ss["gl_base_hash"] != g.content_hash
STALE_MESSAGE = (f"{path.name} was changed by someone else (now version {g.version or '?'}) since you opened it; "
                 "nothing was saved — reload to see their changes, then edit again")


def commit(new: Glossary, message: str) -> None:
    """Save through the review service (permission check, new version, conflict check); rerun with a confirmation."""
    try:
        saved = svc.save_glossary(new, path, base_hash=ss["gl_base_hash"])
    except ops.GlossaryConflict as exc:
        show_conflict(str(exc))
        return
    except (ReviewAppError, ValueError, OSError) as exc:
        st.error(str(exc))
        return
    ss["gl_epoch"] += 1
    ss["gl_base_hash"] = saved.content_hash
    ss["gl_flash"] = [("success", f"{message} — saved {path.name} as version {saved.version}.")]
    st.rerun()


def link_segments(keys: list[str], where: str) -> None:
    """A picker of segment ids and a button opening the chosen one on the Review page."""
    if not keys:
        return
    c = st.columns([4, 1], vertical_alignment="bottom")
    chosen = c[0].selectbox("Segment", keys, key=f"gl_open_{where}")
    if c[1].button("Open in Review", key=f"gl_go_{where}", width="stretch"):
        open_in_review(chosen)


concepts_tab, usage_tab, io_tab, suggest_tab = st.tabs(
    ["Concepts", "Usage and violations", "Import / export", "Suggestions"]
)

# -- concepts ------------------------------------------------------------------------------------------------
with concepts_tab:
    c = st.columns([3, 2])
    search = c[0].text_input("Search concepts (id, Japanese or English term, definition)", key="gl_search")
    types = c[1].multiselect("Type", [t.value for t in ConceptType], key="gl_types")
    rows = ops.concept_rows(g, search, types, source_lang=SRC, target_lang=TGT)
    st.caption(f"{len(rows)} of {len(g)} concepts · {g.term_count} terms · click a row to edit its concept")
    ids = [r["id"] for r in rows]
    # a new filter or a saved change starts with no row picked (the row numbers then mean other concepts)
    table_key = f"gl_table-{g.content_hash[:12]}-{search}-{'|'.join(types)}"
    picked = picked_row(st.dataframe(
        pd.DataFrame(rows, columns=["id", "type", SRC, TGT, "forbidden", "terms", "flags"]),
        hide_index=True, width="stretch", height=min(35 * len(rows) + 40, 320), on_select="rerun",
        selection_mode=ROW_OR_CELL, key=table_key))
    # a click opens that concept in the editor below; only a new click does (the selectbox stays the user's choice
    # on later reruns while the table keeps its selection)
    pick = (table_key, picked)
    if picked is not None and 0 <= picked < len(ids) and ss.get("gl_table_pick") != pick:
        ss["gl_concept"] = ids[picked]
    ss["gl_table_pick"] = pick

    if ids:
        cid = st.selectbox("Concept", ids, key="gl_concept",
                           format_func=lambda i: f"{i} — {next(r[TGT] for r in rows if r['id'] == i)}")
        concept = g.get(cid)
        k = f"gl_{ss['gl_epoch']}_{cid}"
        st.subheader(f"Edit concept {cid}")
        top = st.columns([2, 1, 1])
        definition = top[0].text_input("Definition", concept.definition, key=f"{k}_def", disabled=not can_edit)
        ctype = top[1].selectbox("Type", [t.value for t in ConceptType],
                                 index=[t.value for t in ConceptType].index(concept.type.value),
                                 key=f"{k}_type", disabled=not can_edit)
        single = top[2].checkbox("One rendering per document", concept.single_rendering, key=f"{k}_single",
                                 disabled=not can_edit, help="term-inconsistent reports mixed renderings")
        statuses = [s.value for s in TermStatus]
        head = st.columns([3, 1, 2, 1, 1, 3, 1])
        for col, label in zip(head, ["Term", "Lang", "Status", "Do not translate", "Case-sensitive",
                                     "First-mention expansion", "Remove"], strict=True):
            col.caption(label)
        edited: list[Any] = []
        for i, t in enumerate([*concept.terms, None]):
            row = st.columns([3, 1, 2, 1, 1, 3, 1])
            tk = f"{k}_{i}"
            text = row[0].text_input("Term", t.text if t else "", key=f"{tk}_text", label_visibility="collapsed",
                                     disabled=not can_edit, placeholder="add a term…" if t is None else None)
            lang = row[1].selectbox("Lang", [SRC, TGT], index=0 if t is not None and t.lang == SRC else 1,
                                    key=f"{tk}_lang", label_visibility="collapsed", disabled=not can_edit)
            status = row[2].selectbox("Status", statuses, index=statuses.index(t.status.value) if t else 1,
                                      key=f"{tk}_status", label_visibility="collapsed", disabled=not can_edit)
            dnt = row[3].checkbox("DNT", t.do_not_translate if t else False, key=f"{tk}_dnt",
                                  label_visibility="collapsed", disabled=not can_edit)
            cs = row[4].checkbox("Case", t.case_sensitive if t else False, key=f"{tk}_cs",
                                 label_visibility="collapsed", disabled=not can_edit)
            first = row[5].text_input("First mention", (t.first_mention or "") if t else "", key=f"{tk}_first",
                                      label_visibility="collapsed", disabled=not can_edit)
            remove = row[6].checkbox("Remove", False, key=f"{tk}_rm", label_visibility="collapsed",
                                     disabled=not can_edit or t is None)
            if t is None and not text.strip():
                continue
            if not remove:
                edited.append((text, lang, status, dnt, cs, first, t.note if t else ""))
        b = st.columns([1, 1, 3])
        save_clicked = b[0].button("Save concept", key="gl_save", type="primary", disabled=not can_edit)
        if save_clicked and stale:
            show_conflict(STALE_MESSAGE)
        elif save_clicked:
            try:
                terms = tuple(ops.make_term(x, lg, s, do_not_translate=d, case_sensitive=cz, first_mention=f,
                                            note=n) for x, lg, s, d, cz, f, n in edited)
                new_concept = concept.__class__(id=concept.id, type=ConceptType(ctype), terms=terms,
                                                definition=definition, note=concept.note, subject=concept.subject,
                                                single_rendering=single)
                new = ops.replace_concept(g, new_concept)
            except (ReviewAppError, ValueError) as exc:
                st.error(str(exc))
            else:
                commit(new, f"Concept {cid} updated")
        sure = b[2].checkbox("Yes, delete this concept", key="gl_delete_sure", disabled=not can_edit)
        if b[1].button("Delete concept", key="gl_delete", disabled=not can_edit or not sure):
            commit(ops.remove_concept(g, cid), f"Concept {cid} deleted")
    else:
        st.caption("No concept matches the search.")

    if can_edit:
        with st.expander("Add a concept"), st.form("gl_add", clear_on_submit=False):
            a = st.columns(4)
            new_id = a[0].text_input("Concept id (no spaces)", key="gl_new_id", placeholder="eagle-pass")
            new_type = a[1].selectbox("Type", [t.value for t in ConceptType], key="gl_new_type")
            new_src = a[2].text_input(f"Preferred {SRC} term", key="gl_new_src")
            new_tgt = a[3].text_input(f"Preferred {TGT} term", key="gl_new_tgt")
            if st.form_submit_button("Add concept"):
                try:
                    if new_id.strip() in g:
                        raise ValueError(f"concept id {new_id.strip()!r} already exists; edit it above")
                    terms = tuple(ops.make_term(x, lg, "preferred") for x, lg in ((new_src, SRC), (new_tgt, TGT))
                                  if x.strip())
                    if not terms:
                        raise ValueError("give at least one term")
                    from review_app.glossary.model import Concept

                    new = ops.replace_concept(g, Concept(id=new_id, type=ConceptType(new_type), terms=terms))
                except (ReviewAppError, ValueError) as exc:
                    st.error(str(exc))
                else:
                    commit(new, f"Concept {new_id.strip()} added")


# -- usage and violations --------------------------------------------------------------------------------------
@st.cache_data(max_entries=8, ttl=600, show_spinner="Matching glossary terms in the segments…")
def _usage(_g: Glossary, _svc: Any, project_dir: str, glossary_hash: str, stamp: int
           ) -> tuple[list[dict[str, Any]], dict[str, list[str]], list[dict[str, Any]]]:
    from review_app.qa import project_units

    units = project_units(_svc)
    usage = ops.term_usage(_g, ((u.id, u.source, u.target) for u in units), source_lang=SRC, target_lang=TGT)
    found = ops.violations(_g, units, source_lang=SRC, target_lang=TGT)
    return ([u.as_row() for u in usage], {f"{u.concept}|{u.lang}|{u.term}": u.segments for u in usage}, found)


with usage_tab:
    if not len(g):
        st.caption("The glossary is empty.")
    else:
        usage_rows, usage_keys, found = _usage(g, svc, str(op.config.path.resolve()), g.content_hash,
                                               queries.revision_stamp(svc))
        in_targets = [f for f in found if f["side"] == "target"]
        in_source = [f for f in found if f["side"] != "target"]
        st.subheader(f"Violations in the current targets ({len(in_targets)})")
        st.caption("Findings of the glossary checks on the translations (term-missing, term-forbidden, "
                   "term-inconsistent) over every segment's current target.")
        if in_targets:
            vf = pd.DataFrame(in_targets).drop(columns=["side"])
            checks = st.multiselect("Check", sorted(set(vf["check"])), key="gl_v_check")
            if checks:
                vf = vf[vf["check"].isin(checks)]
            st.dataframe(vf, hide_index=True, width="stretch", height=min(35 * len(vf) + 40, 320))
            link_segments(list(dict.fromkeys(vf["segment"])), "violation")
        st.subheader(f"Non-canonical terms in the source ({len(in_source)})")
        st.caption("term-source-variant: the Japanese source uses a forbidden or non-canonical form of a concept. "
                   "No edit of the target fixes these; correct the source on the Review page (Fix buttons).")
        if in_source:
            sf = pd.DataFrame(in_source).drop(columns=["side"])
            st.dataframe(sf, hide_index=True, width="stretch", height=min(35 * len(sf) + 40, 320))
            link_segments(list(dict.fromkeys(sf["segment"])), "source")
        st.subheader("Term usage")
        uf = pd.DataFrame(usage_rows)
        unused = st.checkbox("Only terms not found in any segment", key="gl_unused")
        if unused:
            uf = uf[uf["segments"] == 0]
        st.dataframe(uf, hide_index=True, width="stretch", height=min(35 * len(uf) + 40, 320))
        used = [k for k, v in usage_keys.items() if v]
        if used:
            term = st.selectbox("Segments using the term", used, key="gl_term",
                                format_func=lambda k: f"{k.split('|', 2)[2]} ({k.split('|')[0]}, "
                                                      f"{len(usage_keys[k])} segments)")
            link_segments(usage_keys[term], "usage")

# -- import / export -----------------------------------------------------------------------------------------
with io_tab:
    st.subheader("Export")
    e = st.columns(3)
    for col, fmt in zip(e, ops.FORMATS, strict=True):
        # deferred: the file is written when the button is clicked, not on every run of the page (the XLSX alone
        # took ~0.3 s of each rerun, bench/pages.py)
        col.download_button(f"Download {fmt.upper()}", (lambda fmt=fmt: ops.export_bytes(g, fmt)) if len(g) else b"",
                            file_name=f"{g.name or op.config.name}{ops.FORMATS[fmt]}", key=f"gl_export_{fmt}",
                            disabled=not len(g), width="stretch")
    st.subheader("Import")
    if not can_edit:
        st.caption("Importing into the glossary needs the reviewer or admin role.")
    else:
        upload = st.file_uploader("TBX, CSV (rich or DeepL two-column) or XLSX glossary",
                                  type=["tbx", "xml", "csv", "tsv", "xlsx"], key="gl_upload")
        mode = st.radio("Concepts whose id is already in the glossary", ["keep", "replace"], horizontal=True,
                        key="gl_import_mode", format_func={"keep": "keep ours", "replace": "take the file's"}.get)
        if st.button("Import into the glossary", key="gl_import", disabled=upload is None) and upload is not None:
            try:
                incoming = ops.read_upload(upload.getvalue(), upload.name, source_lang=SRC, target_lang=TGT)
                merged, added, replaced = ops.merge(g, incoming, replace_existing=mode == "replace")
            except (ReviewAppError, ValueError) as exc:
                st.error(str(exc))
            else:
                commit(merged, f"Imported {upload.name}: {added} concepts added, {replaced} replaced")

# -- suggestions -----------------------------------------------------------------------------------------------
with suggest_tab:
    st.caption("Candidate terms of the source (katakana runs, Latin names, proper nouns) that the glossary does "
               "not cover yet, with the likely English rendering from the current targets.")
    if st.button("Extract term suggestions", key="gl_extract"):
        from review_app.glossary.extract import suggest_terms

        with st.spinner("Extracting…"):
            units = [(r.effective_source, r.target) for r in svc.list_segments()]
            ss["gl_suggestions"] = (g.content_hash, [s.as_json() for s in suggest_terms(units, g, limit=40)])
    stored = ss.get("gl_suggestions")
    if stored and stored[0] == g.content_hash and stored[1]:
        sugg = stored[1]
        st.dataframe(pd.DataFrame(sugg)[["text", "kind", "count", "score", "english", "contexts"]],
                     hide_index=True, width="stretch", height=min(35 * len(sugg) + 40, 320))
        pick = st.selectbox("Suggestion", range(len(sugg)), key="gl_sugg",
                            format_func=lambda i: f"{sugg[i]['text']} → {sugg[i]['english'] or '?'}")
        s = sugg[pick]
        with st.form(f"gl_accept_form_{pick}"):
            a = st.columns(3)
            eng = a[0].text_input(f"Preferred {TGT} term", s["english"] or "", key="gl_accept_en")
            new_cid = a[1].text_input("Concept id (empty: from the English)", key="gl_accept_id")
            acc_type = a[2].selectbox("Type", [t.value for t in ConceptType], index=len(ConceptType) - 1,
                                      key="gl_accept_type")
            if st.form_submit_button("Accept into the glossary", disabled=not can_edit):
                try:
                    new_concept = ops.concept_from_suggestion(g, str(s["text"]), eng, concept_id=new_cid,
                                                              ctype=acc_type, source_lang=SRC, target_lang=TGT)
                    new = ops.replace_concept(g, new_concept)
                except (ReviewAppError, ValueError) as exc:
                    st.error(str(exc))
                else:
                    commit(new, f"Suggestion {s['text']} accepted as concept {new_concept.id}")
    elif stored:
        st.caption("No suggestions: the glossary covers the candidates found.")

