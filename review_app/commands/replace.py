"""``review-app replace`` and ``review-app find``: project-wide find & replace (:mod:`review_app.replace`).

::

    review-app find PROJECT Yingtan                          # sources, targets and MT candidates
    review-app replace PROJECT --find Yingtan --replace "Eagle Pass" --dry-run
    review-app replace PROJECT --find Yingtan --replace "Eagle Pass"
    review-app replace PROJECT --list                        # the operations, newest first
    review-app replace PROJECT --undo R20250101-120000-ab12  # one step: every segment of the operation

Replacing writes one transaction with one revision per segment (the operation id in the reason); reviewed and
approved targets are left alone unless ``--include-reviewed`` (they then go back to *translated*).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from review_app.commands._common import actor, friendly_errors
from review_app.models import Status


def _show_change(before: str, after: str) -> None:
    click.echo(f"  - {before}")
    click.echo(f"  + {after}")


def register(main: click.Group) -> None:
    @main.command("replace")
    @click.argument("project", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--find", "find", default=None, help="Text to find in the targets (or a pattern with --regex).")
    @click.option("--replace", "replacement", default=None,
                  help="Replacement text (with --regex: \\1, \\g<name> refer to groups; empty deletes the match).")
    @click.option("--regex", "use_regex", is_flag=True, help="FIND is a regular expression (Python syntax).")
    @click.option("--ignore-case", is_flag=True, help="Match without regard to case.")
    @click.option("--whole-word", is_flag=True, help="Only where no letter or digit touches the match.")
    @click.option("--status", "statuses", multiple=True, type=click.Choice([s.value for s in Status]),
                  help="Only segments with this status (repeatable).")
    @click.option("--include-reviewed", is_flag=True,
                  help="Also change reviewed and approved targets (they go back to 'translated').")
    @click.option("--dry-run", is_flag=True, help="Only show every change (before/after); write nothing.")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
    @click.option("--list", "list_ops", is_flag=True, help="List the find & replace operations, newest first.")
    @click.option("--undo", "undo_op", default=None, metavar="OPERATION",
                  help="Undo a whole operation (the id printed when it ran, or from --list).")
    @click.option("--user", default=None, help="Who is editing (default: $REVIEW_APP_USER or the project user).")
    @friendly_errors
    def replace_command(project: Path, find: str | None, replacement: str | None, use_regex: bool,
                        ignore_case: bool, whole_word: bool, statuses: tuple[str, ...], include_reviewed: bool,
                        dry_run: bool, fmt: str, list_ops: bool, undo_op: str | None, user: str | None) -> None:
        """Find and replace in every target of PROJECT, with a preview (--dry-run), one revision per segment
        and --undo of a whole operation."""
        from review_app import replace as rp
        from review_app.errors import InputError
        from review_app.project import open_project

        modes = sum([list_ops, undo_op is not None, find is not None])
        if modes != 1:
            raise InputError("give --find TEXT --replace TEXT, or --list, or --undo OPERATION (one of them)")
        if find is not None and replacement is None:
            raise InputError("give the replacement with --replace (--replace '' deletes the text found)")
        op = open_project(project)
        try:
            svc = op.service(actor(op.config.user, user))
            if list_ops:
                found = rp.operations(svc)
                if fmt == "json":
                    click.echo(json.dumps([{"operation": o.id, "what": o.description, "user": o.user,
                                            "at": o.at.isoformat(), "segments": o.segments, "undone": o.undone}
                                           for o in found], ensure_ascii=False, indent=1))
                    return
                for o in found:
                    click.echo(f"{o.id}  {o.at:%Y-%m-%d %H:%M} UTC  {o.user}  {o.segments} segment(s)  "
                               f"{o.description}{'  (undone)' if o.undone else ''}")
                if not found:
                    click.echo("no find & replace operations yet")
                return
            if undo_op is not None:
                undone = rp.undo(svc, undo_op)
                click.echo(undone.summary("restored"))
                if undone.refused and not undone.saved:
                    raise SystemExit(1)
                return
            assert find is not None and replacement is not None
            preview = rp.preview(svc, find, replacement, use_regex=use_regex, case_sensitive=not ignore_case,
                                 whole_word=whole_word, include_reviewed=include_reviewed,
                                 statuses=statuses or None)
            outcome = None if dry_run or not preview.changes else rp.apply(svc, preview)
            if fmt == "json":
                click.echo(json.dumps({
                    "summary": preview.summary(), "dry_run": dry_run,
                    "operation": outcome.operation if outcome else None,
                    "changes": [c.as_json() for c in preview.changes],
                    "skipped": [c.as_json() for c in preview.skipped],
                    "saved": outcome.saved if outcome else [],
                    "refused": [{"segment": k, "reason": r} for k, r in outcome.refused] if outcome else [],
                }, ensure_ascii=False, indent=1))
            else:
                for c in preview.changes:
                    click.echo(f"#{c.number} {c.key} ({c.status}, {c.replacements}×)")
                    _show_change(c.before, c.after)
                for c in preview.skipped:
                    click.echo(f"#{c.number} {c.key} left alone: {c.skipped}")
                click.echo(preview.summary())
                if outcome is not None:
                    click.echo(outcome.summary("replaced in"))
                    click.echo(f"undo with: review-app replace {project} --undo {outcome.operation}")
                elif dry_run and preview.changes:
                    click.echo("dry run: nothing written")
            if outcome is not None and outcome.refused and not outcome.saved:
                raise SystemExit(3)
        finally:
            op.close()

    @main.command("find")
    @click.argument("project", type=click.Path(file_okay=False, path_type=Path))
    @click.argument("text")
    @click.option("--in", "fields", multiple=True, type=click.Choice(["source", "target", "candidates"]),
                  help="Where to look (repeatable; default: all three).")
    @click.option("--regex", "use_regex", is_flag=True, help="TEXT is a regular expression (Python syntax).")
    @click.option("--case-sensitive", is_flag=True, help="Match case exactly (default: ignore case).")
    @click.option("--whole-word", is_flag=True, help="Only where no letter or digit touches the match.")
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
    @friendly_errors
    def find_command(project: Path, text: str, fields: tuple[str, ...], use_regex: bool, case_sensitive: bool,
                     whole_word: bool, fmt: str) -> None:
        """Find TEXT in the sources, the targets and the MT candidates of PROJECT (read only)."""
        from review_app import replace as rp
        from review_app.project import open_project

        op = open_project(project)
        try:
            svc = op.service(actor(op.config.user, None))
            hits = rp.search(svc, text, use_regex=use_regex, case_sensitive=case_sensitive, whole_word=whole_word,
                             fields=fields or rp.FIELDS)
        finally:
            op.close()
        if fmt == "json":
            click.echo(json.dumps([{"segment": h.key, "number": h.number, "field": h.field, "engine": h.engine or None,
                                    "text": h.text, "spans": h.spans} for h in hits], ensure_ascii=False, indent=1))
            return
        for h in hits:
            where = f"candidate {h.engine}" if h.engine else h.field
            marked = h.text
            for start, end in reversed(h.spans):
                marked = f"{marked[:start]}[{marked[start:end]}]{marked[end:]}"
            click.echo(f"#{h.number} {h.key} {where}: {marked}")
        click.echo(f"{len(hits)} match(es) in {len(rp.matching_keys(hits))} segment(s)")
