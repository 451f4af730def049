"""The ``review-app`` command line: thin commands over the project and review service.

Every user error is one line on stderr (``error: …``) and a non-zero exit: 2 for unusable input, 1 otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from review_app.commands import encoding_option
from review_app.commands._common import actor, friendly_errors, init_project, load_config, open_project, output_option
from review_app.errors import InvalidTransition
from review_app.models import BlockKind, Status

F = TypeVar("F", bound=Callable[..., Any])
APP_FILE = Path(__file__).with_name("app") / "streamlit_app.py"


class _CheckedArgs(click.Group):
    """Refuses, before any command runs, an argument that is not valid text: a byte that is not UTF-8 (Python
    passes it on as a lone surrogate, which would crash the first write or print) or a NUL character."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for n, arg in enumerate(args, start=1):
            bad = next((ch for ch in arg if "\ud800" <= ch <= "\udfff" or ch == "\x00"), None)
            if bad is None:
                continue
            if bad == "\x00":
                problem = "contains a NUL character"
            else:
                byte = ord(bad) - 0xDC00 if 0xDC80 <= ord(bad) <= 0xDCFF else None
                problem = f"has the byte 0x{byte:02X}, which is not UTF-8" if byte is not None else (
                    f"contains U+{ord(bad):04X}, which is not valid text")
            try:
                shown = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")[:60]
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")[:60]
            click.echo(f"error: argument {n} ({shown}) {problem}: set the terminal to UTF-8 "
                       "(e.g. LANG=C.UTF-8) and type it again", err=True)
            ctx.exit(2)
        return super().parse_args(ctx, args)


@click.group(cls=_CheckedArgs, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(package_name="review_app")
def main() -> None:
    """review_app: review Japanese→English translations (segments, glossary, MT candidates, QA, export)."""


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.option("--source", "source", required=True, type=click.Path(path_type=Path),
              help="Source article (UTF-8 text), or a WMT test-set XML file (its references and systems are "
                   "imported as candidates).")
@click.option("--source-lang", default=None, help="Source language code (default: the file's (WMT), else ja).")
@click.option("--target-lang", default=None, help="Target language code (default: the file's (WMT), else en).")
@click.option("--name", default=None, help="Project name in the database (default: the folder name).")
@click.option(
    "--glossary",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The project's termbase (TBX/CSV/XLSX), used by QA, metrics and the app.",
)
@click.option(
    "--segmentation",
    type=click.Choice(["sentence", "line"]),
    default=None,
    help="sentence (default): split lines into sentences; line: the text is already segmented, one segment a "
    "line, kept as is (line N = segment N). A WMT XML file brings its own segments.",
)
@friendly_errors
@encoding_option
def init(
    project: Path,
    source: Path,
    source_lang: str | None,
    target_lang: str | None,
    name: str | None,
    glossary: Path | None,
    segmentation: str | None,
) -> None:
    """Create PROJECT (a folder) and import the source article, segmented into sentences (or one segment a
    line with --segmentation line). A WMT test-set XML (<dataset><doc><src><seg>) is imported with its document
    ids and domains, and its references and every system become candidates with their provenance."""
    import time

    started = time.perf_counter()
    cfg = init_project(
        project,
        source=source,
        source_lang=source_lang,
        target_lang=target_lang,
        name=name,
        glossary=glossary,
        segmentation=segmentation,
    )
    op = open_project(project)
    try:
        svc = op.service()
        doc = op.document()
        kinds: dict[str, int] = {}
        for b in doc.blocks:
            kinds[b.kind.value] = kinds.get(b.kind.value, 0) + 1
        click.echo(
            f"created project {cfg.name!r} in {project} ({op.db.backend}, {cfg.source_lang} → {cfg.target_lang}): "
            f"{svc.count_segments()} segments in {len(doc.blocks)} blocks ("
            + ", ".join(f"{v} {k}" for k, v in kinds.items())
            + f") in {time.perf_counter() - started:.1f} s"
        )
        if cfg.import_summary:
            click.echo(cfg.import_summary)
    finally:
        op.close()


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.option("--status", "statuses", multiple=True, type=click.Choice([s.value for s in Status]), help="Filter.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in BlockKind]), help="Filter.")
@click.option("--search", default=None, help="Only segments whose source or target contains this text.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "tsv"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="Show at most this many segments.")
@friendly_errors
def segments(
    project: Path, statuses: tuple[str, ...], kinds: tuple[str, ...], search: str | None, fmt: str, limit: int | None
) -> None:
    """List segments: id, block kind, paragraph, status and text."""
    op = open_project(project)
    try:
        rows = op.service().list_segments(statuses=statuses, kinds=kinds, search=search, limit=limit)
    finally:
        op.close()
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.key,
                        "index": r.index,
                        "kind": r.block_kind.value,
                        "paragraph": r.paragraph,
                        "status": r.status.value,
                        "version": r.version,
                        "source": r.source,
                        "corrected_source": r.corrected_source,
                        "target": r.target,
                    }
                    for r in rows
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    if fmt == "tsv":
        from review_app.formats.base import tsv_line

        click.echo("id\tindex\tkind\tparagraph\tstatus\tsource\ttarget")
        for r in rows:
            click.echo(tsv_line([r.key, str(r.index), r.block_kind.value, str(r.paragraph), r.status.value,
                                 r.effective_source, r.target or ""]))
        return
    click.echo(f"{'#':>4}  {'id':<13} {'kind':<9} {'para':>4}  {'status':<10} text")
    for r in rows:
        mark = "*" if r.corrected_source is not None else " "
        click.echo(
            f"{r.index + 1:>4}  {r.key:<13} {r.block_kind.value:<9} {r.paragraph:>4}  {r.status.value:<10}"
            f"{mark}{r.effective_source}"
        )
        if r.target:
            click.echo(f"{'':>4}  {'':<13} {'':<9} {'':>4}  {'':<10} → {r.target}")
    click.echo(f"{len(rows)} segments")


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("segment")
@friendly_errors
def show(project: Path, segment: str) -> None:
    """Show one segment with its candidates, comments and revision history."""
    op = open_project(project)
    try:
        svc = op.service()
        v = svc.get_segment(segment)
        click.echo(f"{v.key}  #{v.index + 1}  {v.block_kind.value}  paragraph {v.paragraph}")
        click.echo(f"status: {v.status.value}  version: {v.version}  source version: {v.source_version}")
        click.echo(f"source:    {v.source}")
        if v.corrected_source is not None:
            click.echo(f"corrected: {v.corrected_source}")
        click.echo(f"target:    {v.target or ''}")
        from review_app.notes import ReadersNoteService

        note = ReadersNoteService(svc).get(segment)
        if note is not None:
            click.echo(f"readers' note ({note.kind}, note version {note.version}): {note.footnote}")
        for c in svc.candidates(segment):
            click.echo(f"candidate [{c.engine}]: {c.text}")
        for cm in svc.comments(segment):
            reply = f" (reply to {cm.parent_id})" if cm.parent_id else ""
            click.echo(f"comment {cm.id}{reply} {cm.user} {cm.at:%Y-%m-%d %H:%M}: {cm.body}")
        for rev in svc.history(segment):
            why = f"  ({rev.reason})" if rev.reason else ""
            click.echo(
                f"revision {rev.id} {rev.label} {rev.at:%Y-%m-%d %H:%M:%S} {rev.user} {rev.field}: "
                f"{rev.old!r} → {rev.new!r}{why}"
            )
    finally:
        op.close()


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("segment")
@click.argument("text")
@click.option(
    "--version",
    "expected",
    type=int,
    default=None,
    help="The version you edited (default: the current one; pass it to detect concurrent edits).",
)
@click.option("--status", type=click.Choice([s.value for s in Status]), default=None)
@click.option("--reason", default=None)
@click.option("--user", default=None, help="Who is editing (default: $REVIEW_APP_USER or the project user).")
@click.option("--force", is_flag=True, help="Edit an approved segment without giving its --version.")
@friendly_errors
def edit(
    project: Path,
    segment: str,
    text: str,
    expected: int | None,
    status: str | None,
    reason: str | None,
    user: str | None,
    force: bool,
) -> None:
    """Save TEXT as the target of SEGMENT (optimistic locking with --version). An approved segment is only
    changed with its --version (you saw what you replace) or --force."""
    op = open_project(project)
    try:
        svc = op.service(actor(op.config.user, user))
        if expected is None:
            current = svc.get_segment(segment)
            if current.status is Status.APPROVED and not force and text != (current.target or ""):
                raise InvalidTransition(
                    f"{segment} is approved (version {current.version}, by {current.updated_by or 'unknown'}); "
                    f"saving would replace its approved text {current.target!r}. Check it with 'review-app show "
                    f"{project} {segment}', then pass --version {current.version} (or --force) to edit it anyway"
                )
            expected = current.version
        v = svc.save_target(segment, text, expected_version=expected, status=status, reason=reason)
        if v.version == expected:
            click.echo(f"{v.key}: nothing to save (text and status unchanged: version {v.version}, status "
                       f"{v.status.value})")
        else:
            click.echo(f"{v.key}: saved version {v.version}, status {v.status.value}")
    finally:
        op.close()


@main.command("status")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("segment")
@click.argument("status", type=click.Choice([s.value for s in Status]))
@click.option("--version", "expected", type=int, default=None)
@click.option("--reason", default=None)
@click.option("--user", default=None)
@friendly_errors
def set_status(
    project: Path, segment: str, status: str, expected: int | None, reason: str | None, user: str | None
) -> None:
    """Change the workflow status of SEGMENT (e.g. approved)."""
    op = open_project(project)
    try:
        svc = op.service(actor(op.config.user, user))
        if expected is None:
            expected = svc.get_segment(segment).version
        v = svc.set_status(segment, status, expected_version=expected, reason=reason)
        click.echo(f"{v.key}: status {v.status.value}, version {v.version}")
    finally:
        op.close()


@main.command("correct-source")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("segment")
@click.argument("text", required=False)
@click.option("--remove", is_flag=True, help="Remove the correction and go back to the original source.")
@click.option("--reason", default=None, help="Why the source is wrong (kept in the history).")
@click.option("--user", default=None)
@friendly_errors
def correct_source(
    project: Path, segment: str, text: str | None, remove: bool, reason: str | None, user: str | None
) -> None:
    """Correct the Japanese source of SEGMENT (the original is kept and exported separately)."""
    if not remove and text is None:
        raise click.UsageError("give the corrected TEXT, or --remove")
    op = open_project(project)
    try:
        svc = op.service(actor(op.config.user, user))
        v = svc.get_segment(segment)
        v = svc.correct_source(
            segment, None if remove else text, expected_source_version=v.source_version, reason=reason
        )
        click.echo(f"{v.key}: source version {v.source_version}: {v.effective_source}")
    finally:
        op.close()


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.option("--source", "source_title", default=None, metavar="TEXT",
              help="The article's title in the source language (\"\" clears it).")
@click.option("--target", "target_title", default=None, metavar="TEXT",
              help="The article's title in the target language (\"\" clears it).")
@click.option("--user", default=None)
@friendly_errors
def title(project: Path, source_title: str | None, target_title: str | None, user: str | None) -> None:
    """Show or set the article's title per language; exports use it (else the first heading, else the file)."""
    op = open_project(project)
    try:
        svc = op.service(actor(op.config.user, user))
        if source_title is not None:
            svc.set_title(svc.source_lang, source_title)
        if target_title is not None:
            svc.set_title(svc.target_lang, target_title)
        titles = svc.titles()
        for lang in (svc.source_lang, svc.target_lang):
            click.echo(f"{lang}: {titles.get(lang, '(not set)')}")
    finally:
        op.close()


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("segment")
@click.argument("body")
@click.option("--reply-to", type=int, default=None, help="Comment id this one answers.")
@click.option("--user", default=None)
@friendly_errors
def comment(project: Path, segment: str, body: str, reply_to: int | None, user: str | None) -> None:
    """Add a comment (or a reply) to SEGMENT."""
    op = open_project(project)
    try:
        c = op.service(actor(op.config.user, user)).add_comment(segment, body, parent_id=reply_to)
        click.echo(f"comment {c.id} added to {segment}")
    finally:
        op.close()


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@output_option("Write here instead of stdout.")
@click.option("--corrected", is_flag=True, help="Apply the reviewers' source corrections.")
@friendly_errors
def source(project: Path, output: Path | None, corrected: bool) -> None:
    """Print the source article rebuilt from the store (byte-for-byte the imported file)."""
    from review_app.project import load_document

    op = open_project(project)
    try:
        text = load_document(op.db, op.config.name, corrected=corrected).rebuild()
    finally:
        op.close()
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
    else:
        tmp = output.with_name(output.name + ".tmp")
        tmp.write_bytes(text.encode("utf-8"))
        tmp.replace(output)


@main.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", type=int, default=8501, show_default=True)
@click.option("--address", default="127.0.0.1", show_default=True)
@click.option("--headless/--no-headless", default=True, show_default=True, help="Do not open a browser window.")
@friendly_errors
def serve(project: Path, port: int, address: str, headless: bool) -> None:
    """Serve the review web app (Streamlit) for PROJECT."""
    load_config(project)  # fail early with a clear message
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_FILE),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true" if headless else "false",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
        # Streamlit runs a full garbage collection after every script run by default; on this app's heap it
        # holds the interpreter for 0.1-0.2 s, delaying the message that ends the run, so every click
        # settled that much later (bench/review_browser.py). Python's own collector still runs.
        "--runner.postScriptGC",
        "false",
    ]
    click.echo(f"serving {project} on http://{address}:{port}")
    # The app reads its project from the environment (review_app.app.state.PROJECT_ENV), as tests and hosted
    # deployments set it.
    env = {**os.environ, "REVIEW_APP_PROJECT": str(project.resolve())}
    try:
        raise SystemExit(subprocess.call(cmd, env=env))
    except KeyboardInterrupt:
        raise SystemExit(0) from None


# Command modules of the feature areas: each defines ``register(main)``. One line per module.
COMMAND_MODULES: tuple[str, ...] = (
    # one line per feature area, e.g. "review_app.commands.glossary",
    "review_app.commands.engines",
    "review_app.commands.users",
    "review_app.commands.glossary",
    "review_app.commands.qa",
    "review_app.commands.fixes",
    "review_app.commands.align",
    "review_app.commands.export",
    "review_app.commands.backup",
    "review_app.commands.notes",
    "review_app.commands.review_settings",
    "review_app.commands.qa_settings",
    "review_app.commands.replace",
    "review_app.commands.meaning",
)


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(main)


_register_commands()

if __name__ == "__main__":
    main()
