"""The QA service: run the check registry on a bilingual file or a project, store issues, dismiss them.

Used by ``review-app qa`` (files and projects) and by the app. For a project, one run replaces the previous
run's issues; *dismissals* are kept in their own table keyed by :meth:`Issue.fingerprint`, so an issue a reviewer
marked as a false positive stays dismissed on every re-run until the source or the target of its unit changes
(the fingerprint includes both texts), when it comes back for a fresh look.

Configuration (``--config FILE``, TOML or JSON; per project the ``[qa]`` table of the project settings)::

    disabled = ["length-outlier"]          # or: enabled = ["number-mismatch", …]
    document_scope = "auto"                 # what cross-segment checks compare (review_app.checks.scope)
    [severity]
    number-extra = "major"
    [options.length-outlier]
    z = 3.0
    [ignore]                                # per-unit ignore flags (also: a unit note "qa:ignore:<id>")
    s3b6dadf9d2 = ["number-extra"]
"""

from __future__ import annotations

import contextlib
import gc
import json
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from review_app.checks.base import (
    Check,
    CheckConfig,
    CheckContext,
    Issue,
    Unit,
    run_checks,
    skipped_checks,
    switched_on,
)
from review_app.checks.registry import CHECKS, all_checks
from review_app.errors import InputError, NotFoundError
from review_app.models import SegmentView, Severity
from review_app.textio import read_bytes

if TYPE_CHECKING:  # the project functions import the store lazily: file mode never loads SQLAlchemy (~40 MB)
    from review_app.review import ReviewService
    from review_app.store.db import Database
    from review_app.store.schema_qa import QaDismissalRow, QaIssueRow

SEVERITY_RANK = {Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}


def parse_config(data: dict[str, Any], label: str) -> CheckConfig:
    """A :class:`CheckConfig` from a mapping, with errors naming the file and the key."""
    known = set(CHECKS.names())

    def ids(key: str) -> frozenset[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{label}: '{key}' must be a list of check ids")
        unknown = sorted(set(value) - known)
        if unknown:
            raise InputError(f"{label}: unknown check id(s) in '{key}': {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(known))}")
        return frozenset(value)

    extra = sorted(set(data) - {"disabled", "enabled", "severity", "options", "ignore", "document_scope",
                                "renderings"})
    if extra:
        raise InputError(f"{label}: unknown key(s) {', '.join(extra)}; use disabled, enabled, severity, options, "
                         "ignore, document_scope, renderings")
    from review_app.checks.renderings import parse as parse_renderings

    renderings = parse_renderings(data["renderings"], label) if "renderings" in data else {}
    from review_app.checks.scope import DEFAULT_SCOPE, check_scope

    scope = check_scope(data.get("document_scope", DEFAULT_SCOPE), f"{label}: document_scope")
    ignore = data.get("ignore", {})
    if not isinstance(ignore, dict) or not all(
            isinstance(v, list) and all(isinstance(c, str) and (c == "all" or c in known) for c in v)
            for v in ignore.values()):
        raise InputError(f"{label}: 'ignore' must map unit ids to lists of check ids (or \"all\")")
    sev: dict[str, Severity] = {}
    for cid, value in dict(data.get("severity", {})).items():
        if cid not in known:
            raise InputError(f"{label}: severity for unknown check {cid!r}")
        try:
            sev[cid] = Severity(str(value))
        except ValueError:
            raise InputError(f"{label}: severity {value!r} for {cid} is not one of minor, major, critical") from None
    options = data.get("options", {})
    if not isinstance(options, dict) or not all(isinstance(v, dict) for v in options.values()):
        raise InputError(f"{label}: 'options' must map check ids to tables of settings")
    opts = {k: dict(v) for k, v in options.items()}
    if ignore:
        opts[IGNORE_KEY] = {str(k): list(v) for k, v in ignore.items()}
    return CheckConfig(disabled=ids("disabled"), enabled_only=ids("enabled") if "enabled" in data else None,
                       severity=sev, options=opts, document_scope=scope, renderings=renderings)


IGNORE_KEY = "*ignore*"
"""Where per-unit ignore lists of a configuration are kept in ``CheckConfig.options`` (not a check id)."""


def apply_ignores(units: Iterable[Unit], config: CheckConfig) -> None:
    """Add the configuration's per-unit ``ignore`` lists to the units' flags (``ignore:<check-id>``)."""
    table = config.options.get(IGNORE_KEY, {})
    for u in units:
        if u.id in table:
            u.flags = u.flags | {f"ignore:{c}" for c in table[u.id]}


def load_config(path: str | Path) -> CheckConfig:
    p = Path(path)
    raw = read_bytes(p, "the QA configuration")
    try:
        data = json.loads(raw) if p.suffix.lower() == ".json" else tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: not valid {'JSON' if p.suffix.lower() == '.json' else 'TOML'}: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{p}: the configuration must be a table/object")
    return parse_config(data, str(p))


def load_glossary_or_none(path: str | Path | None) -> Any:
    if path is None:
        return None
    from review_app.glossary import load_glossary

    return load_glossary(path)


def _flags(notes: Iterable[str]) -> frozenset[str]:
    """Per-unit ignore flags written in unit notes: ``qa:ignore:number-extra`` or ``qa:ignore:all``."""
    out = set()
    for note in notes:
        for word in note.split():
            if word.startswith("qa:ignore:"):
                out.add(word.removeprefix("qa:"))
    return frozenset(out) if out else _NO_FLAGS


_NO_FLAGS: frozenset[str] = frozenset()
"""Shared by the units without flags (an empty frozenset is 216 bytes; a 100k-unit file has 100k of them)."""


@dataclass(slots=True)
class UnitsFile:
    """The units of a bilingual file and its language pair (None where the file does not say, as in CSV)."""

    units: list[Unit]
    source_lang: str | None = None
    target_lang: str | None = None


def units_from_file(path: str | Path) -> list[Unit]:
    """Units of an XLIFF 1.2/2.x, TMX, CSV (id,source,target) or XLSX file."""
    return read_units(path).units


def read_units(path: str | Path) -> UnitsFile:
    """:func:`units_from_file` with the file's declared source and target languages."""
    from review_app.formats import detect_format, read_bilingual

    if detect_format(path) == "xliff12":
        streamed = _units_streaming(Path(path))
        if streamed is not None:
            return streamed
    bf = read_bilingual(path)
    units = [_unit(u, i) for i, u in enumerate(bf.units) if u.translatable]
    first = bf.units[0] if bf.units else None
    out = UnitsFile(units, bf.source_lang or (first.source_lang if first else None),
                    bf.target_lang or (first.target_lang if first else None))
    del bf, first
    return out


def _unit(u: Any, index: int) -> Unit:
    meta: dict[str, Any] = {}
    if u.metadata.get("paragraph"):
        meta["paragraph"] = u.metadata["paragraph"]
    if (doc := document_of(u.metadata)) is not None:
        meta["document"] = doc
    if u.metadata.get("group"):
        meta["group"] = u.metadata["group"]
    return Unit(id=u.id, source=u.source, target=u.target, index=index, flags=_flags(u.notes), meta=meta)


_DOC_PROPS = frozenset({"x-document", "x-doc", "x-docid", "x-doc-id", "x-document-id", "x-file", "x-filename",
                        "x-file-name", "x-origin-file"})
"""TMX ``<prop type>`` names other tools use for the document a unit came from (compared case-insensitively)."""


def document_of(metadata: dict[str, Any]) -> str | None:
    """The document a file's unit belongs to, where the file says: a WMT ``<doc id>``, an XLIFF ``<file
    original>``, a TMX ``<prop type="x-document">`` (or
    x-file, x-filename…). ``None`` means the file does not divide itself into documents: it is one document.
    QA checks read it as ``Unit.meta["document"]``."""
    if metadata.get("document"):
        return str(metadata["document"])
    if metadata.get("file"):
        return str(metadata["file"])
    for ptype, text in metadata.get("props") or ():
        if str(ptype).lower() in _DOC_PROPS and str(text).strip():
            return str(text).strip()
    return None


def read_line_units(source: str | Path, target: str | Path) -> UnitsFile:
    """Units of two line-aligned text files (line N of ``target`` translates line N of ``source``): the id is
    the 1-based line number, ``meta["document"]`` the source file's name, ``meta["line"]`` the line. The
    files must have the same number of lines (:func:`review_app.formats.lines.read_aligned`). Languages are
    not declared by plain text (None)."""
    from review_app.formats.lines import read_aligned

    aligned = read_aligned(source, [target])
    doc = Path(source).name
    hyp = aligned.others[0].lines
    units = [Unit(id=str(n + 1), source=src, target=hyp[n], index=n, meta={"document": doc, "line": n + 1})
             for n, src in enumerate(aligned.source.lines)]
    return UnitsFile(units)


def _units_streaming(path: Path) -> UnitsFile | None:
    """:func:`units_from_file` of a large XLIFF 1.2 file without ever holding the file's tree or its
    :class:`~review_app.formats.base.BilingualUnit` list: each unit becomes a :class:`Unit` as it is read.
    None when the file needs the checked full-tree reading (see
    :func:`review_app.formats.xliff12.iter_units_streaming`)."""
    from review_app.formats import xliff12

    units: list[Unit] = []
    ids: list[str] = []  # every unit's id (translatable or not), to qualify ids as the full reader does
    originals: list[str | None] = []
    first_attrs: dict[str, Any] | None = None
    langs: tuple[str | None, str | None] | None = None
    try:
        for i, (attrs, bu) in enumerate(xliff12.iter_units_streaming(path, str(path))):
            first_attrs = first_attrs or attrs
            if langs is None:
                langs = (attrs["source-language"] or bu.source_lang, attrs["target-language"] or bu.target_lang)
            ids.append(bu.id)
            if bu.translatable:
                units.append(_unit(bu, i))
                originals.append(attrs["original"])
    except (xliff12.StreamFallback, InputError):
        return None
    if first_attrs is None:
        return None
    if len(xliff12.file_attributes(first_attrs)) > 1 and len(set(ids)) != len(ids):
        for u, original in zip(units, originals, strict=True):
            u.id = f"{original or ''}::{u.id}"
    return UnitsFile(units, *(langs or (None, None)))


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a QA run allocates millions of small acyclic objects (units, matches,
    findings) and gen-2 collections over them cost more than the checks on 100k-unit files."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


DEFAULT_SOURCE_LANG = "ja"
DEFAULT_TARGET_LANG = "en"
"""The pair assumed when a file does not declare its languages (CSV, XLSX, some TMX) and none is given."""


def select_checks(config: CheckConfig, source_lang: str | None = None, target_lang: str | None = None
                  ) -> list[Check]:
    """The enabled checks that apply to the language pair (default: ja → en)."""
    src, tgt = source_lang or DEFAULT_SOURCE_LANG, target_lang or DEFAULT_TARGET_LANG
    return [c for c in all_checks() if switched_on(c, config) and c.applies(src, tgt)]


def language_skips(config: CheckConfig, source_lang: str | None, target_lang: str | None) -> dict[str, str]:
    """``{check id: why}`` for the enabled checks left out because they are not for this language pair."""
    return skipped_checks([c for c in all_checks() if switched_on(c, config)],
                          source_lang or DEFAULT_SOURCE_LANG, target_lang or DEFAULT_TARGET_LANG)


def auto_notice(config: CheckConfig, source_lang: str | None = None, target_lang: str | None = None) -> str | None:
    """One line for stderr naming the checks that run by themselves on smaller material and were left out of this
    run because of its size (:func:`review_app.checks.base.auto_skipped`; None when none was)."""
    left = _left_out(config, source_lang, target_lang)
    if left is None:
        return None
    skipped, limits = left
    return (f"note: {len(skipped)} check(s) not run on {config.size:,} units: {', '.join(skipped)} run by themselves "
            f"on up to {limits} units (their dictionary analysis adds about half a millisecond of CPU per unit); "
            "switch them on with [options.ID] enabled = true in --config, or `review-app qa-settings PROJECT --on "
            "ID` for a project")


def project_auto_notice(svc: ReviewService) -> str | None:
    """For the app: the checks the project's QA runs leave out because of its size (:func:`auto_notice`), and
    where to switch them on; None when none is."""
    config = project_config(svc)
    left = _left_out(config, svc.source_lang, svc.target_lang)
    if left is None:
        return None
    skipped, limits = left
    return (f"Not run on this project's {config.size:,} segments: {', '.join(skipped)} — they run by themselves on "
            f"up to {limits} segments (their dictionary analysis adds about half a millisecond of CPU per segment). "
            "An admin switches them on on the Settings page (QA checks → Opt-in checks switched on), or `review-app "
            "qa-settings PROJECT --on ID`.")


def _left_out(config: CheckConfig, source_lang: str | None, target_lang: str | None
              ) -> tuple[list[str], str] | None:
    from review_app.checks.base import auto_skipped

    src, tgt = source_lang or DEFAULT_SOURCE_LANG, target_lang or DEFAULT_TARGET_LANG
    skipped = auto_skipped([c for c in all_checks() if c.applies(src, tgt)], config)
    if not skipped:
        return None
    limits = sorted({int(config.option(c, "auto_max_units", _auto_default(c))) for c in skipped})
    return list(skipped), "/".join(f"{n:,}" for n in limits)


def _auto_default(check_id: str) -> int:
    return int(getattr(CHECKS.get(check_id), "auto_max_units", 0) or 0)


def run_units(units: Sequence[Unit], *, glossary: Any = None, config: CheckConfig | None = None,
              source_lang: str | None = None, target_lang: str | None = None) -> list[Issue]:
    cfg = config or CheckConfig()
    apply_ignores(units, cfg)
    src, tgt = source_lang or DEFAULT_SOURCE_LANG, target_lang or DEFAULT_TARGET_LANG
    ctx = CheckContext(units=units, source_lang=src, target_lang=tgt, glossary=glossary, config=cfg)
    with no_gc():
        return run_checks(select_checks(cfg, src, tgt), ctx)


def fails(issues: Iterable[Issue], fail_on: Severity | None) -> bool:
    if fail_on is None:
        return False
    return any(SEVERITY_RANK[i.severity] >= SEVERITY_RANK[fail_on] for i in issues)


def fails_by_severity(counts: Mapping[Severity, int], fail_on: Severity | None) -> bool:
    """:func:`fails` from the findings' counts by severity."""
    return fail_on is not None and any(n and SEVERITY_RANK[s] >= SEVERITY_RANK[fail_on] for s, n in counts.items())


# -- projects -------------------------------------------------------------------------------------


@dataclass(slots=True)
class StoredIssue:
    issue: Issue
    fingerprint: str
    dismissed: bool
    source: str
    target: str | None


def project_units(svc: ReviewService) -> list[Unit]:
    """The project's segments as units; ``meta["document"]`` (and ``domain``) where the source named documents
    (a WMT test set), else absent: the project is one document."""
    return [Unit(id=v.key, source=v.effective_source, target=v.target, index=v.index,
                 meta={"paragraph": v.paragraph, "kind": v.block_kind.value, "status": v.status.value,
                       **{k: v.meta[k] for k in ("document", "domain") if k in v.meta}})
            for v in svc.list_segments()]


def add_alternatives(svc: ReviewService, units: list[Unit]) -> None:
    """Give each unit the texts of its segment's MT candidates (each engine's latest) as
    :attr:`Unit.alternatives`, for ``consensus`` (one query per segment: done only when that check runs)."""
    for u in units:
        latest = {c.engine: c.text for c in svc.candidates(u.id)}
        u.alternatives = tuple(latest.values())


def project_config(svc: ReviewService) -> CheckConfig:
    from review_app.store.schema import ProjectRow

    with svc.db.session() as s:
        row = s.get(ProjectRow, svc.project_id)
        settings = dict(row.settings or {}) if row else {}
    qa = settings.get("qa")
    cfg = parse_config(qa, f"project {svc.project_name!r} settings [qa]") if isinstance(qa, dict) else CheckConfig()
    return cfg.sized(svc.count_segments())


def sized_for_project(svc: ReviewService, config: CheckConfig) -> CheckConfig:
    """``config`` for the project's material: its segment count as :attr:`CheckConfig.size` (what decides whether
    the meaning checks run without being switched on), unless the configuration already says."""
    return config if config.size is not None else config.sized(svc.count_segments())


def run_project(svc: ReviewService, *, glossary: Any = None, config: CheckConfig | None = None
                ) -> list[StoredIssue]:
    """Run every enabled check on the project's segments and store the issues (replacing the last run)."""
    from sqlalchemy import delete, select

    from review_app.store.schema import utcnow
    from review_app.store.schema_qa import QaDismissalRow, QaIssueRow, QaRunRow

    actor = svc.require("read")
    cfg = sized_for_project(svc, config) if config is not None else project_config(svc)
    units = project_units(svc)
    apply_ignores(units, cfg)
    checks = select_checks(cfg, svc.source_lang, svc.target_lang)
    if any(c.check_id == "consensus" for c in checks):
        add_alternatives(svc, units)
    with no_gc():
        issues = run_checks(checks, CheckContext(units=units, source_lang=svc.source_lang,
                                                 target_lang=svc.target_lang, glossary=glossary, config=cfg))
    texts = {u.id: (u.source, u.target) for u in units}
    with svc.db.session() as s:
        dismissed = set(s.scalars(select(QaDismissalRow.fingerprint).where(
            QaDismissalRow.project_id == svc.project_id)))
        s.execute(delete(QaRunRow).where(QaRunRow.project_id == svc.project_id))
        run = QaRunRow(project_id=svc.project_id, started_at=utcnow(), user=actor.name,
                       checks=[c.check_id for c in checks], units=len(units), issue_count=len(issues),
                       settings=run_provenance(cfg, glossary, svc.source_lang, svc.target_lang))
        s.add(run)
        s.flush()
        out = []
        rows = []
        for i in issues:
            src, tgt = texts[i.unit]
            fp = i.fingerprint(src, tgt)
            rows.append(QaIssueRow(
                run_id=run.id, segment_key=i.unit, check_id=i.check, severity=i.severity.value,
                side=i.side.value, category=i.category.value, message=i.message,
                source_start=i.source_span[0] if i.source_span else None,
                source_end=i.source_span[1] if i.source_span else None,
                target_start=i.target_span[0] if i.target_span else None,
                target_end=i.target_span[1] if i.target_span else None,
                data=_jsonable(i.data), fingerprint=fp))
            out.append(StoredIssue(i, fp, fp in dismissed, src, tgt))
        s.add_all(rows)
    return out


def tool_version() -> str:
    """The installed review_app version (``unknown`` when run from a source tree that is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("review_app")
    except PackageNotFoundError:
        return "unknown"


def glossary_signature(glossary: Any) -> str | None:
    """:attr:`Glossary.signature` (name, version, size, content hash) of a loaded glossary, else None."""
    return str(glossary.signature) if glossary is not None and hasattr(glossary, "signature") else None


def run_provenance(config: CheckConfig, glossary: Any, source_lang: str, target_lang: str) -> dict[str, Any]:
    """What a QA run's counts depend on, stored with the run and printed in its reports: the tool version, the
    language pair, the glossary's signature, disabled checks, severity overrides and a document scope other than
    ``auto`` (:mod:`review_app.checks.scope`), the accepted renderings' signature
    (:func:`review_app.checks.renderings.signature`)."""
    from review_app.checks.renderings import signature

    accepted = signature(config.renderings)
    return {
        "review_app": tool_version(),
        "languages": [source_lang, target_lang],
        "glossary": glossary_signature(glossary),
        "disabled": sorted(config.disabled),
        "severity": {k: v.value for k, v in sorted(config.severity.items())},
        **({"document_scope": config.document_scope} if config.document_scope != "auto" else {}),
        **({"renderings": accepted} if accepted else {}),
    }


def provenance_line(prov: dict[str, Any]) -> str:
    """One line for reports: ``review_app 0.1.0 · ja → en · glossary:…|version:…|sha256:…``."""
    if "review_app" not in prov:
        return "not recorded (a run stored before QA runs recorded their provenance; run QA again)"
    langs = prov.get("languages") or []
    parts = [f"review_app {prov['review_app']}"]
    if len(langs) == 2:
        parts.append(f"{langs[0]} → {langs[1]}")
    parts.append(prov.get("glossary") or "no glossary")
    if prov.get("disabled"):
        parts.append("disabled: " + ", ".join(prov["disabled"]))
    if prov.get("severity"):
        parts.append("severity overrides: " + ", ".join(f"{k}={v}" for k, v in prov["severity"].items()))
    if prov.get("document_scope"):
        parts.append(f"document scope: {prov['document_scope']}")
    if prov.get("renderings"):
        parts.append(f"accepted {prov['renderings']}")
    return " · ".join(parts)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(data, default=str))


def latest_run(svc: ReviewService) -> dict[str, Any] | None:
    """When, by whom, on how many units, with which checks and :func:`run_provenance` the project's latest QA
    run was made (None before the first run)."""
    from sqlalchemy import select

    from review_app.store.schema_qa import QaRunRow

    svc.require("read")
    with svc.db.session() as s:
        run = s.scalars(select(QaRunRow).where(QaRunRow.project_id == svc.project_id)
                        .order_by(QaRunRow.id.desc())).first()
        if run is None:
            return None
        return {"started_at": run.started_at.isoformat() if run.started_at else None, "user": run.user,
                "units": run.units, "checks": list(run.checks or []), "provenance": dict(run.settings or {})}


def has_run(svc: ReviewService) -> bool:
    """Whether the project has a stored QA run (a run without findings counts)."""
    from sqlalchemy import select

    from review_app.store.schema_qa import QaRunRow

    svc.require("read")
    with svc.db.session() as s:
        return s.scalar(select(QaRunRow.id).where(QaRunRow.project_id == svc.project_id).limit(1)) is not None


def stored_issue(r: QaIssueRow) -> Issue:
    """A stored finding (a ``qa_issues`` row) as the :class:`Issue` the checks made."""
    from review_app.checks.base import Category, Side

    return Issue(unit=r.segment_key, check=r.check_id, severity=Severity(r.severity), side=Side(r.side),
                 message=r.message, category=Category(r.category),
                 source_span=(r.source_start, r.source_end) if r.source_start is not None
                 and r.source_end is not None else None,
                 target_span=(r.target_start, r.target_end) if r.target_start is not None
                 and r.target_end is not None else None, data=dict(r.data or {}))


def segment_issues(svc: ReviewService, seg: SegmentView) -> list[dict[str, Any]]:
    """Issues of the latest QA run on one segment, with their dismissal state (two indexed queries).

    An issue counts as dismissed when its fingerprint was dismissed *and* still matches the current texts
    (the rule of :func:`list_issues`, without loading every unit of the project); spans of a stale issue
    (its text changed since the run) are left out.
    """
    from review_app.store.queries import segment_issue_rows

    rows, dismissed = segment_issue_rows(svc, seg.key)
    out = []
    for r in rows:
        issue = stored_issue(r)
        current = issue.fingerprint(seg.effective_source, seg.target) == r.fingerprint
        out.append(
            {
                "fingerprint": r.fingerprint,
                "check": r.check_id,
                "severity": r.severity,
                "side": r.side,
                "message": r.message,
                "data": issue.data,
                "stale": not current,
                "dismissed": r.fingerprint in dismissed and current,
                "source_span": issue.source_span if current else None,
                "target_span": issue.target_span if current else None,
            }
        )
    return out


def list_issues(svc: ReviewService, *, include_dismissed: bool = False,
                segment: str | None = None) -> list[StoredIssue]:
    """Issues of the project's latest run (dismissed ones only when asked)."""
    from sqlalchemy import select

    from review_app.store.schema_qa import QaDismissalRow, QaIssueRow, QaRunRow

    svc.require("read")
    texts = {u.id: (u.source, u.target) for u in project_units(svc)}
    with svc.db.session() as s:
        run_id = s.scalar(select(QaRunRow.id).where(QaRunRow.project_id == svc.project_id)
                          .order_by(QaRunRow.id.desc()))
        if run_id is None:
            return []
        dismissed = set(s.scalars(select(QaDismissalRow.fingerprint).where(
            QaDismissalRow.project_id == svc.project_id)))
        q = select(QaIssueRow).where(QaIssueRow.run_id == run_id).order_by(QaIssueRow.id)
        if segment is not None:
            q = q.where(QaIssueRow.segment_key == segment)
        out = []
        for r in s.scalars(q):
            src, tgt = texts.get(r.segment_key, ("", None))
            issue = stored_issue(r)
            # the stored fingerprint was computed on the texts of the run; if a text changed since, the
            # issue is stale until the next run and a dismissal made on the old text no longer applies
            is_dismissed = r.fingerprint in dismissed and issue.fingerprint(src, tgt) == r.fingerprint
            if is_dismissed and not include_dismissed:
                continue
            out.append(StoredIssue(issue, r.fingerprint, is_dismissed, src, tgt))
        return out


def dismiss(svc: ReviewService, fingerprint: str, *, reason: str | None = None) -> StoredIssue:
    """Mark the issue with ``fingerprint`` (from the latest run) as a false positive."""
    from sqlalchemy import select

    from review_app.store.schema import utcnow
    from review_app.store.schema_qa import QaDismissalRow

    actor = svc.require("annotate")
    match = next((i for i in list_issues(svc, include_dismissed=True) if i.fingerprint == fingerprint), None)
    if match is None:
        raise NotFoundError(f"no QA issue with fingerprint {fingerprint!r} in the latest run; run "
                            "'review-app qa PROJECT' and use a fingerprint it lists")
    with svc.db.session() as s:
        exists = s.scalar(select(QaDismissalRow.id).where(QaDismissalRow.project_id == svc.project_id,
                                                          QaDismissalRow.fingerprint == fingerprint))
        if exists is None:
            s.add(QaDismissalRow(project_id=svc.project_id, fingerprint=fingerprint, segment_key=match.issue.unit,
                                 check_id=match.issue.check, message=match.issue.message, user=actor.name,
                                 at=utcnow(), reason=reason))
    match.dismissed = True
    return match


def undismiss(svc: ReviewService, fingerprint: str) -> bool:
    from sqlalchemy import delete

    from review_app.store.schema_qa import QaDismissalRow

    svc.require("annotate")
    with svc.db.session() as s:
        res = s.execute(delete(QaDismissalRow).where(QaDismissalRow.project_id == svc.project_id,
                                                     QaDismissalRow.fingerprint == fingerprint))
        return bool(getattr(res, "rowcount", 0))


def dismissals(db: Database, svc: ReviewService) -> list[QaDismissalRow]:
    from sqlalchemy import select

    from review_app.store.schema_qa import QaDismissalRow

    svc.require("read")
    with db.session() as s:
        return list(s.scalars(select(QaDismissalRow).where(QaDismissalRow.project_id == svc.project_id)
                              .order_by(QaDismissalRow.id)))
