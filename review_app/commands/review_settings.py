"""CLI for the project's review workflow: ``review-app workflow PROJECT [--prefill …] [--block-approval …]``
(:mod:`review_app.review_settings`; the app shows and changes the same settings on its Settings page)."""

from __future__ import annotations

from pathlib import Path

import click

from review_app.commands._common import actor, friendly_errors, open_project


def register(main: click.Group) -> None:
    @main.command("workflow")
    @click.argument("project", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--prefill", default=None, metavar="MODE",
                  help="What the editor holds on a segment without a translation: empty, fewest-findings (the "
                       "candidate with the fewest QA findings) or engine:NAME (that engine's candidate).")
    @click.option("--block-approval", type=click.Choice(["off", "major", "critical"]), default=None,
                  help="Refuse 'approved'/'reviewed' while the segment has an open QA finding of this severity or "
                       "worse (off: only warn).")
    @click.option("--user", default=None)
    @friendly_errors
    def review_settings_cmd(project: Path, prefill: str | None, block_approval: str | None, user: str | None) -> None:
        """Show or change the review workflow of PROJECT (pre-filled drafts; approval blocked by QA findings)."""
        from review_app import review_settings

        op = open_project(project)
        try:
            svc = op.service(actor(op.config.user, user))
            if prefill is None and block_approval is None:
                current = review_settings.load(svc)
            else:
                current = review_settings.save(svc, prefill=prefill, block_approval=block_approval)
        finally:
            op.close()
        click.echo(f"prefill: {current.prefill} ({current.describe_prefill()})")
        click.echo(f"block_approval: {current.block_approval}")
