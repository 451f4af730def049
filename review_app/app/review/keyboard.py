"""Keyboard-first review: the shortcuts of the Review page (one table: the buttons, the help popover and the user
guide read it), focus in the editor after every navigation or action, and the ``beforeunload`` warning while the
editor holds unsaved text.

The buttons carry Streamlit's native ``shortcut=``. A small script (``st.html`` with JavaScript, run in the page,
not in an iframe) adds what Streamlit cannot do: before a shortcut fires it takes the focus out of the editor so
the text typed so far is committed with the click (a Streamlit text area sends its value on blur), it puts the
caret back into the editor once the page has settled, focuses the search box, and asks before a reload or close
discards unsaved text. Every shortcut uses Alt or Ctrl, so it works while the caret is in the editor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import streamlit as st

from review_app.app.review import keys


@dataclass(frozen=True, slots=True)
class Shortcut:
    keys: str  # Streamlit's syntax ("Alt+Down"); the help shows it as is
    action: str
    button: str | None  # the widget key of the button it presses (None: handled by the page script)


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("Ctrl+Shift+Enter", "Approve ▶ next: save the editor text as approved (translated for a translator) "
                                 "and open the next segment", "save_next"),
    Shortcut("Alt+Down", "Next segment of the list", "next"),
    Shortcut("Alt+Up", "Previous segment of the list", "prev"),
    Shortcut("Alt+1 … Alt+9", "Put candidate 1…9 into the editor (the cards are numbered)", None),
    Shortcut("Alt+S", "Copy the source into the editor", "copy_source"),
    Shortcut("Alt+X", "Apply the first fix offered for the editor text (glossary or number)", "first_fix"),
    Shortcut("Alt+K", "Open the search box (sidebar)", None),
)
NEXT, PREV, COPY_SOURCE, FIRST_FIX = "Alt+Down", "Alt+Up", "Alt+S", "Alt+X"
APPROVE_NEXT = "Ctrl+Shift+Enter"


def candidate_shortcut(n: int) -> str | None:
    """The shortcut of candidate card ``n`` (1-based): Alt+1 … Alt+9."""
    return f"Alt+{n}" if 1 <= n <= 9 else None


def help_popover() -> None:
    with st.popover("⌨ Shortcuts", help="Keyboard shortcuts of the Review page"):
        st.markdown("Work from the editor: every shortcut uses Alt or Ctrl, so it works while you type.\n\n"
                    + "\n".join(f"- **{s.keys}**: {s.action}" for s in SHORTCUTS))
        st.caption("On macOS, Alt is ⌥ Option and Ctrl is ⌘ Command. After each action the caret is back in "
                   "the editor.")


# The page script. Installed once per browser tab (window.__raKeys), refreshed on every run with the current
# segment's saved text and the number of unsaved drafts of the session.
_SCRIPT = """
<script>
(() => {
  const w = window, d = document, state = %(state)s;
  w.__raReview = state;
  const editor = () => d.querySelector('[class*="st-key-editor-"] textarea');
  if (!w.__raKeys) {
    w.__raKeys = true;
    // exactly the page's shortcuts (by physical key: Alt+1 types "¡" on a Mac; AltGr, which is Ctrl+Alt, types
    // characters on many keyboards and is left alone)
    const ALT = new Set(['ArrowDown', 'ArrowUp', 'KeyS', 'KeyX', 'Digit1', 'Digit2', 'Digit3', 'Digit4',
                         'Digit5', 'Digit6', 'Digit7', 'Digit8', 'Digit9']);
    d.addEventListener('keydown', (e) => {
      const alt = e.altKey && !e.ctrlKey && !e.metaKey;
      const approve = (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.code === 'Enter';
      if (!(alt || approve) || !editor()) return;
      if (alt && e.code === 'KeyK') {
        const box = d.querySelector('.st-key-%(search)s input');
        if (box) { e.preventDefault(); e.stopPropagation(); box.focus(); box.select(); }
        return;
      }
      // a shortcut about to press a button: commit the editor text first (a text area sends its value on blur)
      const a = d.activeElement;
      if ((approve || ALT.has(e.code)) && a && a === editor()) a.blur();
    }, true);
    w.addEventListener('beforeunload', (e) => {
      const s = w.__raReview || {}, ed = editor();
      const typed = ed && s.saved !== undefined && ed.value !== s.saved && ed.value !== s.shown;
      if (typed || s.drafts > 0) { e.preventDefault(); e.returnValue = ''; return ''; }
    });
  }
  // focus: back into the editor after a navigation or an action, unless the reader is in another field
  let tries = 0;
  const focus = () => {
    const ed = editor(), a = d.activeElement;
    const busy = a && a !== d.body && a !== ed && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA'
                                                    || a.isContentEditable || a.getAttribute('role') === 'combobox');
    if (busy) return;
    if (ed && ed.closest('[class*="st-key-editor-' + state.key + '"]')) {
      if (a !== ed) { ed.focus({preventScroll: true}); ed.setSelectionRange(ed.value.length, ed.value.length); }
      return;
    }
    if (++tries < 100) setTimeout(focus, 30);
  };
  focus();
})();
</script>
"""


def page_script(key: str, saved: str, shown: str, drafts: int, run: int) -> None:
    """Install or refresh the page script for segment ``key``: ``saved`` is its stored text, ``shown`` the text the
    editor was given on this run, ``drafts`` the number of unsaved drafts of the session (lost on a reload)."""
    state = json.dumps({"key": key, "saved": saved, "shown": shown, "drafts": drafts, "run": run})
    # JSON in a script element: "</" must not close it
    state = state.replace("</", "<\\/")
    st.html(_SCRIPT % {"state": state, "search": keys.SEARCH}, unsafe_allow_javascript=True)
