"""CLI for the project's QA settings: ``review-app qa-settings PROJECT [--on ID]… [--off ID]…``
(:mod:`review_app.qa_settings`; the app shows and changes the same settings on its Settings page)."""

from __future__ import annotations

from pathlib import Path

import click

from review_app.commands._common import actor, friendly_errors, open_project


def register(main: click.Group) -> None:
    @main.command("qa-settings")
    @click.argument("project", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--on", "on", multiple=True, metavar="CHECK",
                  help="Switch this check on (repeatable): an opt-in check such as omission, polarity, addition or "
                       "entity-consistency, or a default check switched off before.")
    @click.option("--off", "off", multiple=True, metavar="CHECK", help="Switch this check off (repeatable).")
    @click.option("--auto", "auto", multiple=True, metavar="CHECK",
                  help="Let an opt-in meaning check decide by the project's size again (repeatable): it runs on a "
                       "project of up to 5,000 segments unless switched off.")
    @click.option("--accept", "accept", multiple=True, metavar="WORD=ENGLISH",
                  help="Accept ENGLISH as a rendering of the source word WORD in the meaning checks (repeatable; "
                       "several words comma-separated: 集める=attract,draw): a correct translation the dictionary "
                       "does not know stops being reported as an omission or addition, in every segment.")
    @click.option("--unaccept", "unaccept", multiple=True, metavar="WORD[=ENGLISH]",
                  help="Remove accepted renderings of WORD (only ENGLISH when given; repeatable).")
    @click.option("--user", default=None)
    @friendly_errors
    def qa_settings_cmd(project: Path, on: tuple[str, ...], off: tuple[str, ...], auto: tuple[str, ...],
                        accept: tuple[str, ...], unaccept: tuple[str, ...], user: str | None) -> None:
        """Show or change which QA checks run on PROJECT (the opt-in meaning checks, default checks switched off)
        and the renderings the meaning checks accept; the next `review-app qa PROJECT` and the app's QA use
        them."""
        from review_app import qa_settings
        from review_app.checks.renderings import parse_pair

        add = [parse_pair(a, "--accept") for a in accept]
        remove = [(u.partition("=")[0].strip(), parse_pair(u, "--unaccept")[1] if "=" in u else ())
                  for u in unaccept]
        op = open_project(project)
        try:
            svc = op.service(actor(op.config.user, user))
            if add or remove:
                data = qa_settings.accept(svc, add=add, remove=remove, on=on, off=off, auto=auto)
            elif on or off or auto:
                data = qa_settings.switch(svc, on=on, off=off, auto=auto)
            else:
                data = qa_settings.load(svc)
            size = svc.count_segments()
        finally:
            op.close()
        for line in qa_settings.describe(data, size):
            click.echo(line)
