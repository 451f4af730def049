"""CLI of readers' notes (:mod:`review_app.notes`): ``review-app note PROJECT SEGMENT TEXT`` sets one, ``--remove``
removes it; ``review-app notes list|import|revert``. ``review-app show`` prints a segment's note."""

from __future__ import annotations

import json
from pathlib import Path

import click

from review_app.commands._common import actor, friendly_errors
from review_app.models import DEFAULT_NOTE_KIND as DEFAULT_KIND
from review_app.models import NOTE_KINDS as KINDS


def _service(project: Path, user: str | None):  # type: ignore[no-untyped-def]
    from review_app.notes import ReadersNoteService
    from review_app.project import open_project

    op = open_project(project)
    return op, ReadersNoteService(op.service(actor(op.config.user, user)))


@click.command("note")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("segment")
@click.argument("text", required=False)
@click.option("--kind", type=click.Choice(list(KINDS)), default=None,
              help=f"correction (\"Corrected: …\"), context or unverified (default: the note's kind, else "
              f"{DEFAULT_KIND}).")
@click.option("--source-said", default=None, metavar="TEXT",
              help="What the source said, in the target language (\"Corrected: the source says TEXT. …\"); "
              "\"\" clears it.")
@click.option("--remove", is_flag=True, help="Remove the segment's note (kept in the history).")
@click.option("--version", "expected", type=int, default=None,
              help="The note version you edited (default: the current one; pass it to detect concurrent edits).")
@click.option("--reason", default=None, help="Why (kept in the history).")
@click.option("--user", default=None)
def note(
    project: Path,
    segment: str,
    text: str | None,
    kind: str | None,
    source_said: str | None,
    remove: bool,
    expected: int | None,
    reason: str | None,
    user: str | None,
) -> None:
    """Set (or show, without TEXT) the readers' note of SEGMENT: a numbered footnote in the article exports."""
    if remove and text is not None:
        raise click.UsageError("give TEXT or --remove, not both")
    op, notes = _service(project, user)
    try:
        current = notes.state(segment)
        if expected is None:
            expected = current.version
        if remove:
            if not current.text:
                click.echo(f"{segment}: has no readers' note")
                return
            n = notes.remove(segment, expected_version=expected, reason=reason)
            click.echo(f"{segment}: readers' note removed (note version {n.version})")
            return
        if text is None and kind is None and source_said is None:
            click.echo(f"{segment}: {current.footnote} (note version {current.version})" if current.text
                       else f"{segment}: has no readers' note")
            return
        if text is None:
            if not current.text:
                raise click.UsageError(f"{segment} has no readers' note yet: give its TEXT")
            text = current.text
        said = current.source_said if source_said is None else source_said
        n = notes.set(segment, text, kind=kind or (current.kind if current.text else None), source_said=said,
                      expected_version=expected, reason=reason)
        click.echo(f"{segment}: readers' note version {n.version}: {n.footnote}")
    finally:
        op.close()


@click.group("notes")
def notes_group() -> None:
    """Readers' notes of a project: list, import from a file, revert."""


@notes_group.command("list")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_notes(project: Path, fmt: str) -> None:
    """List the readers' notes in document order (footnote number, segment, kind, footnote text)."""
    op, notes = _service(project, None)
    try:
        items = notes.list()
    finally:
        op.close()
    if fmt == "json":
        data = [{"number": i, "segment": n.segment_key, "index": n.segment_index, "kind": n.kind, "text": n.text,
                 "source_said": n.source_said, "footnote": n.footnote, "version": n.version,
                 "updated_by": n.updated_by, "updated_at": n.updated_at.isoformat() if n.updated_at else None}
                for i, n in enumerate(items, start=1)]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for i, n in enumerate(items, start=1):
        click.echo(f"{i:>3}  {n.segment_key}  #{n.segment_index + 1:<4} {n.kind:<10} {n.footnote}")
    click.echo(f"{len(items)} readers' note(s)")


@notes_group.command("import")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--user", default=None)
def import_notes(project: Path, file: Path, user: str | None) -> None:
    """Import readers' notes from FILE: a readers' notes JSON file (docs/readers-notes.md) or an XLIFF/TMX file
    exported by review_app. All or nothing; notes already stored and unchanged are left alone."""
    op, notes = _service(project, user)
    try:
        res = notes.import_path(file)
    finally:
        op.close()
    click.echo(f"{file}: {res.total} readers' note(s): {res.added} added, {res.changed} changed, "
               f"{res.unchanged} unchanged")


@notes_group.command("revert")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.argument("segment")
@click.argument("revision", type=int)
@click.option("--user", default=None)
def revert_note(project: Path, segment: str, revision: int, user: str | None) -> None:
    """Restore SEGMENT's readers' note as it was after REVISION (ids: `review-app show`)."""
    op, notes = _service(project, user)
    try:
        n = notes.revert(segment, revision, expected_version=notes.state(segment).version)
    finally:
        op.close()
    click.echo(f"{segment}: readers' note version {n.version}: " + (n.footnote if n.text else "(removed)"))


def register(main: click.Group) -> None:

    for command in (note, list_notes, import_notes, revert_note):
        assert command.callback is not None
        command.callback = friendly_errors(command.callback)
    main.add_command(note)
    main.add_command(notes_group)
