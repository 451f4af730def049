"""Export page: every exporter of :data:`review_app.exporters.EXPORTERS`: what the export will contain (approved,
untranslated, open QA findings), a one-click download that renders the project's current state, and a preview
(HTML rendered in an isolated frame, text formats as text)."""

from __future__ import annotations

import base64
import io

import streamlit as st

from review_app.app.state import project, service
from review_app.errors import ReviewAppError
from review_app.exporters import EXPORTERS, ExportOptions, ProjectData, get_exporter
from review_app.notes import ReadersNoteService
from review_app.store import queries

svc = service()
op = project()
st.title("Export")

if not svc.can("export"):
    st.warning("Exporting needs the reviewer or admin role.")
    st.stop()

names = EXPORTERS.names()
c = st.columns(4)
fmt = c[0].selectbox("Format", names, key="export_fmt",
                     format_func=lambda n: f"{n} — {get_exporter(n).description}"[:80])
status = c[1].selectbox("Targets", ["all", "approved"], key="export_status",
                        format_func={"all": "all targets", "approved": "approved only"}.__getitem__)
side = c[2].selectbox("Languages (article formats)", ["both", "en", "ja"], key="export_side",
                      format_func={"both": "both (bilingual)", "en": "English only",
                                   "ja": "Japanese only"}.__getitem__)
appendix = c[3].checkbox("Appendix", value=True, key="export_appendix",
                         help="Add the comments and the source corrections after the article")

exporter = get_exporter(fmt)
params = (fmt, status, side, appendix)
filename = exporter.file_name(op.config.name)

# -- what the export will contain -------------------------------------------------------------------------------
counts = svc.status_counts()
total = sum(counts.values())
approved = counts.get("approved", 0)
empty = counts.get("new", 0)
st.markdown(f"**{approved} of {total}** segments approved · {total - approved - empty} translated but not approved · "
            f"{empty} without a translation")
if status == "approved" and approved < total:
    st.caption(f"Approved only: the other {total - approved} segments are exported without their English text.")
elif status == "all" and empty:
    st.caption(f"All targets: {empty} segments have no translation yet; the article marks them as untranslated.")
n_notes = len(ReadersNoteService(svc).list())
if n_notes:
    st.caption(f"{n_notes} readers' note(s): numbered footnotes of the article formats (also without the appendix), "
               "notes in XLIFF/TMX, columns in CSV/XLSX.")
serious = sum(r["issues"] for r in queries.qa_summary(svc) if r["severity"] in ("critical", "major"))
if serious:
    st.warning(f"The latest QA run has {serious} open critical/major finding(s). Review them first "
               "(Dashboard → QA issues), or export anyway.")


def render() -> bytes:
    """The export of the project as it is now (runs when Download is pressed, and for the preview)."""
    data = ProjectData(svc, op.config.name, svc.source_lang, svc.target_lang,
                       ExportOptions(status=status, side=side, appendix=appendix))
    if exporter.binary:
        buf = io.BytesIO()
        exporter.render(data, buf)
        return buf.getvalue()
    sbuf = io.StringIO(newline="")
    exporter.render(data, sbuf)
    return sbuf.getvalue().encode("utf-8")


def prepare() -> None:
    svc.require("export")
    st.session_state["export"] = (params, render())


if fmt == "xlsx":
    from review_app.exporters.interchange import xlsx_too_long

    blocked = xlsx_too_long(ProjectData(svc, op.config.name, svc.source_lang, svc.target_lang))
    if blocked:
        st.error(f"{len(blocked)} segment(s) hold a text longer than the 32,767 characters an Excel cell takes "
                 f"({', '.join(blocked[:5])}{' …' if len(blocked) > 5 else ''}); Excel would cut it. Export CSV, TMX "
                 "or XLIFF instead, which keep the whole text.")
        st.stop()

b = st.columns([2, 1, 4], vertical_alignment="center")
# One click: the file is rendered from the current state when the button is pressed (no separate prepare step).
b[0].download_button(f"Download {filename}", render, file_name=filename, key="export_download", type="primary",
                     icon=":material/download:", on_click="ignore", width="stretch")
if b[1].button("Preview", key="export_prepare", width="stretch"):
    try:
        prepare()
    except ReviewAppError as exc:
        st.error(str(exc))

ready = st.session_state.get("export")
if not ready or ready[0] != params:
    b[2].caption("Download renders the project as it is now. Preview shows the result here first.")
    st.stop()
payload = ready[1]
b[2].caption(f"Preview of {filename}: {len(payload):,} bytes (press Preview again after further changes)")
try:
    text = payload.decode("utf-8")  # XML formats are written as bytes but read as text
except UnicodeDecodeError:
    st.caption("Binary format (a zip package): no preview here; download it.")
    st.stop()
if fmt.endswith("html") or text.lstrip().lower().startswith("<!doctype html"):
    rendered, source = st.tabs(["Rendered", "HTML source"])
    with rendered:
        # a data: URL gives the frame an opaque origin: whatever the file contains cannot reach the app
        st.iframe("data:text/html;charset=utf-8;base64," + base64.b64encode(payload).decode("ascii"), height=640)
    with source:
        st.code(text[:20_000] + ("\n…" if len(text) > 20_000 else ""), language="html", height=480)
else:
    language = "markdown" if fmt.endswith("md") else "xml" if exporter.extension.endswith((".tmx", ".xlf")) else None
    st.code(text[:20_000] + ("\n…" if len(text) > 20_000 else ""), language=language, height=480)
