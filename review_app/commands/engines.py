"""CLI for MT engines and their comparison: ``translate``, ``candidates import``, ``engines``, ``compare``.

Thin commands over :mod:`review_app.engines.runner` and :mod:`review_app.metrics.compare`; every user error
is a :class:`~review_app.errors.ReviewAppError` turned into one line by ``friendly_errors``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from review_app.commands import encoding_option
from review_app.commands._common import actor, emit, friendly_errors
from review_app.errors import InputError


def _provenance(raw: str | None, *, required: bool) -> dict[str, Any]:
    if raw is None:
        if required:
            raise InputError(
                'give --provenance as a JSON object saying where the translations come from, e.g. '
                '\'{"kind": "prepared-draft", "by": "A. Translator", "how": "edited DeepL output"}\''
            )
        return {}
    if raw.startswith("@"):  # --provenance @candidates/fluent.provenance.json
        path = Path(raw[1:])
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"--provenance {path}: cannot read it ({exc.strerror})") from exc
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"--provenance is not valid JSON ({exc.msg} at character {exc.pos}); quote it or pass @FILE"
        ) from exc
    if not isinstance(value, dict) or not str(value.get("kind", "")).strip():
        raise InputError(
            '--provenance must be a JSON object with at least a "kind" '
            '(e.g. "prepared-draft", "human-translation", "machine-translation")'
        )
    return value


def project_glossary(op: Any, path: Path | None, disabled: bool = False) -> Path | None:
    """``--glossary`` when given, else the project's glossary (``init --glossary``, ``$REVIEW_APP_GLOSSARY``);
    ``None`` with ``--no-glossary``. A configured glossary that is gone is an error naming the setting."""
    if disabled:
        if path is not None:
            raise InputError("give --glossary or --no-glossary, not both")
        return None
    if path is not None:
        return path
    configured = op.config.glossary_file()
    if configured is not None and not configured.is_file():
        raise InputError(f"the project's glossary {configured} is missing (review-app.toml 'glossary' or "
                         "REVIEW_APP_GLOSSARY); restore it, pass --glossary FILE or --no-glossary")
    return configured


def _glossary(path: Path | None, project: str, source_lang: str, target_lang: str) -> Any:
    if path is None:
        return None
    from review_app.engines.glossary import load_glossary_spec

    return load_glossary_spec(path, source_lang, target_lang, id=f"{project}/{path.stem}")


def _run(svc: Any, engine: Any, glossary: Any, keys: tuple[str, ...], use_cache: bool, yes: bool) -> None:
    from review_app.engines.runner import BatchRunner

    runner = BatchRunner(svc, engine, glossary=glossary)
    plan = runner.plan(list(keys) or None, use_cache=use_cache)
    click.echo(plan.summary())
    if glossary is not None:
        click.echo(f"glossary {glossary.id} version {glossary.version}: {len(glossary.entries)} entries")
    if plan.to_translate:
        usage = engine.usage()
        if usage is not None:
            click.echo(f"{engine.engine_name} usage before this run: {usage}")
            if usage.limit and usage.used is not None and usage.used + plan.characters > usage.limit:
                click.echo(
                    f"warning: this run needs up to {plan.characters:,} characters but only "
                    f"{max(usage.limit - usage.used, 0):,} are left; it will stop at the quota (finished batches "
                    "are kept and a later run finishes the rest)",
                    err=True,
                )
    if plan.to_translate and engine.sends_data_to_third_party and not yes:
        click.confirm(
            f"send {len(plan.to_translate)} segments ({plan.characters:,} characters) to {engine.engine_name}?",
            abort=True,
            default=True,
        )
    total = len(plan.from_cache) + len(plan.to_translate)
    with click.progressbar(length=total, label=f"{engine.engine_name}", file=sys.stderr) as bar:
        report = runner.run(plan, progress=bar.update)
    click.echo(report.summary())


class EngineCommand(click.Command):
    """A command whose ``--engine`` choice and engine options come from :data:`review_app.engines.ENGINES`: the
    union of every registered engine's :attr:`~review_app.engines.Engine.options`, each option's help naming the
    engines that take it. They are built when the command is used or its help is shown, not when the CLI is
    imported (engine modules load ``urllib.request``/``ssl``), and again whenever the registry changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._own_params = list(self.params)
        self._built_for: tuple[str, ...] | None = None

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        from review_app.engines import ENGINES

        names = tuple(ENGINES.names())
        if self._built_for != names:
            self.params = [*self._own_params[:1], *engine_params(), *self._own_params[1:]]
            self._built_for = names
        return super().get_params(ctx)


def _click_type(opt: Any) -> Any:
    if opt.kind == "int":
        return int
    if opt.kind == "choice":
        return click.Choice(opt.choices)
    if opt.kind == "file":
        return click.Path(dir_okay=False, path_type=Path)
    return str


def engine_params() -> list[click.Parameter]:
    """``--engine NAME`` and one option per distinct engine option name, in registry order."""
    from review_app.engines import ENGINES

    takers: dict[str, list[str]] = {}
    first: dict[str, Any] = {}
    for name, cls in ENGINES:
        for opt in cls.options:
            first.setdefault(opt.name, opt)
            takers.setdefault(opt.name, []).append(name)
    params: list[click.Parameter] = [click.Option(
        ["--engine", "engine_name"], type=click.Choice(ENGINES.names()), required=True,
        help="; ".join(f"{name}: {cls.description}" for name, cls in ENGINES) + ".")]
    for key, opt in first.items():
        params.append(click.Option(
            [opt.cli_flag, key], type=_click_type(opt), default=opt.default, show_default=opt.default is not None,
            help=f"{', '.join(takers[key])}: {opt.help}"))
    return params


def engine_from_cli(engine_name: str, given: dict[str, Any]) -> Any:
    """The engine ``--engine`` names, configured from its options' values; refuses another engine's options
    given on the command line and names a missing required one."""
    from review_app.engines import ENGINES

    cls = ENGINES.get(engine_name)
    ctx = click.get_current_context()
    own = {opt.name for opt in cls.options}
    for key in given:
        source = ctx.get_parameter_source(key)
        if key not in own and source is click.core.ParameterSource.COMMANDLINE:
            flag = next(p.opts[0] for p in ctx.command.get_params(ctx) if p.name == key)
            raise InputError(f"{flag} is not an option of the {engine_name} engine; its options: "
                             + (", ".join(o.cli_flag for o in cls.options) or "none"))
    settings: dict[str, Any] = {}
    for opt in cls.options:
        value = given.get(opt.name)
        if opt.kind == "provenance":
            value = _provenance(value, required=opt.required)
        elif opt.required and value is None:
            raise InputError(f"--engine {engine_name} needs {opt.cli_flag} ({opt.help})")
        settings[opt.name] = value
    return cls.from_settings(settings)


@click.command(cls=EngineCommand)
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.option("--segment", "keys", multiple=True, help="Only this segment id (repeatable; default: all).")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Glossary file (TBX/CSV/XLSX) passed to the engine (DeepL glossary, prompt entries); "
                   "default: the project's glossary (init --glossary).")
@click.option("--no-glossary", is_flag=True, help="Pass no glossary, not even the project's.")
@click.option("--no-cache", is_flag=True, help="Request pending segments again instead of reusing cached translations.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask before sending text to a third party.")
@click.option("--user", default=None)
def translate(
    project: Path,
    engine_name: str,
    keys: tuple[str, ...],
    glossary_path: Path | None,
    no_glossary: bool,
    no_cache: bool,
    yes: bool,
    user: str | None,
    **engine_settings: Any,
) -> None:
    """Add ENGINE candidates to every (or each --segment) segment of PROJECT; re-running costs nothing."""
    from review_app.project import open_project

    op = open_project(project)
    try:
        svc = op.service(actor(op.config.user, user))
        glossary = _glossary(project_glossary(op, glossary_path, no_glossary), svc.project_name, svc.source_lang,
                             svc.target_lang)
        engine = engine_from_cli(engine_name, engine_settings)
        try:
            _run(svc, engine, glossary, keys, not no_cache, yes)
            usage = engine.usage()
            if usage is not None:
                click.echo(f"{engine.engine_name} usage: {usage}")
        finally:
            engine.close()
    finally:
        op.close()


@click.group()
def candidates() -> None:
    """Manage MT candidates (import prepared translations)."""


@candidates.command("import")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--engine", "engine_name", required=True, help="Name to store the candidates under (e.g. draft-a).")
@click.option("--provenance", "prov", required=True,
              help='JSON object, e.g. \'{"kind": "prepared-draft", "by": "…", "how": "…"}\', or @FILE.json.')
@click.option("--match", type=click.Choice(["auto", "id", "source"]), default="auto", show_default=True,
              help="Match units to segments by id, by source text, or id then source.")
@click.option("--user", default=None)
@encoding_option
def import_candidates(project: Path, file: Path, engine_name: str, prov: str, match: str, user: str | None) -> None:
    """Import FILE's translations as candidates of ENGINE, with honest --provenance. In a project made with
    --segmentation line (or from a WMT file) a plain-text FILE is line-aligned: line N is the candidate of
    segment N.

    Candidates are stored batch by batch: an interrupted import is resumed by running the same command again
    (units already imported are skipped and counted). A file that matches no segment is refused (exit 2).
    """
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import BatchRunner
    from review_app.project import open_project

    provenance = _provenance(prov, required=True)
    op = open_project(project)
    try:
        svc = op.service(actor(op.config.user, user))
        if op.config.segmentation in ("line", "wmt") and _is_plain_text(file):
            click.echo(_import_lines(svc, file, engine_name, provenance))
            return
        # A plain English text is aligned to the project's document (paragraph structure included).
        document = op.document() if file.suffix.lower() in (".txt", ".md") else None
        engine = FileEngine(file, engine_name=engine_name, provenance=provenance, match=match, document=document)
        runner = BatchRunner(svc, engine)
        plan = runner.plan()
        report = runner.run(plan)
        if report.added == 0 and plan.done == 0:
            from review_app.errors import InputError

            raise InputError(
                f"{file}: none of its units matches a segment of the project (--match {match}); nothing was "
                "imported. Is it a translation of this project's article? Units match by segment id or by exact "
                "source text (try --match source), and plain text is aligned"
            )
        click.echo(
            f"{engine_name}: {report.added} candidates imported from {file.name}, "
            f"{report.no_candidate} segments without a matching unit, {plan.done} already imported"
        )
        if plan.done:
            click.echo(f"resumed: {plan.done} unit(s) were imported by an earlier run of this command (an interrupted "
                       "import continues where it stopped) and were skipped")
        if getattr(engine, "alignment_summary", None):
            click.echo(f"alignment: {engine.alignment_summary}")
    finally:
        op.close()


def _is_plain_text(path: Path) -> bool:
    """Not a bilingual file review_app reads (by extension or XML root element): a text with one segment a line."""
    from review_app.formats import EXTENSIONS, sniff_xml

    if path.suffix.lower() in EXTENSIONS or not path.is_file():
        return False
    return sniff_xml(path) is None


def _keys_with_candidates(svc: Any, engine: str, sha: str) -> set[str]:
    """Keys of the segments that have a candidate of ``engine`` imported from the file with SHA-256 ``sha``."""
    from sqlalchemy import select

    from review_app.store.schema import CandidateRow, DocumentRow, SegmentRow

    q = (select(SegmentRow.key, CandidateRow.provenance)
         .join(CandidateRow, CandidateRow.segment_id == SegmentRow.id)
         .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
         .where(DocumentRow.project_id == svc.project_id, CandidateRow.engine == engine))
    with svc.db.session() as s:
        return {key for key, prov in s.execute(q) if (prov or {}).get("file_sha256") == sha}


def _import_lines(svc: Any, path: Path, engine: str, provenance: dict[str, Any]) -> str:
    """Line N of ``path`` becomes ``engine``'s candidate for segment N (the file needs one line per segment);
    empty lines give none, and segments that already have this file's candidate are skipped (re-running is
    free)."""
    import hashlib

    from review_app.formats.lines import read_lines
    from review_app.models import Candidate

    lines = read_lines(path)
    views = svc.list_segments()
    if len(lines) != len(views):
        raise InputError(f"{path}: {len(lines):,} lines, but the project has {len(views):,} segments; a line-aligned "
                         "translation needs one line per segment, in the project's order")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    done = _keys_with_candidates(svc, engine, sha)
    base = {"kind": "file-import", "engine": engine, "file": path.name, "file_sha256": sha, "matched_by": "line",
            "billed_characters": 0, "glossary": None, **provenance}
    cands = [Candidate(engine=engine, text=text, provenance={**base, "line": n + 1}, segment_key=v.key)
             for n, (v, text) in enumerate(zip(views, lines, strict=True)) if text.strip() and v.key not in done]
    svc.add_candidates(cands)
    empty = sum(1 for t in lines if not t.strip())
    return (f"{engine}: {len(cands)} candidates imported from {path.name} by line number"
            + (f", {empty} empty lines without a candidate" if empty else "")
            + (f", {len(done)} already imported" if done else ""))


@click.group("engines")
def engines_group() -> None:
    """List the MT engines and show account usage."""


@engines_group.command("list")
def list_engines() -> None:
    """The registered engines and whether they send text to a third party."""
    from review_app.engines import ENGINES

    for name, cls in ENGINES:
        where = cls.data_policy or ("sends text to a third party" if cls.sends_data_to_third_party else "local")
        click.echo(f"{name:<8} {where}" + (f" — {cls.description}" if cls.description else ""))


@engines_group.command("usage")
@click.option("--server-url", default=None)
def usage(server_url: str | None) -> None:
    """DeepL character usage in this billing period (key from DEEPL_AUTH_KEY)."""
    from review_app.engines.deepl import DeepLEngine

    engine = DeepLEngine(server_url=server_url, max_retries=1)
    try:
        click.echo(f"deepl ({engine.endpoint}): {engine.usage()}")
    finally:
        engine.close()


def _term_finder(path: Path | None, source_lang: str, target_lang: str) -> tuple[Any, Any]:
    """(finder, glossary object) for term accuracy and QA from a glossary file."""
    if path is None:
        return None, None
    from review_app.glossary import load_glossary
    from review_app.metrics.terms import glossary_finder

    if not path.is_file():
        raise InputError(f"{path}: glossary file not found")
    glossary = load_glossary(path, source_lang=source_lang, target_lang=target_lang)
    return glossary_finder(glossary, source_lang, target_lang), glossary


def _lang_from_name(path: Path, default: str) -> str:
    """``src.ja`` → ja, ``newstest2021.en-US.txt`` → en-US; ``default`` when the name says nothing."""
    import re

    name = path.name.removesuffix(".gz").removesuffix(".txt")
    m = re.search(r"\.([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)$", name)
    return m.group(1) if m else default


@click.command("compare")
@click.argument("inputs", nargs=-1, metavar="PROJECT | HYP...", type=click.Path(path_type=Path))
@click.option("--source", "source_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Files mode: the line-aligned source; then --reference is a line-aligned file and each HYP "
                   "one system's output (named after its file), all with one segment a line.")
@click.option("--reference", default=None, metavar="FILE|engine:NAME|approved",
              help="Reference translations: a bilingual file (TMX/XLIFF/CSV/XLSX), an engine's candidates "
                   "(engine:NAME) or the approved targets; default: the project's reference engine (candidates "
                   "imported with provenance kind human-reference), else the approved targets.")
@click.option("--engine", "engines", multiple=True, help="Compare only these engines (repeatable).")
@click.option("--baseline", default=None, help="Engine the others are tested against (default: the first).")
@click.option("--test", type=click.Choice(["bs", "ar"]), default="bs", show_default=True,
              help="Paired bootstrap resampling or approximate randomisation.")
@click.option("--samples", type=int, default=0, help="Resamples/trials (default: sacrebleu's 1000 / 10000).")
@click.option("--tokenize", default=None, help="sacrebleu BLEU tokenizer (default: 13a; Japanese: ja-mecab/char).")
@click.option("--metric", "metrics", multiple=True, type=click.Choice(["bleu", "chrf", "chrf++", "ter"]),
              help="Only these metrics (repeatable; default: bleu, chrf, chrf++, ter).")
@click.option("--source-lang", default=None, metavar="LANG",
              help="Files mode: the source language (default: from the file name, e.g. src.ja, else ja).")
@click.option("--target-lang", default=None, metavar="LANG",
              help="Files mode: the target language (default: from the reference's file name, e.g. ref.en, else en).")
@click.option("--encoding", default=None, help="Files mode: the files' encoding (default: UTF-8, or UTF-16 by BOM).")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Glossary for term accuracy and QA (TBX/CSV/XLSX); default: the project's (init --glossary).")
@click.option("--no-glossary", is_flag=True, help="No term accuracy, not even with the project's glossary.")
@click.option("--top", type=int, default=10, show_default=True, help="How many disagreement segments to show.")
@click.option("--no-qa", is_flag=True, help="Do not run the QA checks on the candidates.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html", "csv"]), default="table",
              show_default=True, help="csv: one row per engine and metric, with the signatures.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report here instead of stdout.")
def compare(
    inputs: tuple[Path, ...],
    source_file: Path | None,
    reference: str | None,
    engines: tuple[str, ...],
    baseline: str | None,
    test: str,
    samples: int,
    tokenize: str | None,
    metrics: tuple[str, ...],
    source_lang: str | None,
    target_lang: str | None,
    encoding: str | None,
    glossary_path: Path | None,
    no_glossary: bool,
    top: int,
    no_qa: bool,
    fmt: str,
    output: Path | None,
) -> None:
    """Score and rank MT systems (BLEU, chrF, chrF++, TER with signatures, paired p-values and 95% intervals,
    HTER, term accuracy, QA density) and show the segments where they disagree most.

    Project mode: ``compare PROJECT`` ranks the project's engines. Files mode (no project):
    ``compare --source SRC --reference REF HYP...`` on line-aligned plain text, one segment a line, like
    sacrebleu and the WMT ``src``/``ref``/``hyp`` files; the systems are named after their files.
    """
    from review_app.metrics.compare import DEFAULT_METRICS, RENDERERS, build_comparison, compare_files
    from review_app.project import open_project

    if tokenize is not None:
        from review_app.metrics.scores import check_tokenizer

        check_tokenizer(tokenize)
    chosen = tuple(dict.fromkeys(metrics)) or DEFAULT_METRICS
    if source_file is not None:
        if not inputs:
            raise InputError("files mode: give one or more system output files after the options "
                             "(compare --source SRC --reference REF HYP...)")
        if reference is None:
            raise InputError("files mode needs --reference REF, a line-aligned file of reference translations")
        if engines:
            raise InputError("files mode: the systems are the HYP files; --engine is for projects")
        finder, glossary = (None, None)
        src_lang = source_lang or _lang_from_name(source_file, "ja")
        tgt_lang = target_lang or _lang_from_name(Path(reference), "en")
        if glossary_path is not None and not no_glossary:
            finder, glossary = _term_finder(glossary_path, src_lang, tgt_lang)
        cmp = compare_files(
            source_file, Path(reference), list(inputs), source_lang=src_lang, target_lang=tgt_lang,
            encoding=encoding, baseline=baseline, metrics=chosen, test=test, n_samples=samples, tokenize=tokenize,
            finder=finder, glossary=glossary, top=top, qa=not no_qa,
        )
    else:
        if len(inputs) != 1:
            raise InputError("give one PROJECT folder, or --source SRC --reference REF HYP... for line-aligned files"
                             if inputs else "give a PROJECT folder (or --source SRC --reference REF HYP...)")
        for opt, value in (("--source-lang", source_lang), ("--target-lang", target_lang), ("--encoding", encoding)):
            if value is not None:
                raise InputError(f"{opt} is for files mode (--source SRC); a project knows its languages")
        op = open_project(inputs[0])
        try:
            svc = op.service()
            finder, glossary = _term_finder(project_glossary(op, glossary_path, no_glossary), svc.source_lang,
                                            svc.target_lang)
            cmp = build_comparison(
                svc, reference=reference, engines=engines or None, baseline=baseline, metrics=chosen, test=test,
                n_samples=samples, tokenize=tokenize, finder=finder, glossary=glossary, top=top, qa=not no_qa,
            )
        finally:
            op.close()
    emit(RENDERERS[fmt](cmp), output)


def register(main: click.Group) -> None:
    for cmd in (translate, import_candidates, usage, list_engines, compare):
        assert cmd.callback is not None
        cmd.callback = friendly_errors(cmd.callback)
    main.add_command(translate)
    main.add_command(candidates)
    main.add_command(engines_group)
    main.add_command(compare)
