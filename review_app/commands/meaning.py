"""CLI for the meaning checks per engine: ``review-app meaning-engines PROJECT``.

The command-line twin of the Dashboard's "Meaning checks per engine": runs polarity, omission, addition and
entity-consistency on every engine's candidates (:mod:`review_app.checks.meaning_engines`) and prints the counts
per engine, or with ``--findings`` every finding with its segment, so that a reviewer can open them.
"""

from __future__ import annotations

from pathlib import Path

import click

from review_app.commands._common import emit, friendly_errors, output_option
from review_app.errors import InputError


@click.command("meaning-engines")
@click.argument("project", type=click.Path(file_okay=False, path_type=Path))
@click.option("--engine", "engines", multiple=True, help="Only this engine (repeatable; default: every engine).")
@click.option("--check", "checks", multiple=True,
              type=click.Choice(["polarity", "omission", "addition", "entity-consistency", "consensus"]),
              help="Only this check (repeatable; default: the four meaning checks). consensus (opt-in, off by "
                   "default) compares each engine's candidate with the other engines' candidates of the segment.")
@click.option("--findings", is_flag=True, help="List every finding (engine, segment, check, message) instead of "
                                                "the counts.")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Glossary whose terms count as anchors (TBX/CSV/XLSX); default: the project's.")
@click.option("--no-glossary", is_flag=True, help="No glossary, not even the project's.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@output_option("Write the report here instead of stdout.")
def meaning_engines(project: Path, engines: tuple[str, ...], checks: tuple[str, ...], findings: bool,
                    glossary_path: Path | None, no_glossary: bool, fmt: str, output: Path | None) -> None:
    """Count the findings of the four meaning checks (reversed polarity, omission, addition, one name rendered
    several ways) on each engine's candidates of PROJECT, with the dictionary and glossary they used.

    QA runs have these checks on a project of up to 5,000 segments unless switched off (above that only when
    switched on); here they run on the candidates whatever the project's QA settings say.
    Their measured precision and recall are in docs/checks.md.
    """
    from review_app import qa
    from review_app.checks.meaning_engines import MEANING_CHECKS, engine_counts, provenance, render
    from review_app.commands.engines import project_glossary
    from review_app.project import open_project

    op = open_project(project)
    try:
        svc = op.service()
        glossary = qa.load_glossary_or_none(project_glossary(op, glossary_path, no_glossary))
        known = {c.engine for v in svc.list_segments() for c in svc.candidates(v.key)}
        if not known:
            raise InputError(f"{project}: the project has no MT candidates; add some with `review-app translate` "
                             "or `review-app candidates import`")
        missing = [e for e in engines if e not in known]
        if missing:
            raise InputError(f"{project}: no candidates of engine {', '.join(map(repr, missing))}; its engines: "
                             + ", ".join(sorted(known)))
        counts = engine_counts(svc, glossary=glossary, checks=tuple(dict.fromkeys(checks)) or MEANING_CHECKS,
                               engines=engines or None)
        text = render(counts, fmt, findings=findings, prov=provenance(glossary, svc=svc))
    finally:
        op.close()
    emit(text, output)


def register(main: click.Group) -> None:
    assert meaning_engines.callback is not None
    meaning_engines.callback = friendly_errors(meaning_engines.callback)
    main.add_command(meaning_engines)
