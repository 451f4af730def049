"""QA and MQM reports of a project: ``qa-html``, ``qa-csv``, ``qa-json``, ``mqm-json``, ``mqm-csv``.

QA reports read the project's latest *stored* QA run (:mod:`review_app.qa`; ``review-app qa PROJECT`` or the
app's QA page runs the checks) — nothing is re-run here, so the report shows exactly what reviewers saw,
including which findings they dismissed as false positives:

* ``qa-json`` — the ``review-app qa --format json`` contract (``{"file", "checks", "issues": [{"unit",
  "check", "severity", "side", "message", "source_span", "target_span", "fingerprint"}]}``) with a
  ``dismissed`` flag on every issue and the run's ``run`` metadata (when, by whom, units checked);
* ``qa-csv`` — one row per finding, formula-injection guarded (:func:`~review_app.formats.base.spreadsheet_cell`);
* ``qa-html`` — a standalone page (inline CSS) grouped by severity (critical, major, minor) and then by check,
  each finding with its segment's source and target and the finding's spans highlighted. Every text is
  escaped *first* and the ``<mark>`` tags are added around the escaped pieces (the spans are offsets into
  the raw text, so the text is cut at the offsets, each piece escaped, then marked). Dismissed findings are
  listed in their own section.

MQM reports (:mod:`review_app.mqm`) list every annotation with the segment score and the document score of the
raw MQM scoring model, always with :attr:`review_app.mqm.MqmScore.signature` (weights, word-count rule and
model), as sacrebleu reports its metric signature:

* ``mqm-json`` — ``{"project", "signature", "document": SCORE, "segments": [{"key", "source", "target",
  "score": SCORE, "annotations": [...]}]}`` with ``SCORE = {"penalty", "words", "annotations",
  "per_1000_words", "score", "by_severity", "by_category"}``;
* ``mqm-csv`` — one ``annotation`` row per annotation, one ``segment`` row per annotated segment and a final
  ``document`` row (column ``record``), the signature in every row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO, Any

from review_app.exporters.base import CsvTableExporter, JsonExporter, ProjectData, TextExporter
from review_app.formats.base import spreadsheet_cell
from review_app.mqm import SEVERITY_WEIGHTS, MqmAnnotation, MqmScore, MqmService, evaluation_words
from review_app.qa import StoredIssue, latest_run, list_issues, provenance_line

SEVERITY_ORDER = ("critical", "major", "minor")


def _issues(data: ProjectData) -> list[StoredIssue]:
    return list_issues(data.service, include_dismissed=True)


def qa_report_json(data: ProjectData) -> dict[str, Any]:
    """The ``qa-json`` document (see the module docstring)."""
    from review_app.findings import issue_json

    run = latest_run(data.service)
    return {
        "file": data.name,
        "checks": run["checks"] if run else [],
        "run": run,
        "issues": [
            issue_json(i.issue) | {"fingerprint": i.fingerprint, "dismissed": i.dismissed} for i in _issues(data)
        ],
    }


class QaJsonExporter(JsonExporter):
    name = "qa-json"
    extension = ".qa.json"
    description = "QA report, JSON (the 'review-app qa' contract + dismissed flags) of the latest stored run"
    document = staticmethod(qa_report_json)


def _span(span: tuple[int, int] | None) -> str:
    return f"{span[0]}-{span[1]}" if span else ""


class QaCsvExporter(CsvTableExporter):
    name = "qa-csv"
    extension = ".qa.csv"
    description = "QA report, CSV: one row per finding of the latest stored run (dismissed flagged)"
    columns = (
        "segment", "severity", "check", "category", "side", "message", "source_span", "target_span", "fingerprint",
        "dismissed", "source", "target",
    )

    def rows(self, data: ProjectData) -> Iterator[list[str]]:
        for s in _issues(data):
            i = s.issue
            row = [
                i.unit, i.severity.value, i.check, i.category.value, i.side.value, i.message,
                _span(i.source_span), _span(i.target_span), s.fingerprint, "yes" if s.dismissed else "no",
                s.source, s.target or "",
            ]
            yield [spreadsheet_cell(str(c)) for c in row]


def marked(text: str, span: tuple[int, int] | None) -> str:
    """``text`` escaped for HTML with ``text[span]`` in ``<mark>`` (escape first, then mark)."""
    if not span or not 0 <= span[0] <= span[1] <= len(text):
        return html.escape(text)
    a, b = span
    return html.escape(text[:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>" + html.escape(text[b:])


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:70em;color:#222}
h1{font-size:1.5em}h2{margin-top:1.6em;border-bottom:2px solid #ccc}h3{font-size:1.05em;margin-bottom:.3em}
.critical h2,h2.critical{color:#a00}h2.major{color:#b60}h2.minor{color:#555}
table{border-collapse:collapse;width:100%;margin-bottom:1em;table-layout:fixed}
col.key{width:8.5em}col.finding{width:24%}
td,th{vertical-align:top;text-align:left;border-bottom:1px solid #ddd;padding:4px 6px}
th{background:#f4f4f4}td.key{font-family:monospace;white-space:nowrap}
mark{background:#fd5;padding:0 1px}:lang(ja){font-family:"Noto Sans CJK JP","Hiragino Sans",sans-serif}
.dismissed{color:#777}.summary td{border:0;padding:2px 12px 2px 0}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
"""


def _finding_rows(items: Iterable[StoredIssue]) -> str:
    rows = []
    for s in items:
        i = s.issue
        rows.append(
            f"<tr><td class='key'>{html.escape(i.unit)}</td><td>{html.escape(i.message)}</td>"
            f"<td lang='ja'>{marked(s.source, i.source_span)}</td>"
            f"<td lang='en'>{marked(s.target or '', i.target_span)}</td></tr>"
        )
    head = "<tr><th>segment</th><th>finding</th><th>source</th><th>target</th></tr>"
    cols = "<colgroup><col class='key'><col class='finding'><col><col></colgroup>"
    return "<table>" + cols + head + "".join(rows) + "</table>"


def qa_report_html(data: ProjectData) -> str:
    run = latest_run(data.service)
    issues = _issues(data)
    active = [s for s in issues if not s.dismissed]
    dismissed = [s for s in issues if s.dismissed]
    title = f"QA report: {data.name}"
    parts = [
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    if run is None:
        parts.append("<p>No QA run is stored for this project yet: run <code>review-app qa PROJECT</code>.</p>")
    else:
        counts = {sev: sum(1 for s in active if s.issue.severity.value == sev) for sev in SEVERITY_ORDER}
        parts.append(
            "<table class='summary'>"
            f"<tr><td>run</td><td>{html.escape(str(run['started_at']))} by {html.escape(str(run['user']))}, "
            f"{int(run['units'])} segments</td></tr>"
            f"<tr><td>checks</td><td>{html.escape(', '.join(run['checks']))}</td></tr>"
            f"<tr><td>provenance</td><td>{html.escape(provenance_line(run['provenance']))}</td></tr>"
            f"<tr><td>findings</td><td>{len(active)} ("
            + ", ".join(f"{n} {sev}" for sev, n in counts.items())
            + f"); {len(dismissed)} dismissed</td></tr></table>"
        )
    for sev in SEVERITY_ORDER:
        group = [s for s in active if s.issue.severity.value == sev]
        if not group:
            continue
        parts.append(f"<h2 class='{sev}'>{sev.capitalize()} ({len(group)})</h2>")
        by_check: dict[str, list[StoredIssue]] = {}
        for s in group:
            by_check.setdefault(s.issue.check, []).append(s)
        for check in sorted(by_check):
            parts.append(f"<h3>{html.escape(check)} ({len(by_check[check])})</h3>")
            parts.append(_finding_rows(by_check[check]))
    if dismissed:
        parts.append(f"<h2 class='dismissed'>Dismissed as false positives ({len(dismissed)})</h2>")
        parts.append("<div class='dismissed'>" + _finding_rows(dismissed) + "</div>")
    parts.append("</body></html>\n")
    return "".join(parts)


class QaHtmlExporter(TextExporter):
    name = "qa-html"
    extension = ".qa.html"
    description = "QA report, standalone HTML grouped by severity and check, spans highlighted"

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        out.write(qa_report_html(data))


# -- MQM ---------------------------------------------------------------------------------------------------------


def score_json(score: MqmScore) -> dict[str, Any]:
    return {
        "penalty": score.penalty,
        "words": score.words,
        "annotations": score.annotations,
        "per_1000_words": None if score.per_1000_words is None else round(score.per_1000_words, 4),
        "score": None if score.score is None else round(score.score, 6),
        "by_severity": dict(score.by_severity),
        "by_category": dict(score.by_category),
        "capped_targets": score.capped,
    }


def segment_score(annotations: list[MqmAnnotation], target: str | None, source: str | None) -> MqmScore:
    """The segment's MQM figures, computed as :meth:`review_app.mqm.MqmService.score` does for one key."""
    by_sev: dict[str, int] = {}
    by_cat: dict[str, int] = {}
    for a in annotations:
        by_sev[a.severity] = by_sev.get(a.severity, 0) + 1
        by_cat[a.category] = by_cat.get(a.category, 0) + 1
    words, capped = evaluation_words(target, source)
    return MqmScore(
        penalty=round(sum(SEVERITY_WEIGHTS[a.severity] for a in annotations), 6),
        words=words,
        annotations=len(annotations),
        by_severity=by_sev,
        by_category=by_cat,
        capped=int(capped),
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _annotation_json(a: MqmAnnotation) -> dict[str, Any]:
    return {
        "id": a.id,
        "side": a.side,
        "start": a.start,
        "end": a.end,
        "span": a.span_text,
        "category": a.category,
        "severity": a.severity,
        "weight": a.weight,
        "note": a.note,
        "user": a.user,
        "at": _iso(a.at),
        "text_version": a.text_version,
    }


def mqm_report(data: ProjectData) -> dict[str, Any]:
    """The ``mqm-json`` document (see the module docstring)."""
    service = MqmService(data.service)
    document = service.score()
    by_key = data.mqm_annotations()
    segments = []
    for view in data.segments():
        anns = by_key.get(view.key)
        if not anns:
            continue
        segments.append(
            {
                "key": view.key,
                "source": view.effective_source,
                "target": view.target,
                "status": view.status.value,
                "score": score_json(segment_score(anns, view.target, view.effective_source)),
                "annotations": [_annotation_json(a) for a in anns],
            }
        )
    return {
        "project": data.name,
        "signature": document.signature,
        "document": score_json(document),
        "segments": segments,
    }


class MqmJsonExporter(JsonExporter):
    name = "mqm-json"
    extension = ".mqm.json"
    description = "MQM report, JSON: annotations, segment and document scores with the scoring signature"
    document = staticmethod(mqm_report)


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _mqm_row(values: list[Any]) -> list[str]:
    """Numbers (negative scores included) stay numbers, text cells are formula-guarded."""
    return [v if _NUMBER.fullmatch(v) else spreadsheet_cell(v) for v in map(_cell, values)]


class MqmCsvExporter(CsvTableExporter):
    name = "mqm-csv"
    extension = ".mqm.csv"
    description = "MQM report, CSV: annotation, segment and document rows with the scoring signature"
    columns = (
        "record", "segment", "side", "start", "end", "span", "category", "severity", "weight", "note", "user", "at",
        "penalty", "words", "per_1000_words", "score", "signature",
    )

    def rows(self, data: ProjectData) -> Iterator[list[str]]:
        report = mqm_report(data)
        sig = report["signature"]
        for seg in report["segments"]:
            sc = seg["score"]
            for a in seg["annotations"]:
                yield _mqm_row([
                    "annotation", seg["key"], a["side"], a["start"], a["end"], a["span"], a["category"],
                    a["severity"], _num(a["weight"]), a["note"], a["user"], a["at"], "", "", "", "", sig,
                ])
            yield _mqm_row([
                "segment", seg["key"], "", "", "", "", "", "", "", "", "", "", _num(sc["penalty"]), sc["words"],
                _num(sc["per_1000_words"]), _num(sc["score"]), sig,
            ])
        doc = report["document"]
        yield _mqm_row([
            "document", "", "", "", "", "", "", "", "", "", "", "", _num(doc["penalty"]), doc["words"],
            _num(doc["per_1000_words"]), _num(doc["score"]), sig,
        ])


__all__ = [
    "MqmCsvExporter",
    "MqmJsonExporter",
    "QaCsvExporter",
    "QaHtmlExporter",
    "QaJsonExporter",
    "marked",
    "mqm_report",
    "qa_report_html",
    "qa_report_json",
    "segment_score",
]
