"""The Document view's data (no streamlit): one page of the article as grid rows with their QA flags, and the
saving of the edits made in the grid through the review service.

A page is read with two indexed queries (the ordered keys of one page, then those rows), plus one grouped
query for the open QA findings of those keys, so a 10,000-segment project costs what a 326-segment one does.

Edits are saved against the versions the grid showed (:class:`GridRow.version`), never against the versions
read at save time: a segment somebody else saved in between is refused (:class:`Saved.conflicts`), and the
text the user typed is handed back so the page can keep it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from review_app.errors import ConflictError, ReviewAppError
from review_app.models import Status
from review_app.review import ReviewService
from review_app.store import queries

SEVERITIES = ("critical", "major", "minor")
FLAG_FILTERS = {
    "all": "all segments",
    "any": "with open QA findings",
    "serious": "with a critical or major finding",
    "clean": "without open QA findings",
}


@dataclass(frozen=True, slots=True)
class GridRow:
    """One segment as the grid shows it, with the version it was read at."""

    key: str
    number: int
    source: str
    target: str
    status: str
    version: int
    flags: dict[str, int]

    @property
    def flag_text(self) -> str:
        return " · ".join(f"{n} {sev}" for sev in SEVERITIES if (n := self.flags.get(sev, 0)))


def filters(statuses: Sequence[str] = (), flag: str = "all", search: str = "", candidates: bool = True
            ) -> queries.Filters:
    """The review app's list filters for the Document view's choices (``flag``: a key of :data:`FLAG_FILTERS`)."""
    f = queries.Filters(statuses=list(statuses), search=search.strip(), candidates=candidates)
    if flag == "any":
        f.has_qa = True
    elif flag == "serious":
        f.qa_severities = ["critical", "major"]
    elif flag == "clean":
        f.no_qa = True
    elif flag != "all":
        raise ValueError(f"unknown flag filter {flag!r}")
    return f


def page(svc: ReviewService, f: queries.Filters, offset: int, limit: int) -> list[GridRow]:
    """The rows of one page of the filtered article, in document order."""
    views = queries.rows_for(svc, queries.page_keys(svc, f, offset, limit))
    found = queries.qa_flags(svc, [v.key for v in views])
    return [GridRow(v.key, v.index + 1, v.effective_source, v.target or "", v.status.value, v.version,
                    found.get(v.key, {})) for v in views]


@dataclass(slots=True)
class Saved:
    """What saving the grid's edits did: segments saved, conflicts (with the text the user typed) and refusals."""

    saved: list[str] = field(default_factory=list)
    conflicts: list[tuple[GridRow, str, ConflictError]] = field(default_factory=list)
    refused: list[tuple[GridRow, str]] = field(default_factory=list)


def edits(rows: Sequence[GridRow], edited_rows: Mapping[Any, Mapping[str, Any]]) -> list[tuple[GridRow, str, str]]:
    """The real changes in the data editor's ``edited_rows`` as (row, new target, new status): cells set back to
    their old value are no change."""
    out = []
    for index, cells in sorted(edited_rows.items(), key=lambda kv: int(kv[0])):
        i = int(index)
        if not 0 <= i < len(rows):
            continue
        row = rows[i]
        target = cells.get("target", row.target)
        status = cells.get("status", row.status)
        target = row.target if target is None else str(target)
        status = row.status if status is None else str(status)
        if target != row.target or status != row.status:
            out.append((row, target, status))
    return out


def save(svc: ReviewService, changes: Sequence[tuple[GridRow, str, str]]) -> Saved:
    """Save each change through the review service, against the version the grid showed (one transaction per
    segment, like the editor: a refusal of one segment does not hold back the others)."""
    result = Saved()
    for row, target, status in changes:
        try:
            if target != row.target:
                new_status = None if status == row.status else Status(status)
                svc.save_target(row.key, target, expected_version=row.version, status=new_status,
                                reason="edited in the Document view")
            else:
                svc.set_status(row.key, status, expected_version=row.version, reason="set in the Document view")
        except ConflictError as exc:
            result.conflicts.append((row, target, exc))
        except ReviewAppError as exc:
            result.refused.append((row, str(exc)))
        else:
            result.saved.append(row.key)
    return result
