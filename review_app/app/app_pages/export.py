"""Export page: every exporter of :data:`review_app.exporters.EXPORTERS`, with a preview and a download."""

from __future__ import annotations

import io

import streamlit as st

from review_app.app.state import project, service
from review_app.errors import ReviewAppError
from review_app.exporters import EXPORTERS, ExportOptions, ProjectData, get_exporter

svc = service()
op = project()
st.title("Export")

if not svc.can("export"):
    st.warning("Exporting needs the admin role.")
    st.stop()

names = EXPORTERS.names()
c = st.columns(4)
fmt = c[0].selectbox("Format", names, key="export_fmt",
                     format_func=lambda n: f"{n} — {get_exporter(n).description}"[:80])
status = c[1].selectbox("Targets", ["all", "approved"], key="export_status",
                        format_func={"all": "all targets", "approved": "approved only"}.__getitem__)
side = c[2].selectbox("Languages (article formats)", ["both", "en", "ja"], key="export_side")
appendix = c[3].checkbox("Appendix", value=True, key="export_appendix",
                         help="Add the comments and the source corrections after the article")

exporter = get_exporter(fmt)
params = (fmt, status, side, appendix)


def prepare() -> None:
    data = ProjectData(svc, op.config.name, svc.source_lang, svc.target_lang,
                       ExportOptions(status=status, side=side, appendix=appendix))
    if exporter.binary:
        buf = io.BytesIO()
        exporter.render(data, buf)
        payload = buf.getvalue()
    else:
        sbuf = io.StringIO(newline="")
        exporter.render(data, sbuf)
        payload = sbuf.getvalue().encode("utf-8")
    st.session_state["export"] = (params, payload)


if st.button("Prepare the export", key="export_prepare", type="primary"):
    try:
        svc.require("export")
        prepare()
    except ReviewAppError as exc:
        st.error(str(exc))

ready = st.session_state.get("export")
if not ready or ready[0] != params:
    st.caption("Choose the format and options, then prepare the export (it reads the current state of the project).")
    st.stop()
payload = ready[1]
filename = f"{op.config.name}{exporter.extension}"
st.download_button(f"Download {filename}", payload, file_name=filename, key="export_download")
st.caption(f"{len(payload):,} bytes")
st.subheader("Preview")
if fmt in ("docx", "xlsx"):
    st.caption("Binary format: no text preview; download it.")
else:
    text = payload.decode("utf-8", errors="replace")
    st.code(text[:20_000] + ("\n…" if len(text) > 20_000 else ""), language="html" if "html" in fmt else None,
            height=480)
