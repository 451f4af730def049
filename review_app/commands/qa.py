"""``review-app qa``: run the QA checks on a bilingual file (XLIFF 1.2/2.x, TMX, CSV) or on a project.

File mode needs no project::

    review-app qa FILE [--glossary GLOSSARY] [--format text|json|csv|html] [--fail-on SEVERITY] [--config FILE]

With ``--format json`` stdout is one JSON object ``{"file", "checks", "issues": [{"unit", "check", "severity",
"side", "message", "source_span", "target_span"}]}``. Exit status: 0 when no issue reaches ``--fail-on``
(default: never fail on findings), 1 when one does, 2 on unusable input (unreadable file, bad configuration).

Files mode for line-aligned text (``review-app qa --source SRC --target HYP``): line N of HYP translates line N
of SRC (sacrebleu/WMT files); the unit ids are line numbers, the report formats the same, no project needed.

Project mode (``review-app qa PROJECT``) stores the issues for the app and manages dismissals
(``--dismiss FINGERPRINT``): a dismissed issue stays hidden on re-runs until its segment's text changes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from review_app.checks.base import CheckConfig, CheckContext, Unit, iter_findings
from review_app.checks.scope import SCOPES
from review_app.commands._common import friendly_errors, output_option, trim_heap
from review_app.errors import InputError
from review_app.findings import FindingSpool, Texts, render, skip_notice, write_report
from review_app.models import Severity

PROGRESS_MIN_UNITS = 20_000


def _run_with_progress(units: Sequence[Unit], glossary: Any, config: CheckConfig, *, progress: bool,
                       source_lang: str = "ja", target_lang: str = "en") -> tuple[list[str], FindingSpool]:
    """Run the checks, spooling each finding to disk as it is produced (:class:`FindingSpool`): the report is
    then written from the spool, so memory does not grow with the number of findings."""
    from review_app.qa import apply_ignores, select_checks

    checks = select_checks(config, source_lang, target_lang)
    apply_ignores(units, config)
    ctx = CheckContext(units=units, source_lang=source_lang, target_lang=target_lang, glossary=glossary,
                       config=config)
    spool = FindingSpool(checks)
    if not progress:
        spool.extend(iter_findings(checks, ctx))
        return [c.check_id for c in checks], spool
    with click.progressbar(checks, label=f"checking {len(units):,} units", file=sys.stderr,
                           item_show_func=lambda c: c.check_id if c else None) as bar:
        for chk in bar:
            spool.extend(iter_findings([chk], ctx))
    return [c.check_id for c in checks], spool


def check_listing() -> str:
    """One line per registered check, in run order: id, severity, category, side, language pair, name (and
    ``opt-in`` for the checks that run only when switched on)."""
    from review_app.checks.registry import CHECKS

    rows = [(cid, cls.severity.value, cls.category.value, cls.side.value, cls.languages(),
             cls.name + (" (opt-in)" if cls.opt_in else "")) for cid, cls in CHECKS]
    widths = [max(len(r[k]) for r in rows) for k in range(5)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r[:5], widths, strict=True)) + "  " + r[5]
                     for r in rows)


def _list_checks(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(check_listing())
        ctx.exit(0)


def register(main: click.Group) -> None:
    from review_app.commands import encoding_option

    @main.command("qa")
    @click.argument("target", metavar="FILE|PROJECT", type=click.Path(path_type=Path), required=False)
    @click.option("--list-checks", is_flag=True, is_eager=True, expose_value=False, callback=_list_checks,
                  help="List the registered checks (id, severity, category, side, languages, name) and exit.")
    @click.option("--source", "source_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Files mode: a line-aligned source text (one segment a line), with --target.")
    @click.option("--target", "target_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Files mode: the translation of --source, line N for line N (same line count).")
    @click.option("--glossary", "glossary_path", type=click.Path(path_type=Path), default=None,
                  help="Glossary (TBX or CSV) for the name and term checks.")
    @click.option("--format", "fmt", type=click.Choice(["text", "json", "csv", "html"]), default="text",
                  show_default=True)
    @click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default=None,
                  help="Exit 1 when an issue of this severity or worse is found (default: never).")
    @click.option("--config", "config_path", type=click.Path(path_type=Path), default=None,
                  help="QA configuration (TOML or JSON): disabled/enabled checks, severity overrides, options.")
    @click.option("--document-scope", type=click.Choice(SCOPES), default=None,
                  help="What cross-segment checks (one style, width, spelling, date per document) compare: auto = "
                       "the documents the input names (WMT <doc>, XLIFF <file>, TMX x-document, the project's "
                       "article), else the whole input; file = the whole input; group = also each XLIFF <group>; "
                       "paragraph = each paragraph; none = nothing across segments. Default: the configuration's "
                       "document_scope, else auto.")
    @output_option("Write the report here instead of stdout.")
    @click.option("--dismiss", "dismiss_fp", default=None, metavar="FINGERPRINT",
                  help="Project mode: mark the issue with this fingerprint as a false positive.")
    @click.option("--undismiss", "undismiss_fp", default=None, metavar="FINGERPRINT",
                  help="Project mode: bring a dismissed issue back.")
    @click.option("--reason", default=None, help="Why the issue is a false positive (with --dismiss).")
    @click.option("--show-dismissed", is_flag=True, help="Project mode: list dismissed issues too.")
    @click.option("--progress/--no-progress", default=None,
                  help=f"Progress bar on stderr (default: on a terminal for {PROGRESS_MIN_UNITS:,}+ units).")
    @click.option("--source-lang", default=None, metavar="LANG",
                  help="File mode: the source language when the file does not declare it or declares it wrongly "
                       "(default: the file's, else ja). Checks not written for the pair are skipped and listed.")
    @click.option("--target-lang", default=None, metavar="LANG",
                  help="File mode: the target language (default: the file's, else en).")
    @friendly_errors
    @encoding_option
    def qa_command(target: Path | None, source_file: Path | None, target_file: Path | None,
                   glossary_path: Path | None, fmt: str, fail_on: str | None,
                   config_path: Path | None, output: Path | None, dismiss_fp: str | None,
                   undismiss_fp: str | None, reason: str | None, show_dismissed: bool,
                   progress: bool | None, source_lang: str | None, target_lang: str | None,
                   document_scope: str | None) -> None:
        """Run the QA checks on FILE (XLIFF, TMX, CSV id,source,target, WMT XML), on a PROJECT folder, or on
        line-aligned text files with --source SRC --target HYP."""
        from review_app import qa

        lines_mode = source_file is not None or target_file is not None
        if lines_mode and (target is not None or source_file is None or target_file is None):
            raise click.UsageError("files mode takes --source SRC and --target HYP (line-aligned text) and no "
                                   "FILE|PROJECT argument")
        if target is None and not lines_mode:
            raise click.UsageError("give a FILE or PROJECT, or --source SRC --target HYP")
        config = qa.load_config(config_path) if config_path else None
        if document_scope is not None and config is not None:
            config = dataclasses.replace(config, document_scope=document_scope)
        glossary = qa.load_glossary_or_none(glossary_path)
        trim_heap()
        if lines_mode:
            assert source_file is not None and target_file is not None
            if dismiss_fp or undismiss_fp or show_dismissed:
                raise InputError("--dismiss/--undismiss/--show-dismissed need a project folder")
            target = target_file
        assert target is not None
        if not lines_mode and target.is_dir():  # (the project store is imported only for a folder: a file's QA
            from review_app.project import CONFIG_NAME  # never needs it)
        if not lines_mode and target.is_dir() and (target / CONFIG_NAME).exists():
            failed = _project(target, glossary, config, fmt, output, dismiss_fp, undismiss_fp, reason,
                              show_dismissed, Severity(fail_on) if fail_on else None, document_scope)
            sys.exit(1 if failed else 0)
        if dismiss_fp or undismiss_fp or show_dismissed:
            raise InputError(f"{target}: --dismiss/--undismiss/--show-dismissed need a project folder")
        if not target.exists():
            raise InputError(f"{target}: no such file or project folder")
        if target.is_dir():
            raise InputError(f"{target}: a folder but not a project (no {CONFIG_NAME}); give a bilingual file "
                             "(XLIFF, TMX, CSV) or a project folder")
        if config is None and document_scope is not None:
            config = CheckConfig(document_scope=document_scope)
        with qa.no_gc():
            read = (qa.read_line_units(source_file, target) if lines_mode and source_file is not None
                    else qa.read_units(target))
            trim_heap()
            units = read.units
            config = (config or CheckConfig()).sized(len(units))
            src = source_lang or read.source_lang or qa.DEFAULT_SOURCE_LANG
            tgt = target_lang or read.target_lang or qa.DEFAULT_TARGET_LANG
            show = progress if progress is not None else (len(units) >= PROGRESS_MIN_UNITS and sys.stderr.isatty())
            checks, spool = _run_with_progress(units, glossary, config, progress=show,
                                               source_lang=src, target_lang=tgt)
            with spool:
                prov = qa.provenance_line(qa.run_provenance(config, glossary, src, tgt))
                severities = spool.severities()
                with report_stream(output) as out:
                    write_report(out, fmt, str(target), checks, spool.read(units), len(spool), severities,
                                 unit_texts(units), languages=(src, tgt), provenance=prov)
            # the command ends here: what the run left alive (the checks' memos) need never be walked by the
            # collector, which the pause would otherwise leave to do on its next and its exit collections (1.1 s
            # CPU after a 20,000-unit run with the meaning checks, 0.1 s with the default checks)
            gc.freeze()
        if notice := skip_notice(qa.language_skips(config, src, tgt), (src, tgt)):
            click.echo(notice, err=True)
        if notice := qa.auto_notice(config, src, tgt):
            click.echo(notice, err=True)
        sys.exit(1 if qa.fails_by_severity(severities, Severity(fail_on) if fail_on else None) else 0)


def unit_texts(units: Sequence[Unit]) -> Texts:
    """:data:`Texts` of ``units``, indexing them on the first call (only the HTML report asks)."""
    index: dict[str, Unit] = {}

    def texts(uid: str) -> tuple[str, str | None]:
        if not index:
            index.update((u.id, u) for u in units)
        u = index.get(uid)
        return (u.source, u.target) if u is not None else ("", None)

    return texts


@contextlib.contextmanager
def report_stream(output: Path | None) -> Iterator[TextIO]:
    """stdout, or ``output`` written atomically: into ``OUTPUT.tmp``, renamed over ``output`` once complete
    (removed if writing fails, so a half-written report never replaces a good one)."""
    if output is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    tmp = output.with_name(output.name + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            yield fh
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _emit(text: str, output: Path | None) -> None:
    with report_stream(output) as out:
        out.write(text + "\n")


def _project(path: Path, glossary: Any, config: CheckConfig | None, fmt: str, output: Path | None,
             dismiss_fp: str | None, undismiss_fp: str | None, reason: str | None, show_dismissed: bool,
             fail_on: Severity | None, document_scope: str | None = None) -> bool:
    from review_app import qa
    from review_app.project import open_project

    op = open_project(path)
    try:
        svc = op.service()
        if glossary is None and (gfile := op.config.glossary_file()) is not None:
            glossary = qa.load_glossary_or_none(gfile)  # the project's own termbase
        if dismiss_fp:
            item = qa.dismiss(svc, dismiss_fp, reason=reason)
            click.echo(f"dismissed {item.issue.check} on {item.issue.unit}: {item.issue.message}")
            return False
        if undismiss_fp:
            ok = qa.undismiss(svc, undismiss_fp)
            click.echo(f"{'restored' if ok else 'was not dismissed:'} {undismiss_fp}")
            return False
        cfg = qa.sized_for_project(svc, config) if config is not None else qa.project_config(svc)
        if document_scope is not None:
            cfg = dataclasses.replace(cfg, document_scope=document_scope)
        stored = qa.run_project(svc, glossary=glossary, config=cfg)
        shown = [s for s in stored if show_dismissed or not s.dismissed]
        checks = [c.check_id for c in qa.select_checks(cfg, svc.source_lang, svc.target_lang)]
        texts = {s.issue.unit: (s.source, s.target) for s in stored}
        extra = {str(n): s.fingerprint for n, s in enumerate(shown)}
        pair = (svc.source_lang, svc.target_lang)
        prov = qa.provenance_line(qa.run_provenance(cfg, glossary, *pair))
        report = render(fmt, str(path), checks, [s.issue for s in shown], texts, extra, languages=pair,
                        provenance=prov)
        if notice := skip_notice(qa.language_skips(cfg, *pair), pair):
            click.echo(notice, err=True)
        if notice := qa.auto_notice(cfg, *pair):
            click.echo(notice, err=True)
        hidden = len(stored) - len(shown)
        _emit(report, output)
        if hidden and fmt == "text":
            click.echo(f"({hidden} dismissed issue(s) hidden; --show-dismissed lists them)", err=True)
        return qa.fails([s.issue for s in shown if not s.dismissed], fail_on)
    finally:
        op.close()
