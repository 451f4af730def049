"""Every ``st.session_state`` key of the Review page, in one place.

Keys starting with ``rv_`` are the page's filters and list state: ``state.open_in_review`` and
``state.review_with_filters`` clear them (except the page size and order) when another page sends the reader to a
segment. Per-segment widget keys are built by the functions below.
"""

from __future__ import annotations

# -- navigation and per-session editing state -------------------------------------------------------------------
REVIEW_KEY = "review_key"  # the open segment's key (also the segment picker's widget key)
BASE = "base"  # {segment key: (version, text)} the editor text was based on (optimistic lock)
DRAFTS = "drafts"  # {segment key: (version, base text, unsaved text)}: unsaved edits kept across navigation
PREFILLED = "review_prefilled"  # {segment key: engine} the editor was pre-filled from (review setting "prefill")
SHOWN = "review_shown"  # the segment the last run showed (a different one now: the reader navigated)
RUN = "review_run"  # counts the page's runs: the page script runs again on each
FLASH = "flash"  # [(kind, message)] feedback of the last action, shown on the next run
CONFLICT = "conflict"  # the pending conflict of a save (dict), shown as the merge view
TO_TOP = "rv_to_top"  # set when the order changes: the next run opens the first segment of the list
CHANGED = "rv_changed"  # the segment the last change was made on (to explain why it left the filtered list)
PAGE = "rv_page"  # the list page number widget
SAVED = "rv_saved"  # session copy of the filters and the open segment (url_state.py): restored on coming back
URL_READ = "review_url_read"  # the URL's place was read (once per session: a reload or a link)

# -- sidebar filters (widget keys) --------------------------------------------------------------------------------
SEARCH = "rv_search"
STATUS = "rv_status"
KIND = "rv_kind"
HAS_COMMENT = "rv_has_comment"
HAS_CORRECTION = "rv_has_correction"
HAS_MQM = "rv_has_mqm"
HAS_QA = "rv_has_qa"
QA_CHECK = "rv_qa_check"
QA_SEV = "rv_qa_sev"
ENGINE = "rv_engine"
ORDER = "rv_order"
PAGE_SIZE = "rv_page_size"

# -- MQM annotation form ----------------------------------------------------------------------------------------
MQM_SIDE = "mqm_side"
MQM_SPAN = "mqm_span"
MQM_OCC = "mqm_occ"
MQM_CAT = "mqm_cat"
MQM_SEV = "mqm_sev"
MQM_NOTE = "mqm_note"
MQM_USE_OFFSETS = "mqm_use_offsets"
MQM_START = "mqm_start"
MQM_END = "mqm_end"

COMMENT_BODY = "comment_body"

# -- sections drawn only while open (their expanders' state; per session, kept across segments) --------------------
OPEN_CORRECTION = "review_open_correction"
OPEN_NOTE = "review_open_note"
OPEN_MQM = "review_open_mqm"
OPEN_HISTORY = "review_open_history"
LAZY_SECTIONS = (OPEN_CORRECTION, OPEN_NOTE, OPEN_MQM, OPEN_HISTORY)


def editor(key: str) -> str:
    """The target editor of segment ``key`` (one widget per segment, so each keeps its own text)."""
    return f"editor-{key}"


def merge(key: str) -> str:
    """The merge text area of the conflict view of segment ``key``."""
    return f"merge-{key}"


def table(page: int, current: str | None) -> str:
    """The segment list widget: one per (page, current segment), so its default selection marks the current row."""
    return f"rv_table-{page}-{current}"


def reply(comment_id: int) -> str:
    return f"reply-{comment_id}"
