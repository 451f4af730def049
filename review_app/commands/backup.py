"""CLI: ``review-app backup PROJECT -o FILE`` and ``review-app restore FILE PROJECT_DIR`` (:mod:`review_app.backup`)."""

from __future__ import annotations

from pathlib import Path

import click

from review_app.commands._common import friendly_errors, output_option


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@output_option("Backup file.", required=True)
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def backup(project: Path, output: Path, force: bool) -> None:
    """Back up PROJECT (SQLite: online backup; PostgreSQL: a logical dump of the project's rows)."""
    from review_app.backup import backup_project

    info = backup_project(project, output, force=force)
    total = sum(info.counts.values())
    click.echo(f"backed up project {info.project!r} ({info.kind}, {total:,} rows) to {info.path}")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("project_dir", type=click.Path(file_okay=False, path_type=Path))
def restore(file: Path, project_dir: Path) -> None:
    """Restore the backup FILE into PROJECT_DIR, which must be new or empty (never overwrites).

    The archive is checked before anything is written (manifest, configuration, every row against the schema;
    accounts, triggers and views are never restored); the rows go to $REVIEW_APP_DATABASE_URL when it is set.
    """
    from review_app.backup import restore_project

    info = restore_project(file, project_dir)
    total = sum(info.counts.values())
    click.echo(f"restored project {info.project!r} ({info.kind}, {total:,} rows) into {info.path}")
    for warning in info.warnings:
        click.echo(f"warning: {warning}", err=True)


def register(main: click.Group) -> None:

    for command in (backup, restore):
        assert command.callback is not None
        command.callback = friendly_errors(command.callback)
        main.add_command(command)
