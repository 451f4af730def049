"""Never lose your place: the open segment and the filters live in the URL (``?seg=…&q=…&status=…``) and in a
session copy.

- A reload or a bookmarked/shared link starts a new session: the page reads the URL.
- Leaving Review for another page drops the Review widgets' state (Streamlit forgets the state of widgets a run
  does not draw): coming back, the page restores it from the session copy (``keys.SAVED``; it starts with ``rv_``,
  so ``state.open_in_review`` and ``review_with_filters`` clear it along with the filters when another page sends
  the reader to a given segment).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from review_app.app.review import keys
from review_app.app.review.filters import PAGE_SIZES
from review_app.models import BlockKind, Status

# URL parameter → (widget key, kind): "list" is comma-separated, "flag" is 1 when set
PARAMS: dict[str, tuple[str, str]] = {
    "q": (keys.SEARCH, "text"),
    "status": (keys.STATUS, "list"),
    "kind": (keys.KIND, "list"),
    "check": (keys.QA_CHECK, "list"),
    "severity": (keys.QA_SEV, "list"),
    "engine": (keys.ENGINE, "list"),
    "comments": (keys.HAS_COMMENT, "flag"),
    "corrected": (keys.HAS_CORRECTION, "flag"),
    "mqm": (keys.HAS_MQM, "flag"),
    "issues": (keys.HAS_QA, "flag"),
    "order": (keys.ORDER, "text"),
    "size": (keys.PAGE_SIZE, "int"),
}
SEGMENT = "seg"
_ALLOWED: dict[str, set[str]] = {
    keys.STATUS: {s.value for s in Status},
    keys.KIND: {k.value for k in BlockKind},
    keys.QA_SEV: {"critical", "major", "minor"},
    keys.ORDER: {"document", "suspicious"},
}
_DEFAULTS: dict[str, Any] = {keys.ORDER: "document", keys.PAGE_SIZE: 50}


def _from_url(params: Any) -> dict[str, Any]:
    """Widget values named by the URL; values the page would refuse (unknown status, page size…) are dropped."""
    out: dict[str, Any] = {}
    for name, (widget, kind) in PARAMS.items():
        raw = params.get(name)
        if raw is None or raw == "":
            continue
        if kind == "list":
            values = [v for v in str(raw).split(",") if v]
            allowed = _ALLOWED.get(widget)
            out[widget] = [v for v in values if allowed is None or v in allowed]
        elif kind == "flag":
            out[widget] = str(raw) == "1"
        elif kind == "int":
            if str(raw).isdigit() and int(raw) in PAGE_SIZES:
                out[widget] = int(raw)
        elif widget not in _ALLOWED or raw in _ALLOWED[widget]:
            out[widget] = str(raw)[:500]
    seg = params.get(SEGMENT)
    if seg:
        out[keys.REVIEW_KEY] = str(seg)[:200]
    return out


def restore() -> None:
    """Before the page draws its widgets: bring back the reader's place (session copy, else the URL)."""
    ss = st.session_state
    saved = ss.get(keys.SAVED)
    if saved is None and not ss.get(keys.URL_READ):
        saved = _from_url(st.query_params)  # a new session: a reload or a link
    ss[keys.URL_READ] = True
    if not saved:
        return
    for widget, value in saved.items():
        if widget not in ss:  # the widget's own state (this visit) wins over the copy
            ss[widget] = value


def remember(current_key: str | None) -> None:
    """After the widgets are drawn: keep a session copy of the place and write it to the URL."""
    ss = st.session_state
    values = {widget: ss[widget] for widget, _ in PARAMS.values() if widget in ss}
    if current_key is not None:
        values[keys.REVIEW_KEY] = current_key
    ss[keys.SAVED] = values
    params: dict[str, str] = {}
    if current_key is not None:
        params[SEGMENT] = current_key
    for name, (widget, kind) in PARAMS.items():
        value = values.get(widget)
        if value in (None, "", [], False) or _DEFAULTS.get(widget) == value:
            continue
        params[name] = (",".join(value) if kind == "list" else "1" if kind == "flag" else str(value))
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)
