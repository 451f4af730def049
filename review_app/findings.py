"""A QA run's findings kept on disk as they are produced and read back one at a time in report order.

``review-app qa FILE`` writes its report from a :class:`FindingSpool`, so its memory does not grow with the
number of findings: each finding is pickled to an anonymous temporary file the moment a check yields it, and
only 8 bytes of sort key and offset per finding stay in memory (plus the few findings another check may
supersede, :class:`~review_app.checks.base.Supersession`). The report order and the supersession rules are those
of :func:`~review_app.checks.base.run_checks`, which keeps everything in a list (projects, tests, the app).
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from review_app.checks.base import Category, Check, Issue, Side, Supersession, Unit, report_order
from review_app.models import Severity


def _pack(issue: Issue) -> tuple[Any, ...]:
    return (issue.unit, issue.check, issue.severity.value, issue.side.value, issue.message, issue.category.value,
            issue.source_span, issue.target_span, issue.data or None)


def _unpack(t: tuple[Any, ...]) -> Issue:
    unit, check, severity, side, message, category, source_span, target_span, data = t
    return Issue(unit=unit, check=check, severity=Severity(severity), side=Side(side), message=message,
                 category=Category(category), source_span=source_span, target_span=target_span, data=data or {})


class FindingSpool:
    """Findings spooled to a temporary file (:meth:`add`), then read back in report order without those another
    finding supersedes (iteration; once :meth:`close` is called, or the spool is used as a context manager and
    left, the file is gone).

    ``checks`` are the checks of the run (for their ``supersedes`` rules)."""

    def __init__(self, checks: Sequence[Check]) -> None:
        # an anonymous file (unlinked at once) that lives as long as the spool: only this process writes it
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="review-app-qa-")  # noqa: SIM115
        self._offsets = array("q", [0])
        self._units: list[str] = []  # the finding's unit id (a reference to the unit's own id string)
        self._checks: list[str] = []  # the finding's check id (shared strings: one per check)
        self._supersession = Supersession(checks)
        self._replaceable: list[tuple[int, Issue]] = []  # findings another check may supersede (few)
        self._severities: Counter[Severity] = Counter()
        self._dropped: set[int] | None = None

    def add(self, issue: Issue) -> None:
        if self._dropped is not None:
            raise RuntimeError("findings added after the spool was read")
        n = len(self._units)
        self._supersession.note(issue)
        if issue.check in self._supersession.replaceable:
            self._replaceable.append((n, issue))
        self._file.write(pickle.dumps(_pack(issue), protocol=pickle.HIGHEST_PROTOCOL))
        self._offsets.append(self._file.tell())
        self._units.append(issue.unit)
        self._checks.append(issue.check)
        self._severities[issue.severity] += 1

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.add(issue)

    def _settle(self) -> set[int]:
        if self._dropped is None:
            self._dropped = {n for n, issue in self._replaceable if self._supersession.replaced(issue)}
            for n, issue in self._replaceable:
                if n in self._dropped:
                    self._severities[issue.severity] -= 1
            self._replaceable = []
        return self._dropped

    def __len__(self) -> int:
        """The number of findings the report has (superseded ones not counted)."""
        return len(self._units) - len(self._settle())

    def severities(self) -> Counter[Severity]:
        """Findings by severity (superseded ones not counted)."""
        self._settle()
        return +self._severities

    def order(self, units: Iterable[Unit]) -> list[int]:
        """Record numbers in report order: by the index of the unit (as :func:`run_checks` sorts), then check id,
        then the order they were produced in."""
        dropped = self._settle()
        index = report_order(units, self._units)
        ids, checks = self._units, self._checks
        keep = [n for n in range(len(ids)) if n not in dropped] if dropped else list(range(len(ids)))
        keep.sort(key=lambda n: (index.get(ids[n], 0), checks[n]))
        return keep

    def read(self, units: Iterable[Unit]) -> Iterator[Issue]:
        """The findings in report order, read back one at a time."""
        fh, offsets = self._file, self._offsets
        for n in self.order(units):
            fh.seek(offsets[n])
            yield _unpack(pickle.loads(fh.read(offsets[n + 1] - offsets[n])))  # noqa: S301 (our own records)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> FindingSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
