"""A QA run's findings: kept on disk as they are produced, read back one at a time in report order, and written
as a report (text, JSON, CSV, HTML) by :func:`write_report`, the one writer of ``review-app qa``, the project
exports (``qa-json``…) and the tests.

``review-app qa FILE`` writes its report from a :class:`FindingSpool`, so its memory does not grow with the
number of findings: each finding is pickled to an anonymous temporary file the moment a check yields it, and
only 8 bytes of sort key and offset per finding stay in memory (plus the few findings another check may
supersede, :class:`~review_app.checks.base.Supersession`). The report order and the supersession rules are those
of :func:`~review_app.checks.base.run_checks`, which keeps everything in a list (projects, tests, the app).
"""

from __future__ import annotations

import csv
import html
import io
import json
import pickle
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, TextIO

from review_app.checks.base import Category, Check, Issue, Side, Supersession, Unit, report_order
from review_app.formats.base import spreadsheet_cell
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


# -- reports ---------------------------------------------------------------------------------------------------
JSON_KEYS = ("unit", "check", "severity", "side", "message", "source_span", "target_span")
def issue_json(issue: Issue) -> dict[str, Any]:
    """One issue in the JSON contract of ``review-app qa --format json``."""
    full = issue.as_json()
    return {k: full[k] for k in JSON_KEYS}


Texts = Callable[[str], tuple[str, str | None]]
"""Unit id → (source, target) of the unit: what the HTML report marks the spans in."""


def render(fmt: str, file_label: str, checks: list[str], issues: list[Issue],
           texts: dict[str, tuple[str, str | None]], extra: dict[str, str] | None = None, *,
           languages: tuple[str, str] | None = None, provenance: str | None = None) -> str:
    """The report in ``fmt`` (text, json, csv, html) as one string (:func:`write_report` writes it to a stream);
    ``extra`` adds a column (project fingerprints, keyed by the issue's position as a string)."""
    buf = io.StringIO()
    counts = Counter(i.severity for i in issues)
    write_report(buf, fmt, file_label, checks, issues, len(issues), counts,
                 lambda uid: texts.get(uid, ("", None)),
                 (lambda n: extra[str(n)]) if extra else None, languages=languages, provenance=provenance)
    return buf.getvalue().removesuffix("\n")


def write_report(out: TextIO, fmt: str, file_label: str, checks: list[str], issues: Iterable[Issue], count: int,
                 severities: Counter[Severity], texts: Texts, extra: Callable[[int], str] | None = None, *,
                 languages: tuple[str, str] | None = None, provenance: str | None = None) -> None:
    """Write the report in ``fmt`` (text, json, csv, html) to ``out`` one finding at a time, ending with a newline.

    ``issues`` may be a generator (a :class:`FindingSpool` read back): nothing but the finding being written is
    held. ``count`` and ``severities`` are the findings' number and counts by severity (the HTML report names
    the number before the findings, the text report the counts after them). ``extra(n)`` adds a column to the
    n-th finding (project fingerprints). ``languages`` is the (source, target) pair the checks ran for (named in
    the text report's last line; the JSON object keeps to its contract). The checks skipped for the pair go to
    stderr (:func:`skip_notice`). ``provenance`` (:func:`review_app.qa.provenance_line`: tool version, pair,
    glossary signature) ends the text report and heads the HTML one."""
    if fmt == "json":
        _write_json(out, file_label, checks, issues, extra)
    elif fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow([*JSON_KEYS, "category"])
        for i in issues:
            d = issue_json(i)
            w.writerow([spreadsheet_cell(str(d[k])) if d[k] is not None else "" for k in JSON_KEYS[:5]]
                       + [_span(i.source_span), _span(i.target_span), i.category.value])
    elif fmt == "html":
        _write_html(out, file_label, checks, issues, count, texts, provenance)
    else:
        for n, i in enumerate(issues):
            fp = f" [{extra(n)}]" if extra else ""
            out.write(f"{i.unit}: {i.severity.value} {i.check} ({i.side.value}){fp}: {i.message}\n")
        summary = ", ".join(f"{v} {k.value}" for k, v in sorted(severities.items(), key=lambda kv: kv[0].value)
                            if v) or "no issues"
        pair = f" for {languages[0]} → {languages[1]}" if languages else ""
        out.write(f"{file_label}: {count} issue(s) from {len(checks)} checks{pair} ({summary})\n")
        if provenance:
            out.write(f"provenance: {provenance}\n")


def _write_json(out: TextIO, file_label: str, checks: list[str], issues: Iterable[Issue],
                extra: Callable[[int], str] | None) -> None:
    """``json.dumps({"file", "checks", "issues": [...]}, ensure_ascii=False, indent=1)`` written one issue at a
    time (byte-identical to the one-shot dump; tested)."""
    head = json.dumps({"file": file_label, "checks": checks}, ensure_ascii=False, indent=1)
    out.write(head[:-2] + ',\n "issues": [')  # (without the closing "\n}")
    sep = "\n  "
    for n, i in enumerate(issues):
        out.write(sep + _json_row(i, extra(n) if extra else None))
        sep = ",\n  "
    out.write("]\n}\n" if sep == "\n  " else "\n ]\n}\n")


_dumps = json.JSONEncoder(ensure_ascii=False).encode  # (C-accelerated for strings; indent=1 is pure Python)


def _json_row(issue: Issue, fingerprint: str | None) -> str:
    """``json.dumps(issue_json(issue) (+ fingerprint), ensure_ascii=False, indent=1)`` indented by two more
    spaces, as the row stands in the report (the fixed shape of a row, written out: several times faster)."""
    parts = ["{"]
    for key in JSON_KEYS:
        value = getattr(issue, key) if key in ("unit", "check", "message") else None
        if key in ("severity", "side"):
            value = getattr(issue, key).value
        elif key in ("source_span", "target_span"):
            span = getattr(issue, key)
            value = f"[\n    {span[0]:d},\n    {span[1]:d}\n   ]" if span else "null"
            parts.append(f'\n   "{key}": {value},')
            continue
        parts.append(f'\n   "{key}": {_dumps(value)},')
    if fingerprint is not None:
        parts.append(f'\n   "fingerprint": {_dumps(fingerprint)},')
    return "".join(parts)[:-1] + "\n  }"


def skip_notice(skipped: dict[str, str], languages: tuple[str, str]) -> str | None:
    """One line for stderr naming the checks not run for this language pair (None when all ran)."""
    if not skipped:
        return None
    return (f"note: {len(skipped)} check(s) skipped, not written for {languages[0]} → {languages[1]}: "
            f"{', '.join(skipped)} (give --source-lang/--target-lang if the file's languages are wrong)")


def _span(span: tuple[int, int] | None) -> str:
    return f"{span[0]}-{span[1]}" if span else ""


def _mark(text: str, span: tuple[int, int] | None) -> str:
    if not span:
        return html.escape(text)
    a, b = span
    return html.escape(text[:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>" + html.escape(text[b:])


def _write_html(out: TextIO, file_label: str, checks: list[str], issues: Iterable[Issue], count: int,
                texts: Texts, provenance: str | None = None) -> None:
    out.write(
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>QA report: "
        f"{html.escape(file_label)}</title><style>body{{font-family:sans-serif}}td{{vertical-align:top;"
        "border-bottom:1px solid #ccc;padding:4px}}mark{background:#fd5}.critical td:nth-child(3){color:#b00}"
        "</style></head><body>"
        f"<h1>QA report: {html.escape(file_label)}</h1>"
        + (f"<p class='provenance'>{html.escape(provenance)}</p>" if provenance else "")
        + f"<p>{count} issue(s); checks run: "
        f"{html.escape(', '.join(checks))}</p><table><tr><th>unit</th><th>check</th><th>severity</th><th>side"
        "</th><th>message</th><th>source</th><th>target</th></tr>\n")
    for i in issues:
        src, tgt = texts(i.unit)
        out.write(
            f"<tr class='{i.severity.value}'><td>{html.escape(i.unit)}</td><td>{html.escape(i.check)}</td>"
            f"<td>{i.severity.value}</td><td>{i.side.value}</td><td>{html.escape(i.message)}</td>"
            f"<td lang='ja'>{_mark(src, i.source_span)}</td><td>{_mark(tgt or '', i.target_span)}</td></tr>\n")
    out.write("</table></body></html>\n")
