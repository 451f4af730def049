"""HTML fragments for the review page (no streamlit): highlighted spans and word-level diffs.

Every piece of user or corpus text is passed through :func:`html.escape` *before* it is wrapped in the
``<mark>``/``<ins>``/``<del>`` tags built here, and attribute values are escaped with ``quote=True``; the
result is the only HTML the app renders with ``unsafe_allow_html`` (tests feed it ``<script>`` and
``<img onerror>`` segments). Diffs use :class:`difflib.SequenceMatcher` on word tokens (words, single
punctuation marks and whitespace runs), so a change of one word shows as one word.
"""

from __future__ import annotations

import contextlib
import difflib
import html
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Words (letters/digits with inner apostrophes or hyphens), whitespace runs, or any other single character
# (punctuation; each CJK punctuation mark on its own).
_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|\s+|[^\w\s]")

STYLE = """
<style>
.ra-text{white-space:pre-wrap;line-height:1.7;font-size:1.05rem;padding:.4rem .6rem;border-radius:.4rem;
  background:rgba(127,127,127,.06);font-family:"Noto Sans CJK JP","Noto Sans JP",sans-serif;}
.ra-text mark{padding:0 .1em;border-radius:.2em;}
.ra-text mark.term{background:#d7ecff;border-bottom:2px solid #3b82f6;color:inherit;}
.ra-text mark.term-bad{background:#ffe3e3;border-bottom:2px solid #e03131;color:inherit;}
.ra-text mark.qa-minor{background:#fff3c4;color:inherit;}
.ra-text mark.qa-major{background:#ffd8a8;color:inherit;}
.ra-text mark.qa-critical{background:#ffc9c9;color:inherit;}
.ra-text mark.mqm{text-decoration:underline wavy #c2255c;background:transparent;color:inherit;}
.ra-text ins{background:#d3f9d8;text-decoration:none;}
.ra-text del{background:#ffe3e3;color:#a61e4d;}
.ra-terms{font-size:.9rem;color:#555;}
</style>
"""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    css: str
    title: str = ""


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def highlight(text: str, spans: Iterable[Span]) -> str:
    """``text`` escaped, with each span wrapped in ``<mark class=… title=…>`` (overlaps merge classes)."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out = []
    for a, b in itertools.pairwise(cuts):
        piece = html.escape(text[a:b])
        covering = [s for s in valid if s.start <= a and b <= s.end]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(s.css for s in covering))
        title = "; ".join(dict.fromkeys(s.title for s in covering if s.title))
        out.append(f'<mark class="{html.escape(classes, quote=True)}" title="{html.escape(title, quote=True)}">'
                   f"{piece}</mark>")
    return f'<div class="ra-text">{"".join(out)}</div>'


def word_diff(old: str, new: str) -> str:
    """Escaped ``new`` with the words not in ``old`` as ``<ins>`` and the removed ones as ``<del>``."""
    a, b = tokens(old), tokens(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(''.join(b[j1:j2]))}</ins>")
    return f'<div class="ra-text">{"".join(out)}</div>'


def similarity(old: str, new: str) -> float:
    """Share of equal word tokens (difflib ratio), 1.0 for identical texts."""
    return difflib.SequenceMatcher(None, tokens(old), tokens(new), autojunk=False).ratio()


def merge_suggestion(base: str, mine: str, theirs: str) -> str:
    """A starting point for a manual merge: their text with my changes against ``base`` re-applied where
    they do not touch tokens they changed too (a token-level three-way merge); conflicting regions keep
    both versions as ``«mine|theirs»`` for the user to resolve in the editor."""
    b, m, t = tokens(base), tokens(mine), tokens(theirs)
    mine_ops = [op for op in difflib.SequenceMatcher(None, b, m, autojunk=False).get_opcodes() if op[0] != "equal"]
    their_ops = [op for op in difflib.SequenceMatcher(None, b, t, autojunk=False).get_opcodes() if op[0] != "equal"]

    def overlaps(x: tuple[str, int, int, int, int], y: tuple[str, int, int, int, int]) -> bool:
        (_, xa, xb, _, _), (_, ya, yb, _, _) = x, y
        return (xa < yb and ya < xb) or xa == xb == ya or ya == yb == xa

    # Walk the base, applying each side's change; at a conflict keep both.
    edits: list[tuple[int, int, str]] = []
    for op in their_ops:
        _, i1, i2, j1, j2 = op
        clash = [o for o in mine_ops if overlaps(o, op)]
        if clash:
            mine_text = "".join(m[clash[0][3] : clash[-1][4]])
            edits.append((min(i1, clash[0][1]), max(i2, clash[-1][2]),
                          f"«{mine_text}|{''.join(t[j1:j2])}»"))
        else:
            edits.append((i1, i2, "".join(t[j1:j2])))
    for op in mine_ops:
        _, i1, i2, j1, j2 = op
        if not any(overlaps(op, o) for o in their_ops):
            edits.append((i1, i2, "".join(m[j1:j2])))
    edits.sort()
    out, pos = [], 0
    for i1, i2, text in edits:
        if i1 < pos:
            continue
        out.append("".join(b[pos:i1]))
        out.append(text)
        pos = i2
    out.append("".join(b[pos:]))
    return "".join(out)


_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md_text(text: str) -> str:
    """``text`` for a Markdown string (``st.caption``, ``st.markdown``, ``st.warning``): every ASCII punctuation
    character backslash-escaped (CommonMark allows it for all of them), so a user name such as ``[x](https://…)``
    or ``www.example.com`` shows as text, never as a link, image or emphasis."""
    return _MD_PUNCTUATION.sub(r"\\\1", text)


@contextlib.contextmanager
def database_errors() -> Iterator[None]:
    """Show a database outage (connection refused or lost, disk full…) as one friendly error box and stop the page,
    instead of Streamlit's traceback (which would show SQL and internals to every user)."""
    import streamlit as st
    from sqlalchemy.exc import DBAPIError

    from review_app.store.db import outage_message

    try:
        yield
    except DBAPIError as exc:
        st.error(outage_message(exc), icon=":material/cloud_off:")
        st.stop()
