"""The engine form of the Compare page's "Add candidates" tab, built from the engines' declared options.

Every engine registered in :data:`review_app.engines.ENGINES` is a choice, and its
:attr:`~review_app.engines.Engine.options` are the fields (``tr_<option name>`` in the session), so a new engine
needs no edit here: a ``text`` option is a text field, ``int`` a number, ``choice`` a select box, ``file`` an
upload or a shipped file, ``provenance`` the who/how/kind fields. :func:`engine_settings` reads them back in the
form :meth:`~review_app.engines.Engine.from_settings` takes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from review_app.engines import ENGINES, Engine, EngineOption
from review_app.errors import InputError
from review_app.formats import FORMATS, upload_types

PROVENANCE_KINDS = ["prepared-draft", "human-translation", "machine-translation", "post-edited-mt", "reference"]


def secret(name: str) -> str:
    """A key from the environment or Streamlit secrets ('' when absent; a missing secrets file is fine)."""
    if os.environ.get(name):
        return os.environ[name]
    try:
        return str(st.secrets.get(name, "") or "")
    except FileNotFoundError:  # no secrets.toml: StreamlitSecretNotFoundError is a FileNotFoundError
        return ""


def api_key(cls: type[Engine]) -> str:
    """The engine's key: the Settings page's (this session only), else Streamlit secrets or the environment."""
    if not cls.key_env:
        return ""
    return str(st.session_state.get("engine_keys", {}).get(cls.name) or secret(cls.key_env))


def choose_engine() -> type[Engine]:
    """The engine radio: every registered engine, by its label."""
    names = ENGINES.names()
    kind = st.radio("Engine", names, horizontal=True, key="tr_engine",
                    format_func=lambda n: ENGINES.get(n).label or n)
    return ENGINES.get(kind or names[0])


def _file_field(opt: EngineOption, shipped: list[Path], root: Path) -> None:
    key = f"tr_{opt.name}"
    up = st.file_uploader(f"{opt.label or opt.help} ({', '.join(FORMATS.names())})",
                          type=upload_types(), key="tr_upload")
    if up is not None:
        folder = Path(tempfile.gettempdir()) / "review-app-imports"
        folder.mkdir(exist_ok=True)
        data = up.getvalue()
        p = folder / f"{hashlib.sha256(data).hexdigest()[:16]}{Path(up.name).suffix.lower()}"
        if not p.exists():
            p.write_bytes(data)
        st.session_state[key] = str(p)
        st.caption(f"Uploaded {up.name} ({len(data):,} bytes).")
    else:
        st.selectbox("…or a shipped file", [""] + [str(p) for p in shipped], key=key,
                     format_func=lambda s: Path(s).relative_to(root).as_posix() if s else "—")


def _provenance_field() -> None:
    with st.container(border=True):
        st.caption("Provenance (required): where these translations come from; stored with every candidate.")
        c = st.columns(3)
        c[0].selectbox("Kind", PROVENANCE_KINDS, key="tr_prov_kind")
        c[1].text_input("By (person, vendor or system)", key="tr_prov_by")
        c[2].text_input("How (e.g. edited DeepL output)", key="tr_prov_how")


def _simple_field(opt: EngineOption, where: Any) -> None:
    key, label = f"tr_{opt.name}", opt.label or opt.help
    if opt.kind == "choice":
        where.selectbox(label, list(opt.choices), key=key,
                        index=list(opt.choices).index(opt.default) if opt.default in opt.choices else 0)
    elif opt.kind == "int":
        where.number_input(label, value=int(opt.default or 0), step=1, key=key)
    else:
        where.text_input(label, key=key, placeholder=opt.placeholder)


def engine_fields(cls: type[Engine], *, shipped: list[Path], root: Path) -> None:
    """The key caption and one field per option the app offers (``in_app``)."""
    if cls.key_env:
        have = bool(api_key(cls))
        st.caption("Key: " + ("found (Settings page, Streamlit secrets or " + cls.key_env + ")." if have else
                              f"none yet — enter it on the Settings page (kept in this session only), or set "
                              f"{cls.key_env} / put it in .streamlit/secrets.toml."))
    shown = [o for o in cls.options if o.in_app]
    for opt in shown:
        if opt.kind == "file":
            _file_field(opt, shipped, root)
    simple = [o for o in shown if o.kind not in ("file", "provenance")]
    if simple:
        cols = st.columns(len(simple))
        for opt, col in zip(simple, cols, strict=True):
            _simple_field(opt, col)
    if any(o.kind == "provenance" for o in shown):
        _provenance_field()


def engine_settings(cls: type[Engine]) -> dict[str, Any]:
    """The form's values as :meth:`~review_app.engines.Engine.from_settings` takes them, with the key."""
    ss = st.session_state
    out: dict[str, Any] = {}
    for opt in cls.options:
        if not opt.in_app:
            continue
        if opt.kind == "provenance":
            prov = {"kind": ss.get("tr_prov_kind", ""), "by": (ss.get("tr_prov_by") or "").strip(),
                    "how": (ss.get("tr_prov_how") or "").strip()}
            if not prov["by"] or not prov["how"]:
                raise InputError("fill in the provenance: who made these translations and how "
                                 "(e.g. 'edited DeepL output')")
            out[opt.name] = prov
        elif opt.kind == "file":
            if not ss.get(f"tr_{opt.name}"):
                raise InputError("choose a shipped file or upload one (XLIFF, TMX, CSV or XLSX)")
            out[opt.name] = ss[f"tr_{opt.name}"]
        else:
            value = ss.get(f"tr_{opt.name}")
            out[opt.name] = value.strip() if isinstance(value, str) else value
    if cls.key_env:
        out["api_key"] = api_key(cls) or None
    return out
