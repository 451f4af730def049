"""Review settings of a project, stored with the project's settings in the database (``projects.settings["review"]``,
shared by every user of a team project):

- ``prefill``: what the editor holds when a reviewer opens a segment that has no translation yet —
  ``"empty"`` (the default), ``"engine:NAME"`` (that engine's newest candidate) or ``"fewest-findings"`` (the
  candidate with the fewest QA findings of its own; ties go to the engine listed first). The pre-filled text is an
  unsaved edit: nothing is stored until the reviewer saves or approves it.
- ``block_approval``: ``"off"`` (the default: approving with an open finding only warns), ``"major"`` (an open
  critical or major QA finding of the latest QA run blocks *approved* and *reviewed*) or ``"critical"`` (only
  critical ones block). A finding blocks while it describes the texts being approved and is not dismissed; dismiss
  a false alarm to approve.

``review-app workflow PROJECT`` shows and changes them; the app shows them on the Settings page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from review_app.errors import InputError, InvalidTransition, NotFoundError
from review_app.store.schema import ProjectRow

if TYPE_CHECKING:
    from review_app.models import Candidate
    from review_app.store.queries import Reader

PREFILL_MODES = ("empty", "fewest-findings")  # and "engine:NAME"
BLOCK_LEVELS = {"off": (), "critical": ("critical",), "major": ("critical", "major")}


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    prefill: str = "empty"
    block_approval: str = "off"

    @property
    def prefill_engine(self) -> str | None:
        return self.prefill.removeprefix("engine:") if self.prefill.startswith("engine:") else None

    def describe_prefill(self) -> str:
        if self.prefill_engine is not None:
            return f"the newest candidate of {self.prefill_engine}"
        return {"empty": "nothing (an empty editor)",
                "fewest-findings": "the candidate with the fewest QA findings"}[self.prefill]


def check(prefill: str, block_approval: str, where: str) -> ReviewSettings:
    """Validated settings, or :class:`InputError` naming ``where`` and the accepted values."""
    if not isinstance(prefill, str) or not (prefill in PREFILL_MODES
                                            or (prefill.startswith("engine:") and prefill[7:].strip())):
        raise InputError(f"{where}: prefill {prefill!r} is not one of empty, fewest-findings, engine:NAME")
    if block_approval not in BLOCK_LEVELS:
        raise InputError(f"{where}: block_approval {block_approval!r} is not one of {', '.join(BLOCK_LEVELS)}")
    return ReviewSettings(prefill=prefill, block_approval=block_approval)


def _from_row(row: ProjectRow | None) -> ReviewSettings:
    raw = dict(row.settings or {}).get("review") if row is not None else None
    if not isinstance(raw, dict):
        return ReviewSettings()
    try:
        return check(raw.get("prefill", "empty"), raw.get("block_approval", "off"), "project settings [review]")
    except InputError:
        return ReviewSettings()  # a hand-edited value that no longer parses: the safe defaults


def load(svc: Reader) -> ReviewSettings:
    svc.require("read")
    with svc.db.read_session() as s:
        return _from_row(s.get(ProjectRow, svc.project_id))


def save(svc: Reader, *, prefill: str | None = None, block_approval: str | None = None) -> ReviewSettings:
    """Change the project's review settings (admins: they decide the workflow of every reviewer)."""
    svc.require("settings")
    with svc.db.session() as s:
        row = s.get(ProjectRow, svc.project_id, with_for_update=True)
        if row is None:
            raise NotFoundError(f"project {svc.project_name!r} no longer exists")
        old = _from_row(row)
        new = check(old.prefill if prefill is None else prefill,
                    old.block_approval if block_approval is None else block_approval, "review settings")
        settings = dict(row.settings or {})
        settings["review"] = asdict(new)
        row.settings = settings  # a new dict: SQLAlchemy sees the JSON change
    return new


def blocking_findings(s: Session, svc: Reader, key: str, source: str, target: str | None,
                      levels: Sequence[str]) -> list[str]:
    """Open findings of the latest QA run on segment ``key`` at severity ``levels`` that describe exactly these
    texts (a finding made on another text is outdated) and were not dismissed: "check (severity): message"."""
    from sqlalchemy import func

    from review_app.checks.base import Category, Issue, Side
    from review_app.models import Severity
    from review_app.store.schema_qa import QaDismissalRow, QaIssueRow, QaRunRow

    run = select(func.max(QaRunRow.id)).where(QaRunRow.project_id == svc.project_id).scalar_subquery()
    rows = s.scalars(select(QaIssueRow).where(QaIssueRow.run_id == run, QaIssueRow.segment_key == key,
                                              QaIssueRow.severity.in_(list(levels))).order_by(QaIssueRow.id)).all()
    dismissed = set(s.scalars(select(QaDismissalRow.fingerprint).where(
        QaDismissalRow.project_id == svc.project_id, QaDismissalRow.segment_key == key)))
    out = []
    for r in rows:
        issue = Issue(unit=key, check=r.check_id, severity=Severity(r.severity), side=Side(r.side),
                      message=r.message, category=Category(r.category))
        if issue.fingerprint(source, target) == r.fingerprint and r.fingerprint not in dismissed:
            out.append(f"{r.check_id} ({r.severity}): {r.message}")
    return out


def enforce(s: Session, svc: Reader, key: str, source: str, target: str | None) -> None:
    """Refuse approving/reviewing segment ``key`` with these texts when the project blocks it on open findings."""
    settings = _from_row(s.get(ProjectRow, svc.project_id))
    levels = BLOCK_LEVELS[settings.block_approval]
    if not levels:
        return
    found = blocking_findings(s, svc, key, source, target, levels)
    if found:
        raise InvalidTransition(
            f"segment {key} has {len(found)} open {' or '.join(levels)} QA finding(s) and this project blocks "
            f"approval on them (review setting block_approval = {settings.block_approval}): "
            + "; ".join(found[:3]) + ("; …" if len(found) > 3 else "")
            + " — fix the text (then run the QA checks again) or dismiss a false alarm, then approve"
        )


def choose_prefill(settings: ReviewSettings, candidates: Sequence[Candidate],
                   findings: Callable[[Candidate], int]) -> Candidate | None:
    """The candidate the editor is pre-filled with under ``settings`` (newest per engine), or None."""
    latest: dict[str, Any] = {}
    for c in candidates:
        if c.text and c.text.strip():
            latest[c.engine] = c  # newest candidate per engine, in the order engines first appear
    if settings.prefill == "empty" or not latest:
        return None
    if settings.prefill_engine is not None:
        return latest.get(settings.prefill_engine)
    ranked = list(latest.values())
    return min(ranked, key=lambda c: (findings(c), ranked.index(c)))
